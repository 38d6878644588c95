/**
 * '...' dimensions broadcast right-aligned, numpy's rule (the ellipsis half of src/bind.ts): walk
 * both shapes from the end, combine sizes with the label rule, keep the longer one's extra leading
 * dimensions. A shape of unknown rank makes the broadcast shape unknown (`readonly number[]`).
 */
import type { Failure } from './errors.js';
import type { EllipsisClash } from './messages.js';
import type { Combine } from './sizes.js';

export type Broadcast<
  Source extends string,
  Operand extends number,
  Known extends readonly number[],
  Dims extends readonly number[],
> = number extends Known['length']
  ? Known
  : number extends Dims['length']
    ? readonly number[]
    : BroadcastHelper<Source, Operand, Known, Dims, Known, Dims, []>;

type BroadcastHelper<
  Source extends string,
  Operand extends number,
  Known0 extends readonly number[],
  Dims0 extends readonly number[],
  Known extends readonly number[],
  Dims extends readonly number[],
  Result extends readonly number[],
> = Known extends readonly [...infer KnownRest extends readonly number[], infer KnownSize extends number]
  ? Dims extends readonly [...infer DimsRest extends readonly number[], infer Size extends number]
    ? Combine<KnownSize, Size> extends infer Rule
      ? Rule extends 'clash'
        ? Failure<Operand, EllipsisClash<Source, Operand, Dims0, Known0>>
        : BroadcastHelper<Source, Operand, Known0, Dims0, KnownRest, DimsRest, [Rule extends 'take' ? Size : KnownSize, ...Result]>
      : never
    : [...Known, ...Result]
  : [...Dims, ...Result];
