// The harness's own check: the page is cross-origin isolated and can report a value.
import { run } from './page-api.js';

run(() => ({ isolated: globalThis.crossOriginIsolated, sum: [1, 2, 3].reduce((a, b) => a + b, 0) }));
