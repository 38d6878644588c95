/**
 * SPEC §4's last promise, as a property: whatever the subscripts and operands, einsum either
 * returns a right answer (it agrees with the reference) or throws an EinsumError — never a
 * TypeError, never a hang, never a mutated operand. Sizes stay tiny so every run is quick.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { einsum, EinsumError, tensor, type Tensor } from '../src/index.js';
import { compareResult, randomEquations, rng } from './corpus.js';
import { referenceEinsum } from './reference.js';

const untyped = einsum as (...args: unknown[]) => Tensor;
const CHARS = ['i', 'j', 'k', 'I', 'J', 'z', '.', '.', '.', ',', ',', '-', '>', '->', '...', ' ', '#', '1', 'é', '\t'];
const VALID = randomEquations(99, 200).map((e) => e.subscripts);

/** Random character soup, or a valid equation with one character inserted, deleted or replaced. */
const subscriptsArb = fc.oneof(
  fc.array(fc.constantFrom(...CHARS), { maxLength: 10 }).map((parts) => parts.join('')),
  fc.tuple(fc.constantFrom(...VALID), fc.nat(), fc.constantFrom(...CHARS), fc.constantFrom('insert', 'delete', 'replace')).map(([s, at, c, how]) => {
    const i = at % (s.length + 1);
    if (how === 'insert') return s.slice(0, i) + c + s.slice(i);
    if (how === 'delete') return s.slice(0, i) + s.slice(i + 1);
    return s.slice(0, i) + c + s.slice(i + 1);
  }),
  fc.constantFrom(...VALID),
);

/**
 * Operands for `subscripts`: usually shaped to fit its terms (so the call gets past parsing), with
 * sizes 0-3, sometimes off by one rank or size, sometimes garbage or a nested array.
 */
function operandsFor(subscripts: string, seed: number): unknown[] {
  const next = rng(seed);
  const terms = subscripts.replace(/ /g, '').split('->')[0].split(',');
  const count = Math.max(0, terms.length + (next() < 0.1 ? Math.floor(next() * 3) - 1 : 0));
  const sizes = new Map<string, number>();
  const labelSize = (c: string): number => {
    if (!sizes.has(c)) sizes.set(c, Math.floor(next() * 4));
    return next() < 0.1 ? 1 : sizes.get(c)!;
  };
  return Array.from({ length: count }, (_, k) => {
    const roll = next();
    if (roll < 0.03) return [null, 'ij', 7, {}, [[1, 2], [3]], new Uint8Array(2), undefined][Math.floor(next() * 7)];
    const term = terms[k] ?? '';
    const letters = term.replace('...', '').split('');
    let shape = letters.map(labelSize);
    if (term.includes('...')) shape = [...Array.from({ length: Math.floor(next() * 3) }, () => 1 + Math.floor(next() * 2)), ...shape];
    if (next() < 0.08) shape = shape.slice(1);
    if (next() < 0.05 && shape.length) shape[0] += 1;
    shape = shape.slice(0, 4);
    const size = shape.reduce((a, b) => a * b, 1);
    const data = Array.from({ length: size }, () => Math.floor(next() * 7) - 3);
    const t = tensor(data, shape);
    return roll < 0.15 ? t.toArray() : t;
  });
}

function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function snapshot(values: readonly unknown[]): string {
  return JSON.stringify(values, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));
}

describe('fuzz', () => {
  it('only EinsumErrors, right answers, untouched operands', () => {
    fc.assert(
      fc.property(subscriptsArb, fc.integer(), fc.constantFrom(undefined, { optimize: 'greedy' as const }, { optimize: false as const }), (subscripts, seed, options) => {
        const operands = operandsFor(subscripts, seed);
        const before = snapshot(operands);
        let result: Tensor | undefined;
        try {
          result = options ? untyped(subscripts, ...operands, options) : untyped(subscripts, ...operands);
        } catch (e) {
          if (!(e instanceof EinsumError)) throw new Error(`'${subscripts}' threw ${String(e)}`);
          expect(e.message.length).toBeGreaterThan(0);
        }
        expect(snapshot(operands)).toBe(before);
        if (result) {
          // Accepted: it must be what the reference computes on the same operands.
          // A trailing plain object is einsum's options (an empty {} asks for nothing).
          const last = operands[operands.length - 1];
          const given = isPlainObject(last) ? operands.slice(0, -1) : operands;
          const refs = given.map((o) => (Array.isArray(o) || typeof o === 'number' ? tensor(o as number[]) : (o as Tensor)));
          const diff = compareResult(result, referenceEinsum(subscripts, refs));
          if (diff) throw new Error(`'${subscripts}' ${JSON.stringify(refs.map((t) => t.shape))}: ${diff}`);
        }
      }),
      { numRuns: 500, seed: 424242 },
    );
  });
});
