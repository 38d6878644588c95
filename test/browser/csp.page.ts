// Under a Content-Security-Policy (set by the test): what is active, that results are still right,
// and how many violation reports the library causes — none while wasm and the JIT are switched
// off, then at most one per feature however many calls follow.
import { capabilities, compile, configure, einsum, random } from '../../src/index.js';
import { CASES, runCase } from './cases.js';
import { run } from './page-api.js';

const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
const settle = () => new Promise((resolve) => setTimeout(resolve, 300)); // reports are dispatched as tasks

run(async () => {
  configure({ wasm: false, jit: false });
  const off = { capabilities: capabilities(), kernel: compile('ij,j->i', [3, 3], [3]).kernel, result: runCase(CASES[0], 0) };
  await settle();
  const violationsWhileOff = violations.length;

  configure({ wasm: true, jit: true });
  const on = { capabilities: capabilities(), kernel: compile('ij,j->i', [3, 3], [3]).kernel };
  const results = CASES.map((c, i) => runCase(c, 100 * i));
  for (let i = 0; i < 5; i++) {
    const m = compile('ij,jk->ik', [4, 4], [4, 4]);
    m(random([4, 4], { seed: i }), random([4, 4], { seed: i + 1 }));
    einsum('ij,jk->ik', random([128, 128], { seed: i }), random([128, 128], { seed: i + 2 }));
    capabilities();
  }
  await settle();
  return { off, violationsWhileOff, on, results, violations };
});
