/**
 * The ONNX Runtime engine at the seam (src/engines/engine.ts): it prepares a plan (PlanData) into
 * a graph of typed-einsum's path (graph.ts) and an InferenceSession, and runs it asynchronously.
 *   - The dtype ORT computes in is the plan's (computeDType), if the provider has it (providers.ts);
 *     else float32 when the engine casts; else the plan is refused with DTYPE, before ORT runs.
 *   - Plans differ by operand strides, graphs do not: sessions are kept by graph, so a strided
 *     view reuses the session of its contiguous twin. They live until release().
 *   - A plan with a size-0 label is answered without ORT: its result is zeros (or empty), and ORT's
 *     CPU Einsum dies with SIGFPE on a zero-size dimension.
 */
import type { DType, TypedArray } from '../../dtype.js';
import { EinsumError } from '../../errors.js';
import { isMatrixProduct } from '../../plan/classify.js';
import type { PlanData } from '../../plan/types.js';
import type { Tensor } from '../../tensor.js';
import type { Engine, Prepared } from '../engine.js';
import { buildGraph, INPUT, OUTPUT, type Graph, type GraphRequest } from './graph.js';
import { inputData, inputLayouts } from './inputs.js';
import { onnxMessages } from './messages.js';
import type { AnySessionOptions, OrtNamespace, OrtSession, OrtTensor } from './ort.js';
import { hasMatMul, preferredProvider, providerDTypes } from './providers.js';

export interface OnnxPrepared extends Prepared<Promise<void>> {
  /** The graph ORT runs (op types and path steps), undefined for a plan answered without ORT. */
  readonly graph: Graph | undefined;
}

/** One graph's model and session, shared by every plan with that graph. */
interface SessionEntry {
  readonly graph: Graph;
  session: Promise<OrtSession> | undefined;
  /** Runs on one session are chained: onnxruntime-web refuses a run while another is in flight. */
  queue: Promise<unknown>;
}

export interface OnnxPreparer extends Engine<Promise<void>> {
  prepare(plan: PlanData): OnnxPrepared;
  /** Releases every session; later runs build them again. */
  release(): Promise<void>;
  /** How many graphs (each with its session) are kept. */
  readonly graphs: number;
}

export function onnxPreparer(ort: OrtNamespace, sessionOptions: AnySessionOptions | undefined, cast: boolean): OnnxPreparer {
  const provider = preferredProvider(sessionOptions);
  const entries = new Map<string, SessionEntry>();

  const sessionOf = (entry: SessionEntry): Promise<OrtSession> => {
    if (entry.session === undefined) {
      const made = ort.InferenceSession.create(entry.graph.model, sessionOptions as never);
      entry.session = made;
      made.catch(() => {
        if (entry.session === made) entry.session = undefined; // a failure is not cached: the next run tries again
      });
    }
    return entry.session;
  };

  const prepare = (plan: PlanData): OnnxPrepared => {
    const supported = providerDTypes(provider);
    let compute: DType = plan.compute;
    if (!supported.includes(compute)) {
      if (!cast) throw new EinsumError('DTYPE', onnxMessages.providerDType(plan.subscripts, provider, compute, supported), plan.subscripts);
      compute = 'float32';
    }
    if (plan.values.some((v) => v.size === 0)) {
      return { engine: 'onnx', graph: undefined, run: async (_, target, offset) => void target.fill(0, offset, offset + sizeOfShape(plan.shape)) };
    }
    const layouts = inputLayouts(plan);
    const request: GraphRequest = {
      sizes: plan.sizes,
      inputs: layouts.map((l) => l.labels),
      output: plan.output,
      path: plan.path.path,
      matrixProducts: plan.blas.map(isMatrixProduct),
      type: compute,
      matmul: hasMatMul(provider, compute),
    };
    const key = graphKey(request);
    let entry = entries.get(key);
    if (!entry) {
      entry = { graph: buildGraph(request), session: undefined, queue: Promise.resolve() };
      entries.set(key, entry);
    }
    const shared = entry;
    const size = sizeOfShape(plan.shape);
    const run = async (operands: readonly Tensor[], target: TypedArray, offset: number): Promise<void> => {
      const feeds: Record<string, OrtTensor> = {};
      layouts.forEach((layout, i) => {
        feeds[INPUT(i)] = new ort.Tensor(compute, inputData(operands[i], layout, compute) as Float32Array, layout.shape);
      });
      const session = await sessionOf(shared);
      const turn = shared.queue.then(() => session.run(feeds));
      shared.queue = turn.catch(() => undefined);
      const data = (await turn)[OUTPUT]?.data;
      if (!ArrayBuffer.isView(data) || (data as TypedArray).length !== size) {
        throw new EinsumError('ARGUMENT', onnxMessages.badOutput(plan.subscripts, String(data)), plan.subscripts);
      }
      target.set(data as TypedArray, offset); // converts when ORT computed in another dtype
    };
    return { engine: 'onnx', graph: shared.graph, run };
  };

  return {
    name: 'onnx',
    prepare,
    async release() {
      const sessions = [...entries.values()].map((e) => e.session).filter((s) => s !== undefined);
      entries.clear();
      // A session that failed to load has nothing to release (its run already rejected).
      await Promise.all(sessions.map((s) => s.then((session) => session.release(), () => undefined)));
    },
    get graphs() {
      return entries.size;
    },
  };
}

/** Everything the graph depends on: labels and sizes of the inputs, the output, the path, the dtype. */
function graphKey(r: GraphRequest): string {
  const dims = (labels: readonly number[]) => labels.map((l) => `${l}:${r.sizes[l]}`).join(' ');
  return `${r.type}|${r.matmul}|${r.inputs.map(dims).join(',')}->${dims(r.output)}|${JSON.stringify(r.path)}|${r.matrixProducts.join()}`;
}

function sizeOfShape(shape: readonly number[]): number {
  return shape.reduce((p, n) => p * n, 1);
}
