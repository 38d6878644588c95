/**
 * The words of the path optimizer's refusals (src/messages.ts holds the parser's and binder's),
 * also used by operands.ts, which refuses a bad `optimize` or `memoryLimit` before planning.
 */
import { MAX_ELEMENTS } from './cost.js';
import { countText } from './text.js';

const inSubscripts = (subscripts: string | undefined) => (subscripts === undefined ? '' : ` in '${subscripts}'`);

const limitText = (limit: number) =>
  limit >= MAX_ELEMENTS ? `a typed array holds at most ${MAX_ELEMENTS} (2**31-1)` : `memoryLimit is ${countText(limit)}`;

export const pathMessages = {
  unknownStrategy: (value: string, names: readonly string[]) =>
    `optimize must be ${names.map((name) => `'${name}'`).join(', ')}, { strategy: 'random-greedy', trials, seed }, false or a path such as [[0, 1], [0, 1]]; got ${value}`,
  unknownStrategyOption: (key: string) => `unknown key '${key}' in optimize; { strategy: 'random-greedy' } takes trials and seed`,
  badTrials: (value: string) => `optimize's trials must be a positive whole number; got ${value}`,
  badSeed: (value: string) => `optimize's seed must be a whole number; got ${value}`,
  badMemoryLimit: (value: string) => `memoryLimit must be a positive number of elements; got ${value}`,
  tooManyOperands: (name: string, operands: number, max: number, subscripts: string | undefined) =>
    `optimize '${name}' tries every split of the operands and takes at most ${max} operands, but ${operands} were given${inSubscripts(subscripts)}; use 'auto', 'auto-hq' or 'random-greedy'`,
  pathNotArray: (value: string) => `an explicit path is an array of steps such as [[0, 1], [0, 1]]; got ${value}`,
  badStep: (step: number, value: string, operands: number) =>
    `step ${step} of the path is ${value}; a step lists distinct positions among the ${operands} operand${operands === 1 ? '' : 's'} left (0 to ${operands - 1})`,
  pathLeaves: (left: number, subscripts: string | undefined) =>
    `the path leaves ${left} operands${inSubscripts(subscripts)}; it must contract them down to one`,
  resultTooLarge: (labels: string, size: number, limit: number, subscripts: string | undefined) =>
    `the result '${labels}'${inSubscripts(subscripts)} needs ${countText(size)} elements; ${limitText(limit)}`,
  intermediateTooLarge: (labels: string, step: number, size: number, limit: number, subscripts: string | undefined) =>
    `intermediate '${labels}' of step ${step}${inSubscripts(subscripts)} needs ${countText(size)} elements; ${limitText(limit)}`,
} as const;
