/** The words of compile()'s refusals (kept beside the emitter; src/messages.ts holds the parser's). */
import { formatShape } from '../errors.js';

export const compileMessages = {
  operandCount: (subscripts: string, expected: number, given: number) =>
    `the compiled '${subscripts}' takes ${expected} operand${expected === 1 ? '' : 's'} (and an optional out) but ${given} ${given === 1 ? 'was' : 'were'} given`,
  shape: (subscripts: string, operand: number, expected: readonly number[], got: readonly number[]) =>
    `operand ${operand} of the compiled '${subscripts}' has shape ${formatShape(got)} but it was compiled for ${formatShape(expected)}`,
  dtype: (subscripts: string, operand: number, expected: string, got: string) =>
    `operand ${operand} of the compiled '${subscripts}' is ${got} but it was compiled for ${expected}`,
  descriptor: (subscripts: string, index: number, what: string) =>
    `compile('${subscripts}', ...): argument ${index + 1} must be a shape such as [2, 3], a { shape, dtype?, strides? } descriptor or a Tensor, got ${what}`,
} as const;
