/**
 * typed-einsum/onnx: einsum and compile on ONNX Runtime, typed exactly like the CPU ones, with
 * promises. The package never imports onnxruntime: pass the namespace you use.
 *
 *   import * as ort from 'onnxruntime-node';          // or 'onnxruntime-web', 'onnxruntime-web/webgpu'
 *   const gpu = onnxEngine(ort, { executionProviders: ['webgpu'] });
 *   const energy = await gpu.einsum('nqhd,nkhd->nhqk', q, k);
 *   const f = gpu.compile('bi,ij,bj->b', [1024, 256], [256, 256], [1024, 256]); // await f(x, W, x)
 *   await gpu.release();
 */
import type { EinsumResult, StringFormArgs } from '../types/index.js';
import type { SublistFormArgs, SublistResult } from '../types/sublist.js';
import type { CompileArgs, SublistCompileArgs, SublistCompiled, TypedCompiled } from '../types/compile.js';
import { createOnnxEngine, type OnnxCompiledBase, type OnnxEngineOptions } from './engines/onnx/engine.js';
import type { AnySessionOptions, OrtNamespace, SessionOptionsOf } from './engines/onnx/ort.js';

export type { OnnxEngineOptions } from './engines/onnx/engine.js';
export type { OrtNamespace, OrtSession, OrtTensor, OrtDType, OrtProvider, AnySessionOptions, SessionOptionsOf } from './engines/onnx/ort.js';

/**
 * einsum's signatures with a promised result: the string form and numpy's sublist format, each
 * without parameters for the other's calls (see EinsumSignature); no type-argument form (it needs
 * the codegen's rewrite).
 */
export interface OnnxEinsum {
  <const First, const Args extends readonly unknown[], Shapes extends readonly unknown[] = []>(
    ...args: [First] extends [string] ? StringFormArgs<First, Args, Shapes> : []
  ): Promise<EinsumResult<First, Args, Shapes>>;
  <const First, const Args extends readonly unknown[], Shapes extends readonly unknown[] = [], FirstShape = unknown>(
    ...args: SublistFormArgs<First, Args, Shapes, FirstShape>
  ): Promise<SublistResult<First, Args, Shapes, FirstShape>>;
}

/** A compiled function of the CPU compile's type, whose call returns a promise. */
export type OnnxCompiled<Compiled> = Compiled extends (...args: infer Args) => infer Result
  ? ((...args: Args) => Promise<Result>) & { readonly [Key in keyof Compiled]: Compiled[Key] }
  : Compiled;

export interface OnnxCompile {
  <const First, const Args extends readonly unknown[], Shapes extends readonly unknown[] = []>(
    ...args: CompileArgs<First, Args, Shapes>
  ): OnnxCompiled<TypedCompiled<OnnxCompiledBase, First & string, Args, Shapes>>;
  <const First, const Args extends readonly unknown[], Shapes extends readonly unknown[] = [], FirstShape = unknown>(
    ...args: SublistCompileArgs<First, Args, Shapes, FirstShape>
  ): OnnxCompiled<SublistCompiled<OnnxCompiledBase, First, Args, Shapes, FirstShape>>;
}

export interface OnnxEngine {
  /** einsum(subscripts, ...operands, options?) on ONNX Runtime; refusals reject with EinsumError before ORT runs. */
  readonly einsum: OnnxEinsum;
  /** compile(subscripts, ...shapes, options?): a function of operands (and an optional out) returning a promise. */
  readonly compile: OnnxCompile;
  /** Releases every cached InferenceSession; later calls build their sessions again. */
  release(): Promise<void>;
}

/**
 * An engine on the given ort namespace. `sessionOptions` go to every InferenceSession.create
 * (execution providers, threads, ...); `options.cast` decides what a dtype the provider lacks does.
 */
export function onnxEngine<Ort extends OrtNamespace>(ort: Ort, sessionOptions?: SessionOptionsOf<Ort>, options?: OnnxEngineOptions): OnnxEngine {
  const engine = createOnnxEngine(ort, sessionOptions as AnySessionOptions | undefined, options);
  return { einsum: engine.einsum as OnnxEinsum, compile: engine.compile as unknown as OnnxCompile, release: engine.release };
}
