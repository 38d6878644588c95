/**
 * TensorFlow.js as a competitor, in pure JS/WASM (never tfjs-node: that is native TensorFlow,
 * and typed-einsum promises no native addons, so the fair rivals are the CPU backend (plain JS)
 * and the WASM backend (XNNPACK, SIMD, one thread here)).
 *
 * How the timings are taken: inputs are uploaded once before timing; one timed call runs the ops
 * and disposes of the result (and its intermediates). Both backends compute synchronously inside
 * the op call, so reading the result back is not needed to pay for the work; leaving the read-back
 * out favours TF.js. Prod mode is on (no debug checks), which also favours TF.js.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { fileURLToPath } from 'node:url';

export { tf };

export type Backend = 'cpu' | 'wasm';

export interface TfjsInfo {
  version: string;
  wasm: boolean;
  simd: boolean;
  threads: number;
  /** Why the WASM backend is missing, when it is. */
  wasmError?: string;
}

let info: TfjsInfo | undefined;

/** Registers both backends once; reports whether WASM (and its SIMD build) really runs. */
export async function initTfjs(): Promise<TfjsInfo> {
  if (info) return info;
  tf.enableProdMode();
  // In Node the WASM backend reads its .wasm files from disk; a plain directory path and a
  // file:// URL both work with tfjs 4.22 (checked); the path is the less surprising one.
  const dist = fileURLToPath(new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url));
  setWasmPaths(dist);
  setThreadsCount(1); // 2 shared cores on this machine; one thread on each side keeps it fair
  let wasm = false;
  let wasmError: string | undefined;
  try {
    wasm = await tf.setBackend('wasm');
    await tf.ready();
    wasm = wasm && tf.getBackend() === 'wasm';
  } catch (error) {
    wasmError = String(error);
  }
  const simd = wasm && (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  info = { version: tf.version_core, wasm, simd, threads: wasm ? getThreadsCount() : 0, wasmError };
  await tf.setBackend('cpu');
  return info;
}

export async function useBackend(backend: Backend): Promise<void> {
  if (tf.getBackend() === backend) return;
  const ok = await tf.setBackend(backend);
  if (!ok || tf.getBackend() !== backend) throw new Error(`TF.js backend '${backend}' is not available`);
}

/** Uploads float32 copies of the operands to the current backend. */
export function upload(operands: readonly { shape: readonly number[]; data: ArrayLike<number> }[]): tf.Tensor[] {
  return operands.map((op) => tf.tensor(Float32Array.from(op.data), op.shape.slice(), 'float32'));
}

/** A timed TF.js call: run the ops, free the result. */
export function tfjsCall(op: () => tf.Tensor): () => void {
  return () => op().dispose();
}

// The ops a user without tf.einsum (or with a subscripts tf.einsum refuses) would write.
// Intermediates are disposed by hand: cheaper than tf.tidy, so again the favourable reading.

export function attentionScores(q: tf.Tensor, k: tf.Tensor): tf.Tensor {
  const qt = tf.transpose(q, [0, 2, 1, 3]); // n h q d
  const kt = tf.transpose(k, [0, 2, 1, 3]); // n h k d
  const scores = tf.matMul(qt, kt, false, true); // n h q k
  qt.dispose();
  kt.dispose();
  return scores;
}

export function bilinear(x: tf.Tensor, w: tf.Tensor, y: tf.Tensor): tf.Tensor {
  const xw = tf.matMul(x, w); // b j
  const p = tf.mul(xw, y);
  const r = tf.sum(p, 1);
  xw.dispose();
  p.dispose();
  return r;
}

export function chain(a: tf.Tensor, b: tf.Tensor, c: tf.Tensor): tf.Tensor {
  const ab = tf.matMul(a, b);
  const r = tf.matMul(ab, c);
  ab.dispose();
  return r;
}

/** ii->i: TF.js has no diagonal view; gather the flat positions i*(n+1). */
export function diagonalIndices(n: number): tf.Tensor1D {
  return tf.tensor1d(Int32Array.from({ length: n }, (_, i) => i * (n + 1)), 'int32');
}

export function diagonal(a: tf.Tensor, indices: tf.Tensor1D): tf.Tensor {
  const flat = tf.reshape(a, [-1]);
  const d = tf.gather(flat, indices);
  flat.dispose();
  return d;
}

export function trace(a: tf.Tensor, indices: tf.Tensor1D): tf.Tensor {
  const d = diagonal(a, indices);
  const s = tf.sum(d);
  d.dispose();
  return s;
}

// Split by hand for the WASM backend. Measured with tfjs 4.22 here: a plain 2-D tf.matMul runs
// at ~30 GFLOP/s, but a batched one, or one with transposeB, at ~2 GFLOP/s. A user who measured
// might split the batch into 2-D products; this is that code, kept as a row because it shows that
// tf.unstack/tf.stack cost more than the fast path saves, so batched tf.matMul stays TF.js's best.

/** [batch, m, k] × [batch, k, n] as `batch` 2-D products, stacked. */
export function perBatchMatMul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const as = tf.unstack(a);
    const bs = tf.unstack(b);
    return tf.stack(as.map((x, i) => tf.matMul(x, bs[i])));
  });
}

/** nqhd,nkhd->nhqk with k pre-transposed to n h d k, so every product is a plain 2-D one. */
export function attentionPerBatch(q: tf.Tensor, k: tf.Tensor): tf.Tensor {
  const [n, nq, h, d] = q.shape as number[];
  const nk = (k.shape as number[])[1];
  return tf.tidy(() => {
    const qt = tf.reshape(tf.transpose(q, [0, 2, 1, 3]), [n * h, nq, d]);
    const kt = tf.reshape(tf.transpose(k, [0, 2, 3, 1]), [n * h, d, nk]);
    return tf.reshape(perBatchMatMul(qt, kt), [n, h, nq, nk]);
  });
}
