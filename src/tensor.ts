import { allocate, dtypeOf, isDType, type ArrayFor, type DType, type TypedArray } from './dtype.js';
import { EinsumError, formatShape } from './errors.js';

export type Shape = readonly number[];

/** Nested JS arrays of a shape: number for rank 0, number[][] for rank 2, tuples where sizes are literal. */
export type Nested<S extends Shape> = S extends readonly []
  ? number
  : S extends readonly [infer Size extends number, ...infer Rest extends Shape]
    ? number extends Size
      ? Nested<Rest>[]
      : TupleOf<Size, Nested<Rest>>
    : unknown[];

type TupleOf<Size extends number, Element, Acc extends unknown[] = []> = Acc['length'] extends Size
  ? Acc
  : Acc['length'] extends 16 // past 16 a tuple helps nobody and costs instantiations
    ? Element[]
    : TupleOf<Size, Element, [...Acc, Element]>;

export interface TensorOptions<D extends DType = DType> {
  dtype?: D;
  /** Element strides for a view over `data`; default row-major contiguous. */
  strides?: readonly number[];
  /** Element offset of index [0, ..., 0] in `data`. */
  offset?: number;
}

/**
 * A strided view over a typed array (the ndarray model): element [i0, i1, ...] lives at
 * data[offset + i0*strides[0] + i1*strides[1] + ...].
 */
export class Tensor<S extends Shape = Shape, D extends DType = DType> {
  readonly shape: S;
  readonly dtype: D;
  readonly data: ArrayFor<D>;
  readonly strides: readonly number[];
  readonly offset: number;
  readonly size: number;

  /**
   * Use `tensor()`, `zeros()`, `ones()` or `random()`. The constructor trusts its arguments and
   * keeps `shape` and `strides` as given (no copy): the engine passes frozen arrays it shares
   * between all results of one plan, which keeps a small einsum call cheap.
   */
  constructor(data: ArrayFor<D>, shape: S, dtype: D, strides?: readonly number[], offset = 0, size = sizeOf(shape)) {
    this.data = data;
    this.shape = shape;
    this.dtype = dtype;
    this.strides = strides ?? Object.freeze(contiguousStrides(shape));
    this.offset = offset;
    this.size = size;
  }

  get(...index: number[]): number {
    if (index.length !== this.shape.length) {
      throw new EinsumError('ARGUMENT', `get() takes ${this.shape.length} indices for shape ${formatShape(this.shape)} but ${index.length} were given`);
    }
    let at = this.offset;
    for (let axis = 0; axis < index.length; axis++) {
      const i = index[axis];
      if (!Number.isInteger(i) || i < 0 || i >= this.shape[axis]) {
        throw new EinsumError('ARGUMENT', `index ${i} is out of range for axis ${axis} of size ${this.shape[axis]}`);
      }
      at += i * this.strides[axis];
    }
    return this.data[at];
  }

  toArray(): Nested<S> {
    const build = (axis: number, at: number): unknown => {
      if (axis === this.shape.length) return this.data[at];
      const out: unknown[] = [];
      for (let i = 0; i < this.shape[axis]; i++) out.push(build(axis + 1, at + i * this.strides[axis]));
      return out;
    };
    return build(0, this.offset) as Nested<S>;
  }

  /** True when the view is dense row-major starting at offset 0 and filling `data`. */
  get contiguous(): boolean {
    // Everything it depends on is immutable, so it is worked out once.
    return (this.#contiguous ??= this.offset === 0 && this.data.length === this.size && isContiguous(this.shape, this.strides));
  }

  #contiguous: boolean | undefined;
}

/** A frozen copy, so no caller can change a tensor's shape or strides behind its back. */
export function frozen<A extends readonly number[]>(values: A): A {
  return Object.freeze(values.slice()) as unknown as A;
}

/** Equal shapes (or strides), element by element. */
export function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= shape[axis];
  }
  return strides;
}

function isContiguous(shape: Shape, strides: readonly number[]): boolean {
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    if (shape[axis] !== 1 && strides[axis] !== stride) return false;
    stride *= shape[axis];
  }
  return true;
}

export function checkShape(shape: unknown, what = 'shape'): asserts shape is Shape {
  if (!Array.isArray(shape)) throw new EinsumError('ARGUMENT', `${what} must be an array of sizes, got ${describe(shape)}`);
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new EinsumError('ARGUMENT', `${what} ${describe(shape)} has ${describe(d)}; sizes are non-negative integers`);
    }
  }
}

export function describe(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  if (typeof value === 'string') return `'${value}'`;
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return String(value);
}

/** A nested array of numbers, used both as input and as the inferred type of a literal. */
export type NestedNumbers = number | readonly NestedNumbers[];

/** The shape of a nested array literal: [[1, 2, 3], [4, 5, 6]] -> readonly [2, 3]. */
export type ShapeOfNested<N> = N extends number
  ? readonly []
  : N extends readonly []
    ? readonly [0]
    : N extends readonly [infer First, ...infer _]
      ? readonly [N['length'], ...ShapeOfNested<First>]
      : N extends readonly (infer E)[]
        ? readonly [number, ...ShapeOfNested<E>]
        : Shape;

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
): Tensor<Readonly<S>, DTypeOf<A, D>>;
export function tensor(data: unknown, shapeOrOptions?: unknown, maybeOptions?: unknown): Tensor {
  if (Array.isArray(shapeOrOptions) || (shapeOrOptions !== undefined && !isPlainObject(shapeOrOptions))) {
    return fromData(data, shapeOrOptions, maybeOptions);
  }
  return fromNested(data, shapeOrOptions);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readOptions(options: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (options === undefined) return {};
  if (!isPlainObject(options)) throw new EinsumError('ARGUMENT', `options must be an object, got ${describe(options)}`);
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new EinsumError('ARGUMENT', `unknown option '${key}'; the options are ${allowed.map((k) => `'${k}'`).join(', ')}`);
  }
  if (options.dtype !== undefined && !isDType(options.dtype)) {
    throw new EinsumError('DTYPE', `dtype ${describe(options.dtype)} is not one of 'float64', 'float32', 'int32'`);
  }
  return options;
}

function fromData(data: unknown, shape: unknown, rawOptions: unknown): Tensor {
  const options = readOptions(rawOptions, ['dtype', 'strides', 'offset']);
  checkShape(shape);
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
      array[i] = v;
    }
  }
  const size = sizeOf(shape);
  if (options.strides === undefined && options.offset === undefined) {
    if (array.length !== size) {
      throw new EinsumError('ARGUMENT', `data of length ${array.length} does not fit shape ${formatShape(shape)} (${size} elements)`);
    }
    return new Tensor(array, frozen(shape), dtype);
  }
  const offset = options.offset ?? 0;
  const strides = options.strides ?? contiguousStrides(shape);
  if (!Array.isArray(strides) || strides.length !== shape.length || !strides.every((s) => Number.isInteger(s))) {
    throw new EinsumError('ARGUMENT', `strides ${describe(strides)} must be ${shape.length} integers for shape ${formatShape(shape)}`);
  }
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) {
    throw new EinsumError('ARGUMENT', `offset ${describe(offset)} must be a non-negative integer`);
  }
  if (size > 0) {
    let lo = offset;
    let hi = offset;
    shape.forEach((d, axis) => {
      const reach = (d - 1) * strides[axis];
      if (reach < 0) lo += reach;
      else hi += reach;
    });
    if (lo < 0 || hi >= array.length) {
      throw new EinsumError('ARGUMENT', `a view of shape ${formatShape(shape)} with strides ${formatShape(strides)} and offset ${offset} reaches outside data of length ${array.length}`);
    }
  }
  return new Tensor(array, frozen(shape), dtype, frozen(strides), offset);
}

function fromNested(nested: unknown, rawOptions: unknown): Tensor {
  const options = readOptions(rawOptions, ['dtype']);
  const shape = nestedShape(nested);
  const dtype = (options.dtype as DType | undefined) ?? 'float64';
  const array = allocate(dtype, sizeOf(shape));
  let at = 0;
  const fill = (value: unknown): void => {
    if (typeof value === 'number') array[at++] = value;
    else for (const item of value as unknown[]) fill(item);
  };
  fill(nested);
  return new Tensor(array, frozen(shape), dtype);
}

/** The shape of a nested array, refusing ragged arrays and non-numbers with ARGUMENT. */
export function nestedShape(nested: unknown): number[] {
  const shape: number[] = [];
  let probe: unknown = nested;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const check = (value: unknown, axis: number, path: string): void => {
    if (axis === shape.length) {
      if (typeof value !== 'number') throw new EinsumError('ARGUMENT', `nested array has ${describe(value)} at ${path || 'the top'}; expected a number`);
      return;
    }
    if (!Array.isArray(value) || value.length !== shape[axis]) {
      throw new EinsumError('ARGUMENT', `nested array is ragged at ${path || 'the top'}: expected ${shape[axis]} items, got ${Array.isArray(value) ? value.length : describe(value)}`);
    }
    value.forEach((item, i) => check(item, axis + 1, `${path}[${i}]`));
  };
  check(nested, 0, '');
  return shape;
}

export function zeros<const S extends Shape, D extends DType = 'float64'>(shape: S, options?: { dtype?: D }): Tensor<Readonly<S>, D> {
  const opts = readOptions(options, ['dtype']);
  checkShape(shape);
  const dtype = ((opts.dtype as D | undefined) ?? 'float64') as D;
  return new Tensor(allocate(dtype, sizeOf(shape)) as ArrayFor<D>, frozen(shape), dtype);
}

export function ones<const S extends Shape, D extends DType = 'float64'>(shape: S, options?: { dtype?: D }): Tensor<Readonly<S>, D> {
  const t = zeros(shape, options);
  t.data.fill(1);
  return t;
}

/**
 * Uniform values in [0, 1) (int32: integers in [0, 10)) from a seeded generator, so that a test,
 * a benchmark and a bug report see the same numbers on every machine.
 */
export function random<const S extends Shape, D extends DType = 'float64'>(shape: S, options: { seed: number; dtype?: D }): Tensor<Readonly<S>, D> {
  const opts = readOptions(options, ['dtype', 'seed']);
  if (typeof opts.seed !== 'number' || !Number.isFinite(opts.seed)) throw new EinsumError('ARGUMENT', `random() needs a numeric seed, got ${describe(opts.seed)}`);
  const t = zeros(shape, { dtype: opts.dtype as D | undefined });
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
