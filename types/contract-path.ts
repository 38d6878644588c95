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
 * The parameters: `contractPath('ij,jk', ...)` or numpy's sublist format,
 * `contractPath([2, 3], [0, 1], [3, 4], [1, 2])` (sublist.ts), told by the first argument; the
 * shapes are inferred at the sublist form's never-taken branch (sites.ts).
 */
export type ContractPathArgs<First, Args extends readonly unknown[], Shapes extends readonly unknown[], FirstShape> = [First] extends [string]
  ? DescriptorAnalysis<First, Args, Shapes> extends infer Result
    ? [
        subscripts: SubscriptsParam<First, Result>,
        ...operands: OperandParams<Args, Result, Result extends Shape ? CheckedDescriptors<Args, Shapes, PathOptions> : Args>,
      ]
    : never
  : SublistArgs<First, Args, Shapes, FirstShape, DescriptorSite<FirstShape>, DescriptorSites<Shapes>, PathOptions, never>;

export interface ContractPathSignature<Info> {
  <const First, const Args extends readonly unknown[], Shapes extends readonly unknown[] = [], FirstShape = unknown>(
    ...args: ContractPathArgs<First, Args, Shapes, FirstShape>
  ): Info;
}
