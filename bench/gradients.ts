/**
 * Gradients: the pullback of einsumVjp against the forward einsum of the same call, side by side in
 * one process (interleaved samples), as a ratio. The pullback of a two-operand contraction is two
 * contractions of the same cost, so ~2× is the floor; the target is at most 2.2×.
 * Run alone with `npm run bench:grad [-- --quick]`; `npm run bench` runs it after the main table.
 */
import { configure, einsum, einsumVjp, random, zeros, type Tensor } from '../src/index.js';
import { calibrate, formatRatio, formatTime, makeSampler, summarize, type HarnessOptions, type Measurement } from './harness.js';

export interface GradientCase {
  readonly id: string;
  readonly subscripts: string;
  readonly shapes: readonly (readonly number[])[];
  readonly dtype: 'float64' | 'float32';
  readonly sizes: string;
}

export const GRADIENT_CASES: readonly GradientCase[] = [
  { id: 'grad-matmul', subscripts: 'ij,jk->ik', shapes: [[256, 256], [256, 256]], dtype: 'float64', sizes: '256³ f64' },
  { id: 'grad-matmul', subscripts: 'ij,jk->ik', shapes: [[256, 256], [256, 256]], dtype: 'float32', sizes: '256³ f32' },
  { id: 'grad-attention', subscripts: 'nqhd,nkhd->nhqk', shapes: [[8, 256, 8, 64], [8, 256, 8, 64]], dtype: 'float32', sizes: 'n8 q=k256 h8 d64 f32' },
];

/** The target of the issue: the pullback of two operands costs at most this many forwards. */
export const TARGET = 2.2;

export interface GradientRow {
  readonly bench: GradientCase;
  readonly forward: Measurement;
  readonly pullback: Measurement;
  readonly forwardOut: Measurement;
  readonly pullbackOut: Measurement;
  /** The einsums the pullback runs. */
  readonly gradients: readonly string[];
  /** Each of them alone into a reused `out`: the engine should not care which way round a product is written. */
  readonly gradientOut: readonly Measurement[];
}

/** Every contender's samples taken in interleaved rounds, so a noisy neighbour hits all alike. */
function interleaved(fns: readonly (() => unknown)[], options: HarnessOptions): Measurement[] {
  const samplers = fns.map(() => makeSampler());
  const iterations = fns.map((fn) => calibrate(fn, options));
  const times = fns.map(() => [] as number[]);
  for (let s = 0; s < options.samples; s++) fns.forEach((fn, k) => times[k].push(samplers[k](fn, iterations[k])));
  return times.map((t, k) => summarize(t, iterations[k]));
}

export function runGradientCase(bench: GradientCase, options: HarnessOptions): GradientRow {
  const operands = bench.shapes.map((shape, i) => random(shape, { seed: 100 + i, dtype: bench.dtype }));
  const call = einsum as unknown as (s: string, ...args: unknown[]) => Tensor;
  const vjp = einsumVjp as unknown as (s: string, ...args: unknown[]) => [Tensor, ((ct: Tensor, o?: unknown) => Tensor[]) & { gradients: { operand: number; subscripts: string }[] }];
  const [result, pullback] = vjp(bench.subscripts, ...operands);
  const cotangent = random(result.shape, { seed: 99, dtype: bench.dtype });
  const out = zeros(result.shape, { dtype: bench.dtype });
  const gradOuts = operands.map((o) => zeros(o.shape, { dtype: bench.dtype }));
  // Each gradient's own einsum: the cotangent and the other operands, in the order of its subscripts.
  const alone = pullback.gradients.map((g) => {
    const inputs = [cotangent, ...operands.filter((_, k) => k !== g.operand)];
    return () => call(g.subscripts, ...inputs, { out: gradOuts[g.operand] });
  });
  const [forward, back, forwardOut, backOut, ...gradientOut] = interleaved(
    [
      () => call(bench.subscripts, ...operands),
      () => pullback(cotangent),
      () => call(bench.subscripts, ...operands, { out }),
      () => pullback(cotangent, { out: gradOuts }),
      ...alone,
    ],
    options,
  );
  return { bench, forward, pullback: back, forwardOut, pullbackOut: backOut, gradients: pullback.gradients.map((g) => g.subscripts), gradientOut };
}

export function gradientLines(rows: readonly GradientRow[]): string[] {
  const lines = [
    'case | forward | pullback | pullback / forward | into out: forward, pullback, ratio | the pullback runs (each alone into out, over the forward into out)',
    '--- | ---: | ---: | ---: | ---: | ---',
  ];
  for (const r of rows) {
    const ratio = r.pullback.median / r.forward.median;
    const ratioOut = r.pullbackOut.median / r.forwardOut.median;
    lines.push(
      `\`${r.bench.subscripts}\` ${r.bench.sizes} | ${formatTime(r.forward.median)} | ${formatTime(r.pullback.median)} | ${formatRatio(ratio)} | ` +
        `${formatTime(r.forwardOut.median)}, ${formatTime(r.pullbackOut.median)}, ${formatRatio(ratioOut)} | ` +
        r.gradients.map((g, k) => `\`${g}\` ${formatRatio(r.gradientOut[k].median / r.forwardOut.median)}`).join(', '),
    );
  }
  return lines;
}

export function gradientVerdicts(rows: readonly GradientRow[]): string[] {
  return rows.map((r) => {
    const ratio = r.pullback.median / r.forward.median;
    return `${ratio <= TARGET ? 'PASS' : 'MISS'}  pullback of ${r.bench.subscripts} ${r.bench.sizes}: ${formatRatio(ratio)} the forward (target ≤ ${TARGET}×)`;
  });
}

async function main(): Promise<void> {
  const { FULL, QUICK } = await import('./harness.js');
  configure({ threads: 1 }); // as in `npm run bench`: one thread, so the ratio compares like with like
  const options = process.argv.includes('--quick') ? QUICK : FULL;
  const rows = GRADIENT_CASES.map((c) => {
    const row = runGradientCase(c, options);
    console.log(`  ${c.subscripts} ${c.sizes}: forward ${formatTime(row.forward.median)}, pullback ${formatTime(row.pullback.median)}`);
    return row;
  });
  console.log(['', ...gradientLines(rows), '', ...gradientVerdicts(rows)].join('\n'));
}

if (process.argv[1]?.endsWith('gradients.ts')) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
