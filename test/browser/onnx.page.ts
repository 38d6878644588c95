// The ONNX engine in the browser: the cases the test wrote to /cases/cases.json run on the CPU
// engine, on ONNX Runtime's wasm provider and on its WebGPU provider (onnxruntime-web/webgpu,
// SwiftShader's WebGPU adapter in headless Chromium); every result goes back to the test, which
// compares them. Also reported: what WebGPU refuses (float64 without a cast), the cast engine's
// float64 results, and one raw ORT Einsum node on a broadcasting size-1 dimension (the provider
// fault the engine squeezes away), so the test can show it is still there.
import * as ort from 'onnxruntime-web/webgpu';
import { einsum, EinsumError, tensor, type DType, type Tensor } from '../../src/index.js';
import { onnxEngine } from '../../src/onnx.js';
import { encodeModel } from '../../src/engines/onnx/proto.js';
import { run } from './page-api.js';

export interface BrowserCase {
  readonly subscripts: string;
  readonly shapes: readonly (readonly number[])[];
  readonly data: readonly (readonly number[])[];
  readonly dtype: DType;
}

export interface CaseResult {
  readonly cpu: Outcome;
  readonly wasm: Outcome;
  readonly webgpu: Outcome;
}

export type Outcome = { readonly shape: readonly number[]; readonly dtype: DType; readonly data: number[] } | { readonly error: string; readonly code?: string };

export interface BrowserReport {
  readonly adapter: string;
  readonly results: readonly CaseResult[];
  /** A float64 call on the WebGPU engine without a cast. */
  readonly refused: Outcome;
  readonly rawBroadcast: { readonly got: number[]; readonly want: number[] };
}

const outcome = async (compute: () => Tensor | Promise<Tensor>): Promise<Outcome> => {
  try {
    const t = await compute();
    return { shape: t.shape, dtype: t.dtype, data: Array.from(t.data) };
  } catch (e) {
    return { error: String(e), code: e instanceof EinsumError ? e.code : undefined };
  }
};

/** ORT's own Einsum on 'ij,ij->ij' with [3,1]·[3,4], on the WebGPU provider, with nothing in between. */
async function rawBroadcast(): Promise<{ got: number[]; want: number[] }> {
  const model = encodeModel({
    opset: 17,
    constants: [],
    inputs: [{ name: 'a', type: 'float32', shape: [3, 1] }, { name: 'b', type: 'float32', shape: [3, 4] }],
    outputs: [{ name: 'y', type: 'float32' }], // undeclared: ONNX's shape inference says [3, 1]
    nodes: [{ op: 'Einsum', inputs: ['a', 'b'], outputs: ['y'], attributes: [{ name: 'equation', string: 'ij,ij->ij' }] }],
  });
  const a = Float32Array.from([1, 2, 3]);
  const b = Float32Array.from({ length: 12 }, (_, n) => n + 1);
  const session = await ort.InferenceSession.create(model, { executionProviders: ['webgpu'] });
  const y = (await session.run({ a: new ort.Tensor('float32', a, [3, 1]), b: new ort.Tensor('float32', b, [3, 4]) })).y;
  await session.release();
  return { got: Array.from(y.data as Float32Array), want: Array.from(b, (v, n) => v * a[Math.floor(n / 4)]) };
}

run(async (): Promise<BrowserReport> => {
  ort.env.wasm.wasmPaths = '/ort/';
  ort.env.wasm.numThreads = 1;
  const adapter = await navigator.gpu?.requestAdapter();
  const cases = (await (await fetch('/cases/cases.json')).json()) as BrowserCase[];
  const wasm = onnxEngine(ort, { executionProviders: ['wasm'] });
  const webgpu = onnxEngine(ort, { executionProviders: ['webgpu'] });
  const cast = onnxEngine(ort, { executionProviders: ['webgpu'] }, { cast: 'float32' });
  const call = (engine: typeof wasm) => engine.einsum as (subscripts: string, ...operands: Tensor[]) => Promise<Tensor>;
  const results: CaseResult[] = [];
  for (const c of cases) {
    const operands = c.data.map((data, k) => tensor(data, c.shapes[k], { dtype: c.dtype }));
    results.push({
      cpu: await outcome(() => (einsum as (s: string, ...o: Tensor[]) => Tensor)(c.subscripts, ...operands)),
      wasm: await outcome(() => call(wasm)(c.subscripts, ...operands)),
      webgpu: await outcome(() => call(c.dtype === 'float32' ? webgpu : cast)(c.subscripts, ...operands)),
    });
  }
  const refused = await outcome(() => call(webgpu)('ij,jk->ik', tensor([[1, 2]]), tensor([[3], [4]])));
  // ORT's verbose log names the provider each node landed on (the test reads it from the console).
  const verbose = onnxEngine(ort, { executionProviders: ['webgpu'], logSeverityLevel: 0 });
  const q = tensor(new Float32Array(2 * 5 * 2 * 4).fill(0.5), [2, 5, 2, 4]);
  await verbose.einsum('nqhd,nkhd->nhqk', q, q);
  await verbose.release();
  await Promise.all([wasm.release(), webgpu.release(), cast.release()]);
  const info = (adapter as { info?: { vendor: string; architecture: string } } | null | undefined)?.info;
  return { adapter: info ? `${info.vendor} ${info.architecture}` : String(adapter), results, refused, rawBroadcast: await rawBroadcast() };
});
