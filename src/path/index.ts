/**
 * Contraction paths: which operands to contract pairwise, in what order (opt_einsum's `path`).
 * A path is a list of steps; each step names positions in the current operand list, those
 * operands are removed and their contraction is appended at the end.
 *
 * `optimize` is a strategy name from the table in strategies.ts ('auto', 'auto-hq', 'greedy',
 * 'dp' / 'optimal', 'random-greedy', 'random-greedy-128'), the random-greedy options object,
 * false (left to right: ((0·1)·2)·3 ...) or an explicit path [[0, 1], …] (explicit.ts).
 * Every intermediate and the result must fit `memoryLimit` (elements) and a typed array
 * (MAX_ELEMENTS); every strategy searches under that limit, the exact search takes over when it
 * finds nothing that fits, and MEMORY names the first oversized intermediate when no path fits.
 */
import { EinsumError } from '../errors.js';
import { describe } from '../errors.js';
import { flopCount, keptLabels, MAX_ELEMENTS, sizeOfLabels, unionOf } from './cost.js';
import { explicitPath } from './explicit.js';
import { pathMessages } from './messages.js';
import { OPTIMAL_MAX_OPERANDS, optimalPath } from './optimal.js';
import { greedyPath } from './greedy.js';
import { randomGreedy } from './random-greedy.js';
import { ssaToLinear, type SsaPair } from './ssa.js';
import { resolveStrategy, STRATEGY_NAMES, type PathProblem, type RandomGreedyOptions, type StrategyName } from './strategies.js';
import { labelsText } from './text.js';

export type PathStep = readonly number[];
export type PathStrategy = StrategyName | RandomGreedyOptions | false | readonly PathStep[];
export type { RandomGreedyOptions, StrategyName } from './strategies.js';
export { sameStrategy, STRATEGIES, STRATEGY_NAMES } from './strategies.js';
export { MAX_ELEMENTS, OPTIMAL_MAX_OPERANDS };

export interface StepPlan {
  /** Positions in the operand list as it stands before this step, ascending (always two). */
  readonly operands: readonly number[];
  /** The label ids of each of those operands (distinct, ascending for intermediates). */
  readonly labels: readonly (readonly number[])[];
  /** The label ids of the intermediate this step produces (sorted ascending). */
  readonly result: readonly number[];
  /** Estimated operations, opt_einsum's flop_count. */
  readonly flops: number;
  /** Elements of the intermediate. */
  readonly size: number;
}

export interface ContractionPath {
  readonly path: readonly PathStep[];
  readonly steps: readonly StepPlan[];
  /** Sum of the steps' flops. */
  readonly flops: number;
  /** The largest intermediate or result of the steps, in elements (0 without steps). */
  readonly largestIntermediate: number;
  /** What found the path: 'auto: dp', 'greedy', 'random-greedy (32 trials)', 'explicit', 'left to right' … */
  readonly method: string;
  /** Milliseconds spent finding and checking the path. */
  readonly planningTime: number;
}

/**
 * The path for a contraction of `inputs` (label ids per operand, distinct) into `output`, with
 * `sizes` indexed by label id. Throws EinsumError ARGUMENT for a bad strategy or path, MEMORY
 * when the result or an intermediate exceeds `memoryLimit` or MAX_ELEMENTS.
 * `subscripts` only serves the error messages.
 */
export function findPath(
  inputs: readonly (readonly number[])[],
  output: readonly number[],
  sizes: readonly number[],
  strategy: PathStrategy = 'auto',
  memoryLimit?: number,
  subscripts?: string,
): ContractionPath {
  const started = performance.now();
  const limit = checkMemoryLimit(memoryLimit, subscripts);
  const n = inputs.length;
  const outputSize = sizeOfLabels(output, sizes);
  if (outputSize > limit) {
    throw new EinsumError('MEMORY', pathMessages.resultTooLarge(labelsText(output), outputSize, limit, subscripts), subscripts);
  }

  let pairs: SsaPair[];
  let method: string;
  if (Array.isArray(strategy)) [pairs, method] = [explicitPath(strategy, n, subscripts), 'explicit'];
  else if (strategy === false) [pairs, method] = [leftToRight(n), 'left to right'];
  else {
    const resolved = resolveStrategy(strategy, subscripts);
    if (!resolved) throw new EinsumError('ARGUMENT', pathMessages.unknownStrategy(describe(strategy), STRATEGY_NAMES), subscripts);
    const { name, strategy: chosen, trials } = resolved;
    if (chosen.maxOperands !== undefined && n > chosen.maxOperands) {
      throw new EinsumError('ARGUMENT', pathMessages.tooManyOperands(name, n, chosen.maxOperands, subscripts), subscripts);
    }
    const problem: PathProblem = { inputs, output, sizes, limit };
    const found = n === 1 ? { pairs: [], method: name } : chosen.find(problem, trials) ?? fitting(problem) ?? chosen.find({ ...problem, limit: Infinity }, trials);
    if (!found) throw new Error(`path strategy '${name}' found no path`); // unreachable: without a limit every strategy finds one
    ({ pairs, method } = found);
  }

  const path = ssaToLinear(pairs, n);
  const steps = replayPath(inputs, output, sizes, path);
  steps.forEach((step, i) => {
    if (i < steps.length - 1 && step.size > limit) {
      throw new EinsumError('MEMORY', pathMessages.intermediateTooLarge(labelsText(step.result), i + 1, step.size, limit, subscripts), subscripts);
    }
  });
  return {
    path,
    steps,
    flops: steps.reduce((sum, step) => sum + step.flops, 0),
    largestIntermediate: steps.reduce((big, step) => Math.max(big, step.size), 0),
    method,
    planningTime: performance.now() - started,
  };
}

/**
 * When a strategy finds nothing under the limit: the exact search, which finds a fitting path
 * whenever one exists, up to OPTIMAL_MAX_OPERANDS operands; beyond, greedy.ts's path under the
 * limit, then 128 random-greedy trials under it (the first is opt_einsum's greedy), which explore
 * more than any single pass. Undefined when none fits (then the strategy's unconstrained path is
 * replayed and its first oversized step reported).
 */
function fitting(problem: PathProblem): { pairs: SsaPair[]; method: string } | undefined {
  const { inputs, output, sizes, limit } = problem;
  if (limit === Infinity) return undefined;
  if (inputs.length <= OPTIMAL_MAX_OPERANDS) {
    const pairs = optimalPath(inputs, output, sizes, limit);
    return pairs && { pairs, method: 'dp (under memoryLimit)' };
  }
  const plain = greedyPath(inputs, output, sizes, limit);
  if (!plain.stuck) return { pairs: plain.pairs, method: 'greedy (under memoryLimit)' };
  const found = randomGreedy(inputs, output, sizes, limit, { trials: LIMIT_TRIALS, seed: 0 });
  return found && { pairs: found.pairs, method: `random-greedy (${LIMIT_TRIALS} trials, under memoryLimit)` };
}

/** Trials of the memory-limit fallback beyond OPTIMAL_MAX_OPERANDS operands. */
const LIMIT_TRIALS = 128;

function leftToRight(n: number): SsaPair[] {
  const pairs: SsaPair[] = [];
  let acc = 0;
  for (let i = 1; i < n; i++) {
    pairs.push([acc, i]);
    acc = n + i - 1;
  }
  return pairs;
}

/** The element limit in force: `memoryLimit` (a positive number) capped at MAX_ELEMENTS. */
export function checkMemoryLimit(memoryLimit: unknown, subscripts?: string): number {
  if (memoryLimit === undefined) return MAX_ELEMENTS;
  if (typeof memoryLimit !== 'number' || Number.isNaN(memoryLimit) || memoryLimit <= 0) {
    throw new EinsumError('ARGUMENT', pathMessages.badMemoryLimit(describe(memoryLimit)), subscripts);
  }
  return Math.min(memoryLimit, MAX_ELEMENTS);
}

/**
 * Runs a linear pairwise path over label sets: each step's operands, result labels (what the
 * output or a later operand still needs), flops and size. The path must be valid.
 */
export function replayPath(
  inputs: readonly (readonly number[])[],
  output: readonly number[],
  sizes: readonly number[],
  path: readonly PathStep[],
): StepPlan[] {
  let current = inputs.map((labels) => unionOf(labels));
  return path.map((step) => {
    const operands = [...step].sort((p, q) => p - q);
    const [left, right] = [current[operands[0]], current[operands[1]]];
    const rest = current.filter((_, p) => p !== operands[0] && p !== operands[1]);
    const result = keptLabels(left, right, rest, output);
    const involved = unionOf(left, right);
    current = [...rest, result];
    return {
      operands,
      labels: [left, right],
      result,
      flops: flopCount(involved, involved.length > result.length, 2, sizes),
      size: sizeOfLabels(result, sizes),
    };
  });
}
