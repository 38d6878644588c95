/**
 * The part of the `ort` namespace the engine uses, typed structurally: `onnxruntime-node`,
 * `onnxruntime-web` and `onnxruntime-web/webgpu` all fit, and typed-einsum imports none of them.
 * (type-tests/onnx.test-d.ts checks that the real namespaces are assignable.)
 */
export type OrtDType = 'float32' | 'float64' | 'int32';

export interface OrtTensor {
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: unknown;
  dispose?(): void;
}

export interface OrtSession {
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}

/** An execution provider as ORT's session options name it: 'webgpu' or { name: 'webgpu', ... }. */
export type OrtProvider = string | { readonly name: string };

export interface OrtNamespace {
  readonly Tensor: new (type: OrtDType, data: Float32Array | Float64Array | Int32Array, dims: readonly number[]) => OrtTensor;
  readonly InferenceSession: {
    create(model: Uint8Array, options?: never): Promise<OrtSession>;
  };
}

/** What the engine reads of the session options: the providers, in ORT's order of preference. */
export interface ProviderOptions {
  readonly executionProviders?: readonly OrtProvider[];
}

/** Session options of a namespace that does not declare its own: passed to ORT as they are. */
export type AnySessionOptions = ProviderOptions & { readonly [option: string]: unknown };

/**
 * The session options a namespace's InferenceSession.create takes (its last overload: bytes,
 * options), so `onnxEngine(ort, { ... })` is checked against the ort build in use.
 */
export type SessionOptionsOf<Ort> = Ort extends { readonly InferenceSession: { create(model: Uint8Array, options?: infer Options): unknown } }
  ? [Exclude<Options, undefined>] extends [never]
    ? AnySessionOptions
    : Options
  : AnySessionOptions;
