/**
 * An explicit path, as a user writes it for opt_einsum: a list of steps, each naming positions
 * in the current operand list (results go to the end). Steps may name one operand (a no-op for
 * us: the operand just moves to the end) or more than two (contracted left to right, pairwise),
 * so any opt_einsum path is accepted; what runs is the equivalent pairwise path.
 */
import { EinsumError } from '../errors.js';
import { describe } from '../errors.js';
import { pathMessages } from './messages.js';
import type { SsaPair } from './ssa.js';

/** Validates `path` for `operandCount` operands and returns it as SSA pairs. */
export function explicitPath(path: unknown, operandCount: number, subscripts?: string): SsaPair[] {
  if (!Array.isArray(path)) throw new EinsumError('ARGUMENT', pathMessages.pathNotArray(describe(path)), subscripts);
  const live: number[] = [];
  for (let id = 0; id < operandCount; id++) live.push(id);
  let next = operandCount;
  const pairs: SsaPair[] = [];
  path.forEach((step: unknown, index) => {
    const valid =
      Array.isArray(step) &&
      step.length > 0 &&
      step.every((p) => Number.isInteger(p) && p >= 0 && p < live.length) &&
      new Set(step).size === step.length;
    if (!valid) throw new EinsumError('ARGUMENT', pathMessages.badStep(index + 1, describe(step), live.length), subscripts);
    const positions = step as number[];
    const ids = positions.map((p) => live[p]);
    for (const p of [...positions].sort((x, y) => y - x)) live.splice(p, 1);
    let acc = ids[0];
    for (const id of ids.slice(1)) {
      pairs.push([acc, id]);
      acc = next++;
    }
    live.push(acc);
  });
  if (live.length !== 1) throw new EinsumError('ARGUMENT', pathMessages.pathLeaves(live.length, subscripts), subscripts);
  return pairs;
}
