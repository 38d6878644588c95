/**
 * Contraction paths: which operands to contract pairwise, in what order (opt_einsum's `path`).
 * A path is a list of steps; each step names positions in the current operand list, those
 * operands are removed and their contraction is appended at the end.
 */
export type PathStep = readonly number[];
export type PathStrategy = 'auto' | 'greedy' | 'optimal' | false | readonly PathStep[];

export interface StepPlan {
  /** Positions in the operand list as it stands before this step. */
  readonly operands: readonly number[];
  /** The label ids of the intermediate this step produces (sorted ascending). */
  readonly result: readonly number[];
}

export interface ContractionPath {
  readonly path: readonly PathStep[];
  readonly steps: readonly StepPlan[];
}

/**
 * Left to right: ((0, 1), 2), ... Each intermediate keeps the labels that a later operand or the
 * output still needs; the rest are summed as soon as possible.
 */
export function findPath(
  inputs: readonly (readonly number[])[],
  output: readonly number[],
  _sizes: readonly number[],
  _strategy: PathStrategy = false,
): ContractionPath {
  const path: PathStep[] = [];
  const steps: StepPlan[] = [];
  let remaining = inputs.map((labels) => labels.slice());
  while (remaining.length > 1) {
    const [a, b] = [remaining[0], remaining[1]];
    const rest = remaining.slice(2);
    const needed = new Set<number>(output);
    for (const labels of rest) for (const l of labels) needed.add(l);
    const result = [...new Set([...a, ...b])].filter((l) => needed.has(l)).sort((x, y) => x - y);
    path.push([0, 1]);
    steps.push({ operands: [0, 1], result });
    remaining = [...rest, result];
  }
  return { path, steps };
}
