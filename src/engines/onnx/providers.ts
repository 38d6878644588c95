/**
 * Which dtypes an execution provider computes, for the refusal (DTYPE) of one it lacks.
 * ORT would otherwise place such nodes on its CPU provider behind the caller's back (copies to
 * and from the device) or fail at session creation; saying so up front is clearer.
 *   cpu (onnxruntime-node) and wasm (onnxruntime-web): float32, float64, int32
 *   webgpu, webgl, webnn: float32 only (their MatMul and Einsum kernels are float/float16)
 * Other providers (cuda, dml, coreml, ...) are not listed: the engine refuses nothing for them
 * and ORT places the nodes.
 */
import { DTYPES, type DType } from '../../dtype.js';
import type { ProviderOptions } from './ort.js';

const FLOAT32_ONLY: readonly DType[] = ['float32'];
const KNOWN: Readonly<Record<string, readonly DType[]>> = {
  cpu: DTYPES,
  wasm: DTYPES,
  webgpu: FLOAT32_ONLY,
  webgl: FLOAT32_ONLY,
  webnn: FLOAT32_ONLY,
};

export function providerDTypes(provider: string): readonly DType[] {
  return KNOWN[provider] ?? DTYPES;
}

/** The provider ORT prefers: the first one listed, or its default ('cpu' in Node, 'wasm' in browsers). */
export function preferredProvider(options: ProviderOptions | undefined): string {
  const first = options?.executionProviders?.[0];
  if (first === undefined) return typeof process === 'object' && process.versions?.node ? 'cpu' : 'wasm';
  return typeof first === 'string' ? first : first.name;
}
