/**
 * Tiny calls against the allocation floor: `ij,j->i` on 3×3, per call, in CPU time (this process's
 * user + system time, so a busy neighbour on the shared machine costs us little), median of
 * interleaved rounds, each contender in a sampling loop of its own (monomorphic, as in a user's loop).
 *   npx tsx bench/tiny.ts [--quick]
 * The floor is a hand-written function doing the least any einsum could: allocate the result
 * array, the unrolled arithmetic, and a tensor object around it. Targets (issue 10): einsum
 * allocating ≤ 2.0× the floor; with fresh operand objects each call, and with 5 plans taking
 * turns, ≤ 2.5×; compile()d ≤ 1.5×; with `out`, cheaper than allocating.
 */
import { compileImpl as compile } from '../src/compile.js';
import { tensor, random, zeros } from '../src/create.js';
import { einsumImpl as einsum } from '../src/einsum.js';
import { internLayout } from '../src/layout.js';
import { Tensor } from '../src/tensor.js';
import { collectGarbage } from './harness.js';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 5 : 15;
const CALLS = quick ? 50_000 : 200_000;

let samplers = 0;
/** A timing loop of its own per contender: CPU nanoseconds per call of `fn`. */
function sampler(): (fn: () => unknown) => number {
  return new Function(`/* tiny sampler ${samplers++} */
    const box = { sink: undefined };
    return function sample(fn) {
      for (let i = 0; i < 2000; i++) box.sink = fn();
      const t = process.cpuUsage();
      for (let i = 0; i < ${CALLS}; i++) box.sink = fn();
      const d = process.cpuUsage(t);
      return (d.user + d.system) * 1000 / ${CALLS};
    };`)() as (fn: () => unknown) => number;
}

const a = random([3, 3], { seed: 1 });
const x = random([3], { seed: 2 });
const SHAPE = Object.freeze([3]);
const STRIDES = Object.freeze([1]);
const LAYOUT = internLayout('float64', SHAPE, STRIDES); // as every result of a plan gets it: made once

const floor = (): Tensor => {
  const m = a.data, v = x.data;
  const r = new Float64Array(3);
  const x0 = v[0], x1 = v[1], x2 = v[2];
  r[0] = m[0] * x0 + m[1] * x1 + m[2] * x2;
  r[1] = m[3] * x0 + m[4] * x1 + m[5] * x2;
  r[2] = m[6] * x0 + m[7] * x1 + m[8] * x2;
  return new Tensor(r, SHAPE, 'float64', STRIDES, 0, 3, LAYOUT);
};

// Fresh operand objects: a ring of distinct tensors over the same data (made outside the timing).
const RING = 1024;
const freshA = Array.from({ length: RING }, () => tensor(a.data, [3, 3]));
const freshX = Array.from({ length: RING }, () => tensor(x.data, [3]));
let at = 0;

// Five plans taking turns, each of the same work (nine multiply-adds into three results).
const turns: [string, Tensor, Tensor][] = [
  ['ij,j->i', a, x], ['ji,j->i', a, x], ['ij,i->j', a, x], ['ik,k->i', a, x], ['ji,i->j', a, x],
];
let turn = 0;

const compiled = compile('ij,j->i', [3, 3], [3]);
const out = zeros([3]);

const contenders: [string, () => unknown][] = [
  ['floor (hand-written, allocating)', floor],
  ['einsum, allocating', () => einsum('ij,j->i', a, x)],
  ['einsum, fresh operand objects', () => ((at = (at + 1) & (RING - 1)), einsum('ij,j->i', freshA[at], freshX[at]))],
  ['einsum, 5 plans taking turns', () => { const [s, p, q] = turns[(turn = (turn + 1) % 5)]; return einsum(s, p, q); }],
  ['compile()d, allocating', () => compiled(a, x)],
  ['einsum, into out', () => einsum('ij,j->i', a, x, { out })],
  ['compile()d, into out', () => compiled(a, x, out)],
];

const samples = contenders.map(() => [] as number[]);
const loops = contenders.map(() => sampler());
for (let round = 0; round < ROUNDS; round++) {
  contenders.forEach(([, fn], i) => {
    collectGarbage(); // nobody's garbage collected on another's clock
    samples[i].push(loops[i](fn));
  });
}
const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[xs.length >> 1];
const ns = samples.map(median);
const target: Record<string, string> = {
  'einsum, allocating': '≤ 2.0×',
  'einsum, fresh operand objects': '≤ 2.5×',
  'einsum, 5 plans taking turns': '≤ 2.5×',
  'compile()d, allocating': '≤ 1.5×',
  'einsum, into out': `< einsum allocating (${ns[1].toFixed(1)} ns)`,
};
console.log(`ij,j->i 3×3, CPU ns per call, median of ${ROUNDS} interleaved rounds of ${CALLS} calls`);
contenders.forEach(([name], i) => {
  const limit = target[name];
  const ratio = ns[i] / ns[0];
  const pass = limit === undefined ? '' : name === 'einsum, into out' ? (ns[i] < ns[1] ? 'pass' : 'MISS') : ratio <= Number(limit.slice(2, -1)) ? 'pass' : 'MISS';
  console.log(`${name.padEnd(34)} ${ns[i].toFixed(1).padStart(7)} ns  ${ratio.toFixed(2).padStart(5)}× floor  ${limit ?? ''} ${pass}`);
});
