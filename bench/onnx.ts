/**
 * `npm run bench:onnx [-- --quick]` (also part of `npm run bench`): the ONNX Runtime engine
 * (typed-einsum/onnx on onnxruntime-node, CPU provider) against ORT's own Einsum and the CPU
 * engine, side by side in one process, samples of all contenders interleaved round by round.
 *   - 'ij,jk,k->i' at N=1500: onnxEngine (typed-einsum's path) vs one ORT Einsum node, which
 *     contracts left to right (target: >= 10x faster);
 *   - 512³ float32 and the float32 attention case through ORT vs the CPU engine;
 *   - the per-call cost of a tiny contraction on each engine.
 * ORT's CPU provider uses one intra-op thread per core by default (2 here); rows with
 * "1 thread" set intraOpNumThreads: 1, the CPU engine's own setting.
 */
import * as ort from 'onnxruntime-node';
import { fileURLToPath } from 'node:url';
import { compile, einsum, random, type Tensor } from '../src/index.js';
import { onnxEngine } from '../src/onnx.js';
import { encodeModel } from '../src/engines/onnx/proto.js';
import { compareResult } from '../test/corpus.js';
import { formatRatio, formatTime, median } from './harness.js';

type Call = () => unknown;
interface Contender {
  readonly name: string;
  readonly call: Call;
}
interface Row {
  readonly title: string;
  readonly name: string;
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** Interleaved rounds: each contender's sample of `iterations` calls, round after round. */
async function measure(title: string, contenders: readonly Contender[], samples: number, sampleMs: number): Promise<Row[]> {
  const iterations: number[] = [];
  for (const c of contenders) {
    for (let i = 0; i < 2; i++) await c.call(); // warm-up: sessions built, JIT warm
    const t = performance.now();
    await c.call();
    iterations.push(Math.max(1, Math.round(sampleMs / Math.max(performance.now() - t, 0.001))));
  }
  const times = contenders.map(() => [] as number[]);
  for (let s = 0; s < samples; s++) {
    for (const [i, c] of contenders.entries()) {
      const t = performance.now();
      // Only promises are awaited: an await per synchronous call would add ~0.1 µs to the CPU rows.
      for (let k = 0; k < iterations[i]; k++) {
        const r = c.call();
        if (r instanceof Promise) await r;
      }
      times[i].push((performance.now() - t) / iterations[i] / 1000);
    }
  }
  return contenders.map((c, i) => {
    const sorted = times[i].sort((a, b) => a - b);
    return { title, name: c.name, median: median(sorted), min: sorted[0], max: sorted[sorted.length - 1] };
  });
}

/** One ORT session holding a single Einsum node for the whole equation (ORT's own order). */
async function einsumNode(subscripts: string, operands: readonly Tensor<readonly number[], 'float32'>[], threads?: number) {
  const outShape = einsum(subscripts, ...(operands as [Tensor])).shape;
  const model = encodeModel({
    opset: 17,
    constants: [],
    inputs: operands.map((t, i) => ({ name: `x${i}`, type: 'float32', shape: t.shape })),
    outputs: [{ name: 'y', type: 'float32', shape: outShape }],
    nodes: [{ op: 'Einsum', inputs: operands.map((_, i) => `x${i}`), outputs: ['y'], attributes: [{ name: 'equation', string: subscripts }] }],
  });
  const session = await ort.InferenceSession.create(model, threads ? { intraOpNumThreads: threads } : {});
  const feeds = Object.fromEntries(operands.map((t, i) => [`x${i}`, new ort.Tensor('float32', t.data, t.shape)]));
  return { run: async () => (await session.run(feeds)).y.data as Float32Array, release: () => session.release() };
}

export async function onnxBench(quick = false): Promise<{ lines: string[]; md: string[]; verdict: string }> {
  const samples = quick ? 3 : 7;
  const sampleMs = quick ? 30 : 150;
  const ortDefault = onnxEngine(ort);
  const ortOne = onnxEngine(ort, { intraOpNumThreads: 1 });
  const run = (e: typeof ortDefault) => e.einsum as (s: string, ...ops: Tensor[]) => Promise<Tensor>;
  const cpu = einsum as (s: string, ...ops: Tensor[]) => Tensor;
  const rows: Row[] = [];
  const checks: string[] = [];
  const check = (what: string, got: Tensor | { shape: readonly number[]; data: ArrayLike<number> }, want: Tensor) => {
    const diff = compareResult(got, want, 1e-4);
    if (diff) checks.push(`${what}: RESULT DIFFERS (${diff})`);
  };

  // 1. The chain whose order matters.
  const N = 1500;
  const chain = [random([N, N], { seed: 1, dtype: 'float32' }), random([N, N], { seed: 2, dtype: 'float32' }), random([N], { seed: 3, dtype: 'float32' })];
  const node = await einsumNode('ij,jk,k->i', chain);
  const chainTitle = "'ij,jk,k->i' N=1500 f32";
  const want = cpu('ij,jk,k->i', ...chain);
  check('one ORT Einsum node', { shape: [N], data: await node.run() }, want);
  check('onnxEngine', await run(ortDefault)('ij,jk,k->i', ...chain), want);
  rows.push(...(await measure(chainTitle, [
    { name: 'onnxEngine (typed-einsum path)', call: () => run(ortDefault)('ij,jk,k->i', ...chain) },
    { name: 'one ORT Einsum node (left to right)', call: node.run },
    { name: 'CPU engine', call: () => cpu('ij,jk,k->i', ...chain) },
  ], quick ? 2 : 5, sampleMs)));
  await node.release();

  // 2. Large products: ORT vs the CPU engine.
  const large: [string, string, number[][]][] = [
    ["'ij,jk->ik' 512³ f32", 'ij,jk->ik', [[512, 512], [512, 512]]],
    ["'nqhd,nkhd->nhqk' n8 q=k256 h8 d64 f32", 'nqhd,nkhd->nhqk', [[8, 256, 8, 64], [8, 256, 8, 64]]],
  ];
  for (const [title, subscripts, shapes] of large) {
    const ops = shapes.map((s, i) => random(s, { seed: 10 + i, dtype: 'float32' }));
    check(title, await run(ortDefault)(subscripts, ...ops), cpu(subscripts, ...ops));
    rows.push(...(await measure(title, [
      { name: 'CPU engine', call: () => cpu(subscripts, ...ops) },
      { name: 'onnxEngine, ORT default threads', call: () => run(ortDefault)(subscripts, ...ops) },
      { name: 'onnxEngine, ORT 1 thread', call: () => run(ortOne)(subscripts, ...ops) },
    ], samples, sampleMs)));
  }

  // 3. Per-call overhead of a tiny contraction.
  const [m, v] = [random([3, 3], { seed: 20 }), random([3], { seed: 21 })];
  const matvec = compile('ij,j->i', [3, 3], [3]);
  const onnxMatvec = ortOne.compile('ij,j->i', [3, 3], [3]);
  rows.push(...(await measure("'ij,j->i' 3×3 f64, per call", [
    { name: 'CPU engine', call: () => cpu('ij,j->i', m, v) },
    { name: 'CPU compile()', call: () => matvec(m, v) },
    { name: 'onnxEngine.einsum', call: () => run(ortOne)('ij,j->i', m, v) },
    { name: 'onnxEngine.compile()', call: () => onnxMatvec(m, v) },
  ], samples, quick ? 20 : 100)));
  await Promise.all([ortDefault.release(), ortOne.release()]);

  // Ratios against the first row of each case.
  const lines: string[] = [];
  const md = ['| case | engine | median | spread | against the case\'s first row |', '| --- | --- | ---: | ---: | ---: |'];
  let base = 0;
  let title = '';
  for (const r of rows) {
    if (r.title !== title) {
      title = r.title;
      base = r.median;
      lines.push(title);
    }
    const ratio = r.median === base ? '—' : base >= r.median ? `${formatRatio(base / r.median)} faster` : `${formatRatio(r.median / base)} slower`;
    lines.push(`  ${r.name.padEnd(38)} ${formatTime(r.median).padStart(10)}  (${formatTime(r.min)}–${formatTime(r.max)})  ${ratio}`);
    md.push(`| ${r.title} | ${r.name} | ${formatTime(r.median)} | ${formatTime(r.min)}–${formatTime(r.max)} | ${ratio} |`);
  }
  const chainRows = rows.filter((r) => r.title === chainTitle);
  const speedup = chainRows[1].median / chainRows[0].median;
  const verdict = `${(speedup >= 10 ? 'PASS' : 'MISS').padEnd(5)} onnxEngine vs one ORT Einsum node on ${chainTitle}: ${formatRatio(speedup)} faster (target >= 10×)`;
  lines.push('', verdict, ...checks);
  md.push('', '```', verdict, ...checks, '```');
  return { lines, md, verdict };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  onnxBench(process.argv.includes('--quick')).then(({ lines }) => console.log(lines.join('\n')), (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
