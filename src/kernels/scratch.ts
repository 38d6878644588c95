/**
 * Scratch buffers shared by the kernels. Allocated once, grown on demand, never shrunk, so a hot
 * loop of small contractions allocates nothing. The kernels are synchronous and never re-enter one
 * another while holding a buffer, so module-level state is safe. Each buffer is seen as float64,
 * float32 or int32 (views over the same bytes), for kernels computing in that type.
 */
import type { DType, TypedArray } from '../dtype.js';

class Scratch {
  f64 = new Float64Array(0);
  f32 = new Float32Array(0);
  i32 = new Int32Array(0);

  /** At least `length` elements of this type. */
  get(length: number, dtype: DType): TypedArray {
    if (this.f64.length < length) {
      // Capacity rounded up to a power of two so that a slowly growing size does not reallocate often.
      let size = 64;
      while (size < length) size *= 2;
      this.f64 = new Float64Array(size);
      this.f32 = new Float32Array(this.f64.buffer);
      this.i32 = new Int32Array(this.f64.buffer);
    }
    return dtype === 'float64' ? this.f64 : dtype === 'float32' ? this.f32 : this.i32;
  }
}

const panelA = new Scratch();
const panelB = new Scratch();
const blockC = new Scratch();
const accumulator = new Scratch();

export function scratchA(length: number, dtype: DType): TypedArray {
  return panelA.get(length, dtype);
}

export function scratchB(length: number, dtype: DType): TypedArray {
  return panelB.get(length, dtype);
}

export function scratchC(length: number, dtype: DType): TypedArray {
  return blockC.get(length, dtype);
}

/** An accumulator for reductions whose destination can't be one (strided, or another type). */
export function scratchAccumulator(length: number, dtype: DType): TypedArray {
  return accumulator.get(length, dtype);
}
