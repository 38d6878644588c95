/**
 * Two spellings of a path, as in opt_einsum. A *linear* path names positions in the current
 * operand list; each step removes its operands and appends the result at the end (what the
 * engine executes and what users write). An *SSA* path names every tensor once: inputs are
 * 0..n-1 and the k-th step's result is n+k, which is easier for optimizers to produce.
 */
import type { PathStep } from './index.js';

export type SsaPair = readonly [number, number];

/** SSA pairs -> linear steps, each step's positions ascending. */
export function ssaToLinear(pairs: readonly SsaPair[], operandCount: number): PathStep[] {
  const live: number[] = [];
  for (let id = 0; id < operandCount; id++) live.push(id);
  let next = operandCount;
  return pairs.map(([x, y]) => {
    const step = [live.indexOf(x), live.indexOf(y)].sort((p, q) => p - q);
    live.splice(step[1], 1);
    live.splice(step[0], 1);
    live.push(next++);
    return step;
  });
}
