/**
 * The typed signature of contractPath(subscripts, ...operandsOrShapes, options?): the same checks
 * as einsum (subscripts, count, ranks, sizes) on Tensors or plain shapes, returning PathInfo.
 * src/contract-path.ts declares `export const contractPath: ContractPathSignature<PathInfo> = ...`.
 */
import type { PathStrategy } from '../src/path/index.js';
import type { Shape } from '../src/tensor.js';
import type { Analyze, FirstError, OperandParams, SplitArgs, SubscriptsParam } from './analyze.js';
import type { CheckedDescriptors, Descriptor, DescriptorShapes } from './descriptor.js';

export interface PathOptions {
  readonly optimize?: PathStrategy;
  readonly memoryLimit?: number;
}

type PathAnalysis<Subscripts extends string, Args extends readonly unknown[]> = Analyze<
  Subscripts,
  DescriptorShapes<SplitArgs<Args, Descriptor>[0]>
>;

/** The first error of `contractPath(Subscripts, ...Args)` as its branded message, or 'ok'. */
export type ContractPathCheck<Subscripts extends string, Args extends readonly unknown[]> = FirstError<PathAnalysis<Subscripts, Args>>;

type CheckedPathArgs<Args extends readonly unknown[]> = CheckedDescriptors<Args, PathOptions>;

export type ContractPathArgs<Subscripts extends string, Args extends readonly unknown[]> =
  PathAnalysis<Subscripts, Args> extends infer Result
    ? [subscripts: SubscriptsParam<Subscripts, Result>, ...operands: OperandParams<Args, Result, Result extends Shape ? CheckedPathArgs<Args> : Args>]
    : never;

export interface ContractPathSignature<Info> {
  <const Subscripts extends string, const Args extends readonly unknown[]>(...args: ContractPathArgs<Subscripts, Args>): Info;
}
