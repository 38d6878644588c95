/**
 * compile(subscripts, ...shapes): a reusable, pre-planned contraction for operands of fixed
 * shapes and dtypes. Each operand is described by
 *   - a shape `[2, 3]` (float64, contiguous), or
 *   - a descriptor `{ shape, dtype?, strides? }` — which a Tensor is, so a Tensor works too;
 * and an optional trailing `{ dtype?, optimize?, memoryLimit?, jit? }`.
 *
 * The returned function `(...operands, out?) => Tensor` checks shapes and dtypes (a few number
 * compares), then runs the plan on the engine the chooser picked for it (src/engines/index.ts), in
 * order of preference: a kernel registered by the codegen for exactly this layout, a JIT kernel
 * (when the JIT is on, `new Function` works and the work is small enough for unrolled code to
 * win), or the CPU engine. Operands of the same shapes but other strides (views) take einsum's
 * general path. Nothing is allocated per call but the result; nothing with `out`.
 */
import { configGeneration, jitEnabled } from './configure.js';
import { allocate, isDType, type DType } from './dtype.js';
import { emitKernel, jitSource } from './emit/emit.js';
import { lower } from './emit/lower.js';
import { hotEntry, type HotState } from './emit/entry.js';
import { tensorRunners, type RawKernel } from './emit/jit.js';
import { compileMessages } from './emit/messages.js';
import { keyFor } from './emit/specialize.js';
import { einsumImpl } from './einsum.js';
import { choose, runFresh, type Prepared } from './engines/index.js';
import { describe, EinsumError } from './errors.js';
import { messages } from './messages.js';
import { checkOptions, toOperand } from './operands.js';
import type { PathStrategy } from './path/index.js';
import { planFor, type OperandSignature, type PlanOptions } from './plan/cache.js';
import { fromSublists, type SublistLabel } from './sublist.js';
import type { CompileSignature } from '../types/compile.js';
import { checkShape, own } from './view.js';
import { contiguousStrides, sameNumbers, Tensor } from './tensor.js';

export type OperandDescriptor =
  | readonly number[]
  | { readonly shape: readonly number[]; readonly dtype?: DType; readonly strides?: readonly number[] };

export interface CompileOptions {
  dtype?: DType;
  optimize?: PathStrategy;
  memoryLimit?: number;
  /** false: never use the JIT for this function (the registry and the engine still work). */
  jit?: boolean;
}

export interface CompiledEinsum {
  (...operandsAndOut: (Tensor | number[] | number[][])[]): Tensor;
  readonly subscripts: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** What runs for operands of the compiled layout: 'generated', 'jit' or 'engine'. */
  readonly kernel: 'generated' | 'jit' | 'engine';
  /** The emitted kernel text (what the JIT compiles and what the codegen writes). */
  readonly source: string;
}

/** Typed by types/compile.ts: shapes checked like einsum's operands, the result's shape a literal type. */
export const compile = compileImpl as unknown as CompileSignature<CompiledEinsum>;

export function compileImpl(subscripts: string | OperandDescriptor, ...args: (OperandDescriptor | CompileOptions | readonly SublistLabel[])[]): CompiledEinsum {
  if (typeof subscripts !== 'string') {
    const call = fromSublists([subscripts, ...args], isOptions);
    return compileImpl(call.subscripts, ...(call.args as (OperandDescriptor | CompileOptions)[]));
  }
  const last = args[args.length - 1];
  const hasOptions = args.length > 0 && isOptions(last);
  const options = readOptions(subscripts, hasOptions ? (last as CompileOptions) : {});
  const signatures = (hasOptions ? args.slice(0, -1) : args).map((d, i) => signature(subscripts, d as OperandDescriptor, i));
  const planOptions: PlanOptions = { optimize: options.optimize, memoryLimit: options.memoryLimit, dtype: options.dtype };
  const plan = planFor(subscripts, signatures, planOptions); // every check of einsum, once, here
  const key = keyFor(subscripts, signatures, plan.dtype);
  const n = signatures.length;
  const ops = new Array<Tensor>(n);

  // The hot loop's case: the same tensors and the same `out` as last time, which a specialized
  // kernel wrote directly. Tensors are immutable views, so identity is enough to skip every check.
  const { dtype, size, shape, strides, layout } = plan;
  const state: HotState = {
    h0: undefined,
    h1: undefined,
    h2: undefined,
    out: undefined,
    alloc: () => allocate(dtype, size),
    wrap: (data) => new Tensor(data, shape, dtype, strides, 0, size, layout),
    run: () => undefined,
    generation: -1,
  };
  let generation = -1;
  let prepared: Prepared = undefined as unknown as Prepared; // set by resolve() before the first run
  let runners: ReturnType<typeof tensorRunners>;
  let kind: CompiledEinsum['kernel'] = 'engine';
  const resolve = (): void => {
    generation = configGeneration();
    state.out = undefined; // the kernel may change: the next call takes the checked path
    prepared = choose(plan.data, { jit: options.jit !== false });
    runners = prepared.fn !== undefined && jitEnabled() ? tensorRunners(prepared.fn as RawKernel, n) : undefined;
    kind = prepared.engine === 'generated' || prepared.engine === 'jit' ? prepared.engine : 'engine';
  };

  // Tensors never change shape, strides or dtype: one that passed is remembered by identity.
  const seen = new Array<Tensor | undefined>(n).fill(undefined);
  const laid = new Array<boolean>(n).fill(false);
  const check = (value: unknown, i: number): Tensor => {
    if (value !== undefined && value === seen[i]) return value as Tensor;
    const t = value instanceof Tensor ? value : toOperand(subscripts, value, i);
    const s = signatures[i];
    if (t.dtype !== s.dtype) throw new EinsumError('DTYPE', compileMessages.dtype(subscripts, i, s.dtype, t.dtype), subscripts);
    if (!sameNumbers(t.shape, s.shape)) {
      const code = t.shape.length === s.shape.length ? 'SIZE' : 'RANK';
      throw new EinsumError(code, compileMessages.shape(subscripts, i, s.shape, t.shape), subscripts);
    }
    seen[i] = t;
    laid[i] = sameNumbers(t.strides, s.strides);
    return t;
  };

  /** Whether every operand has the compiled strides (known from `check`, which ran just before). */
  const laidOut = (): boolean => {
    for (let i = 0; i < n; i++) if (!laid[i]) return false;
    return true;
  };

  /** With a kernel, the next call with these arguments (allocating, or into this `out`) goes straight to it. */
  const remember = (operands: Tensor[], out: Tensor | undefined): void => {
    if (runners === undefined) return;
    [state.h0, state.h1, state.h2] = operands;
    state.out = out;
    state.run = (out === undefined || out.offset === 0) && operands.every((t) => t.offset === 0) ? runners.atZero : runners.general;
    state.generation = generation;
  };

  const run = (operands: Tensor[], out: Tensor | undefined): Tensor => {
    if (generation !== configGeneration()) resolve();
    const direct = laidOut();
    if (direct && out === undefined) {
      remember(operands, undefined);
      return runFresh(plan, prepared, operands);
    }
    if (direct && writable(out) && plan.apart(out, operands)) {
      remember(operands, out);
      prepared.run(operands, out.data, out.offset);
      return out;
    }
    // Views of other strides, or an `out` to check or copy into: einsum's general path.
    return einsumImpl(subscripts, ...operands, out === undefined ? planOptions : { ...planOptions, out });
  };

  /** An `out` of the result's dtype and shape, row-major from its offset. */
  let fits: Tensor | undefined;
  const writable = (out: unknown): out is Tensor => {
    if (out !== undefined && out === fits) return true;
    if (!(out instanceof Tensor) || out.dtype !== plan.dtype || !sameNumbers(out.shape, plan.shape) || !(out.contiguous || sameNumbers(out.strides, plan.strides))) return false;
    fits = out;
    return true;
  };

  const arity = (count: number): void => {
    if (count < n || count > n + 1) throw new EinsumError('OPERAND_COUNT', compileMessages.operandCount(subscripts, n, count), subscripts);
  };

  const slow = (args: readonly unknown[], count: number): Tensor => {
    arity(count);
    for (let i = 0; i < n; i++) ops[i] = check(args[i], i);
    return run(ops, args[n] as Tensor | undefined);
  };
  const fn = hotEntry(n, state, configGeneration, slow);

  let source: string | undefined;
  Object.defineProperties(fn, {
    subscripts: { value: subscripts, enumerable: true },
    shape: { value: plan.shape, enumerable: true },
    dtype: { value: plan.dtype, enumerable: true },
    kernel: { get: () => (generation !== configGeneration() && resolve(), kind), enumerable: true },
    source: { get: () => (source ??= jitSource(emitKernel(lower(key, plan.data)))), enumerable: true },
  });
  return fn as unknown as CompiledEinsum;
}

/** A trailing plain object (not a shape, not a descriptor) is compile's options. */
export function isOptions(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !('shape' in value);
}

export function readOptions(subscripts: string, raw: CompileOptions): CompileOptions {
  const { jit, ...rest } = raw;
  if (jit !== undefined && typeof jit !== 'boolean') throw new EinsumError('ARGUMENT', `compile('${subscripts}', ...): jit must be true or false, got ${describe(jit)}`, subscripts);
  return { ...checkOptions(subscripts, rest), jit };
}

/** An operand descriptor (shape, { shape, dtype?, strides? } or Tensor), checked. */
export function signature(subscripts: string, d: OperandDescriptor, i: number): OperandSignature {
  const desc = Array.isArray(d) ? { shape: d as readonly number[] } : (d as Exclude<OperandDescriptor, readonly number[]>);
  if (typeof desc !== 'object' || desc === null) throw new EinsumError('ARGUMENT', compileMessages.descriptor(subscripts, i, describe(d)), subscripts);
  // Each field read once, and arrays copied before they are checked: what is checked is what is compiled.
  const { shape: givenShape, dtype: givenDType, strides: givenStrides } = desc;
  const shape = own(givenShape);
  if (!Array.isArray(shape)) throw new EinsumError('ARGUMENT', compileMessages.descriptor(subscripts, i, describe(d)), subscripts);
  checkShape(shape, `operand ${i}'s shape`);
  const dtype = givenDType ?? 'float64';
  if (!isDType(dtype)) throw new EinsumError('DTYPE', messages.badDType(describe(dtype), ` of operand ${i}`), subscripts);
  const strides = own(givenStrides) ?? contiguousStrides(shape);
  if (!Array.isArray(strides) || strides.length !== shape.length || !strides.every((s) => Number.isInteger(s))) {
    throw new EinsumError('ARGUMENT', `strides ${describe(strides)} of operand ${i} must be ${shape.length} integers`, subscripts);
  }
  return { shape, strides: strides as number[], dtype };
}
