/**
 * What an operand is, and what the types read from it: its shape (a literal tuple where known) and
 * its dtype. An operand is a Tensor or a nested array of numbers; `tensor([[1, 2, 3], [4, 5, 6]])`
 * and the literal `[[1, 2, 3], [4, 5, 6]]` both have shape readonly [2, 3].
 */
import type { DType } from '../src/dtype.js';
import type { NestedNumbers, Shape, ShapeOfNested, Tensor } from '../src/tensor.js';

export type Operand = Tensor<Shape, DType> | NestedNumbers;

/**
 * What the checks test arguments against: structurally a Tensor is anything with a `shape`.
 * Relating a Tensor to `Tensor<Shape, DType>` would compare its methods (toArray's Nested<S>)
 * and cost hundreds of instantiations per argument; one property costs almost nothing.
 */
export type OperandLike = { readonly shape: Shape } | NestedNumbers;

/**
 * A Tensor is read by its type arguments (`Tensor<infer S, infer D>` relates one reference to
 * another of the same class without resolving the class's members); anything else with a
 * `shape` is read structurally.
 */
export type ShapeOf<Value> = Value extends Tensor<infer S, infer _>
  ? S
  : Value extends { readonly shape: infer S extends Shape }
    ? S
    : Value extends NestedNumbers
      ? ShapeOfNested<Value>
      : Shape;

/** Distributes over a union: DTypeOf<Operands[number]> is the union of their dtypes. */
export type DTypeOf<Value> = Value extends { readonly dtype: infer D extends DType } ? D : 'float64';

/** The shapes of a list of operands, one per operand. */
export type ShapesOf<Operands extends readonly unknown[]> = { [Index in keyof Operands]: ShapeOf<Operands[Index]> };
