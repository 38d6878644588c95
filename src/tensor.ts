import type { ArrayFor, DType } from './dtype.js';
import { describe, EinsumError, formatShape } from './errors.js';
import { internLayout, type Layout } from './layout.js';
import { checkTensorArguments } from './view.js';

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
   * Shape, strides and dtype as one interned object, shared by every tensor of this layout (and
   * handed by a plan to all its results): what plans are matched on, by identity.
   */
  readonly layout: Layout;

  /**
   * Prefer `tensor()`, `zeros()`, `ones()` or `random()`. Called directly, the constructor checks
   * that `data` is the dtype's typed array and that every element the view names is inside it
   * (EinsumError ARGUMENT or DTYPE otherwise), and keeps `shape` and `strides` as given (no copy).
   * `layout` is the engine's: its results pass their plan's interned layout with frozen arrays
   * shared by all results of that plan, consistent by construction and not checked again, which
   * keeps a small einsum call cheap. Passing one skips the checks.
   */
  constructor(data: ArrayFor<D>, shape: S, dtype: D, strides?: readonly number[], offset = 0, size?: number, layout?: Layout) {
    if (layout === undefined) checkTensorArguments(data, shape, dtype, strides, offset, size);
    this.data = data;
    this.shape = shape;
    this.dtype = dtype;
    this.strides = strides ?? Object.freeze(contiguousStrides(shape));
    this.offset = offset;
    this.size = size ?? sizeOf(shape);
    this.layout = layout ?? internLayout(dtype, shape, this.strides);
  }

  get(...index: number[]): number {
    if (index.length !== this.shape.length) {
      throw new EinsumError('ARGUMENT', `get() takes ${this.shape.length} indices for shape ${formatShape(this.shape)} but ${index.length} were given`);
    }
    let at = this.offset;
    for (let axis = 0; axis < index.length; axis++) {
      const i = index[axis];
      if (!Number.isInteger(i) || i < 0 || i >= this.shape[axis]) {
        throw new EinsumError('ARGUMENT', `index ${describe(i)} is out of range for axis ${axis} of size ${this.shape[axis]}`);
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

/**
 * Whether `value` is a Tensor (or of a subclass): the hot path's test, the same as the checked
 * path's. `instanceof` is what V8 optimizes here (feedback on the class, then a walk up the
 * prototype chain, ~1.8 ns under tsx on Node 20); `Object.getPrototypeOf` on an object whose hidden
 * class V8 does not know at that point is a call of ~9 ns, paid per operand on every call.
 */
export function isTensor(value: unknown): value is Tensor {
  return value instanceof Tensor;
}

/**
 * A tensor the library makes itself, from arguments consistent by construction (data it checked,
 * or a result it allocated): what the constructor does, without the checks it runs for user code.
 */
export function madeTensor<S extends Shape, D extends DType>(
  data: ArrayFor<D>,
  shape: S,
  dtype: D,
  strides: readonly number[] = Object.freeze(contiguousStrides(shape)),
  offset = 0,
  size = sizeOf(shape),
): Tensor<S, D> {
  return new Tensor(data, shape, dtype, strides, offset, size, internLayout(dtype, shape, strides));
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
