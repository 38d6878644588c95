/**
 * Labels at the type level are the letters themselves; '...' stands in a term where the runtime puts
 * ELLIPSIS. `Alphabet` is in ASCII order (uppercase first), the order of src/parse.ts's label ids,
 * so walking it sorts labels the way numpy does.
 */
export type Alphabet = [
  'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z',
  'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z',
];

export type Letter = Alphabet[number];

/** A term: its labels in order, '...' where the ellipsis stands. */
export type Term = readonly string[];

/**
 * Subscripts whose text the types cannot see (a `string`, a union, a template with holes): every
 * check widens to "accept, check at run time" instead of failing (type-fest's rule).
 */
export interface UnknownSubscripts {
  readonly __unknownSubscripts: true;
}
