/**
 * The typed signature of contractPath(subscripts, ...operandsOrShapes, options?): the same checks
 * as einsum (subscripts, count, ranks, sizes) on Tensors or plain shapes, returning PathInfo.
 * src/contract-path.ts declares `export const contractPath: ContractPathSignature<PathInfo> = ...`.
 */
import type { PathStrategy } from '../src/path/index.js';
import type { Shape } from '../src/tensor.js';
import type { FirstError, OperandParams, SubscriptsParam } from './analyze.js';
import type { CheckedDescriptors, DescriptorAnalysis, DescriptorSitesOf } from './descriptor.js';
import type { DescriptorSites } from './sites.js';

export interface PathOptions {
  readonly optimize?: PathStrategy;
  readonly memoryLimit?: number;
}

/** The first error of `contractPath(Subscripts, ...Args)` as its branded message, or 'ok'. */
export type ContractPathCheck<Subscripts extends string, Args extends readonly unknown[], Shapes extends readonly unknown[] = DescriptorSitesOf<Args>> = FirstError<
  DescriptorAnalysis<Subscripts, Args, Shapes>
>;

/** The parameters; the never-taken last branch is where tsc infers `Shapes` (sites.ts). */
export type ContractPathArgs<Subscripts extends string, Args extends readonly unknown[], Shapes extends readonly unknown[]> =
  DescriptorAnalysis<Subscripts, Args, Shapes> extends infer Result
    ? [
        subscripts: SubscriptsParam<Subscripts, Result>,
        ...operands: OperandParams<Args, Result, Result extends Shape ? CheckedDescriptors<Args, Shapes, PathOptions> : Args>,
      ]
    : [unknown, ...DescriptorSites<Shapes>];

export interface ContractPathSignature<Info> {
  <const Subscripts extends string, const Args extends readonly unknown[], Shapes extends readonly unknown[] = []>(
    ...args: ContractPathArgs<Subscripts, Args, Shapes>
  ): Info;
}
