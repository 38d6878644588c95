/**
 * The package root. Runtime functions are declared with the type layer's signatures (types/), so
 * the compiler checks subscripts and shapes; the implementations check the same at run time.
 */
import { contractPath as contractPathImpl } from './contract-path.js';
import { einsumImpl } from './einsum.js';
import { einsumVjpImpl } from './grad/vjp.js';
import type { PathInfo } from './plan/report.js';
import type { ContractPathSignature, EinsumSignature, VjpSignature } from '../types/index.js';

export type { DType, TypedArray } from './dtype.js';
export { EinsumError, type EinsumErrorCode } from './errors.js';
export { Tensor, type Shape, type TensorOptions, type Nested } from './tensor.js';
export { tensor, zeros, ones, random } from './create.js';
export { clearPlanCache } from './plan/cache.js';
export type { ContractPathOptions } from './contract-path.js';
export type { PathInfo, PathStepInfo } from './plan/report.js';
export type { PathStrategy } from './path/index.js';
export { compile, type CompiledEinsum, type CompileOptions } from './compile.js';
export { configure, capabilities, type Configuration, type Capabilities } from './configure.js';
export type { ThreadStatus } from './kernels/threads/settings.js';
export { registerKernels, type KernelSpec, type TensorKernel } from './registry.js';
export type { VjpOptions, PullbackOptions, TypedPullback, Gradients } from '../types/index.js';
export type { Pullback } from './grad/vjp.js';
export type { EinsumOptions, EinsumTypeError, EinsumCheck, ResultShape, ResultDType, Operand } from '../types/index.js';
export type { SublistEinsumSignature, SublistCheck, SublistShape, SublistLabel } from '../types/index.js';

/**
 * einsum('ij,jk->ik', a, b [, { out, dtype, optimize, memoryLimit }]): numpy's einsum, with the
 * subscripts and shapes checked by the compiler; a new contiguous result, or `out` written in place.
 */
export const einsum: EinsumSignature = einsumImpl as EinsumSignature;
/** The contraction path and opt_einsum's kind of cost report (`toString()`), without computing anything. */
export const contractPath: ContractPathSignature<PathInfo> = contractPathImpl as ContractPathSignature<PathInfo>;
/**
 * einsumVjp('ij,jk->ik', a, b [, { wrt, optimize, dtype, memoryLimit, out }]) -> [result, pullback]:
 * the result as einsum computes it, and pullback(cotangent [, { out }]) -> one gradient per operand.
 */
export const einsumVjp: VjpSignature = einsumVjpImpl as unknown as VjpSignature;
