/**
 * Contraction paths: which operands to contract pairwise, in what order (opt_einsum's `path`).
 * A path is a list of steps; each step names positions in the current operand list, those
 * operands are removed and their contraction is appended at the end.
 *
 * Strategies (SPEC §2 `optimize`):
 *   false      left to right: ((0·1)·2)·3 ...
 *   'greedy'   opt_einsum's greedy heuristic (greedy.ts), O(n^3) per path
 *   'optimal'  the minimum-flops path by dynamic programming over subsets (optimal.ts), n <= 14
 *   'auto'     'optimal' up to AUTO_OPTIMAL_MAX operands, 'greedy' beyond: the exact search
 *              costs ~1.5 ms at 8 operands (10 ms at 10), paid once per cached plan; greedy
 *              is often 2-4x worse in flops (measured on random 6-14 operand networks)
 *   [[0, 1], …] an explicit path, validated (explicit.ts)
 * Every intermediate and the result must fit `memoryLimit` (elements) and a typed array
 * (MAX_ELEMENTS); the optimizers only choose paths that fit, and refuse with MEMORY when none
 * they can find does.
 */
import { EinsumError } from '../errors.js';
import { describe } from '../errors.js';
import { flopCount, keptLabels, MAX_ELEMENTS, sizeOfLabels, unionOf } from './cost.js';
import { explicitPath } from './explicit.js';
import { greedyPath } from './greedy.js';
import { pathMessages } from './messages.js';
import { OPTIMAL_MAX_OPERANDS, optimalPath } from './optimal.js';
import { ssaToLinear, type SsaPair } from './ssa.js';
import { labelsText } from './text.js';

export type PathStep = readonly number[];
export type PathStrategy = 'auto' | 'greedy' | 'optimal' | false | readonly PathStep[];

/** 'auto' searches exhaustively up to this many operands: 3^8 = 6561 splits, ~1.5 ms once per plan. */
export const AUTO_OPTIMAL_MAX = 8;
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
  const limit = checkMemoryLimit(memoryLimit, subscripts);
  const n = inputs.length;
  const outputSize = sizeOfLabels(output, sizes);
  if (outputSize > limit) {
    throw new EinsumError('MEMORY', pathMessages.resultTooLarge(labelsText(output), outputSize, limit, subscripts), subscripts);
  }

  let pairs: SsaPair[];
  if (Array.isArray(strategy)) pairs = explicitPath(strategy, n, subscripts);
  else if (strategy === false) pairs = leftToRight(n);
  else if (strategy === 'optimal' || strategy === 'greedy' || strategy === 'auto') {
    if (strategy === 'optimal' && n > OPTIMAL_MAX_OPERANDS) {
      throw new EinsumError('ARGUMENT', pathMessages.tooManyForOptimal(n, OPTIMAL_MAX_OPERANDS, subscripts), subscripts);
    }
    const exact = strategy === 'optimal' || (strategy === 'auto' && n <= AUTO_OPTIMAL_MAX);
    pairs = search(inputs, output, sizes, limit, exact);
  } else {
    throw new EinsumError('ARGUMENT', pathMessages.unknownStrategy(describe(strategy)), subscripts);
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
  };
}

/**
 * A path that fits the limit: the chosen optimizer under the limit, then the exact search (it
 * finds a fitting path whenever one exists), then the unconstrained choice, whose first
 * oversized intermediate findPath then reports.
 */
function search(
  inputs: readonly (readonly number[])[],
  output: readonly number[],
  sizes: readonly number[],
  limit: number,
  exact: boolean,
): SsaPair[] {
  if (inputs.length === 1) return [];
  const small = inputs.length <= OPTIMAL_MAX_OPERANDS;
  if (exact) return optimalPath(inputs, output, sizes, limit) ?? optimalPath(inputs, output, sizes)!;
  const greedy = greedyPath(inputs, output, sizes, limit);
  if (!greedy.stuck) return greedy.pairs;
  return (small ? optimalPath(inputs, output, sizes, limit) : undefined) ?? greedyPath(inputs, output, sizes).pairs;
}

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
