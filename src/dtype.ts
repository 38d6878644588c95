/** Storage types, and the arithmetic each computes in (computeDType). */
import { EinsumError } from './errors.js';
import { messages } from './messages.js';

export type DType = 'float64' | 'float32' | 'int32';
export type TypedArray = Float64Array | Float32Array | Int32Array;
export type FloatArray = Float64Array | Float32Array;

export const DTYPES: readonly DType[] = ['int32', 'float32', 'float64'];

/** The typed array that stores each dtype. */
export type ArrayFor<D extends DType> = D extends 'float64'
  ? Float64Array
  : D extends 'float32'
    ? Float32Array
    : Int32Array;

export function isDType(value: unknown): value is DType {
  return value === 'float64' || value === 'float32' || value === 'int32';
}

/** A zeroed array; an allocation the engine refuses (RangeError) is EinsumError MEMORY. */
export function allocate(dtype: DType, length: number): TypedArray {
  try {
    switch (dtype) {
      case 'float64':
        return new Float64Array(length);
      case 'float32':
        return new Float32Array(length);
      case 'int32':
        return new Int32Array(length);
    }
  } catch (error) {
    if (error instanceof RangeError) throw new EinsumError('MEMORY', messages.allocationFailed(length, dtype, dtype === 'float64' ? 8 : 4));
    throw error;
  }
}

/** The dtype a typed array stores, or undefined for anything else. */
export function dtypeOf(data: unknown): DType | undefined {
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  return undefined;
}

/** numpy's promotion restricted to our three types: int32 < float32 < float64. */
export function widest(dtypes: readonly DType[]): DType {
  let rank = 0;
  for (const d of dtypes) rank = Math.max(rank, DTYPES.indexOf(d));
  return dtypes.length === 0 ? 'float64' : DTYPES[rank];
}

/**
 * The arithmetic a contraction computes in, as numpy's: the result's dtype. float64 in float64;
 * float32 in float32 (operands rounded to float32 first, every product and sum rounded); int32
 * with wrapping 32-bit integer arithmetic when every operand is int32 (an int32 result of float
 * operands sums in float64 and wraps once, as before). `accumulate: 'float64'` asks for float64
 * sums whatever the result (rounded or wrapped once, when stored).
 */
export function computeDType(operands: readonly DType[], result: DType, accumulate?: 'float64'): DType {
  if (accumulate === 'float64') return 'float64';
  if (result === 'int32') return operands.every((d) => d === 'int32') ? 'int32' : 'float64';
  return result;
}

/**
 * Type-level twin of `widest`, so a result's dtype is known at compile time: exact where the
 * operands' dtypes are. An operand of unknown dtype (`DType`) makes the result unknown, unless
 * another operand is float64 (then float64 wins whatever the unknown one is).
 */
export type Widest<Ds extends readonly unknown[]> = [Ds[number]] extends ['float64'] // every operand float64, or none
  ? 'float64'
  : Exactly<Ds, 'float64'> extends true
    ? 'float64'
    : 'float64' extends Ds[number]
      ? DType
      : Exactly<Ds, 'float32'> extends true
        ? 'float32'
        : 'float32' extends Ds[number]
          ? 'float32' | 'int32'
          : 'int32';

/** Whether some operand's dtype is exactly `D` (not a union that includes it). */
type Exactly<Ds extends readonly unknown[], D extends DType> = true extends { [Index in keyof Ds]: [Ds[Index]] extends [D] ? true : false }[number]
  ? true
  : false;
