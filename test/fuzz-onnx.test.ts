/**
 * "Errors are product", as a property, for the ONNX engine on onnxruntime-node (its einsum and its
 * compiled functions, which return promises): each call resolves to the reference's answer or
 * rejects with an EinsumError (never an ORT error, never a TypeError); no operand, nor a refused
 * `out`, is written; and a valid call right after still resolves rightly. Fewer runs than the CPU
 * properties: each new plan costs an InferenceSession.
 */
import * as ort from 'onnxruntime-node';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { onnxEngine } from '../src/onnx.js';
import { EinsumError, Tensor, zeros, type DType } from '../src/index.js';
import { randomEquations } from './corpus.js';
import { changing, differs, junk, oddView, rng, small, snapshot, spread, throwingGetter, USER_ERROR } from './fuzz-kit.js';
import { referenceEinsum } from './reference.js';

const engine = onnxEngine(ort, { intraOpNumThreads: 1 });
const run = engine.einsum as (...args: unknown[]) => Promise<Tensor>;
const compile = engine.compile as (...args: unknown[]) => (...args: unknown[]) => Promise<Tensor>;
const EQUATIONS = randomEquations(8080, 60).filter((e) => e.shapes.length <= 3).slice(0, 24);
const DTYPES: DType[] = ['float64', 'float32', 'int32'];

/** The promise's value, or its EinsumError; anything else (thrown or rejected) fails. */
async function settled<T>(what: string, call: () => Promise<T>): Promise<{ value: T } | { error: EinsumError }> {
  try {
    return { value: await call() };
  } catch (e) {
    if (e instanceof EinsumError) return { error: e };
    if (e === USER_ERROR) return { error: new EinsumError('ARGUMENT', 'the caller’s own getter error, passed through') };
    throw new Error(`${what} threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
}

function expected(subscripts: string, operands: readonly unknown[]) {
  try {
    return referenceEinsum(subscripts, operands as Tensor[]);
  } catch {
    return undefined;
  }
}

const tally = { einsum: 0, compiled: 0 };
afterAll(() => engine.release());

describe('the ONNX engine', () => {
  it('einsum and compiled calls: only EinsumErrors, right answers, untouched operands and refused outs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(EQUATIONS.length - 1), fc.integer(), fc.nat(15), fc.nat(9), async (e, seed, o, c) => {
        const { subscripts, shapes } = EQUATIONS[e];
        const next = rng(seed);
        const operands: unknown[] = shapes.map((s, k) => {
          const t = small(s, DTYPES[Math.floor(next() * 3)], seed + k);
          return next() < 0.3 ? oddView(t, seed + k) : t;
        });
        const want = expected(subscripts, operands);
        const shape = want?.shape ?? [1];
        const dtype = (operands as Tensor[]).reduce<DType>((w, t) => (t.dtype === 'float64' || w === 'float64' ? 'float64' : t.dtype === 'float32' || w === 'float32' ? 'float32' : 'int32'), 'int32');
        const options: unknown = [
          undefined, {}, { optimize: false }, { optimize: 'greedy', dtype: 'float64' }, { out: zeros(shape, { dtype }) }, { out: oddView(zeros(shape, { dtype }), 1) },
          { out: zeros([...shape, 2], { dtype }) }, { out: operands[0] }, { dtype: 'float16' }, { memoryLimit: 1 }, { optimize: [[0, 5]] },
          throwingGetter('dtype'), changing('dtype', 'float64', 'int8'), { out: junk()[seed & 15] }, { out: spread(shape, dtype) }, { accumulate: 'float64' },
        ][o];
        if (c === 9) operands[0] = junk()[(seed >>> 4) & 15];
        const out = typeof options === 'object' && options !== null ? Object.getOwnPropertyDescriptor(options, 'out')?.value : undefined;
        const asked = typeof options === 'object' && options !== null ? Object.getOwnPropertyDescriptor(options, 'dtype')?.value : undefined;
        const dtypeAsked = o === 12 ? 'float64' : asked; // 12: a getter whose first read is 'float64'
        const aliased = operands.includes(out);
        const what = `onnx einsum('${subscripts}', ${snapshot(operands.map((t) => (t instanceof Tensor ? [t.shape, t.dtype, t.strides] : t)))}, options ${o}, variant ${c})`;
        const before = snapshot(aliased ? [] : operands);
        const outBefore = snapshot(out);
        const got = await settled(what, () => (options === undefined ? run(subscripts, ...operands) : run(subscripts, ...operands, options)));
        if ('value' in got) {
          tally.einsum++;
          const w = expected(subscripts, operands) === undefined ? undefined : want;
          if (!w) throw new Error(`${what}: accepted what the reference refuses`);
          const diff = differs(got.value, w);
          if (diff) throw new Error(`${what}: ${diff}`);
          if (got.value.dtype !== (dtypeAsked === 'float64' || dtypeAsked === 'float32' || dtypeAsked === 'int32' ? dtypeAsked : dtype)) throw new Error(`${what}: dtype ${got.value.dtype}`);
          if (out !== undefined && got.value !== out) throw new Error(`${what}: out accepted, another tensor returned`);
        } else if (snapshot(out) !== outBefore) throw new Error(`${what}: a refused out was written`);
        if (snapshot(aliased ? [] : operands) !== before) throw new Error(`${what}: an operand was written`);
        if (c === 9 || aliased || !want) return;

        // The compiled form: right descriptors, then a call with the operands, a wrong one, and again.
        const f = compile(subscripts, ...(operands as Tensor[]).map((t) => ({ shape: t.shape, dtype: t.dtype })));
        const calls: unknown[][] = [operands, [...operands, zeros(shape, { dtype })], [...operands.slice(1), operands[0]], [...operands, zeros([...shape, 1], { dtype })], [...operands, 'out'], [small((operands[0] as Tensor).shape, (operands[0] as Tensor).dtype === 'int32' ? 'float64' : 'int32', seed), ...operands.slice(1)], operands];
        for (const [k, args] of calls.entries()) {
          const cwhat = `${what}, compiled call ${k}`;
          const guarded = snapshot(args);
          const kept = snapshot(operands);
          const r = await settled(cwhat, () => f(...args));
          if ('value' in r) {
            tally.compiled++;
            const diff = differs(r.value, want);
            if (diff) throw new Error(`${cwhat}: ${diff}`);
            if (r.value.dtype !== (f as unknown as { dtype: DType }).dtype) throw new Error(`${cwhat}: a ${r.value.dtype} result from a function compiled for ${(f as unknown as { dtype: DType }).dtype}`);
          } else if (k === 0 || k === 1 || k === 6) throw new Error(`${cwhat}: refused: ${r.error.message}`);
          if (snapshot(operands) !== kept || ('error' in r && snapshot(args) !== guarded)) throw new Error(`${cwhat}: an argument was written`);
        }
      }),
      { numRuns: 120, seed: 777 },
    );
    // Not vacuous: many calls reach ORT and come back.
    if (tally.einsum < 40 || tally.compiled < 100) throw new Error(`too few accepted calls: ${JSON.stringify(tally)}`);
  });
});
