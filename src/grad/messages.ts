/**
 * The words of einsumVjp's and the pullback's refusals (src/messages.ts holds the parser's and the
 * binder's). types/vjp.ts spells the cotangent sentence as a template-literal type: keep them in step.
 */
import { formatShape } from '../errors.js';

const list = (positions: readonly number[]) => `[${positions.join(', ')}]`;

export const gradMessages = {
  /** Same words as the type-level CotangentShape in types/vjp.ts. */
  cotangentShape: (subscripts: string, shape: readonly number[], result: readonly number[]) =>
    `the cotangent has shape ${formatShape(shape)} but the result of '${subscripts}' has shape ${formatShape(result)}`,
  cotangentNotTensor: (subscripts: string, value: string) =>
    `the cotangent of '${subscripts}' must be a Tensor or a nested array of numbers of the result's shape, got ${value}`,
  intOperand: (subscripts: string, operand: number, floats: readonly number[]) =>
    `operand ${operand} of '${subscripts}' is int32 and has no gradient; ` +
    (floats.length > 0
      ? `pass { wrt: ${list(floats)} } to differentiate only the float operands`
      : 'no operand is float32 or float64, so there is nothing to differentiate'),
  badWrt: (subscripts: string, value: string, operands: number) =>
    `wrt must list distinct operand positions of '${subscripts}' (0 to ${operands - 1}), such as [0]; got ${value}`,
  unknownOption: (what: string, key: string, keys: readonly string[]) =>
    `unknown option '${key}' in ${what}; the options are ${keys.map((k) => `'${k}'`).join(', ')}`,
  outNotArray: (subscripts: string, operands: number, value: string) =>
    `the pullback's out must be an array of ${operands} gradient buffer${operands === 1 ? '' : 's'} (or undefined) for '${subscripts}', one per operand; got ${value}`,
  outNotWanted: (subscripts: string, operand: number) =>
    `out[${operand}] is given but operand ${operand} of '${subscripts}' is not differentiated (not in wrt)`,
  outMismatch: (subscripts: string, operand: number, what: 'dtype' | 'shape', got: string, want: string) =>
    `out[${operand}] has ${what} ${got} but the gradient of operand ${operand} of '${subscripts}' has ${what} ${want}`,
  tooManyLabels: (subscripts: string, needed: number) =>
    `the gradients of '${subscripts}' need a letter for each of its ${needed} labels and '...' dimensions, more than the 52 letters there are`,
} as const;
