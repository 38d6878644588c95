/**
 * Which dtypes an execution provider computes, for the refusal (DTYPE) of one it lacks, and
 * which of them it computes without MatMul and ReduceSum kernels (then the graph is Einsum nodes).
 * ORT would otherwise place such nodes on its CPU provider behind the caller's back (copies to
 * and from the device) or fail at session creation; saying so up front is clearer. Measured with
 * onnxruntime 1.30 (a session per op and dtype, node placements read from ORT's verbose log):
 *   cpu (onnxruntime-node): float32, float64, int32
 *   wasm (onnxruntime-web): float32, float64, int32; no float64 MatMul or ReduceSum (Einsum has it)
 *   webgpu: float32 (int32 MatMul and Einsum, and every float64 node, land on the CPU provider;
 *   float64 MatMul and ReduceSum fail to load); webgl and webnn: float32
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

/** Whether the provider has MatMul and ReduceSum for this dtype (else: Einsum nodes only). */
export function hasMatMul(provider: string, dtype: DType): boolean {
  return !(provider === 'wasm' && dtype === 'float64');
}

/** The provider ORT prefers: the first one listed, or its default ('cpu' in Node, 'wasm' in browsers). */
export function preferredProvider(options: ProviderOptions | undefined): string {
  const first = options?.executionProviders?.[0];
  if (first === undefined) return typeof process === 'object' && process.versions?.node ? 'cpu' : 'wasm';
  return typeof first === 'string' ? first : first.name;
}
