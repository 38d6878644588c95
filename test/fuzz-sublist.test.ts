/**
 * "Errors are product", as properties, for numpy's sublist form (einsum, contractPath and compile
 * read it alike) and for contractPath's options: bad labels, lists and Ellipsis misuse are
 * EinsumErrors, good lists give the string form's answer, and contractPath refuses exactly what
 * einsum refuses, with the same code.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, Tensor } from '../src/index.js';
import { differs, junk, outcome, rng, snapshot } from './fuzz-kit.js';
import { BAD_OPTIMIZE, checkCall, EQUATIONS, expected, GOOD_OPTIMIZE, operandsOf, resultDType, untyped, untypedPath } from './fuzz-einsum.js';

/** The subscripts a sublist call spells, by the test's own reading of numpy's rule; undefined when it is malformed. */
function spelled(lists: readonly unknown[], hasOutput: boolean): string | undefined {
  const term = (list: unknown): string | undefined => {
    if (!Array.isArray(list)) return undefined;
    let t = '';
    for (const item of list) {
      if (item === '...' && !t.includes('...')) t += '...';
      else if (typeof item === 'number' && Number.isInteger(item) && item >= 0 && item <= 51) t += item < 26 ? String.fromCharCode(65 + item) : String.fromCharCode(97 + item - 26);
      else return undefined;
    }
    return t;
  };
  const terms = lists.map(term);
  if (terms.some((t) => t === undefined)) return undefined;
  const inputs = hasOutput ? terms.slice(0, -1) : terms;
  return inputs.join(',') + (hasOutput ? `->${terms[terms.length - 1]}` : '');
}

const BAD_LABELS: unknown[] = [-1, 52, 1.5, NaN, Infinity, '..', '…', 'a', null, undefined, [0], 7n];

describe('einsum: numpy’s sublist form', () => {
  it('bad labels, lists and Ellipsis misuse are EinsumErrors; good lists give the string form’s answer', () => {
    fc.assert(
      fc.property(fc.nat(EQUATIONS.length - 1), fc.integer(), fc.nat(7), (e, seed, how) => {
        const { subscripts, shapes } = EQUATIONS[e];
        const next = rng(seed);
        const operands = operandsOf(shapes, seed);
        const [lhs, rhs] = subscripts.split('->');
        const toList = (term: string): unknown[] => term.split('...').flatMap((part, i) => [...(i > 0 ? ['...'] : []), ...[...part].map((c) => (c < 'a' ? c.charCodeAt(0) - 65 : c.charCodeAt(0) - 97 + 26))]);
        const lists: unknown[] = lhs.split(',').map(toList);
        if (rhs !== undefined) lists.push(toList(rhs));
        const pick = Math.floor(next() * lists.length);
        if (how === 1 && Array.isArray(lists[pick])) (lists[pick] as unknown[]).splice(Math.floor(next() * 3), 0, BAD_LABELS[Math.floor(next() * BAD_LABELS.length)]);
        if (how === 2 && Array.isArray(lists[pick])) (lists[pick] as unknown[]).push('...', '...');
        if (how === 3) lists[pick] = junk()[Math.floor(next() * junk().length)];
        if (how === 4) lists[pick] = Math.floor(next() * 60) - 4 === 0 ? [] : [Math.floor(next() * 60) - 4];
        const core: unknown[] = [];
        operands.forEach((o, k) => core.push(o, lists[k]));
        if (rhs !== undefined) core.push(lists[lists.length - 1]);
        if (how === 5) core.pop(); // one list short: the last list becomes the output, or an operand loses its list
        const args = how === 6 ? [...core, { optimize: 'greedy' }] : core;
        const hasOutput = core.length % 2 === 1;
        const listed = core.filter((_, i) => i % 2 === 1 || (hasOutput && i === core.length - 1));
        const count = Math.floor(core.length / 2);
        const s = core.length >= 2 ? spelled(listed, hasOutput) : undefined;
        const what = `einsum(sublists of '${subscripts}', variant ${how}) ${snapshot(listed)}`;
        const want = s === undefined ? undefined : expected(s, operands.slice(0, count));
        if (want && (how === 0 || how >= 6) && 'error' in outcome(what, () => untyped(...args))) throw new Error(`${what}: valid lists refused`);
        checkCall(what, () => untyped(...args), [operands, lists], want, resultDType(operands.slice(0, count), undefined), undefined);
        // The same as shapes, through contractPath: refused exactly when einsum refuses.
        const shapeArgs = args.map((a, i) => (i % 2 === 0 && i < 2 * count && a instanceof Tensor ? a.shape.slice() : a));
        const path = outcome(`contractPath(${what})`, () => untypedPath(...shapeArgs));
        if ('value' in path && !want) throw new Error(`contractPath(${what}) accepted what einsum refuses`);
        // And through compile, with descriptors of the operands' shapes and dtypes, then called.
        const described = args.map((a, i) => (i % 2 === 0 && i < 2 * count && a instanceof Tensor ? { shape: a.shape, dtype: a.dtype } : a));
        const made = outcome(`compile(${what})`, () => (compile as unknown as (...a: unknown[]) => (...o: unknown[]) => Tensor)(...described));
        if ('value' in made) {
          if (!want) throw new Error(`compile(${what}) accepted what einsum refuses`);
          checkCall(`compile(${what})(...)`, () => made.value(...operands.slice(0, count)), operands, want, resultDType(operands.slice(0, count), undefined), undefined);
        } else if (how === 0 && want) throw new Error(`compile(${what}) refused valid lists: ${made.error.message}`);
      }),
      { numRuns: 400, seed: 424243 },
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe('contractPath: optimize and memoryLimit', () => {
  it('refuses what einsum refuses with the same code, and einsum computes the reference’s answer along what it accepts', () => {
    const values = [...BAD_OPTIMIZE, ...GOOD_OPTIMIZE, ...junk(), undefined, [[0, 1]], [[1, 0], [0, 1]], [[0, 1, 2]], [[0], [0, 1], [0, 1]], [[0, 1], [0]]];
    const limits = [undefined, 1, 4, 1e9, 0, -3, NaN, '5', null, Infinity];
    fc.assert(
      fc.property(fc.nat(EQUATIONS.length - 1), fc.nat(values.length - 1), fc.nat(limits.length - 1), fc.integer(), fc.boolean(), (e, v, l, seed, asShapes) => {
        const { subscripts, shapes } = EQUATIONS[e];
        const operands = operandsOf(shapes, seed);
        const options = { optimize: values[v], memoryLimit: limits[l] };
        const what = `contractPath('${subscripts}', ${JSON.stringify(shapes)}, ${snapshot(options)})`;
        const before = snapshot([operands, options]);
        const path = outcome(what, () => untypedPath(subscripts, ...(asShapes ? shapes.map((s) => s.slice()) : operands), options));
        if ('value' in path) expect(path.value.toString().length).toBeGreaterThan(0);
        const run = outcome(`einsum${what.slice(12)}`, () => untyped(subscripts, ...operands, { ...options }));
        if ('value' in path !== 'value' in run) throw new Error(`${what}: contractPath ${'value' in path ? 'accepts' : 'refuses'} but einsum ${'value' in run ? 'accepts' : 'refuses'}`);
        if ('error' in path && 'error' in run && path.error.code !== run.error.code) throw new Error(`${what}: contractPath says ${path.error.code}, einsum ${run.error.code}`);
        if ('value' in run) {
          const diff = differs(run.value, expected(subscripts, operands)!);
          if (diff) throw new Error(`${what}: ${diff}`);
        }
        expect(snapshot([operands, options])).toBe(before);
        checkCall(`${what}, then clean`, () => untyped(subscripts, ...operands), operands, expected(subscripts, operands), undefined, undefined);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
