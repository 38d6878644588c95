// The harness's own check: a page that throws is reported as a failure, not a hang.
import { run } from './page-api.js';

run(() => {
  throw new Error('deliberate failure');
});
