/**
 * einsumVjp(subscripts, ...operands, options?) -> [result, pullback]; pullback(cotangent, { out? })
 * -> one gradient per operand. The forward pass is einsum itself; each gradient is one more einsum
 * (derive.ts), run through einsum with its plan cache, path optimizer and kernels, plus the
 * diagonal/broadcast scatter where einsum cannot write the gradient (scatter.ts).
 * Derivations are cached per (subscripts, shapes, dtypes, wrt), so a training loop derives once,
 * and the gradient einsums hit einsum's plan cache: a pullback in a loop plans nothing.
 */
import { allocate, type DType } from '../dtype.js';
import { einsumImpl } from '../einsum.js';
import { describe, EinsumError, formatShape } from '../errors.js';
import { tensor } from '../create.js';
import { checkHoldsEach, checkOptions, isOptionsObject, toOperand, type EinsumOptions } from '../operands.js';
import { overlaps } from '../alias.js';
import type { PathStrategy } from '../path/index.js';
import { contiguousStrides, madeTensor, sameNumbers, Tensor, type NestedNumbers } from '../tensor.js';
import { COTANGENT, derive, type GradientStep, type LayoutSignature } from './derive.js';
import { gradMessages } from './messages.js';
import { prepareScatter, type Scatter } from './scatter.js';

export interface VjpOptions extends EinsumOptions {
  /** The operand positions to differentiate (default: all; int32 operands must be left out). */
  wrt?: readonly number[];
}

export interface PullbackOptions {
  /** One buffer per operand (or undefined) to write its gradient into, of its shape and dtype. */
  out?: readonly (Tensor | undefined)[];
}

export interface Pullback {
  (cotangent: Tensor | NestedNumbers, options?: PullbackOptions): (Tensor | undefined)[];
  /** What the pullback runs: the einsum of each differentiated operand's gradient. */
  readonly gradients: readonly { readonly operand: number; readonly subscripts: string }[];
}

const VJP_KEYS = ['optimize', 'out', 'dtype', 'memoryLimit', 'wrt'];
const PULLBACK_KEYS = ['out'];

export function einsumVjpImpl(subscripts: string, ...args: unknown[]): [Tensor, Pullback] {
  const last = args[args.length - 1];
  const hasOptions = args.length > 0 && isOptionsObject(last);
  const { wrt, ...forward } = (hasOptions ? last : {}) as Record<string, unknown>;
  for (const key in forward) {
    if (!VJP_KEYS.includes(key)) throw new EinsumError('ARGUMENT', gradMessages.unknownOption(`einsumVjp('${subscripts}', ...)`, key, VJP_KEYS), subscripts);
  }
  const options = checkOptions(subscripts, hasOptions ? forward : undefined);
  const count = hasOptions ? args.length - 1 : args.length;
  const operands = new Array<Tensor>(count);
  for (let i = 0; i < count; i++) operands[i] = toOperand(subscripts, args[i], i);

  const vjp = vjpFor(subscripts, operands, checkWrt(subscripts, wrt, count));
  // The first differentiated int32 operand in argument order (the types name the same one).
  for (let i = 0; i < count; i++) {
    if (operands[i].dtype === 'int32' && vjp.wrt.includes(i)) {
      const floats = operands.flatMap((o, j) => (o.dtype === 'int32' ? [] : [j]));
      throw new EinsumError('DTYPE', gradMessages.intOperand(subscripts, i, floats), subscripts);
    }
  }
  const result = einsumImpl(subscripts, ...operands, options);
  return [result, makePullback(subscripts, vjp, operands, options)];
}

function checkWrt(subscripts: string, wrt: unknown, count: number): readonly number[] {
  if (wrt === undefined) return Array.from({ length: count }, (_, i) => i);
  const valid =
    Array.isArray(wrt) &&
    wrt.every((i, k) => Number.isInteger(i) && i >= 0 && i < count && wrt.indexOf(i) === k);
  if (!valid) throw new EinsumError('ARGUMENT', gradMessages.badWrt(subscripts, describe(wrt), count), subscripts);
  return wrt as number[];
}

/** A derivation with its scatter kernels, and the engine options of its gradient einsums. */
interface Vjp {
  readonly resultShape: readonly number[];
  readonly steps: readonly PreparedStep[];
  readonly signature: readonly LayoutSignature[];
  readonly wrt: readonly number[];
}

interface PreparedStep extends GradientStep {
  readonly strides: readonly number[];
  readonly size: number;
  readonly keptShape: readonly number[];
  readonly keptStrides: (target: Tensor) => number[];
  readonly scatterer: Scatter | undefined;
}

const cache = new Map<string, Vjp[]>();
let cached = 0;
const CACHE_LIMIT = 256;

function vjpFor(subscripts: string, operands: readonly Tensor[], wrt: readonly number[]): Vjp {
  const list = cache.get(subscripts);
  if (list) for (const v of list) if (fits(v, operands, wrt)) return v;
  const derivation = derive(subscripts, operands, wrt);
  const vjp: Vjp = {
    resultShape: derivation.resultShape,
    signature: operands.map((o) => ({ shape: o.shape.slice(), strides: [], dtype: o.dtype })),
    wrt: wrt.slice(),
    steps: derivation.steps.map((step) => {
      const strides = Object.freeze(contiguousStrides(step.shape));
      return {
        ...step,
        strides,
        size: step.shape.reduce((a, b) => a * b, 1),
        keptShape: step.keptAxes.map((axis) => step.shape[axis]),
        keptStrides: (target: Tensor) => step.keptAxes.map((axis) => target.strides[axis]),
        scatterer: step.scatter && prepareScatter(step.scatter),
      };
    }),
  };
  if (cached >= CACHE_LIMIT) {
    cache.clear();
    cached = 0;
  }
  if (list && cache.has(subscripts)) list.push(vjp);
  else cache.set(subscripts, [vjp]);
  cached++;
  return vjp;
}

function fits(v: Vjp, operands: readonly Tensor[], wrt: readonly number[]): boolean {
  if (v.signature.length !== operands.length || !sameNumbers(v.wrt, wrt)) return false;
  return v.signature.every((s, i) => s.dtype === operands[i].dtype && sameNumbers(s.shape, operands[i].shape));
}

function makePullback(subscripts: string, vjp: Vjp, operands: readonly Tensor[], options: EinsumOptions): Pullback {
  const engineOptions = vjp.steps.map((step) => gradientOptions(step.dtype, options));
  const pullback = (cotangent: unknown, pullbackOptions?: unknown): (Tensor | undefined)[] => {
    const ct = toCotangent(subscripts, cotangent, vjp.resultShape);
    const outs = readOuts(subscripts, pullbackOptions, vjp, operands.length);
    const gradients = new Array<Tensor | undefined>(operands.length).fill(undefined);
    let deferred: [Tensor, Tensor][] | undefined;
    vjp.steps.forEach((step, s) => {
      const inputs = step.inputs.map((k) => (k === COTANGENT ? ct : operands[k]));
      const out = outs?.[step.operand];
      // A buffer that shares memory with an operand or the cotangent is filled last, from a fresh
      // gradient: a later gradient einsum still reads that operand.
      if (out !== undefined && (overlaps(out.data, ct.data) || operands.some((o) => overlaps(out.data, o.data)))) {
        const fresh = runStep(step, inputs, undefined, engineOptions[s]);
        (deferred ??= []).push([fresh, out]);
        gradients[step.operand] = out;
      } else {
        gradients[step.operand] = runStep(step, inputs, out, engineOptions[s]);
      }
    });
    if (deferred) for (const [fresh, out] of deferred) einsumImpl('...->...', fresh, { out });
    return gradients;
  };
  return Object.assign(pullback, { gradients: vjp.steps.map((s) => ({ operand: s.operand, subscripts: s.subscripts })) }) as Pullback;
}

/** The gradient einsum's options: the operand's dtype, the forward's strategy (an explicit path fits only the forward). */
function gradientOptions(dtype: DType, options: EinsumOptions): EinsumOptions {
  const engine: { dtype: DType; optimize?: PathStrategy; memoryLimit?: number } = { dtype };
  if (options.optimize !== undefined && !Array.isArray(options.optimize)) engine.optimize = options.optimize;
  if (options.memoryLimit !== undefined) engine.memoryLimit = options.memoryLimit;
  return engine;
}

function runStep(step: PreparedStep, inputs: readonly Tensor[], out: Tensor | undefined, options: EinsumOptions): Tensor {
  if (step.scatterer === undefined) {
    // The einsum's result is the gradient, but for size-1 dimensions: written straight into `out`
    // (viewed without them), or its data reshaped.
    if (out !== undefined) {
      const view = madeTensor(out.data, step.keptShape, out.dtype, step.keptStrides(out), out.offset);
      einsumImpl(step.subscripts, ...inputs, { ...options, out: view });
      return out;
    }
    const g = einsumImpl(step.subscripts, ...inputs, options);
    return madeTensor(g.data, step.shape, step.dtype, step.strides, 0, step.size);
  }
  const g = einsumImpl(step.subscripts, ...inputs, options);
  const target = out ?? madeTensor(allocate(step.dtype, step.size), step.shape, step.dtype, step.strides, 0, step.size);
  step.scatterer.run(g, target, out !== undefined);
  return target;
}

function toCotangent(subscripts: string, value: unknown, shape: readonly number[]): Tensor {
  let ct: Tensor;
  if (value instanceof Tensor) ct = value;
  else if (typeof value === 'number' || Array.isArray(value)) {
    try {
      ct = (tensor as (nested: unknown) => Tensor)(value); // the nested form, untyped: its shape is checked below
    } catch (e) {
      if (e instanceof EinsumError) throw new EinsumError(e.code, `the cotangent of '${subscripts}': ${e.message}`, subscripts);
      throw e;
    }
  } else throw new EinsumError('ARGUMENT', gradMessages.cotangentNotTensor(subscripts, describe(value)), subscripts);
  if (!sameNumbers(ct.shape, shape)) {
    throw new EinsumError(ct.shape.length !== shape.length ? 'RANK' : 'SIZE', gradMessages.cotangentShape(subscripts, ct.shape, shape), subscripts);
  }
  return ct;
}

function readOuts(subscripts: string, raw: unknown, vjp: Vjp, count: number): readonly (Tensor | undefined)[] | undefined {
  if (raw === undefined) return undefined;
  if (!isOptionsObject(raw)) throw new EinsumError('ARGUMENT', `the pullback's options must be an object such as { out: [...] }, got ${describe(raw)}`, subscripts);
  const options = raw as Record<string, unknown>;
  for (const key in options) {
    if (!PULLBACK_KEYS.includes(key)) throw new EinsumError('ARGUMENT', gradMessages.unknownOption(`the pullback of '${subscripts}'`, key, PULLBACK_KEYS), subscripts);
  }
  const outs = options.out;
  if (outs === undefined) return undefined;
  if (!Array.isArray(outs) || outs.length !== count) throw new EinsumError('ARGUMENT', gradMessages.outNotArray(subscripts, count, describe(outs)), subscripts);
  outs.forEach((out: unknown, i) => {
    if (out === undefined) return;
    const step = vjp.steps.find((s) => s.operand === i);
    if (step === undefined) throw new EinsumError('ARGUMENT', gradMessages.outNotWanted(subscripts, i), subscripts);
    if (!(out instanceof Tensor)) throw new EinsumError('DTYPE', gradMessages.outMismatch(subscripts, i, 'dtype', describe(out), `'${step.dtype}'`), subscripts);
    if (out.dtype !== step.dtype) throw new EinsumError('DTYPE', gradMessages.outMismatch(subscripts, i, 'dtype', `'${out.dtype}'`, `'${step.dtype}'`), subscripts);
    if (!sameNumbers(out.shape, step.shape)) {
      throw new EinsumError('DTYPE', gradMessages.outMismatch(subscripts, i, 'shape', formatShape(out.shape), formatShape(step.shape)), subscripts);
    }
    checkHoldsEach(subscripts, out, `out[${i}]`);
  });
  return outs as (Tensor | undefined)[];
}
