/**
 * Labels at the type level are the letters themselves. After the scan, subscripts are a compact
 * token string, one character per token: a letter, ',' , '>' for '->' and '.' for '...'; a term is
 * a string of letters with at most one '.'. Strings, not tuples: tsc walks a string with template
 * literal inference at a constant cost per character, while taking a tuple apart element by
 * element costs in proportion to its length at every step (quadratic over 52 labels).
 */
export type Upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export type Lower = 'abcdefghijklmnopqrstuvwxyz';

/** Every letter, in ASCII order: the order of src/parse.ts's label ids, numpy's sort order. */
export type Letter = Chars<`${Upper}${Lower}`>;

export type UpperLetter = Chars<Upper>;

/** The characters of a string, as a union. */
export type Chars<Text extends string, Union extends string = never> = Text extends `${infer Char}${infer Rest}` ? Chars<Rest, Union | Char> : Union;

/** A term: its labels in order, '.' where '...' stands. */
export type Term = string;

/**
 * Subscripts whose text the types cannot see (a `string`, a union, a template with holes): every
 * check widens to "accept, check at run time" instead of failing (type-fest's rule).
 */
export interface UnknownSubscripts {
  readonly __unknownSubscripts: true;
}
