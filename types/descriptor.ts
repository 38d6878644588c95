/**
 * contractPath and compile take shapes where einsum takes operands: a plain `number[]` is a shape
 * (not a vector), a Tensor or `{ shape, dtype? }` describes an operand by its layout.
 */
import type { DType } from '../src/dtype.js';
import type { Shape } from '../src/tensor.js';
import type { LastIndex } from './analyze.js';

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

/**
 * What the arguments must be when the analysis found nothing wrong: descriptors as given, the
 * last argument may be the options; a non-descriptor elsewhere becomes Descriptor, for tsc to say
 * why. A spread (`contractPath(s, ...operands, { optimize })`) has no last index to map: its
 * trailing element is taken off and checked as the options.
 */
export type CheckedDescriptors<Args extends readonly unknown[], Options> = number extends Args['length']
  ? Args extends readonly [...infer Descriptors, infer Last]
    ? Last extends Descriptor
      ? Args
      : [...Descriptors, Options]
    : Args
  : { [Index in keyof Args]: Args[Index] extends Descriptor ? Args[Index] : Index extends LastIndex<Args> ? Options : Descriptor };
