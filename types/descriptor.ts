/**
 * contractPath and compile take shapes where einsum takes operands: a plain `number[]` is a shape
 * (not a vector), a Tensor or `{ shape, dtype? }` describes an operand by its layout.
 */
import type { DType } from '../src/dtype.js';
import type { Shape } from '../src/tensor.js';

export type Descriptor = Shape | { readonly shape: Shape; readonly dtype?: DType };

export type DescriptorShape<Value> = Value extends { readonly shape: infer S extends Shape }
  ? S
  : Value extends Shape
    ? Value
    : Shape;

export type DescriptorDType<Value> = Value extends { readonly dtype: infer D extends DType } ? D : 'float64';

export type DescriptorShapes<Descriptors extends readonly unknown[]> = {
  [Index in keyof Descriptors]: DescriptorShape<Descriptors[Index]>;
};

export type DescriptorDTypes<Descriptors extends readonly unknown[]> = {
  [Index in keyof Descriptors]: DescriptorDType<Descriptors[Index]>;
};
