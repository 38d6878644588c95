/**
 * The seam between a plan (src/plan/, plain data) and what runs it. An engine *prepares* a plan
 * into something it runs: the CPU kernels into closures over numbered slots (cpu/), the emitter
 * into one unrolled function (jit/), the codegen's registered kernels by looking one up
 * (generated/); ONNX Runtime into a graph and an InferenceSession. `choose` (index.ts) asks the
 * engines of its table in order and takes the first that accepts; adding an engine is a folder of
 * its own and one line in that table.
 *
 * `Done` is what running returns: void for the synchronous engines, a Promise for an asynchronous
 * one (ONNX Runtime: prepare may start building an InferenceSession, run awaits it, writes the
 * result into the target, and resolves).
 */
import type { TypedArray } from '../dtype.js';
import type { PlanData } from '../plan/types.js';
import type { Tensor } from '../tensor.js';

/** What the caller asks of the engines beyond the plan itself. */
export interface EngineRequest {
  /** Whether run-time code generation may be used (false: compile(..., { jit: false })). */
  readonly jit: boolean;
}

/** A plan prepared by one engine. */
export interface Prepared<Done = void> {
  /** The engine that prepared it: 'generated', 'jit', 'cpu', ... */
  readonly engine: string;
  /**
   * Computes the contraction of `operands` (exactly the plan's layouts and dtypes) and writes the
   * result, dense and row-major in the plan's output order, into `target` from `targetOffset`.
   * `target` is of the plan's dtype and shares no memory with the operands.
   */
  run(operands: readonly Tensor[], target: TypedArray, targetOffset: number): Done;
  /**
   * The same computation as one plain function (d0, o0, d1, o1, ..., r, ro), when the engine has
   * one (emitted kernels): compile() calls it straight from its hot entry.
   */
  readonly fn?: (...args: unknown[]) => void;
  /** Frees what prepare made (sessions, buffers); the prepared plan is not run after it. */
  release?(): Done;
}

export interface Engine<Done = void> {
  readonly name: string;
  /** The plan prepared to run, or undefined when this engine does not take it (the next one is asked). */
  prepare(plan: PlanData, request: EngineRequest): Prepared<Done> | undefined;
}
