/**
 * Kernel benchmarks (issue 4): `npx tsx bench/kernels.ts [filter]`.
 * Each case is timed in samples of ≥ 40 ms (the call repeated, doubling, until the sample is long
 * enough); the median of the samples is printed, and the best sample beside it. The machine is shared: trust medians, not single runs.
 * The engine prepares its kernels at plan time, so the small "per call" cases time prepared kernels.
 */
import { gemm, prepareGemm } from '../src/kernels/gemm.js';
import { gemmBatched } from '../src/kernels/gemm-batched.js';
import { prepareReduce, reduceInto } from '../src/kernels/reduce.js';
import { setWasmEnabled } from '../src/kernels/wasm/index.js';
import { einsum, random as randomTensor, zeros, type Tensor } from '../src/index.js';

const SAMPLES = Number(process.env.SAMPLES ?? 11);
const filter = process.argv[2] ?? '';

/** [median, min] in ms per call. */
function measure(run: () => void): [number, number] {
  const times: number[] = [];
  for (let r = 0; r < SAMPLES; r++) {
    const t0 = performance.now();
    let calls = 0;
    for (let reps = 1; performance.now() - t0 < 40; reps *= 2) {
      for (let z = 0; z < reps; z++) run();
      calls += reps;
    }
    times.push((performance.now() - t0) / calls);
  }
  times.sort((x, y) => x - y);
  return [times[times.length >> 1], times[0]];
}

const show = (ms: number) => (ms < 0.01 ? `${(ms * 1e6).toFixed(0)} ns` : `${ms.toFixed(3)} ms`);

function report(name: string, run: () => void, flops: number, bytes = 0): void {
  if (!name.includes(filter)) return;
  run(); // warm-up, and the first tier-up
  const [ms, best] = measure(run);
  const rate = (t: number) =>
    flops > 0 ? `${(flops / t / 1e6).toFixed(2)} GFLOP/s` : `${(bytes / t / 1e6).toFixed(2)} GB/s`;
  console.log(`${name.padEnd(44)} median ${show(ms).padStart(10)} ${rate(ms).padStart(14)}   (best ${rate(best)})`);
}

/** The blocked route with the JS microkernel, then with the wasm one (same run, same data). */
function routes(name: string, run: () => void, flops: number): void {
  for (const wasm of [false, true]) {
    setWasmEnabled(wasm);
    report(`${name} [${wasm ? 'wasm' : 'js'}]`, run, flops);
  }
  setWasmEnabled(true);
}

type Ctor = Float64ArrayConstructor | Float32ArrayConstructor | Int32ArrayConstructor;
function random(Type: Ctor, length: number): Float64Array | Float32Array | Int32Array {
  const out = new Type(length);
  for (let i = 0; i < length; i++) out[i] = Type === Int32Array ? (i * 7919) % 201 - 100 : Math.random() * 2 - 1;
  return out;
}

// Matrix products.
for (const Type of [Float64Array, Float32Array] as const) {
  const N = 256;
  const a = random(Type, N * N), b = random(Type, N * N), c = new Type(N * N);
  const tag = Type === Float64Array ? 'f64' : 'f32';
  routes(`gemm ij,jk->ik 256³ ${tag}`, () => gemm(1, N, N, N, a, 0, 0, N, 1, b, 0, 0, N, 1, c, 0, 0, N, 1), 2 * N ** 3);
  routes(`gemm ij,kj->ik 256³ ${tag} (B transposed)`,
    () => gemm(1, N, N, N, a, 0, 0, N, 1, b, 0, 0, 1, N, c, 0, 0, N, 1), 2 * N ** 3);
}
{
  const N = 256;
  const a = random(Int32Array, N * N), b = random(Int32Array, N * N), c = new Int32Array(N * N);
  routes('gemm ij,jk->ik 256³ i32', () => gemm(1, N, N, N, a, 0, 0, N, 1, b, 0, 0, N, 1, c, 0, 0, N, 1), 2 * N ** 3);
}
{
  const B = 64, N = 64, S = N * N;
  const a = random(Float32Array, B * S), b = random(Float32Array, B * S), c = new Float32Array(B * S);
  routes('gemm bij,bjk->bik b64 64³ f32', () => gemm(B, N, N, N, a, 0, S, N, 1, b, 0, S, N, 1, c, 0, S, N, 1), 2 * B * N ** 3);
}
{
  // nqhd,nkhd->nhqk: per n, a batch over h of (q × d)·(d × k); both operands read along d.
  const n = 8, q = 256, h = 8, d = 64;
  const Q = random(Float32Array, n * q * h * d), K = random(Float32Array, n * q * h * d);
  const O = new Float32Array(n * h * q * q);
  routes('gemm nqhd,nkhd->nhqk (8,256,8,64) f32', () => {
    for (let t = 0; t < n; t++) {
      gemm(h, q, q, d, Q, t * q * h * d, d, h * d, 1, K, t * q * h * d, d, 1, h * d, O, t * h * q * q, q * q, q, 1);
    }
  }, 2 * n * h * q * q * d);
  routes('gemmBatched nqhd,nkhd->nhqk (8,256,8,64) f32', () => {
    gemmBatched([n, h], [q * h * d, d], [q * h * d, d], [h * q * q, q * q], q, q, d,
      Q, 0, h * d, 1, K, 0, 1, h * d, O, 0, q, 1);
  }, 2 * n * h * q * q * d);
}
for (const [m, n, k] of [[3, 1, 3], [3, 3, 3], [4, 4, 4], [8, 8, 8], [10, 10, 10], [12, 12, 12], [16, 16, 16], [20, 20, 20], [32, 32, 32], [64, 64, 64]]) {
  const a = random(Float64Array, m * k), b = random(Float64Array, k * n), c = new Float64Array(m * n);
  // Prepared once, as the engine does at plan time: the per-call cost is the loops.
  const run = prepareGemm(1, m, n, k, 0, k, 1, 0, n, 1, 0, n, 1);
  routes(`gemm ${m}×${k}·${k}×${n} f64 per call (prepared)`, () => run(a, 0, b, 0, c, 0), 2 * m * n * k);
}
{
  const a = random(Float64Array, 9), b = random(Float64Array, 9), c = new Float64Array(9);
  report('gemm 3×3·3×3 f64 one-off (prepare + call)', () => gemm(1, 3, 3, 3, a, 0, 0, 3, 1, b, 0, 0, 3, 1, c, 0, 0, 3, 1), 54);
}
{
  const N = 1024;
  const a = random(Float64Array, N * N), x = random(Float64Array, N), y = new Float64Array(N);
  report('gemm ij,j->i 1024² f64 (matvec)', () => gemm(1, N, 1, N, a, 0, 0, N, 1, x, 0, 0, 1, 0, y, 0, 0, 1, 0), 2 * N * N);
  report('gemm i,ij->j 1024² f64 (vecmat)', () => gemm(1, 1, N, N, x, 0, 0, 0, 1, a, 0, 0, N, 1, y, 0, 0, 0, 1), 2 * N * N);
}

// Single-operand steps.
{
  const N = 128;
  const src = random(Float64Array, N ** 3), dst = new Float64Array(N ** 3);
  report('reduce ijk->kji 128³ f64 (transpose)',
    () => reduceInto(src, 0, [N, N, N], [1, N, N * N], [], [], dst, 0), 0, 16 * N ** 3);
  report('reduce ijk->ikj 128³ f64 (transpose)',
    () => reduceInto(src, 0, [N, N, N], [N * N, 1, N], [], [], dst, 0), 0, 16 * N ** 3);
  report('reduce ijk->ijk 128³ f64 (copy)',
    () => reduceInto(src, 0, [N, N, N], [N * N, N, 1], [], [], dst, 0), 0, 16 * N ** 3);
}
{
  const N = 1024;
  const src = random(Float64Array, N * N), src32 = random(Float32Array, N * N), dst = new Float64Array(N);
  report('reduce ij->i 1024² f64', () => reduceInto(src, 0, [N], [N], [N], [1], dst, 0), N * N);
  report('reduce ij->j 1024² f64', () => reduceInto(src, 0, [N], [1], [N], [N], dst, 0), N * N);
  report('reduce ij->i 1024² f32', () => reduceInto(src32, 0, [N], [N], [N], [1], dst, 0), N * N);
  report('reduce ij-> 1024² f64 (sum all)', () => reduceInto(src, 0, [], [], [N, N], [N, 1], dst, 0), N * N);
  const trace = prepareReduce([], [], [N], [N + 1]), diagonal = prepareReduce([N], [N + 1], [], []);
  report('reduce ii-> 1024² f64 (trace) per call (prepared)', () => trace(src, 0, dst, 0), N);
  report('reduce ii->i 1024² f64 (diagonal) per call (prepared)', () => diagonal(src, 0, dst, 0), 0, 16 * N);
}
{
  const src = random(Float64Array, 9), dst = new Float64Array(3);
  const rows = prepareReduce([3], [3], [3], [1]);
  report('reduce ij->i 3×3 f64 per call (prepared)', () => rows(src, 0, dst, 0), 9);
  const cube = random(Float64Array, 120), out = new Float64Array(30);
  const kj = prepareReduce([6, 5], [1, 6], [4], [30]);
  report('reduce ijk->kj 4×5×6 f64 per call (prepared)', () => kj(cube, 0, out, 0), 120);
  report('reduce ijk->kj 4×5×6 f64 one-off (prepare + call)', () => reduceInto(cube, 0, [6, 5], [1, 6], [4], [30], out, 0), 120);
}

// The attention-shaped contraction through einsum (plan cached, as a user calls it), both routes.
{
  const q = randomTensor([8, 256, 8, 64], { seed: 1, dtype: 'float32' });
  const k = randomTensor([8, 256, 8, 64], { seed: 2, dtype: 'float32' });
  routes('einsum nqhd,nkhd->nhqk (8,256,8,64) f32', () => void einsum('nqhd,nkhd->nhqk', q, k), 2 * 8 * 8 * 256 * 256 * 64);
}

// Whole einsum calls on small operands: what a hot loop pays per call once the plan is cached
// (argument checks, plan lookup, the program's instructions). `einsum` filter: `npx tsx bench/kernels.ts einsum`.
{
  const t = (shape: number[], seed: number): Tensor => randomTensor(shape, { seed });
  const cases: [string, Tensor[]][] = [
    ['ij,j->i', [t([3, 3], 1), t([3], 2)]],
    ['ii->', [t([3, 3], 3)]],
    ['ij->ji', [t([3, 3], 4)]],
    ['ijk->kj', [t([4, 5, 6], 5)]],
    ['nqhd,nkhd->nhqk', [t([1, 2, 2, 4], 6), t([1, 3, 2, 4], 7)]],
    ['bij,bjk->bik', [t([2, 3, 3], 8), t([2, 3, 3], 9)]],
  ];
  for (const [subscripts, operands] of cases) {
    const shapes = operands.map((o) => o.shape.join('x')).join(',');
    const out = zeros(einsum(subscripts, ...operands).shape);
    for (const withOut of [false, true]) {
      const name = `einsum ${subscripts} ${shapes}${withOut ? ' {out}' : ''}`;
      if (!name.includes(filter)) continue;
      const run = withOut ? () => void einsum(subscripts, ...operands, { out }) : () => void einsum(subscripts, ...operands);
      run();
      const [ms, best] = measure(run);
      console.log(`${name.padEnd(58)} median ${show(ms).padStart(8)}   (best ${show(best)})`);
    }
  }
}
