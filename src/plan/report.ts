/**
 * PathInfo: what a plan's path costs and what each step does, with a printable report like
 * opt_einsum's. It reads the plan (src/plan/types.ts): the path as found, and each product's kind
 * as the plan classified it, the same answer the engines run on.
 */
import { naiveFlops as naiveCost, sizeOfLabels, unionOf } from '../path/cost.js';
import type { PathStep } from '../path/index.js';
import { labelsText } from '../path/text.js';
import { isMatrixProduct, type BlasKind } from './classify.js';
import type { PlanData } from './types.js';

export interface PathStepInfo {
  /** Positions contracted, in the operand list as it stands before the step. */
  readonly operands: readonly number[];
  /** The step as einsum subscripts, 'abcd,ea->bcde'; '...' stands for broadcast dimensions. */
  readonly subscripts: string;
  /** The operands left after the step, with the output: 'fb,gc,hd,bcde->efgh'. */
  readonly remaining: string;
  readonly flops: number;
  /** Elements of the step's result. */
  readonly size: number;
  /** Distinct labels the step loops over (its cost is size^scaling for equal sizes). */
  readonly scaling: number;
  readonly blas: BlasKind;
  /** Whether the step is a true matrix product (something summed, something kept). */
  readonly matrixProduct: boolean;
}

export interface PathInfo {
  /** The complete contraction in explicit form, 'ij,jk->ik'. */
  readonly subscripts: string;
  readonly path: readonly PathStep[];
  readonly steps: readonly PathStepInfo[];
  readonly naiveFlops: number;
  readonly optimizedFlops: number;
  /** naiveFlops / optimizedFlops (1 when both are 0). */
  readonly speedup: number;
  /** Elements of the largest intermediate or result. */
  readonly largestIntermediate: number;
  readonly naiveScaling: number;
  readonly optimizedScaling: number;
  /** What found the path: 'auto: dp', 'auto: random-greedy (16 trials)', 'greedy', 'explicit' … */
  readonly method: string;
  /** Milliseconds spent finding the path (opt_einsum's report has no such line; planning is not free). */
  readonly planningTime: number;
  toString(): string;
}

export function describePlan(plan: PlanData): PathInfo {
  const { sizes, output, path: contraction } = plan;
  const inputs = plan.values.filter((v) => v.kind === 'operand').map((operand) => operand.labels);
  const outputText = labelsText(output);
  let terms = inputs.map((labels) => labelsText(labels));
  const steps = contraction.steps.map((step, i): PathStepInfo => {
    const last = i === contraction.steps.length - 1;
    const resultText = last ? outputText : labelsText(step.result);
    const [a, b] = step.operands;
    const current = `${terms[a]},${terms[b]}->${resultText}`;
    terms = [...terms.filter((_, p) => p !== a && p !== b), resultText];
    return {
      operands: step.operands,
      subscripts: current,
      remaining: `${terms.join(',')}->${outputText}`,
      flops: step.flops,
      size: step.size,
      scaling: unionOf(...step.labels).length,
      blas: plan.blas[i],
      matrixProduct: isMatrixProduct(plan.blas[i]),
    };
  });
  const all = unionOf(...inputs);
  const naiveFlops = naiveCost(inputs, sizes);
  const optimizedFlops = steps.length === 0 ? naiveFlops : contraction.flops;
  const info: PathInfo = {
    subscripts: plan.explicit,
    path: contraction.path,
    steps,
    naiveFlops,
    optimizedFlops,
    speedup: optimizedFlops === 0 ? 1 : naiveFlops / optimizedFlops,
    largestIntermediate: steps.length === 0 ? sizeOfLabels(output, sizes) : contraction.largestIntermediate,
    naiveScaling: all.length,
    optimizedScaling: steps.length === 0 ? all.length : Math.max(...steps.map((s) => s.scaling)),
    method: contraction.method,
    planningTime: contraction.planningTime,
    toString: () => report(info),
  };
  return info;
}

const sci = (value: number) => value.toExponential(3);
const planningText = (ms: number) => (ms < 1 ? `${Math.round(ms * 1000)} µs` : `${ms.toPrecision(3)} ms`);

function report(info: PathInfo): string {
  const lines = [
    `  Complete contraction:  ${info.subscripts}`,
    `         Naive scaling:  ${info.naiveScaling}`,
    `     Optimized scaling:  ${info.optimizedScaling}`,
    `      Naive FLOP count:  ${sci(info.naiveFlops)}`,
    `  Optimized FLOP count:  ${sci(info.optimizedFlops)}`,
    `   Theoretical speedup:  ${info.speedup.toFixed(3)}`,
    `  Largest intermediate:  ${sci(info.largestIntermediate)} elements`,
    `           Path search:  ${info.method}, ${planningText(info.planningTime)}`,
  ];
  const header = ['step', 'scaling', 'BLAS', 'matmul', 'current', 'remaining'];
  const rows = info.steps.map((s, i) => [String(i + 1), String(s.scaling), s.blas, s.matrixProduct ? 'yes' : 'no', s.subscripts, s.remaining]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  // Numbers right-aligned, text left-aligned.
  const format = (cells: string[]) =>
    cells.map((cell, c) => (c < 2 ? cell.padStart(widths[c]) : c === cells.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ');
  const rule = '-'.repeat(Math.max(60, format(header).length, ...rows.map((r) => format(r).length)));
  lines.push(rule, format(header), rule);
  if (rows.length === 0) lines.push('  (one operand: no pairwise steps; it is reduced to the output directly)');
  for (const row of rows) lines.push(format(row));
  return lines.join('\n');
}
