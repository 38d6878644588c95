/**
 * `einsum<'nqhd,nkhd->nhqk'>(q, k)`: the subscripts come as a type argument, so tsc cannot infer
 * the operands (explicit type arguments turn inference off). What is left to check is the
 * subscripts themselves, the operand count and each operand's rank; the result has the output's
 * rank with `number` sizes. An operand of unknown rank (`readonly number[]`) is refused here:
 * a rank-n tuple type cannot also admit `number[]` without admitting every other rank.
 */
import type { Shape } from '../src/tensor.js';
import type { EinsumTypeError, Failure } from './errors.js';
import type { Term, UnknownSubscripts } from './labels.js';
import type { Operand } from './operand.js';
import type { Parsed } from './parse.js';
import type { ParseSubscripts } from './subscripts.js';

declare const typeArgumentForm: unique symbol;
/** The default of `Args`: it stays when the subscripts are given as the only type argument. */
export type TypeArgumentForm = readonly [typeof typeArgumentForm];

export type ArgumentFormArgs<Subscripts extends string> =
  ParseSubscripts<Subscripts> extends infer Subs
    ? Subs extends Parsed<infer Inputs extends readonly Term[], Term>
      ? { [Index in keyof Inputs]: RankedOperand<Inputs[Index]> }
      : Subs extends Failure<'subscripts', infer Message>
        ? [EinsumTypeError<Message>, ...Operand[]]
        : Operand[]
    : never;

export type ArgumentFormShape<Subscripts extends string> =
  ParseSubscripts<Subscripts> extends infer Subs
    ? Subs extends Parsed<readonly Term[], infer Output extends Term>
      ? DimsOf<Output>
      : Subs extends UnknownSubscripts
        ? Shape
        : Shape
    : never;

/** `number` per label, `...number[]` for '...': the shape of a term with unknown sizes. */
type DimsOf<Labels extends Term, Dims extends readonly number[] = []> = Labels extends `${infer Label}${infer Rest}`
  ? DimsOf<Rest, Label extends '.' ? [...Dims, ...number[]] : [...Dims, number]>
  : readonly [...Dims];

/**
 * A Tensor of that rank, structurally (`{ shape }`): spelled `Tensor<Dims, DType>`, it would be the
 * contextual type of `zeros([...])` in an argument and make that call infer dtype `DType`.
 */
type RankedOperand<Labels extends Term> = { readonly shape: DimsOf<Labels> } | NestedOfRank<DimsOf<Labels>>;

type NestedOfRank<Dims extends readonly number[]> = Dims extends readonly [number, ...infer Rest extends readonly number[]]
  ? readonly NestedOfRank<Rest>[]
  : number extends Dims['length']
    ? readonly unknown[]
    : number;
