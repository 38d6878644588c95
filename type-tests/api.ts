/**
 * The functions under test, typed with the type layer. Everything the type tests call comes from
 * here, so pointing them at the package's real exports is this file's one concern.
 */
import type { CompiledEinsum } from '../src/compile.js';
import type { PathInfo } from '../src/path/info.js';
import type { CompileSignature, ContractPathSignature, EinsumSignature } from '../types/index.js';

export declare const einsum: EinsumSignature;
export declare const contractPath: ContractPathSignature<PathInfo>;
export declare const compile: CompileSignature<CompiledEinsum>;
export { tensor, zeros, ones, random, Tensor } from '../src/tensor.js';
