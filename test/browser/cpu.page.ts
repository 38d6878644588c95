// The CPU engine in the browser: the shared cases, compile(), what is active, and result ownership
// (a transferred buffer must not disturb other results or later calls).
import { capabilities, compile, einsum, random } from '../../src/index.js';
import { CASES, runCase } from './cases.js';
import { run } from './page-api.js';

run(async () => {
  const results = CASES.map((c, i) => runCase(c, 100 * i));
  const matvec = compile('ij,j->i', [3, 3], [3]);
  const compiled = { kernel: matvec.kernel, values: Array.from(matvec(random([3, 3], { seed: 1 }), random([3], { seed: 2 })).data) };

  const a = random([4, 6], { seed: 3 });
  const small = [einsum('ij->ji', a), einsum('ij,kj->ik', a, a), einsum('ij->j', a)];
  const before = small.map((t) => Array.from(t.data));
  structuredClone(small[0].data, { transfer: [small[0].data.buffer as ArrayBuffer] });
  const channel = new MessageChannel();
  const echoed = new Promise<number[]>((resolve) => (channel.port2.onmessage = (e: MessageEvent<Float64Array>) => resolve(Array.from(e.data))));
  channel.port1.postMessage(small[1].data, [small[1].data.buffer as ArrayBuffer]);
  const ownership = {
    detached: [small[0].data.length, small[1].data.length],
    received: (await echoed).length === before[1].length && (await echoed).every((v, i) => v === before[1][i]),
    untouched: Array.from(small[2].data).every((v, i) => v === before[2][i]),
    later: [einsum('ij->ji', a), einsum('ij,kj->ik', a, a)].every((t, k) => Array.from(t.data).every((v, i) => v === before[k][i])),
  };
  channel.port1.close();
  return { results, compiled, capabilities: capabilities(), ownership };
});
