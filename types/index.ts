/** The type layer's public surface: what src/index.ts re-exports and src/ declares its functions with. */
export type { EinsumTypeError } from './errors.js';
export type { Operand } from './operand.js';
export type {
  EinsumSignature,
  EinsumOptions,
  EinsumArgs,
  StringFormArgs,
  EinsumResult,
  EinsumCheck,
  CheckSubscripts,
  CheckOperands,
  ResultShape,
  ResultDType,
} from './einsum.js';
export type { TypeArgumentForm } from './type-argument.js';
export type { ContractPathSignature, ContractPathCheck, PathOptions } from './contract-path.js';
export type { CompileSignature, CompileCheck, CompileOptions, TypedCompiled } from './compile.js';
export type { ParseSubscripts } from './subscripts.js';
export type { VjpSignature, VjpOptions, PullbackOptions, TypedPullback, Gradients, CotangentShape } from './vjp.js';
export type { SublistEinsumSignature, SublistCheck, SublistShape, SublistDType, SublistLabel } from './sublist.js';
