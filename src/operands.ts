/**
 * Checking what einsum was given: operands (Tensors or nested arrays), the trailing options
 * object, and `out`. Every refusal here is an EinsumError with code ARGUMENT or DTYPE.
 */
import { dtypeOf, isDType, type DType } from './dtype.js';
import { describe, EinsumError, formatShape } from './errors.js';
import { messages } from './messages.js';
import { checkMemoryLimit, type PathStrategy } from './path/index.js';
import { pathMessages } from './path/messages.js';
import { resolveStrategy, STRATEGY_NAMES } from './path/strategies.js';
import { tensor } from './create.js';
import { namesAnElementTwice } from './view.js';
import { Tensor } from './tensor.js';

export interface EinsumOptions {
  /** Contraction path: 'auto' (default), 'auto-hq', 'greedy', 'dp' ('optimal'), 'random-greedy', false (left to right), or explicit. */
  optimize?: PathStrategy;
  /** Write the result here (same shape and dtype) instead of allocating. */
  out?: Tensor;
  /** Storage type of the result; default the widest operand dtype. */
  dtype?: DType;
  /**
   * 'float64': form every sum in float64 and round (float32) or wrap (int32) it once into the
   * result, whatever the result's dtype; by default a contraction computes in its result's dtype.
   */
  accumulate?: 'float64';
  /** Refuse (code MEMORY) any result or intermediate with more elements than this. */
  memoryLimit?: number;
}

const OPTION_KEYS = ['optimize', 'out', 'dtype', 'accumulate', 'memoryLimit'];

/** A trailing plain object is the options; a Tensor or an array is an operand. */
export function isOptionsObject(value: unknown): boolean {
  return isPlain(value) && !('shape' in value && 'data' in value);
}

/** An object made by a literal or `Object.create(null)`: what a trailing options argument is. */
export function isPlain(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The tensor of options that hold `out` and nothing else (the hot loop's `{ out }`), else
 * undefined: anything else (other options, an `out` that is no Tensor, an object that is not plain)
 * is for checkOptions or toOperand to judge. `out` is read first: V8 then knows the object's hidden
 * class, so the prototype compare that follows folds to a constant (Object.getPrototypeOf on an
 * object of unknown class is a call of ~9 ns on Node 20).
 */
export function onlyOut(options: unknown): Tensor | undefined {
  if (typeof options !== 'object' || options === null) return undefined;
  const out = (options as { out?: unknown }).out;
  if (!(out instanceof Tensor) || !isPlain(options)) return undefined;
  for (const key in options) if (key !== 'out') return undefined;
  return out;
}

function isTensorLike(value: unknown): value is Tensor {
  if (value instanceof Tensor) return true;
  const v = value as Partial<Tensor> | null;
  return typeof v === 'object' && v !== null && Array.isArray(v.shape) && Array.isArray(v.strides) && typeof v.offset === 'number' && isDType(v.dtype) && ArrayBuffer.isView(v.data);
}

/** The options of a call without any: one shared object, so a plan made for it is matched by identity. */
export const NO_OPTIONS: EinsumOptions = Object.freeze({});

/**
 * The options, checked, as an object of our own: each option is read once, so a getter cannot
 * answer these checks one way and the plan another, and the plan cache keeps this copy (an explicit
 * path copied too), never the caller's object, which the caller may change after the call.
 */
export function checkOptions(subscripts: string, raw: unknown): EinsumOptions {
  if (raw === undefined) return NO_OPTIONS;
  const given = raw as Record<string, unknown>;
  for (const key in given) {
    if (key !== 'out' && key !== 'optimize' && key !== 'dtype' && key !== 'accumulate' && key !== 'memoryLimit') {
      throw new EinsumError('ARGUMENT', `unknown option '${key}' in einsum('${subscripts}', ...); the options are ${OPTION_KEYS.map((k) => `'${k}'`).join(', ')}`, subscripts);
    }
  }
  const { out, dtype, accumulate, memoryLimit, optimize: asked } = given;
  const optimize = asked === undefined ? undefined : ownStrategy(asked); // copied, then checked
  if (dtype !== undefined && !isDType(dtype)) {
    throw new EinsumError('DTYPE', messages.badDType(describe(dtype)), subscripts);
  }
  if (accumulate !== undefined && accumulate !== 'float64') {
    throw new EinsumError('DTYPE', messages.badAccumulate(describe(accumulate)), subscripts);
  }
  // Checked here too, not only when a path is planned: a registered kernel may answer first.
  if (memoryLimit !== undefined) checkMemoryLimit(memoryLimit, subscripts);
  if (optimize !== undefined && optimize !== false && !Array.isArray(optimize) && !resolveStrategy(optimize, subscripts)) {
    throw new EinsumError('ARGUMENT', pathMessages.unknownStrategy(describe(optimize), STRATEGY_NAMES), subscripts);
  }
  if (out !== undefined && !(out instanceof Tensor) && (!isTensorLike(out) || dtypeOf(out.data) !== out.dtype)) {
    throw new EinsumError('DTYPE', `out must be a Tensor whose data matches its dtype, got ${describe(out)}`, subscripts);
  }
  const options: EinsumOptions = {};
  if (optimize !== undefined) options.optimize = optimize;
  if (out !== undefined) options.out = out as Tensor;
  if (dtype !== undefined) options.dtype = dtype as DType;
  if (accumulate !== undefined) options.accumulate = 'float64';
  if (memoryLimit !== undefined) options.memoryLimit = memoryLimit as number;
  return options;
}

/** A copy of an explicit path (its steps too) or of a strategy object; a name or false as it is. */
function ownStrategy(optimize: unknown): PathStrategy {
  if (Array.isArray(optimize)) return optimize.map((step: unknown) => (Array.isArray(step) ? step.slice() : step)) as PathStrategy;
  return (isPlain(optimize) ? { ...optimize } : optimize) as PathStrategy;
}

/** A Tensor as it is, or a nested array turned into one; anything else is refused. */
export function toOperand(subscripts: string, value: unknown, index: number): Tensor {
  if (value instanceof Tensor) return value; // made by tensor()/zeros()/...: already checked
  // Shaped like a Tensor but made by hand (or by another copy of this library): its fields read
  // once (a getter cannot answer the check one way and the tensor another), then all checked.
  const like = typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value) ? fieldsOf(value as Tensor) : undefined;
  if (like !== undefined && isTensorLike(like)) {
    const actual = dtypeOf(like.data);
    if (actual !== like.dtype) {
      throw new EinsumError('DTYPE', `operand ${index} of '${subscripts}' says dtype '${like.dtype}' but holds a ${(like.data as object).constructor.name}`, subscripts);
    }
    return prefixed(subscripts, index, () => tensor(like.data, like.shape, { strides: like.strides, offset: like.offset }));
  }
  if (typeof value === 'number' || Array.isArray(value)) {
    return prefixed(subscripts, index, () => (tensor as (nested: unknown) => Tensor)(value));
  }
  if (ArrayBuffer.isView(value)) {
    throw new EinsumError('DTYPE', `operand ${index} of '${subscripts}' is a bare ${(value as object).constructor.name}; wrap it with tensor(data, shape) (dtypes: float64, float32, int32)`, subscripts);
  }
  throw new EinsumError('ARGUMENT', `operand ${index} of '${subscripts}' is ${describe(value)}, not a Tensor or a nested array of numbers`, subscripts);
}

/** A tensor-like object's fields, each read once. */
function fieldsOf({ shape, strides, offset, dtype, data }: Tensor): Pick<Tensor, 'shape' | 'strides' | 'offset' | 'dtype' | 'data'> {
  return { shape, strides, offset, dtype, data };
}

/** Runs `make`, naming the operand in any refusal it throws. */
function prefixed(subscripts: string, index: number, make: () => Tensor): Tensor {
  try {
    return make();
  } catch (e) {
    if (e instanceof EinsumError) throw new EinsumError(e.code, `operand ${index} of '${subscripts}': ${e.message}`, subscripts);
    throw e;
  }
}

export function checkOut(subscripts: string, out: Tensor, shape: readonly number[], dtype: DType): void {
  if (out.dtype !== dtype) {
    throw new EinsumError('DTYPE', `out has dtype '${out.dtype}' but the result of '${subscripts}' is '${dtype}'`, subscripts);
  }
  let same = out.shape === shape || out.shape.length === shape.length;
  for (let i = 0; same && out.shape !== shape && i < shape.length; i++) same = out.shape[i] === shape[i];
  if (!same) {
    throw new EinsumError('DTYPE', `out has shape ${formatShape(out.shape)} but the result of '${subscripts}' has shape ${formatShape(shape)}`, subscripts);
  }
  checkHoldsEach(subscripts, out, 'out');
}

/** An `out` (`what`: 'out', 'out[1]') must name each element once, to hold one value per element. */
export function checkHoldsEach(subscripts: string, out: Tensor, what: string): void {
  if (!out.contiguous && namesAnElementTwice(out.shape, out.strides)) throw new EinsumError('DTYPE', messages.outOverlaps(what, out.shape, out.strides), subscripts);
}
