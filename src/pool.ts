/**
 * Small results from a shared slab (Node's Buffer pool does the same for Buffers under 4 KB).
 * V8 keeps a typed array of up to 64 bytes on the heap (~30 ns to make); a larger one gets its
 * own off-heap backing store, ~500 ns, which for a 3x4 result costs ten times the arithmetic.
 * A view into an 8 KB slab costs ~80 ns. The price: a live result keeps its slab (at most 8 KB)
 * alive, and `result.data.buffer` is shared (its byteOffset is not 0) — the view itself is
 * exactly `size` elements long, as SPEC §2 requires.
 */
import { allocate, type DType, type TypedArray } from './dtype.js';

const SLAB_BYTES = 8192;
/** Results above this many bytes get their own buffer (the allocation is small next to the work). */
const POOLED_MAX = 1024;
const ON_HEAP_MAX = 64;

let slab = new ArrayBuffer(SLAB_BYTES);
let used = 0;

export function resultArray(dtype: DType, size: number): TypedArray {
  const bytes = dtype === 'float64' ? size * 8 : size * 4;
  if (bytes <= ON_HEAP_MAX || bytes > POOLED_MAX) return allocate(dtype, size);
  if (used + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const at = used;
  used += (bytes + 7) & ~7; // keep every view 8-byte aligned
  // Fresh slab memory is zero and each view is handed out once, so no clearing is needed.
  return dtype === 'float64' ? new Float64Array(slab, at, size) : dtype === 'float32' ? new Float32Array(slab, at, size) : new Int32Array(slab, at, size);
}

/** Whether two arrays share any memory (a buffer identity test is too coarse for slab views). */
export function overlaps(a: TypedArray, b: TypedArray): boolean {
  if (a === b) return true;
  if (a.buffer !== b.buffer) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/**
 * Remembers the last `out` found apart from its operands. Reading `.buffer` costs ~20 ns a time,
 * and a hot loop passes the same arrays call after call, so identity settles it after the first.
 */
export class ApartMemo {
  private out: TypedArray | undefined;
  private readonly operands: (TypedArray | undefined)[] = [];

  apart(out: TypedArray, operands: readonly { readonly data: TypedArray }[]): boolean {
    let same = out === this.out && operands.length === this.operands.length;
    for (let i = 0; same && i < operands.length; i++) same = operands[i].data === this.operands[i];
    if (same) return true;
    for (let i = 0; i < operands.length; i++) if (overlaps(operands[i].data, out)) return false;
    this.out = out;
    this.operands.length = operands.length;
    for (let i = 0; i < operands.length; i++) this.operands[i] = operands[i].data;
    return true;
  }
}
