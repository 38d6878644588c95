// capabilities().threads in a page: one thread, and why; a large product (over the split
// threshold) still runs, with the same bits whatever configure({ threads }) asks for.
import { capabilities, configure, einsum, random } from '../../src/index.js';
import { run } from './page-api.js';

run(() => {
  const a = random([128, 128], { seed: 1 }), b = random([128, 128], { seed: 2 });
  configure({ threads: 1 });
  const one = einsum('ij,jk->ik', a, b);
  configure({ threads: 4 });
  const four = einsum('ij,jk->ik', a, b);
  return {
    isolated: globalThis.crossOriginIsolated,
    threads: capabilities().threads,
    wasm: capabilities().wasm,
    same: one.data.every((x, i) => Object.is(x, four.data[i])),
  };
});
