/**
 * Everything that races on one case: typed-einsum (and, for the per-call cases, its `out` and
 * compile() forms), tf.einsum on the CPU backend, the TF.js ops on the CPU and WASM backends,
 * the naive einsum, and hand-written JS. Each contender prepares its inputs outside the timed
 * call and hands back the call, or a reason it cannot run ("n/a", "unsupported", "skipped").
 */
import type * as tfTypes from '@tensorflow/tfjs-core';
import { random } from '../src/create.js';
import { type Tensor } from '../src/tensor.js';
import type { BenchCase } from './cases.js';
import { estimateNaiveSeconds, naiveSteps, referenceEinsum } from './naive.js';
import { tf, tfjsCall, upload, useBackend, type Backend } from './tfjs.js';

export type BenchDType = 'float64' | 'float32';
export type Group = 'typed-einsum' | 'tfjs' | 'naive' | 'hand';

export interface Ready {
  run: () => unknown;
  /** One more call, its result as flat row-major numbers (checked against typed-einsum's). */
  output: () => ArrayLike<number>;
  cleanup?: () => void;
  /** Shown beside the row: how the contender computes. */
  note?: string;
}

export type Prepared = Ready | { skip: string };

/** Seconds one call may be estimated to take before the contender is skipped. */
export interface Limits {
  naive: number;
  /** Higher: tf.einsum 256³ (the 50× target) takes 2–3 s per call and must be measured. */
  tfEinsum: number;
}

export interface Contender {
  name: string;
  group: Group;
  /** TF.js computes in float32 only: measured once, shown under both dtypes. */
  float32Only?: boolean;
  /** The TF.js backend that must be active while it runs. */
  backend?: Backend;
  prepare: (c: BenchCase, dtype: BenchDType, limits: Limits) => Promise<Prepared>;
}

type LooseEinsum = (subscripts: string, ...operands: unknown[]) => Tensor;
type LooseCompiled = ((...operandsThenOut: unknown[]) => Tensor) & { kernel?: string };
type LooseCompile = (subscripts: string, ...shapes: unknown[]) => LooseCompiled;

interface Engine {
  einsum?: LooseEinsum;
  compile?: LooseCompile;
  error?: string;
}

let engine: Engine | undefined;

/** The engine is imported lazily, so a missing piece is an "n/a" row and not a crash. */
export async function loadEngine(): Promise<Engine> {
  if (engine) return engine;
  try {
    const mod = (await import('../src/index.js')) as unknown as Record<string, unknown>;
    engine = {
      einsum: typeof mod.einsum === 'function' ? (mod.einsum as LooseEinsum) : undefined,
      compile: typeof mod.compile === 'function' ? (mod.compile as LooseCompile) : undefined,
    };
  } catch (error) {
    engine = { error: String(error).split('\n')[0] };
  }
  return engine;
}

/** The same seeded operands for every contender of a case. */
export function operandsFor(c: BenchCase, dtype: BenchDType): Tensor[] {
  return c.shapes.map((shape, k) => random(shape, { seed: 1000 + k, dtype }) as Tensor);
}

function typedEinsum(form: 'plain' | 'out' | 'compile'): Contender {
  const name = { plain: 'typed-einsum', out: 'typed-einsum, reused out', compile: 'typed-einsum compile(), reused out' }[form];
  return {
    name,
    group: 'typed-einsum',
    prepare: async (c, dtype) => {
      const { einsum, compile, error } = await loadEngine();
      if (!einsum) return { skip: `n/a (${error ?? 'einsum not exported'})` };
      const ops = operandsFor(c, dtype);
      const s = c.subscripts;
      if (form === 'plain') {
        const run = timedCall(einsum, [s, ...ops]);
        return { run, output: () => run().data };
      }
      const out = einsum(s, ...ops); // a result tensor of the right shape and dtype
      const into = { out };
      if (form === 'out') {
        const run = timedCall(einsum, [s, ...ops, into]);
        return { run, output: () => run().data };
      }
      if (!compile) return { skip: 'n/a (compile() not exported yet)' };
      // A bare shape means float64; other dtypes are described as { shape, dtype }.
      const kernel = compile(s, ...ops.map((t) => (dtype === 'float64' ? t.shape.slice() : { shape: t.shape, dtype })));
      const run = timedCall(kernel, [...ops, out]);
      return { run, output: () => run().data, note: kernel.kernel ? `runs the ${kernel.kernel} kernel` : undefined };
    },
  };
}

let timedCalls = 0;

/**
 * The timed call written the way a user writes it in a hot loop, `einsum(s, a, b)`: the arguments
 * fixed, no spread (on a 3×3 call, spreading an array into the arguments costs as much as the
 * contraction), and a call site of its own. A closure written once here and made for every
 * contender would share its type feedback between them all (V8 keeps it per function literal), so
 * its call would be megamorphic and never inlined, a cost the hand-written contenders, one
 * literal per case, do not pay. Unique source per call keeps it monomorphic (as makeSampler does).
 */
function timedCall<F extends (...args: never[]) => Tensor>(fn: F, args: readonly unknown[]): () => Tensor {
  const names = args.map((_, i) => `x${i}`);
  const body = `/* timed call ${timedCalls++} */ return () => fn(${names.join(', ')});`;
  return new Function('fn', ...names, body)(fn, ...args) as () => Tensor;
}

function tfjsOps(backend: Backend, tuned = false): Contender {
  return {
    name: tuned ? `TF.js ${backend} per-batch matMul (f32)` : `TF.js ${backend} ops (f32)`,
    group: 'tfjs',
    float32Only: true,
    backend,
    prepare: async (c) => {
      await useBackend(backend);
      const inputs = upload(operandsFor(c, 'float32'));
      const { op, dispose, note } = (tuned && c.tfjsTuned ? c.tfjsTuned : c.tfjs)(inputs);
      const ready = tfjsReady(op, () => {
        dispose?.();
        tf.dispose(inputs);
      });
      return { ...ready, note };
    },
  };
}

let tfEinsumSecondsPerStep: number | undefined;

/** tf.einsum (CPU backend only: the WASM backend has no Einsum kernel in tfjs 4.22). */
const tfEinsum: Contender = {
  name: 'tf.einsum cpu (f32)',
  group: 'tfjs',
  float32Only: true,
  backend: 'cpu',
  prepare: async (c, _dtype, limits) => {
    await useBackend('cpu');
    if (tfEinsumSecondsPerStep === undefined) tfEinsumSecondsPerStep = calibrateTfEinsum();
    // Ask tf.einsum about the subscripts on tiny operands first: a refusal costs nothing there.
    const tiny = c.shapes.map((shape) => tf.ones(shape.map(() => 2)));
    try {
      tf.einsum(c.subscripts, ...tiny).dispose();
    } catch (error) {
      return { skip: `unsupported: ${String(error).replace(/^Error: /, '').split('.')[0].slice(0, 60)}` };
    } finally {
      tf.dispose(tiny);
    }
    const estimate = naiveSteps(c.subscripts, c.shapes) * tfEinsumSecondsPerStep;
    if (estimate > limits.tfEinsum) return { skip: `skipped (est. ${estimate.toFixed(1)} s per call)` };
    const inputs = upload(operandsFor(c, 'float32'));
    return tfjsReady(() => tf.einsum(c.subscripts, ...inputs), () => tf.dispose(inputs));
  },
};

/** tf.einsum materialises the full broadcast product, so its cost follows the odometer's. */
function calibrateTfEinsum(): number {
  const n = 64;
  const a = tf.ones([n, n]);
  const b = tf.ones([n, n]);
  tf.einsum('ij,jk->ik', a, b).dispose();
  const t = performance.now();
  tf.einsum('ij,jk->ik', a, b).dispose();
  const seconds = (performance.now() - t) / 1000;
  tf.dispose([a, b]);
  return seconds / n ** 3;
}

function tfjsReady(op: () => tfTypes.Tensor, cleanup: () => void): Ready {
  return {
    run: tfjsCall(op),
    output: () => {
      const r = op();
      const data = r.dataSync();
      r.dispose();
      return data;
    },
    cleanup,
  };
}

const naive: Contender = {
  name: 'naive einsum (odometer)',
  group: 'naive',
  prepare: async (c, dtype, limits) => {
    const estimate = estimateNaiveSeconds(c.subscripts, c.shapes);
    if (estimate > limits.naive) return { skip: `skipped (est. ${estimate.toFixed(1)} s per call)` };
    const ops = operandsFor(c, dtype);
    return { run: () => referenceEinsum(c.subscripts, ops), output: () => referenceEinsum(c.subscripts, ops).data };
  },
};

const hand: Contender = {
  name: 'hand-written JS',
  group: 'hand',
  prepare: async (c, dtype) => {
    if (!c.hand) return { skip: 'none' };
    const { run, note } = c.hand(operandsFor(c, dtype).map((t) => t.data as Float64Array | Float32Array));
    return { run, output: () => Array.from(run()), note };
  },
};

/** The contenders of one case, typed-einsum first (the ratios are taken against it). */
export function contendersFor(c: BenchCase): Contender[] {
  const list: Contender[] = [typedEinsum('plain')];
  for (const form of c.variants ?? []) list.push(typedEinsum(form));
  if (c.hand) list.push(hand);
  list.push(tfEinsum, tfjsOps('cpu'), tfjsOps('wasm'));
  if (c.tfjsTuned) list.push(tfjsOps('wasm', true));
  list.push(naive);
  return list;
}
