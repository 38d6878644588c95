/**
 * contractPath and compile take shapes where einsum takes operands: a plain `number[]` is a shape
 * (not a vector), a Tensor or `{ shape, dtype? }` describes an operand by its layout. Their shapes
 * are read like einsum's (sites.ts), with `Plain` shapes and no nested arrays.
 */
import type { DType } from '../src/dtype.js';
import type { Shape } from '../src/tensor.js';
import type { Analyze, FirstError, OperandParams, SubscriptsParam } from './analyze.js';
import type { ArgShapes, CheckedArgs, DescriptorSite, DescriptorSites, ReadArgs, SitesOf } from './sites.js';
import type { SublistArgs } from './sublist.js';

export type Descriptor = Shape | { readonly shape: Shape; readonly dtype?: DType };

export type DescriptorDType<Value> = Value extends { readonly dtype: infer D extends DType } ? D : 'float64';

export type DescriptorDTypes<Descriptors extends readonly unknown[]> = {
  [Index in keyof Descriptors]: DescriptorDType<Descriptors[Index]>;
};

/** [shapes, descriptors, options, what the arguments are], as ReadArgs. */
export type ReadDescriptors<Args extends readonly unknown[], Shapes extends readonly unknown[]> = ReadArgs<Args, Shapes, never>;

/** The sites of descriptors whose types are known (the helper types' default). */
export type DescriptorSitesOf<Args extends readonly unknown[]> = SitesOf<Args, Shape>;

export type DescriptorAnalysis<Subscripts extends string, Args extends readonly unknown[], Shapes extends readonly unknown[]> = Analyze<
  Subscripts,
  ReadDescriptors<Args, Shapes>[0]
>;

/** The first error of contractPath's or compile's arguments as its branded message, or 'ok'. */
export type DescriptorCheck<Subscripts extends string, Args extends readonly unknown[], Shapes extends readonly unknown[]> = FirstError<
  DescriptorAnalysis<Subscripts, Args, Shapes>
>;

/**
 * What the arguments must be when the analysis found nothing wrong: descriptors as given, the
 * last argument may be the options; a non-descriptor elsewhere becomes Descriptor, for tsc to say
 * why.
 */
export type CheckedDescriptors<Args extends readonly unknown[], Shapes extends readonly unknown[], Options> =
  ReadDescriptors<Args, Shapes> extends [unknown, unknown, unknown, infer Kind]
    ? Kind extends 'operands'
      ? Args
      : CheckedArgs<Args, Kind, Options, Descriptor, ArgShapes<Args, Shapes, never>>
    : Args;

/**
 * contractPath's and compile's parameters (shapes, descriptors or Tensors, then `Options`). The
 * string form's, none for the sublist form's calls; the sublist form's, none for the string
 * form's: so tsc counts the other signature out by arity and reports one signature's own error
 * (see EinsumSignature). The shapes are inferred at never-taken branches (sites.ts).
 */
export type DescriptorArgs<First, Args extends readonly unknown[], Shapes extends readonly unknown[], Options> = [First] extends [string]
  ? DescriptorAnalysis<First, Args, Shapes> extends infer Result
    ? [
        subscripts: SubscriptsParam<First, Result>,
        ...operands: OperandParams<Args, Result, Result extends Shape ? CheckedDescriptors<Args, Shapes, Options> : Args>,
      ]
    : [unknown, ...DescriptorSites<Shapes>]
  : [];

/** The same in numpy's sublist format: `contractPath([2, 3], [0, 1], [3, 4], [1, 2])` (sublist.ts). */
export type SublistDescriptorArgs<First, Args extends readonly unknown[], Shapes extends readonly unknown[], FirstShape, Options> = [First] extends [string]
  ? []
  : SublistArgs<First, Args, Shapes, FirstShape, DescriptorSite<FirstShape>, DescriptorSites<Shapes>, Options, never>;
