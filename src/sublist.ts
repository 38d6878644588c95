/**
 * numpy's sublist format: `einsum(a, [0, 1], b, [1, 2], [0, 2])` is `einsum('AB,BC->AC', a, b)`.
 * Operands alternate with lists of label numbers; an odd list at the end is the output; '...'
 * in a list stands for the ellipsis (numpy's Ellipsis); a trailing options object stays last.
 * Label number n is the letter numpy gives it, 0-25 'A'-'Z' and 26-51 'a'-'z', which is also our
 * label id, so implicit mode orders the output by number exactly as numpy does, and every later
 * check and message is the string form's, quoting the equivalent subscripts.
 * Shared by einsum, contractPath and compile (whose operands are shapes or descriptors).
 */
import { describe, EinsumError } from './errors.js';
import { labelChar, messages } from './messages.js';
import { LABEL_COUNT } from './parse.js';

export type SublistLabel = number | '...';

export interface SublistCall {
  /** The equivalent subscripts string, 'AB,BC->AC'. */
  readonly subscripts: string;
  /** The operands (or shapes), then the options object if there was one. */
  readonly args: unknown[];
}

/** Whether `value` looks like a label list; the form is recognized by its second argument. */
export function isLabelList(value: unknown): value is readonly SublistLabel[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'number' || item === '...');
}

/**
 * The subscripts and operands of a sublist call. `isOptions` says whether the last argument is
 * the options object. Refuses with SYNTAX a label number out of range, a non-number, '...' twice;
 * with ARGUMENT a list that is no array.
 */
export function fromSublists(args: readonly unknown[], isOptions: (value: unknown) => boolean): SublistCall {
  const hasOptions = args.length > 1 && isOptions(args[args.length - 1]);
  const rest = hasOptions ? args.slice(0, -1) : args;
  const pairs = Math.floor(rest.length / 2);
  const lists = rest.filter((_, i) => i % 2 === 1 || i === rest.length - 1);
  const written = lists.map((list) => describe(list)).join(', ');
  const termOf = (list: unknown, name: string): string => {
    if (!Array.isArray(list)) throw new EinsumError('ARGUMENT', messages.sublistNotList(written, name, describe(list)), written);
    let term = '';
    for (const item of list) {
      if (item === '...') {
        if (term.includes('...')) throw new EinsumError('SYNTAX', messages.sublistEllipsisTwice(written, name), written);
        term += '...';
      } else if (typeof item === 'number' && Number.isInteger(item) && item >= 0 && item < LABEL_COUNT) term += labelChar(item);
      else throw new EinsumError('SYNTAX', messages.sublistLabelRange(written, name, describe(item)), written);
    }
    return term;
  };
  const terms: string[] = [];
  const operands: unknown[] = [];
  for (let k = 0; k < pairs; k++) {
    operands.push(rest[2 * k]);
    terms.push(termOf(rest[2 * k + 1], `the list of operand ${k}`));
  }
  const output = rest.length % 2 === 1 ? `->${termOf(rest[rest.length - 1], 'the output list')}` : '';
  return { subscripts: terms.join(',') + output, args: hasOptions ? [...operands, args[args.length - 1]] : operands };
}
