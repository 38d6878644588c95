/**
 * The words of every refusal, in one place. types/messages.ts spells the same sentences as
 * template-literal types, so a compile error and a runtime error read alike; keep the two in step.
 */
import { caret, formatShape } from './errors.js';
import { MAX_ELEMENTS } from './path/cost.js';
import { countText } from './path/text.js';

export const labelChar = (label: number): string =>
  label < 26 ? String.fromCharCode(65 + label) : label < 52 ? String.fromCharCode(97 + label - 26) : '...';

export const messages = {
  invalidCharacter: (subscripts: string, char: string, position: number) =>
    `invalid character '${char}' at position ${position} in '${subscripts}'\n${caret(subscripts, position)}`,
  strayDot: (subscripts: string, position: number) =>
    `'.' at position ${position} is not part of an ellipsis '...' in '${subscripts}'\n${caret(subscripts, position)}`,
  ellipsisTwice: (subscripts: string, position: number) =>
    `a term may hold '...' only once; a second one is at position ${position} in '${subscripts}'\n${caret(subscripts, position)}`,
  arrowTwice: (subscripts: string, position: number) =>
    `a second '->' at position ${position} in '${subscripts}'; there is at most one output\n${caret(subscripts, position)}`,
  loneArrowPart: (subscripts: string, char: string, position: number) =>
    `lone '${char}' at position ${position} in '${subscripts}'; the output arrow is '->'\n${caret(subscripts, position)}`,
  commaInOutput: (subscripts: string, position: number) =>
    `',' at position ${position} is in the output of '${subscripts}'; the output is one term\n${caret(subscripts, position)}`,
  outputLabelTwice: (subscripts: string, label: string) => `output label '${label}' appears more than once in '${subscripts}'`,
  outputLabelUnknown: (subscripts: string, label: string) => `output label '${label}' appears in no input of '${subscripts}'`,
  operandCount: (subscripts: string, terms: number, operands: number) =>
    `'${subscripts}' names ${terms} operand${terms === 1 ? '' : 's'} but ${operands} ${operands === 1 ? 'was' : 'were'} given`,
  rank: (subscripts: string, operand: number, term: string, shape: readonly number[]) =>
    `operand ${operand} ('${term}') has ${term.includes('...') ? 'at least ' : ''}rank ${term.replace('...', '').length} but its shape is ${formatShape(shape)} in '${subscripts}'`,
  sizeClash: (subscripts: string, label: string, firstOperand: number, firstSize: number, operand: number, size: number) =>
    `label '${label}' is ${firstSize} in operand ${firstOperand} but ${size} in operand ${operand} in '${subscripts}'`,
  diagonalClash: (subscripts: string, label: string, operand: number, firstSize: number, size: number) =>
    `label '${label}' repeats in operand ${operand} with sizes ${firstSize} and ${size} in '${subscripts}'; a diagonal needs equal sizes`,
  ellipsisClash: (subscripts: string, operand: number, shape: readonly number[], broadcast: readonly number[]) =>
    `the '...' dimensions ${formatShape(shape)} of operand ${operand} do not broadcast with ${formatShape(broadcast)} in '${subscripts}'`,
  /** zeros/ones/random/tensor of a shape no typed array can hold. */
  shapeTooLarge: (what: string, shape: readonly number[], size: number) =>
    `${what} of shape ${formatShape(shape)} needs ${countText(size)} elements; a typed array holds at most ${MAX_ELEMENTS} (2**31-1)`,
  /** The engine refused the allocation (RangeError): more memory than this process may have. */
  allocationFailed: (size: number, dtype: string, bytesPerElement: number) =>
    `could not allocate ${countText(size)} ${dtype} elements (${countText(size * bytesPerElement)} bytes): out of memory`,
  /** A value that int32 storage cannot hold; `where` names it ('tensor data[3]'). */
  int32Range: (where: string, value: number) => `${where} is ${value}, which int32 cannot hold (integers from -2147483648 to 2147483647)`,
  /** A nested array that holds itself (no shape; types cannot spell one); `where` is '[0][0]'. */
  nestedCycle: (where: string) => `nested array holds itself at ${where}; a tensor's nested array must be finite`,
  /** An `out` (`what`: 'out', 'out[1]') whose view names an element twice (types cannot see strides). */
  outOverlaps: (what: string, shape: readonly number[], strides: readonly number[]) =>
    `${what} names some elements more than once (shape ${formatShape(shape)}, strides ${formatShape(strides)}), so it cannot hold one value per element of the result`,
  /** registerKernels' argument, and one spec in it (what the codegen writes; a hand-written one is checked the same way). */
  kernelSpecs: (value: string) => `registerKernels takes an array of kernel specs as a module written by typed-einsum codegen passes it, got ${value}`,
  kernelSpec: (index: number, what: string, value: string) => `registerKernels: spec ${index} ${what}, got ${value}`,
  /** numpy's sublist format: `list` is 'the list of operand 1' or 'the output list'; `lists` the call's lists as written. */
  sublistLabelRange: (lists: string, list: string, value: string) =>
    `label ${value} in ${list} of ${lists} is not a label number: whole numbers 0 to 51 (0-25 stand for A-Z, 26-51 for a-z) or '...'`,
  sublistEllipsisTwice: (lists: string, list: string) => `${list} of ${lists} holds '...' more than once; a term may hold it once`,
  sublistNotList: (lists: string, list: string, value: string) =>
    `${list} of ${lists} must be an array of label numbers (0 to 51) and '...', such as [0, 1]; got ${value}`,
  /** A dtype option that is none of ours; `of` names whose it is (' of operand 1'). */
  badDType: (value: string, of = '') => `dtype ${value}${of} is not one of 'float64', 'float32', 'int32'`,
  badAccumulate: (value: string) => `accumulate ${value} is not 'float64' (the only choice: sums in float64, rounded once into the result)`,
  /** What einsum<'spec'>(a, b) says at run time when no build step rewrote it. */
  typeArgumentForm: () =>
    "einsum was called without subscripts: the type-argument form einsum<'ij,jk->ik'>(a, b) needs the codegen step, " +
    'which rewrites it at build time: run `npx typed-einsum codegen --emit-sources <dir>` and run the rewritten sources, ' +
    "or add the plugin from 'typed-einsum/vite' to your Vite/Vitest config (see the README, 'Codegen'); " +
    "or pass the subscripts as the first argument: einsum('ij,jk->ik', a, b).",
  /**
   * A split matrix product that could not finish (src/kernels/threads/pool.ts): `what` a worker did,
   * e.g. 'exited during it'. The pool is rebuilt, so later calls work.
   */
  threadFailed: (what: string) =>
    `a worker thread of typed-einsum ${what}, so a matrix product was not completed; ` +
    'the next product starts new workers (configure({ threads: 1 }) keeps every product on the calling thread)',
} as const;
