/**
 * The typed signature of contractPath(subscripts, ...operandsOrShapes, options?): the same checks
 * as einsum (subscripts, count, ranks, sizes) on Tensors or plain shapes, returning PathInfo.
 * src/contract-path.ts declares `export const contractPath: ContractPathSignature<PathInfo> = ...`.
 */
import type { PathStrategy } from '../src/path/index.js';
import type { Shape } from '../src/tensor.js';
import type { FirstError, OperandParams, SubscriptsParam } from './analyze.js';
import type { CheckedDescriptors, DescriptorAnalysis, DescriptorSitesOf } from './descriptor.js';
import type { DescriptorSite, DescriptorSites } from './sites.js';
import type { SublistArgs } from './sublist.js';

export interface PathOptions {
  readonly optimize?: PathStrategy;
  readonly memoryLimit?: number;
}

/** The first error of `contractPath(Subscripts, ...Args)` as its branded message, or 'ok'. */
export type ContractPathCheck<Subscripts extends string, Args extends readonly unknown[], Shapes extends readonly unknown[] = DescriptorSitesOf<Args>> = FirstError<
  DescriptorAnalysis<Subscripts, Args, Shapes>
>;

/**
 * The string form's parameters, none for the sublist form's calls; the sublist form's, none for
 * the string form's: so tsc counts the other signature out by arity and reports one signature's
 * own error (see EinsumSignature). The shapes are inferred at never-taken branches (sites.ts).
 */
export type ContractPathArgs<First, Args extends readonly unknown[], Shapes extends readonly unknown[]> = [First] extends [string]
  ? DescriptorAnalysis<First, Args, Shapes> extends infer Result
    ? [
        subscripts: SubscriptsParam<First, Result>,
        ...operands: OperandParams<Args, Result, Result extends Shape ? CheckedDescriptors<Args, Shapes, PathOptions> : Args>,
      ]
    : [unknown, ...DescriptorSites<Shapes>]
  : [];

/** `contractPath([2, 3], [0, 1], [3, 4], [1, 2])`: numpy's sublist format (sublist.ts). */
export type SublistPathArgs<First, Args extends readonly unknown[], Shapes extends readonly unknown[], FirstShape> = [First] extends [string]
  ? []
  : SublistArgs<First, Args, Shapes, FirstShape, DescriptorSite<FirstShape>, DescriptorSites<Shapes>, PathOptions, never>;

export interface ContractPathSignature<Info> {
  <const First, const Args extends readonly unknown[], Shapes extends readonly unknown[] = []>(...args: ContractPathArgs<First, Args, Shapes>): Info;
  <const First, const Args extends readonly unknown[], Shapes extends readonly unknown[] = [], FirstShape = unknown>(
    ...args: SublistPathArgs<First, Args, Shapes, FirstShape>
  ): Info;
}
