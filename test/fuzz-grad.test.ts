/**
 * "Errors are product", as properties, for einsumVjp and its pullback: whatever the options,
 * cotangents and `out` buffers, each call returns the reference's answer (the forward result, and
 * each gradient from the naive reference: L = sum(cotangent * einsum) is linear in every operand,
 * so one reference einsum per element with that element one and the rest zero gives the gradient
 * exactly) or throws an EinsumError; nothing the caller passed is written but an accepted `out`;
 * and the same pullback, and a new einsumVjp, still answer rightly afterwards.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { einsumVjp, Tensor, zeros, type DType } from '../src/index.js';
import { randomEquations } from './corpus.js';
import { changing, cyclic, differs, junk, oddView, outcome, rng, small, snapshot, spread, throwingGetter, USER_ERROR, valuesOf } from './fuzz-kit.js';
import { referenceEinsum, type ReferenceOperand } from './reference.js';

type Pullback = (ct: unknown, options?: unknown) => (Tensor | undefined)[];
const vjp = einsumVjp as unknown as (subscripts: string, ...args: unknown[]) => [Tensor, Pullback];
const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const EQUATIONS = randomEquations(77, 400).filter((e) => e.shapes.length <= 3 && e.shapes.every((s) => size(s) <= 12)).slice(0, 100);
const DTYPES: DType[] = ['float64', 'float64', 'float32', 'int32'];

/** What a cotangent the pullback accepted holds: a Tensor, a nested array or a number. */
function cotangentValues(ct: unknown): Float64Array | undefined {
  if (ct instanceof Tensor) return valuesOf(ct);
  try {
    return Float64Array.from([ct].flat(Infinity as 1) as number[]);
  } catch {
    return undefined; // an array that holds itself: the pullback must refuse it
  }
}

/** Row-major copies of the operands' values, as the reference reads them. */
function plainOf(operands: readonly Tensor[]): ReferenceOperand[] {
  return operands.map((o) => ({ shape: o.shape.slice(), data: valuesOf(o) }));
}

/** Every operand's exact gradient of L = sum(ct * einsum(plain)), element by element. */
function gradientsOf(subscripts: string, plain: readonly ReferenceOperand[], ct: ArrayLike<number>): Float64Array[] {
  return plain.map((p, i) =>
    Float64Array.from({ length: p.data.length }, (_, k) => {
      const hot = new Float64Array(p.data.length);
      hot[k] = 1;
      const { data } = referenceEinsum(subscripts, plain.map((q, j) => (j === i ? { shape: q.shape, data: hot } : q)));
      let sum = 0;
      for (let n = 0; n < data.length; n++) sum += data[n] * ct[n];
      return sum;
    }),
  );
}

/** Checks a pullback's answer: a gradient of the operand's dtype and shape, right, for each differentiated position only. */
function checkGradients(what: string, got: (Tensor | undefined)[], operands: readonly Tensor[], wrt: readonly number[], want: Float64Array[] | undefined, outs: unknown): void {
  if (got.length !== operands.length) throw new Error(`${what}: ${got.length} gradients for ${operands.length} operands`);
  got.forEach((g, i) => {
    if (!wrt.includes(i)) {
      if (g !== undefined) throw new Error(`${what}: a gradient for operand ${i}, which is not differentiated`);
      return;
    }
    if (!(g instanceof Tensor) || g.dtype !== operands[i].dtype) throw new Error(`${what}: gradient ${i} is ${g instanceof Tensor ? g.dtype : String(g)}`);
    const diff = want ? differs(g, { shape: operands[i].shape, data: want[i] }) : g.shape.join() === operands[i].shape.join() ? undefined : `shape [${g.shape}]`;
    if (diff) throw new Error(`${what}: gradient ${i}: ${diff}`);
    const out = Array.isArray(outs) ? (outs as unknown[])[i] : undefined;
    if (out !== undefined && g !== out) throw new Error(`${what}: out[${i}] was accepted but gradient ${i} is another tensor`);
  });
}

const tally = { vjps: 0, pullbacks: 0 };
const BAD_WRT: unknown[] = [[0, 0], [5], [-1], [0.5], 0, '0', [null], {}, null, [[0]], [1, 0, 1]];

describe('einsumVjp and the pullback', () => {
  it('only EinsumErrors, exact gradients, untouched operands and cotangents, a pullback that still works', () => {
    fc.assert(
      fc.property(fc.nat(EQUATIONS.length - 1), fc.integer(), fc.oneof(fc.constantFrom(0, 2, 3, 5, 7, 16), fc.nat(16)), fc.oneof(fc.constantFrom(0, 2, 3, 6, 7), fc.nat(16)), (e, seed, vo, po) => {
        const { subscripts, shapes } = EQUATIONS[e];
        const next = rng(seed);
        const made = shapes.map((s, k) => small(s, DTYPES[Math.floor(next() * DTYPES.length)], seed + k));
        const operands = made.map((t, k) => (next() < 0.3 ? oddView(t, seed + k) : k > 0 && next() < 0.2 && shapes[0].join() === shapes[k].join() ? made[0] : t));
        const floats = operands.flatMap((o, i) => (o.dtype === 'int32' ? [] : [i]));
        const subset = floats.filter(() => next() < 0.7);
        const widest = operands.some((o) => o.dtype === 'float64') ? 'float64' : operands.some((o) => o.dtype === 'float32') ? 'float32' : 'int32';
        let forwardOut: Tensor | undefined;
        try {
          forwardOut = zeros(referenceEinsum(subscripts, operands).shape, { dtype: widest }); // the forward's own out
        } catch {
          forwardOut = undefined;
        }
        const vjpOptions: unknown = [
          undefined, undefined, { wrt: floats }, { wrt: subset }, { wrt: BAD_WRT[seed & 7] }, { wrt: [...floats].reverse() }, { dtype: 'float32', wrt: floats },
          { optimize: 'greedy', wrt: floats }, { memoryLimit: 1 }, { optimize: [[0, 7]] }, { wrtt: [0] }, throwingGetter('wrt'), changing('wrt', floats, [9, 9]),
          { out: zeros([1]) }, { accumulate: 'float64' }, { dtype: junk()[seed & 15] }, { out: forwardOut, wrt: floats },
        ][vo];
        const what = `einsumVjp('${subscripts}', ${JSON.stringify(operands.map((o) => [o.shape, o.dtype, o.strides]))}, options ${vo})`;
        const before = snapshot(operands);
        let made2: { value: [Tensor, Pullback] } | { error: unknown };
        try {
          made2 = outcome(what, () => (vjpOptions === undefined ? vjp(subscripts, ...operands) : vjp(subscripts, ...operands, vjpOptions)));
        } catch (err) {
          if (err instanceof Error && err.message.endsWith(USER_ERROR.message)) return;
          throw err;
        }
        if (snapshot(operands) !== before) throw new Error(`${what}: an operand was written`);
        if (!('value' in made2)) {
          if (vo === 0 && floats.length === operands.length) throw new Error(`${what}: refused: ${made2.error instanceof Error ? made2.error.message : ''}`);
          return;
        }
        tally.vjps++;
        const [result, pullback] = made2.value;
        if (vo === 16 && result !== forwardOut) throw new Error(`${what}: the forward's out accepted, another tensor returned`);
        const plain = plainOf(operands);
        const forward = referenceEinsum(subscripts, plain);
        const diff = differs(result, forward);
        if (diff) throw new Error(`${what}: result ${diff}`);
        const asked = typeof vjpOptions === 'object' && vjpOptions !== null ? (Object.getOwnPropertyDescriptor(vjpOptions, 'wrt')?.value as number[] | undefined) : undefined;
        const wrt = asked ?? (vo === 12 ? floats : operands.map((_, i) => i)); // 12: a getter whose first read is floats

        // A cotangent: right, of another dtype or layout, nested, of a wrong shape, or junk.
        const rshape = result.shape.slice();
        const right = small(rshape, 'float64', seed ^ 5);
        const cotangents: unknown[] = [right, small(rshape, 'float32', seed), small(rshape, 'int32', seed), oddView(right, seed), right.toArray(), zeros([...rshape, 2]), zeros(rshape.length ? rshape.slice(1) : [3]), ...junk(), cyclic()];
        const ct = cotangents[Math.floor(next() * (next() < 0.7 ? 5 : cotangents.length))];
        // Pullback options: buffers right, wrong, aliasing an operand or the cotangent, or junk.
        const buffers = operands.map((o, i) => (wrt.includes(i) ? zeros(o.shape, { dtype: o.dtype }) : undefined));
        const pullbackOptions: unknown = [
          undefined, {}, { out: buffers }, { out: buffers.map((b, i) => (b && next() < 0.5 ? oddView(b, i) : b)) }, { out: buffers.slice(1) }, { out: buffers.map((b) => b && zeros([...b.shape, 1])) },
          { out: buffers.map((b, i) => (b ? operands[i] : b)) }, { out: buffers.map((b) => (b && ct instanceof Tensor && ct.shape.join() === b.shape.join() && ct.dtype === b.dtype ? ct : b)) },
          { out: buffers.map((b) => b && zeros(b.shape, { dtype: b.dtype === 'float64' ? 'float32' : 'float64' })) }, { out: junk()[seed & 15] }, { out: buffers.map(() => junk()[seed & 15]) },
          { outs: buffers }, throwingGetter('out'), 'out', { out: buffers.map(() => zeros([1])) }, { out: operands.map((o) => zeros(o.shape, { dtype: o.dtype })) },
          { out: buffers.map((b) => b && spread(b.shape, b.dtype)) },
        ][po];
        const outs = typeof pullbackOptions === 'object' && pullbackOptions !== null ? Object.getOwnPropertyDescriptor(pullbackOptions, 'out')?.value : undefined;
        const aliased = Array.isArray(outs) && outs.some((b) => b !== undefined && (operands.includes(b as Tensor) || b === ct));
        const pwhat = `${what}, pullback(cotangent ${cotangents.indexOf(ct)}, options ${po})`;
        const ctValues = cotangentValues(ct); // before an out aliasing it is written
        const guarded = snapshot([operands, ct]);
        const outsBefore = snapshot(outs);
        let got: ReturnType<typeof outcome<(Tensor | undefined)[]>> | undefined;
        try {
          got = outcome(pwhat, () => (pullbackOptions === undefined ? pullback(ct) : pullback(ct, pullbackOptions)));
        } catch (err) {
          if (!(err instanceof Error && err.message.endsWith(USER_ERROR.message))) throw err;
        }
        if (got && 'value' in got) {
          tally.pullbacks++;
          // NaN and ±Infinity cotangents: any order of summation is as right as another, so values are not compared.
          const finite = ctValues!.every((v) => Number.isFinite(v));
          checkGradients(pwhat, got.value, operands, wrt, finite ? gradientsOf(subscripts, plain, ctValues!) : undefined, outs);
          if (!aliased && snapshot([operands, ct]) !== guarded) throw new Error(`${pwhat}: an operand or the cotangent was written`);
        } else {
          if (snapshot([operands, ct]) !== guarded) throw new Error(`${pwhat}: refused, but an operand or the cotangent was written`);
          if (snapshot(outs) !== outsBefore) throw new Error(`${pwhat}: a refused out was written`);
        }
        // Afterwards: the same pullback with a right cotangent, and a new einsumVjp, answer rightly.
        const now = plainOf(operands);
        const fresh = small(rshape, 'float64', seed ^ 9);
        const again0 = outcome(`${pwhat}, then again`, () => pullback(fresh));
        if ('error' in again0) {
          if (vo === 8 && again0.error.code === 'MEMORY') return; // { memoryLimit: 1 } binds the gradient einsums too
          throw new Error(`${pwhat}, then again: refused: ${again0.error.message}`);
        }
        checkGradients(`${pwhat}, then again`, again0.value, operands, wrt, gradientsOf(subscripts, now, fresh.data), undefined);
        const [again, pullback2] = vjp(subscripts, ...operands, { wrt });
        const d2 = differs(again, referenceEinsum(subscripts, now));
        if (d2) throw new Error(`${pwhat}, then a new einsumVjp: ${d2}`);
        checkGradients(`${pwhat}, then a new pullback`, pullback2(fresh), operands, wrt, gradientsOf(subscripts, now, fresh.data), undefined);
      }),
      { numRuns: 400, seed: 31337 },
    );
    // Not vacuous: most calls get through to gradients.
    if (tally.vjps < 120 || tally.pullbacks < 80) throw new Error(`too few accepted calls: ${JSON.stringify(tally)}`);
  });
});
