/**
 * Tiny calls against the allocation floor: `ij,j->i` on 3×3, per call, in CPU time (this process's
 * user + system time, so a busy neighbour on the shared machine costs us little), median of
 * interleaved rounds, each contender in a sampling loop of its own (monomorphic, as in a user's loop);
 * a ratio is the median over rounds of the ratio within each round.
 *   npx tsx bench/tiny.ts [--quick]
 * The floor is a hand-written function doing the least any einsum could: allocate the result
 * array, the unrolled arithmetic, and a tensor object around it. Targets (issue 10): einsum
 * allocating ≤ 2.0× the floor; with fresh operand objects each call, and with 5 plans taking
 * turns, ≤ 2.5×; compile()d ≤ 1.5×; with `out`, cheaper than allocating. Also timed, without a
 * target: the tiny attention scores in float64 and float32, beside the bare result allocation.
 * Then, in rounds of their own, `compile()`d f32 3×3 into `out` against two hand-written functions
 * into a reused array: one computing in float64 (`npm run bench`'s matvec3 reference, whose target
 * is within 2×), one rounding every product and sum to float32 with Math.fround, as float32
 * arithmetic must (no target). They are set up only after the main rounds: with their tensors and
 * compiled function made before them, the floor measured 33–45 ns where it measured 48–60 ns
 * without (same machine, minutes apart; a state of V8's we did not pin down), which would make the
 * main rows incomparable with earlier runs.
 */
import { compileImpl as compile } from '../src/compile.js';
import { tensor, random, zeros } from '../src/create.js';
import { einsumImpl as einsum } from '../src/einsum.js';
import { internLayout } from '../src/layout.js';
import { Tensor } from '../src/tensor.js';
import { collectGarbage } from './harness.js';
import { float32Rounds } from './tiny-f32.js';

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

// The tiny attention scores of the README: a float64 result of 12 elements (96 bytes) is past
// V8's 64-byte limit for a typed array kept on the JS heap, so its array is allocated off-heap;
// the float32 one (48 bytes) is not. The bare allocations are timed beside them.
const q = random([1, 2, 2, 4], { seed: 3 });
const k = random([1, 3, 2, 4], { seed: 4 });
const q32 = random([1, 2, 2, 4], { seed: 3, dtype: 'float32' });
const k32 = random([1, 3, 2, 4], { seed: 4, dtype: 'float32' });
const scores = zeros([1, 2, 2, 3]);

const contenders: [string, () => unknown][] = [
  ['floor (hand-written, allocating)', floor],
  ['einsum, allocating', () => einsum('ij,j->i', a, x)],
  ['einsum, fresh operand objects', () => ((at = (at + 1) & (RING - 1)), einsum('ij,j->i', freshA[at], freshX[at]))],
  ['einsum, 5 plans taking turns', () => { const [s, p, q] = turns[(turn = (turn + 1) % 5)]; return einsum(s, p, q); }],
  ['compile()d, allocating', () => compiled(a, x)],
  ['einsum, into out', () => einsum('ij,j->i', a, x, { out })],
  ['compile()d, into out', () => compiled(a, x, out)],
  ['attention f64, allocating', () => einsum('nqhd,nkhd->nhqk', q, k)],
  ['attention f64, into out', () => einsum('nqhd,nkhd->nhqk', q, k, { out: scores })],
  ['new Float64Array(12) alone', () => new Float64Array(12)],
  ['attention f32, allocating', () => einsum('nqhd,nkhd->nhqk', q32, k32)],
  ['new Float32Array(12) alone', () => new Float32Array(12)],
];

/** CPU ns per call of each contender, ROUNDS interleaved rounds each. */
function interleaved(list: [string, () => unknown][]): number[][] {
  const times = list.map(() => [] as number[]);
  const loops = list.map(() => sampler());
  for (let round = 0; round < ROUNDS; round++) {
    list.forEach(([, fn], i) => {
      collectGarbage(); // nobody's garbage collected on another's clock
      times[i].push(loops[i](fn));
    });
  }
  return times;
}

const samples = interleaved(contenders);
const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[xs.length >> 1];
const index = (name: string) => contenders.findIndex(([n]) => n === name);
/**
 * The median over rounds of a ratio taken within each round: the two were timed seconds apart, so
 * a neighbour's load on the shared machine weighs on both (medians of each, divided, swing more).
 */
const ratio = (i: number, j: number) => median(samples[i].map((t, round) => t / samples[j][round]));
const FLOOR = 0;
const ALLOCATING = index('einsum, allocating');
const targets: Record<string, { limit: number; of: number; text: string }> = {
  'einsum, allocating': { limit: 2.0, of: FLOOR, text: '≤ 2.0× floor' },
  'einsum, fresh operand objects': { limit: 2.5, of: FLOOR, text: '≤ 2.5× floor' },
  'einsum, 5 plans taking turns': { limit: 2.5, of: FLOOR, text: '≤ 2.5× floor' },
  'compile()d, allocating': { limit: 1.5, of: FLOOR, text: '≤ 1.5× floor' },
  'einsum, into out': { limit: 1.0, of: ALLOCATING, text: '< einsum allocating' },
};
console.log(`CPU ns per call, median of ${ROUNDS} interleaved rounds of ${CALLS} calls; ratios are medians of each round's ratio`);
contenders.forEach(([name], i) => {
  if (name.startsWith('attention f64, allocating')) console.log('nqhd,nkhd->nhqk (1,2,2,4)×(1,3,2,4):');
  else if (i === 0) console.log('ij,j->i 3×3:');
  const target = targets[name];
  const versus = name.startsWith('attention') || name.startsWith('new') ? '' : `${ratio(i, FLOOR).toFixed(2).padStart(5)}× floor`;
  let verdict = '';
  if (target) {
    const r = ratio(i, target.of);
    verdict = `${target.text}${target.of === FLOOR ? '' : ` (${r.toFixed(2)}×)`}: ${r <= target.limit && (target.of === FLOOR || r < 1) ? 'pass' : 'MISS'}`;
  }
  console.log(`  ${name.padEnd(34)} ${median(samples[i]).toFixed(1).padStart(7)} ns  ${versus.padEnd(12)} ${verdict}`);
});

const f32 = float32Rounds();
const f32Samples = interleaved(f32.contenders);
const f32Ratio = (i: number, j: number) => median(f32Samples[i].map((t, round) => t / f32Samples[j][round]));
console.log('ij,j->i 3×3 float32, into a reused array (rounds of their own):');
f32.contenders.forEach(([name], i) => console.log(`  ${name.padEnd(34)} ${median(f32Samples[i]).toFixed(1).padStart(7)} ns`));
const against64 = f32Ratio(0, 1);
console.log(`  compile()d f32 into out: ${against64.toFixed(2)}× the float64-arithmetic function (within 2×: ${against64 <= 2 ? 'pass' : 'MISS'}), ${f32Ratio(0, 2).toFixed(2)}× the float32-rounding one (no target)`);
