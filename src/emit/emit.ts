/**
 * Emit: loop-nest IR -> function text. One emitter, two sinks: `jitSource` is the body of a
 * factory for `new Function`, `typedSource` is the same statements with TypeScript parameter
 * types for a `.generated.ts` module. The statements themselves are plain JavaScript that is also
 * valid TypeScript, so both sinks run exactly the same code.
 *
 * Kernel signature: (d0, o0, d1, o1, ..., r, ro) — each operand's data and element offset, then
 * the result's data and offset. Strides and sizes are constants in the text; the result is
 * written contiguously, each element once; nothing is allocated per call. Products and sums are
 * written in the arithmetic of the kernel's dtypes (arith.ts), as the engine computes them.
 */
import { computeDType } from '../dtype.js';
import { ARITHMETIC, type Arithmetic } from './arith.js';
import type { KernelIR, Loop, Nest } from './ir.js';
import { ARRAY_TYPE } from './name.js';
import { CodeWriter } from './writer.js';

interface Pos {
  readonly base: string;
  readonly c: number;
}

const TERMS_PER_LINE = 4;

export interface EmittedKernel {
  readonly name: string;
  readonly params: readonly string[];
  /** TypeScript type of each parameter. */
  readonly types: readonly string[];
  /** Statements run once per kernel instance (scratch arrays). */
  readonly prelude: readonly string[];
  /** Statements of the kernel function. */
  readonly body: readonly string[];
}

export function emitKernel(ir: KernelIR): EmittedKernel {
  const types: string[] = [];
  ir.key.dtypes.forEach((d) => types.push(ARRAY_TYPE[d], 'number'));
  types.push(ARRAY_TYPE[ir.key.dtype], 'number');
  const compute = computeDType(ir.key.dtypes, ir.key.dtype);
  const arith = ARITHMETIC[compute];
  // Operand k's data is d<k>; anything else read is a scratch array, of the arithmetic's type.
  const native = (array: string): boolean => {
    const operand = /^d(\d+)$/.exec(array);
    return operand === null || ir.key.dtypes[Number(operand[1])] === compute;
  };
  const prelude = ir.scratch.map((s) => `const ${s.name} = new ${arith.array}(${s.size}); // '${s.labels}'`);
  const w = new CodeWriter();
  const wrap = ir.nests.length > 1;
  const loads = !wrap && straightLine(ir.nests[0]) ? new Map<string, string>() : undefined;
  for (const nest of ir.nests) {
    if (wrap) w.block(`{ // ${nest.comment}`, () => emitNest(w, nest, arith, native));
    else emitNest(w, nest, arith, native, loads);
  }
  const body = w.text().split('\n');
  if (loads && loads.size <= MAX_HOISTED) {
    // Straight-line code reads every input element once, into a local, before the first store:
    // the engine can't do that itself, since the result array might alias an input (it never
    // does here: kernels only write into an `out` that shares no memory with the operands).
    const declarations = [...loads].map(([element, local]) => `const ${local} = ${element};`);
    return { name: ir.name, params: ir.params, types, prelude, body: [...declarations, ...body] };
  }
  if (loads) {
    const plain = new CodeWriter();
    emitNest(plain, ir.nests[0], arith, native);
    return { name: ir.name, params: ir.params, types, prelude, body: plain.text().split('\n') };
  }
  return { name: ir.name, params: ir.params, types, prelude, body };
}

/** Input elements read into locals at most (beyond that, registers spill anyway). */
const MAX_HOISTED = 48;

/** Whether a nest has no loop left: every loop fully unrolled. */
function straightLine(nest: Nest): boolean {
  return nest.loops.every((l) => l.mode === 'unroll');
}

/** The factory body for `new Function(text)()`: prelude, then `return function name(...) {...}`. */
export function jitSource(k: EmittedKernel): string {
  const w = new CodeWriter();
  for (const line of k.prelude) w.line(line);
  w.block(`return function ${k.name}(${k.params.join(', ')}) {`, () => k.body.forEach((l) => w.line(l)), '};');
  return w.text();
}

/** The same kernel as a typed TypeScript declaration `const name = ...` for a generated module. */
export function typedSource(k: EmittedKernel, exported = false): string {
  const w = new CodeWriter();
  const signature = k.params.map((p, i) => `${p}: ${k.types[i]}`).join(', ');
  const fn = (open: string, close: string): void => {
    w.block(`${open}function ${k.name}(${signature}): void {`, () => k.body.forEach((l) => w.line(l)), close);
  };
  const lead = exported ? 'export ' : '';
  if (k.prelude.length === 0) fn(lead, '}');
  else {
    w.block(`${lead}const ${k.name} = ((): ((${signature}) => void) => {`, () => {
      for (const line of k.prelude) w.line(line);
      fn('return ', '};');
    }, '})();');
  }
  return w.text();
}

/** `loads`, for straight-line nests: each distinct input element read gets a local, named here. */
function emitNest(w: CodeWriter, nest: Nest, arith: Arithmetic, native: (array: string) => boolean, loads?: Map<string, string>): void {
  const { loops } = nest;
  const n = loops.length;
  const firstSummed = loops.findIndex((l) => l.summed) < 0 ? n : loops.findIndex((l) => l.summed);
  let unrolledFrom = n;
  while (unrolledFrom > 0 && loops[unrolledFrom - 1].mode === 'unroll') unrolledFrom--;
  const needsAcc = unrolledFrom > firstSummed;
  if (needsAcc) w.line('let acc = 0;');
  const out = nest.output.array;
  const element = (text: string): string => {
    if (!loads) return text;
    let local = loads.get(text);
    if (local === undefined) loads.set(text, (local = `v${loads.size}`));
    return local;
  };
  const natives = nest.inputs.map((p) => native(p.array));
  const read = (pos: readonly Pos[]): string => arith.product(nest.inputs.map((p, j) => element(`${p.array}[${index(pos[j])}]`)), natives);

  /** Every term of the unrolled loops from..n-1, each a product of the inputs. */
  const terms = (from: number, pos: readonly Pos[]): string[] => {
    const found: string[] = [];
    unrolled(loops, from, n, pos, { base: '', c: 0 }, (p) => found.push(read(p)));
    return found;
  };

  const innermost = (pos: readonly Pos[], o: Pos): void => {
    if (unrolledFrom <= firstSummed) {
      // Every summed loop is unrolled: each output element is one expression.
      unrolled(loops, unrolledFrom, firstSummed, pos, o, (p, q) => {
        sum(w, `${out}[${index(q)}] = `, terms(firstSummed, p), arith);
      });
    } else {
      sum(w, 'acc += ', terms(unrolledFrom, pos), arith);
    }
  };

  const visit = (k: number, pos: readonly Pos[], o: Pos): void => {
    if (k === unrolledFrom) return innermost(pos, o);
    if (k === firstSummed) {
      w.line('acc = 0;');
      loop(k, pos, o);
      w.line(`${out}[${index(o)}] = acc;`);
      return;
    }
    loop(k, pos, o);
  };

  const loop = (k: number, pos: readonly Pos[], o: Pos): void => {
    const l = loops[k];
    const i = `i${k}`;
    const enter = (u: number): [Pos[], Pos] => {
      const next = pos.map((p, j) => advance(w, `p${j}_${k}`, p, i, l.strides[j], u));
      return [next, advance(w, `q${k}`, o, i, l.outStride, u)];
    };
    if (l.mode === 'strip') {
      w.line(`let ${i} = 0;`);
      w.block(`for (; ${i} < ${l.size - 3}; ${i} += 4) {`, () => {
        const [p, q] = enter(0);
        for (let u = 0; u < 4; u++) visit(k + 1, shift(p, l.strides, u), { base: q.base, c: q.c + u * l.outStride });
      });
      w.block(`for (; ${i} < ${l.size}; ${i}++) {`, () => visit(k + 1, ...enter(0)));
    } else {
      w.block(`for (let ${i} = 0; ${i} < ${l.size}; ${i}++) {`, () => visit(k + 1, ...enter(0)));
    }
  };

  visit(0, nest.inputs.map((p) => ({ base: p.offset, c: 0 })), { base: nest.output.offset, c: 0 });
}

/** Enumerate the index combinations of fully unrolled loops from..to-1, as constant offsets. */
function unrolled(
  loops: readonly Loop[],
  from: number,
  to: number,
  pos: readonly Pos[],
  o: Pos,
  each: (pos: readonly Pos[], o: Pos) => void,
): void {
  if (from === to) return each(pos, o);
  const l = loops[from];
  for (let i = 0; i < l.size; i++) {
    unrolled(loops, from + 1, to, shift(pos, l.strides, i), { base: o.base, c: o.c + i * l.outStride }, each);
  }
}

function shift(pos: readonly Pos[], strides: readonly number[], i: number): Pos[] {
  return pos.map((p, j) => ({ base: p.base, c: p.c + i * strides[j] }));
}

/** Declare `name = base + i * stride` when the stride moves the position; otherwise keep it. */
function advance(w: CodeWriter, name: string, p: Pos, i: string, stride: number, u: number): Pos {
  if (stride === 0) return { base: p.base, c: p.c + u * stride };
  const step = stride === 1 ? i : stride === -1 ? `-${i}` : `${i} * ${stride}`;
  const start = p.base === '' ? (p.c === 0 ? '' : `${p.c} + `) : `${index(p)} + `;
  w.line(`const ${name} = ${start}${step};`);
  return { base: name, c: 0 };
}

function index(p: Pos): string {
  if (p.base === '') return String(p.c);
  if (p.c === 0) return p.base;
  return p.c > 0 ? `${p.base} + ${p.c}` : `${p.base} - ${-p.c}`;
}

/**
 * `lead` (`x = ` or `acc += `) followed by the terms summed, a few per line so long sums stay
 * readable; in float32 or int32 arithmetic, the sum as that arithmetic writes it.
 */
function sum(w: CodeWriter, lead: string, terms: readonly string[], arith: Arithmetic): void {
  if (arith !== ARITHMETIC.float64) {
    // Any other lead is a store into an output or scratch array, of the arithmetic's type when it
    // computes in float32 or int32 (computeDType: float32 arithmetic has a float32 result).
    return void w.line(lead === 'acc += ' ? arith.accumulate('acc', terms) : `${lead}${arith.sum(terms, true)};`);
  }
  if (terms.length === 0) return void w.line(`${lead}0;`);
  if (terms.length <= TERMS_PER_LINE) return void w.line(`${lead}${terms.join(' + ')};`);
  w.line(lead.trimEnd());
  for (let t = 0; t < terms.length; t += TERMS_PER_LINE) {
    const last = t + TERMS_PER_LINE >= terms.length;
    w.line(`  ${terms.slice(t, t + TERMS_PER_LINE).join(' + ')}${last ? ';' : ' +'}`);
  }
}
