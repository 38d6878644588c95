/**
 * The typed signature of contractPath(subscripts, ...operandsOrShapes, options?): the same checks
 * as einsum (subscripts, count, ranks, sizes) on Tensors or plain shapes, returning PathInfo.
 * src/contract-path.ts declares `export const contractPath: ContractPathSignature<PathInfo> = ...`.
 */
import type { PathStrategy } from '../src/path/index.js';
import type { DescriptorArgs, DescriptorCheck, DescriptorSitesOf, SublistDescriptorArgs } from './descriptor.js';

export interface PathOptions {
  readonly optimize?: PathStrategy;
  readonly memoryLimit?: number;
}

/** The first error of `contractPath(Subscripts, ...Args)` as its branded message, or 'ok'. */
export type ContractPathCheck<Subscripts extends string, Args extends readonly unknown[], Shapes extends readonly unknown[] = DescriptorSitesOf<Args>> = DescriptorCheck<
  Subscripts,
  Args,
  Shapes
>;

export type ContractPathArgs<First, Args extends readonly unknown[], Shapes extends readonly unknown[]> = DescriptorArgs<First, Args, Shapes, PathOptions>;

export type SublistPathArgs<First, Args extends readonly unknown[], Shapes extends readonly unknown[], FirstShape> = SublistDescriptorArgs<
  First,
  Args,
  Shapes,
  FirstShape,
  PathOptions
>;

export interface ContractPathSignature<Info> {
  <const First, const Args extends readonly unknown[], Shapes extends readonly unknown[] = []>(...args: ContractPathArgs<First, Args, Shapes>): Info;
  <const First, const Args extends readonly unknown[], Shapes extends readonly unknown[] = [], FirstShape = unknown>(
    ...args: SublistPathArgs<First, Args, Shapes, FirstShape>
  ): Info;
}
