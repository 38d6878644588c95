/**
 * "Errors are product", as properties, for compile() and the function it returns: whatever the
 * descriptors and options, compile returns a function or throws an EinsumError; whatever that
 * function is then called with, in a row of calls (operands right, of another dtype, shape or
 * layout, junk; `out` right, strided, of a wrong shape or dtype, aliasing an operand, junk), each
 * call returns the reference's answer or throws an EinsumError, writes no operand nor a refused
 * `out`, and leaves its remembered state (the last operands and `out` the kernel ran on) sound.
 */
import fc from 'fast-check';
import { afterEach, describe, it } from 'vitest';
import { compile, configure, Tensor, zeros, type DType } from '../src/index.js';
import { randomEquations } from './corpus.js';
import { changing, differs, junk, oddView, outcome, rng, small, snapshot, spread, throwingGetter, USER_ERROR } from './fuzz-kit.js';
import { referenceEinsum } from './reference.js';

type Compiled = ((...args: unknown[]) => Tensor) & { readonly shape: readonly number[]; readonly dtype: DType; readonly kernel: string; readonly source: string };
const untyped = compile as unknown as (...args: unknown[]) => Compiled;
const EQUATIONS = randomEquations(4242, 200).filter((e) => e.shapes.length <= 4).slice(0, 100);
const DTYPES: DType[] = ['float64', 'float32', 'int32'];

/** What compile is told about one operand: right, in one of its forms, or wrong. */
function descriptorOf(t: Tensor, how: number): unknown {
  const shape = t.shape.slice();
  switch (how) {
    case 0: case 1: return { shape, dtype: t.dtype };
    case 2: return t;
    case 3: return t.dtype === 'float64' ? shape : { shape, dtype: t.dtype, strides: t.strides.slice() };
    case 4: return { shape, dtype: t.dtype, strides: t.strides.slice() };
    case 5: return { shape: shape.length ? [shape[0] + 1, ...shape.slice(1)] : [2], dtype: t.dtype };
    case 6: return { shape, dtype: 'float16' };
    case 7: return { shape, strides: [0.5, ...shape.slice(1)] };
    case 8: return { shape, strides: [...shape, 1] };
    case 9: return { shape: junk()[shape.length + 3] };
    case 10: case 11: case 12: return changing('shape', shape, 'xy', { dtype: t.dtype }, how - 9); // read more than once, it changes
    case 13: return changing('strides', t.strides.slice(), [0.5], { shape, dtype: t.dtype }, 2);
    default: return junk()[how % junk().length];
  }
}

/** The reference's answer for these operands (a nested array is operand 0's values), computed before the call writes anything. */
function expected(subscripts: string, operands: readonly unknown[], shape: readonly number[] | undefined) {
  try {
    return referenceEinsum(subscripts, operands.map((t) => (t instanceof Tensor ? t : { shape: shape!, data: Float64Array.from([t].flat(Infinity as 1) as number[]) })));
  } catch {
    return undefined;
  }
}

const tally = { compiled: 0, calls: 0 };
const OPTIONS: unknown[] = [undefined, undefined, {}, { jit: false }, { jit: true }, { jit: 'yes' }, { dtype: 'float32' }, { dtype: 'int8' }, { optimize: 'greedy' }, { optimize: 'fastest' }, { optimize: [[0, 0]] }, { memoryLimit: 1 }, { memoryLimit: -1 }, { bogus: 1 }, throwingGetter('dtype'), changing('jit', false, 'x'), changing('optimize', 'greedy', true)];

describe('compile() and the compiled function', () => {
  afterEach(() => configure({ jit: true, wasm: true }));
  it('only EinsumErrors, right answers, untouched operands and refused outs, sound state across calls', () => {
    fc.assert(
      fc.property(fc.nat(EQUATIONS.length - 1), fc.integer(), fc.nat(OPTIONS.length - 1), fc.array(fc.nat(20), { minLength: 3, maxLength: 6 }), (e, seed, o, calls) => {
        const { subscripts, shapes } = EQUATIONS[e];
        const next = rng(seed);
        const made = shapes.map((s, k) => small(s, DTYPES[Math.floor(next() * 3)], seed + k));
        const templates = made.map((t, k) => (next() < 0.3 ? oddView(t, seed + k) : t));
        const hows = templates.map(() => (next() < 0.8 ? Math.floor(next() * 5) : Math.floor(next() * 40)));
        const descriptors = templates.map((t, k) => descriptorOf(t, hows[k]));
        if (next() < 0.05) descriptors.pop();
        const valid = hows.every((h) => h < 5) && descriptors.length === templates.length && (o < 5 || o === 8);
        const options = OPTIONS[o];
        const what = `compile('${subscripts}', ${snapshot(descriptors)}, options ${o})`;
        const args = options === undefined ? descriptors : [...descriptors, options];
        const before = snapshot(templates);
        let compiled: Compiled;
        try {
          const got = outcome(what, () => untyped(subscripts, ...args));
          if (snapshot(templates) !== before) throw new Error(`${what}: a tensor given as a descriptor was written`);
          if ('error' in got && hows.every((h) => h < 5) && descriptors.length === templates.length && (o < 5 || o === 8)) throw new Error(`${what}: right descriptors refused: ${got.error.message}`);
          if ('error' in got) return;
          compiled = got.value;
          tally.compiled++;
        } catch (err) {
          if (err instanceof Error && err.message.endsWith(USER_ERROR.message)) return;
          throw err;
        }
        const shaped = expected(subscripts, templates, undefined);
        const faithful = hows.every((h) => h < 5 || (h >= 10 && h <= 13)) && descriptors.length === templates.length; // descriptors that tell the templates' shapes
        if (faithful && shaped && compiled.shape.join() !== shaped.shape.join()) throw new Error(`${what}: compiled for shape [${compiled.shape}], expected [${shaped.shape}]`);
        if (compiled.source.length === 0) throw new Error(`${what}: no kernel source`);
        if (typeof compiled.kernel !== 'string') throw new Error(`${what}: no kernel kind`);
        const fresh = (k: number) => templates.map((t, i) => small(t.shape, t.dtype, seed + k * 31 + i));
        configure({ jit: true, wasm: true });
        const outA = zeros(compiled.shape, { dtype: compiled.dtype });
        calls.forEach((c, step) => {
          const operands: unknown[] = c % 5 === 4 ? templates.map((t) => oddView(t, step)) : c === 13 ? fresh(step) : templates.slice();
          let out: unknown;
          if (c === 1 || c === 7) out = outA;
          else if (c === 2) out = oddView(zeros(compiled.shape, { dtype: compiled.dtype }), step);
          else if (c === 3) out = zeros([...compiled.shape, 1], { dtype: compiled.dtype });
          else if (c === 15) out = spread(compiled.shape, compiled.dtype);
          else if (c === 5) out = zeros(compiled.shape, { dtype: compiled.dtype === 'float64' ? 'int32' : 'float64' });
          else if (c === 6) out = operands.find((t) => t instanceof Tensor && t.dtype === compiled.dtype && t.shape.join() === compiled.shape.join());
          else if (c === 8) out = junk()[step * 3 + (seed & 7)];
          if (c === 9 && operands.length) operands[0] = small(templates[0].shape, templates[0].dtype === 'int32' ? 'float32' : 'int32', step);
          if (c === 10 && operands.length) operands[operands.length - 1] = zeros([...templates[templates.length - 1].shape, 2], { dtype: templates[templates.length - 1].dtype });
          if (c === 11 && operands.length) operands[0] = junk()[step + (seed & 15)];
          if (c === 12) operands.pop();
          if (c === 14 && operands.length) operands[0] = (operands[0] as Tensor).toArray();
          if (c === 16) configure({ jit: step % 2 === 1 }); // the kernel is chosen again under the new configuration
          if (c === 17) configure({ wasm: false });
          const call = out === undefined && c !== 8 ? operands : [...operands, out];
          const cwhat = `${what}, call ${step} (variant ${c})`;
          const aliased = operands.includes(out);
          const guarded = snapshot(aliased ? [] : operands);
          const outBefore = snapshot(out);
          const want = expected(subscripts, operands, templates[0]?.shape);
          const got = outcome(cwhat, () => compiled(...call));
          if (valid && (c === 0 || c === 1 || c === 13) && 'error' in got) throw new Error(`${cwhat}: the right operands refused: ${got.error.message}`);
          if ('value' in got) {
            tally.calls++;
            if (!want) throw new Error(`${cwhat}: accepted operands the reference refuses`);
            const diff = differs(got.value, want);
            if (diff) throw new Error(`${cwhat}: ${diff}`);
            if (got.value.dtype !== compiled.dtype || got.value.shape.join() !== compiled.shape.join()) throw new Error(`${cwhat}: a ${got.value.dtype} ${got.value.shape} result`);
            if (out !== undefined && got.value !== out) throw new Error(`${cwhat}: out accepted, another tensor returned`);
          } else if (snapshot(out) !== outBefore) throw new Error(`${cwhat}: a refused out was written`);
          if (snapshot(aliased ? [] : operands) !== guarded) throw new Error(`${cwhat}: an operand was written`);
          if (aliased && 'value' in got) templates.splice(0, templates.length, ...templates.map((t) => (t === out ? small(t.shape, t.dtype, step) : t)));
        });
      }),
      { numRuns: 400, seed: 9001 },
    );
    // Not vacuous: many compile() calls and calls of their functions are accepted.
    if (tally.compiled < 60 || tally.calls < 150) throw new Error(`too few accepted calls: ${JSON.stringify(tally)}`);
  });
});
