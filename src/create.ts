/**
 * Making tensors: from flat data and a shape (a view when the typed array already fits), from
 * nested array literals, and zeros/ones/seeded random. Every input is checked here, so a Tensor
 * that exists is a valid one.
 */
import { allocate, dtypeOf, isDType, type ArrayFor, type DType, type TypedArray } from './dtype.js';
import { describe, EinsumError } from './errors.js';
import { messages } from './messages.js';
import { MAX_ELEMENTS } from './path/cost.js';
import { checkLength, checkShape, checkView, own } from './view.js';
import { contiguousStrides, madeTensor, sizeOf, Tensor, type NestedNumbers, type Shape, type ShapeOfNested, type TensorOptions } from './tensor.js';

type DTypeOf<A, D> = D extends DType
  ? D
  : A extends Float32Array
    ? 'float32'
    : A extends Int32Array
      ? 'int32'
      : 'float64';

export function tensor<const N extends NestedNumbers>(nested: N, options?: { dtype?: undefined }): Tensor<ShapeOfNested<N>, 'float64'>;
export function tensor<const N extends NestedNumbers, D extends DType>(nested: N, options: { dtype: D }): Tensor<ShapeOfNested<N>, D>;
export function tensor<const S extends Shape, A extends ArrayLike<number>, D extends DType | undefined = undefined>(
  data: A,
  shape: S,
  options?: TensorOptions<D & DType> & { dtype?: D },
): Tensor<Readonly<S>, DTypeOf<A, NoInfer<D>>>;
export function tensor(data: unknown, shapeOrOptions?: unknown, maybeOptions?: unknown): Tensor {
  if (Array.isArray(shapeOrOptions) || (shapeOrOptions !== undefined && !isPlainObject(shapeOrOptions))) {
    return fromData(data, shapeOrOptions, maybeOptions);
  }
  return fromNested(data, shapeOrOptions);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The options, checked, each read once into an object of our own (a getter cannot answer the
 * check one way and the tensor another).
 */
function readOptions(options: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (options === undefined) return {};
  if (!isPlainObject(options)) throw new EinsumError('ARGUMENT', `options must be an object, got ${describe(options)}`);
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new EinsumError('ARGUMENT', `unknown option '${key}'; the options are ${allowed.map((k) => `'${k}'`).join(', ')}`);
  }
  const read: Record<string, unknown> = {};
  for (const key of allowed) read[key] = options[key];
  if (read.dtype !== undefined && !isDType(read.dtype)) {
    throw new EinsumError('DTYPE', messages.badDType(describe(read.dtype)));
  }
  return read;
}

function fromData(data: unknown, givenShape: unknown, rawOptions: unknown): Tensor {
  const options = readOptions(rawOptions, ['dtype', 'strides', 'offset']);
  const shape = own(givenShape);
  checkShape(shape);
  const size = checkSize('tensor', shape);
  const given = dtypeOf(data);
  const isArrayLike = given !== undefined || Array.isArray(data) || ArrayBuffer.isView(data);
  if (!isArrayLike) throw new EinsumError('ARGUMENT', `tensor data must be an array or a typed array, got ${describe(data)}`);
  const dtype = (options.dtype as DType | undefined) ?? given ?? 'float64';
  const source = data as ArrayLike<number>;
  let array: TypedArray;
  if (given === dtype) {
    array = data as TypedArray; // no copy: a view over the caller's buffer
  } else {
    array = allocate(dtype, source.length);
    for (let i = 0; i < source.length; i++) {
      const v = source[i];
      if (typeof v !== 'number') throw new EinsumError('ARGUMENT', `tensor data[${i}] is ${describe(v)}, not a number`);
      if (dtype === 'int32' && !fitsInt32(v)) throw new EinsumError('ARGUMENT', messages.int32Range(`tensor data[${i}]`, v));
      array[i] = v;
    }
  }
  if (options.strides === undefined && options.offset === undefined) {
    checkLength(array.length, shape, size, true);
    return madeTensor(array, Object.freeze(shape), dtype);
  }
  const offset = options.offset ?? 0;
  const strides = own(options.strides) ?? contiguousStrides(shape);
  checkView(shape, size, strides, offset, array.length);
  return madeTensor(array, Object.freeze(shape), dtype, Object.freeze(strides as number[]), offset as number);
}

function fromNested(nested: unknown, rawOptions: unknown): Tensor {
  const options = readOptions(rawOptions, ['dtype']);
  const { shape, leaves } = nestedLeaves(nested);
  const dtype = (options.dtype as DType | undefined) ?? 'float64';
  const array = allocate(dtype, leaves.length);
  for (let at = 0; at < leaves.length; at++) {
    const value = leaves[at];
    if (dtype === 'int32' && !fitsInt32(value)) throw new EinsumError('ARGUMENT', messages.int32Range(`tensor value ${nestedIndex(at, shape)}`, value));
    array[at] = value;
  }
  return madeTensor(array, Object.freeze(shape), dtype);
}

/**
 * The shape of a nested array and its numbers in row-major order, refusing ragged arrays and
 * non-numbers with ARGUMENT. Walked level by level, not recursively, so that however deep the
 * array is, no call stack overflows.
 */
function nestedLeaves(nested: unknown): { shape: number[]; leaves: number[] } {
  const shape: number[] = [];
  let probe: unknown = nested;
  const chain = new Set<unknown>();
  while (Array.isArray(probe)) {
    // An array that holds itself has no shape: refused, where following it would never end.
    if (chain.has(probe)) throw new EinsumError('ARGUMENT', messages.nestedCycle(nestedPath(chain.size)));
    chain.add(probe);
    shape.push(probe.length);
    probe = probe[0];
  }
  let level: unknown[] = [nested];
  for (let axis = 0; axis < shape.length; axis++) {
    const next: unknown[] = [];
    for (let at = 0; at < level.length; at++) {
      const value = level[at];
      if (!Array.isArray(value) || value.length !== shape[axis]) {
        const where = nestedIndex(at, shape.slice(0, axis)) || 'the top';
        throw new EinsumError('ARGUMENT', `nested array is ragged at ${where}: expected ${shape[axis]} items, got ${Array.isArray(value) ? value.length : describe(value)}`);
      }
      for (const item of value) next.push(item);
    }
    level = next;
  }
  for (let at = 0; at < level.length; at++) {
    if (typeof level[at] !== 'number') throw new EinsumError('ARGUMENT', `nested array has ${describe(level[at])} at ${nestedIndex(at, shape) || 'the top'}; expected a number`);
  }
  return { shape, leaves: level as number[] };
}

/** '[0][0]': the path to the first item `depth` levels down. */
function nestedPath(depth: number): string {
  return '[0]'.repeat(depth) || 'the top';
}

/** int32 storage truncates toward zero (numpy's cast); what would not fit after that is refused. */
function fitsInt32(value: number): boolean {
  return value > -2147483649 && value < 2147483648; // false for NaN and ±Infinity too
}

/** `[1][0]`: the nested index of flat position `at` in a row-major array of `shape`. */
function nestedIndex(at: number, shape: readonly number[]): string {
  let text = '';
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    text = `[${at % shape[axis]}]${text}`;
    at = Math.floor(at / shape[axis]);
  }
  return text;
}

/** The element count of a checked shape, refused with MEMORY past what a typed array holds. */
function checkSize(what: string, shape: Shape): number {
  const size = sizeOf(shape);
  if (size > MAX_ELEMENTS) throw new EinsumError('MEMORY', messages.shapeTooLarge(what, shape, size));
  return size;
}

/** A zero-filled tensor for zeros/ones/random (`what` names the caller in a refusal). */
function filled<const S extends Shape, D extends DType>(what: string, shape: S, dtype: D): Tensor<Readonly<S>, D> {
  const copy = own(shape);
  checkShape(copy);
  return madeTensor(allocate(dtype, checkSize(what, copy)) as ArrayFor<D>, Object.freeze(copy) as unknown as S, dtype);
}

export function zeros<const S extends Shape, D extends DType = 'float64'>(shape: S, options?: { dtype?: D }): Tensor<Readonly<S>, NoInfer<D>> {
  const opts = readOptions(options, ['dtype']);
  return filled('zeros', shape, ((opts.dtype as D | undefined) ?? 'float64') as D);
}

export function ones<const S extends Shape, D extends DType = 'float64'>(shape: S, options?: { dtype?: D }): Tensor<Readonly<S>, NoInfer<D>> {
  const opts = readOptions(options, ['dtype']);
  const t = filled('ones', shape, ((opts.dtype as D | undefined) ?? 'float64') as D);
  t.data.fill(1);
  return t;
}

/**
 * Uniform values in [0, 1) (int32: integers in [0, 10)) from a seeded generator, so that a test,
 * a benchmark and a bug report see the same numbers on every machine.
 */
export function random<const S extends Shape, D extends DType = 'float64'>(shape: S, options: { seed: number; dtype?: D }): Tensor<Readonly<S>, NoInfer<D>> {
  const opts = readOptions(options, ['dtype', 'seed']);
  if (typeof opts.seed !== 'number' || !Number.isFinite(opts.seed)) throw new EinsumError('ARGUMENT', `random() needs a numeric seed, got ${describe(opts.seed)}`);
  const t = filled('random', shape, ((opts.dtype as D | undefined) ?? 'float64') as D);
  const next = mulberry32(opts.seed);
  const scale = t.dtype === 'int32' ? 10 : 1;
  for (let i = 0; i < t.data.length; i++) t.data[i] = t.dtype === 'int32' ? Math.floor(next() * scale) : next();
  return t;
}

/** A small, well-mixed 32-bit generator; plenty for test data, not for cryptography. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}
