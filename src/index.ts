export type { DType, TypedArray } from './dtype.js';
export { EinsumError, type EinsumErrorCode } from './errors.js';
export { Tensor, tensor, zeros, ones, random, type Shape, type TensorOptions, type Nested } from './tensor.js';
export type { EinsumOptions } from './operands.js';
export { clearPlanCache } from './plan.js';
export { contractPath, type ContractPathOptions } from './contract-path.js';
export type { PathInfo, PathStepInfo } from './path/info.js';
export type { PathStrategy } from './path/index.js';
export { compile, type CompiledEinsum, type CompileOptions } from './compile.js';
export { configure } from './configure.js';
export { registerKernels, type KernelSpec } from './registry.js';
import { einsumImpl } from './einsum.js';
import type { Tensor } from './tensor.js';
import type { EinsumOptions } from './operands.js';

// The typed signature arrives with the type layer (types/); until then, a plain one.
export const einsum = einsumImpl as (subscripts: string, ...operands: (Tensor | number[] | number[][] | EinsumOptions)[]) => Tensor;
