/**
 * The size rule of src/bind.ts for one label (or one '...' dimension) met again: the first size
 * other than 1 wins, 1 broadcasts, two different sizes clash. `number` (unknown until run time)
 * never clashes and yields to any literal size except 1, which it absorbs: a label that is
 * `number` in one operand and 3 in another is 3, because any other value fails at run time.
 * Sizes are wrapped in [ ] so a union of sizes is compared whole, not member by member.
 */
export type Combine<Known extends number, Size extends number> = number extends Known
  ? number extends Size
    ? 'keep'
    : [Size] extends [1]
      ? 'keep'
      : 'take'
  : [Known] extends [1]
    ? [Size] extends [1]
      ? 'keep'
      : 'take'
    : number extends Size
      ? 'keep'
      : [Size] extends [1]
        ? 'keep'
        : [Size] extends [Known]
          ? 'keep'
          : 'clash';

/** Within one operand a repeated label takes the diagonal: sizes must be equal, no broadcasting. */
export type SameSize<First extends number, Size extends number> = number extends First
  ? true
  : number extends Size
    ? true
    : [Size] extends [First]
      ? true
      : false;
