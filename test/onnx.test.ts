/**
 * The ONNX Runtime engine on onnxruntime-node (CPU provider) against the CPU engine, over the
 * shared corpus: every golden numpy case and the seeded random equations (diagonals, '...',
 * size-0 and broadcasting size-1 dimensions, 1-6 operands), in float64, float32 and int32 and on
 * strided views. Within 1e-12 relative in float64, 1e-5 in float32, exact in int32.
 * Refused golden cases are refused with the CPU engine's code and words.
 */
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { onnxEngine } from '../src/onnx.js';
import { einsum, EinsumError, type DType, type Tensor } from '../src/index.js';
import { compareResult, goldenCases, goldenOperands, makeOperands, randomEquations, stridedView, type Equation } from './corpus.js';

// One intra-op thread: a session's own thread pool costs ~45 ms to start, and this file makes hundreds.
const THREADS = { intraOpNumThreads: 1 };
const engine = onnxEngine(ort, THREADS);
const onnx = engine.einsum as (subscripts: string, ...args: unknown[]) => Promise<Tensor>;
const cpu = einsum as (subscripts: string, ...args: unknown[]) => Tensor;
const TOLERANCE: Record<DType, number> = { float64: 1e-12, float32: 1e-5, int32: 0 };

afterAll(() => engine.release());

/** Undefined when the ONNX engine's result matches the CPU engine's (shape, dtype, values). */
async function differs(subscripts: string, operands: readonly unknown[]): Promise<string | undefined> {
  const want = cpu(subscripts, ...operands);
  const got = await onnx(subscripts, ...operands);
  if (got.dtype !== want.dtype) return `dtype ${got.dtype}, expected ${want.dtype}`;
  if (got.offset !== 0 || got.data.length !== got.size) return 'result is not contiguous';
  return compareResult(got, want, TOLERANCE[want.dtype]);
}

/** Every failure as "subscripts shapes: what differs", so one run reports them all. */
async function failures(equations: readonly Equation[], operandsOf: (eq: Equation, n: number) => unknown[]): Promise<string[]> {
  const bad: string[] = [];
  for (const [n, eq] of equations.entries()) {
    let problem: string | undefined;
    try {
      problem = await differs(eq.subscripts, operandsOf(eq, n));
    } catch (e) {
      problem = `threw ${(e as Error).name}: ${(e as Error).message}`;
    }
    if (problem) bad.push(`'${eq.subscripts}' ${JSON.stringify(eq.shapes)}: ${problem}`);
  }
  return bad;
}

describe('ONNX engine: golden numpy cases', () => {
  const cases = goldenCases();
  it('computes every computed case as the CPU engine does, and as numpy does', async () => {
    const computed = cases.filter((c) => c.expected);
    expect(computed.length).toBeGreaterThan(300);
    const bad: string[] = [];
    for (const c of computed) {
      try {
        const problem = (await differs(c.subscripts, goldenOperands(c))) ?? compareResult(await onnx(c.subscripts, ...goldenOperands(c)), c.expected!, 1e-9);
        if (problem) bad.push(`${c.name} '${c.subscripts}': ${problem}`);
      } catch (e) {
        bad.push(`${c.name} '${c.subscripts}': threw ${String(e)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('refuses every refused case with the CPU engine code and message', async () => {
    const refused = cases.filter((c) => c.error);
    expect(refused.length).toBeGreaterThan(20);
    for (const c of refused) {
      let want: unknown;
      try {
        cpu(c.subscripts, ...goldenOperands(c));
      } catch (e) {
        want = e;
      }
      const got = await onnx(c.subscripts, ...goldenOperands(c)).then(() => undefined, (e: unknown) => e);
      expect(got, `${c.name} '${c.subscripts}'`).toBeInstanceOf(EinsumError);
      expect((got as EinsumError).code).toBe(c.code);
      expect((got as EinsumError).message).toBe((want as EinsumError).message);
    }
  });
});

describe('ONNX engine: seeded random equations', () => {
  const equations = randomEquations(20260611, 240);

  it('the corpus has diagonals, ellipses, size 0 and broadcasting size 1', () => {
    const all = equations.map((e) => e.subscripts);
    expect(all.filter((s) => s.includes('...')).length).toBeGreaterThan(20);
    expect(equations.filter((e) => e.shapes.some((s) => s.includes(0))).length).toBeGreaterThan(3);
    expect(equations.filter((e) => e.shapes.length >= 4).length).toBeGreaterThan(30);
  });

  it('float64 decimals', async () => {
    expect(await failures(equations, (eq, n) => makeOperands(eq.shapes, n, 'float64', { integers: false }))).toEqual([]);
  });

  it('float32 decimals', async () => {
    expect(await failures(equations, (eq, n) => makeOperands(eq.shapes, n, 'float32', { integers: false }))).toEqual([]);
  });

  it('int32', async () => {
    expect(await failures(equations, (eq, n) => makeOperands(eq.shapes, n, 'int32'))).toEqual([]);
  });

  it('strided views and mixed dtypes', async () => {
    const dtypes: DType[] = ['float64', 'float32', 'int32'];
    const bad = await failures(equations.slice(0, 120), (eq, n) =>
      makeOperands(eq.shapes, n, dtypes[n % 3], { integers: false }).map((t, k) => (k % 2 === 0 ? stridedView(t, n + k) : t)),
    );
    expect(bad).toEqual([]);
  });

  it("float64 as Einsum nodes only (onnxruntime-web's wasm build has no float64 MatMul or ReduceSum)", async () => {
    // The engine is told 'wasm' and builds Einsum-only graphs; the sessions run on onnxruntime-node's CPU provider.
    const cpuOnly = { ...THREADS, executionProviders: ['cpu'] };
    const asWasm = onnxEngine(
      { Tensor: ort.Tensor, InferenceSession: { create: (model: Uint8Array) => ort.InferenceSession.create(model, cpuOnly) } },
      { executionProviders: ['wasm'] },
    );
    const run = asWasm.einsum as (subscripts: string, ...args: unknown[]) => Promise<Tensor>;
    const bad: string[] = [];
    for (const [n, eq] of equations.slice(0, 120).entries()) {
      const operands = makeOperands(eq.shapes, n, 'float64', { integers: false });
      const problem = await run(eq.subscripts, ...operands).then((got) => compareResult(got, cpu(eq.subscripts, ...operands), 1e-12), (e: unknown) => String(e));
      if (problem) bad.push(`'${eq.subscripts}' ${JSON.stringify(eq.shapes)}: ${problem}`);
    }
    await asWasm.release();
    expect(bad).toEqual([]);
  });

  it('optimize false, greedy, an explicit dtype, accumulate', async () => {
    const many = equations.filter((e) => e.shapes.length >= 3).slice(0, 60);
    const ops = (eq: Equation, n: number) => makeOperands(eq.shapes, n, 'float64', { integers: false });
    expect(await failures(many, (eq, n) => [...ops(eq, n), { optimize: false }])).toEqual([]);
    expect(await failures(many, (eq, n) => [...ops(eq, n), { optimize: 'greedy', dtype: 'float32' }])).toEqual([]);
    expect(await failures(many, (eq, n) => [...ops(eq, n), { dtype: 'float32', accumulate: 'float64' }])).toEqual([]);
    expect(await failures(many, (eq, n) => [...ops(eq, n), { dtype: 'int32' }])).toEqual([]);
  });
});
