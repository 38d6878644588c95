/**
 * A specialized kernel at the Tensor level: the raw (d0, o0, ..., r, ro) function plus the key it
 * was made for. `matches` is the cheap guard (dtypes, shapes, strides; no allocation), `run` calls
 * the raw function and allocates nothing but the result (nothing at all when `out` is given).
 * Shared by compile() and the registry of generated kernels.
 */
import { allocate, type TypedArray } from '../dtype.js';
import { contiguousStrides, sameNumbers, sizeOf, Tensor } from '../tensor.js';
import type { KernelKey } from './ir.js';
import type { RawKernel } from './jit.js';
import { ApartMemo } from '../alias.js';
import { internLayout, type Layout } from '../layout.js';

export class SpecializedKernel {
  readonly key: KernelKey;
  readonly shape: readonly number[];
  readonly size: number;
  private readonly outStrides: readonly number[];
  private readonly layout: Layout;
  /** The emitted function itself: (data0, offset0, data1, offset1, ..., result, resultOffset). */
  readonly fn: (...args: unknown[]) => void;
  private readonly args: unknown[];
  /** Operands (by position) and the `out` last seen to fit; see `matches`. */
  private readonly seen: (Tensor | undefined)[];
  private seenOut: Tensor | undefined;
  private readonly memo = new ApartMemo();

  constructor(key: KernelKey, outShape: readonly number[], fn: RawKernel) {
    this.key = key;
    this.shape = Object.freeze(outShape.slice());
    this.size = sizeOf(outShape);
    this.outStrides = Object.freeze(contiguousStrides(outShape));
    this.layout = internLayout(key.dtype, this.shape, this.outStrides);
    this.fn = fn as unknown as (...args: unknown[]) => void;
    this.args = new Array<unknown>(2 * key.shapes.length + 2);
    this.seen = new Array<Tensor | undefined>(key.shapes.length).fill(undefined);
  }

  /**
   * Whether these operands have exactly the dtypes, shapes and strides the kernel was made for.
   * A Tensor's shape, strides and dtype never change (frozen), so an operand that matched once is
   * remembered by identity: a hot loop over the same tensors pays one compare per operand.
   */
  matches(operands: readonly Tensor[]): boolean {
    const { shapes, strides, dtypes } = this.key;
    if (operands.length !== shapes.length) return false;
    const seen = this.seen;
    for (let i = 0; i < operands.length; i++) {
      const t = operands[i];
      if (t === seen[i]) continue;
      if (!(t instanceof Tensor) || t.dtype !== dtypes[i] || !sameNumbers(t.shape, shapes[i]) || !sameNumbers(t.strides, strides[i])) return false;
      seen[i] = t;
    }
    return true;
  }

  /** Whether `out` can be written directly: the result's dtype and shape, row-major (any offset). */
  fitsOut(out: Tensor): boolean {
    if (out === this.seenOut) return true;
    const fits = out instanceof Tensor && out.dtype === this.key.dtype && sameNumbers(out.shape, this.shape) && sameNumbers(out.strides, this.outStrides);
    if (fits) this.seenOut = out;
    return fits;
  }

  /** `fitsOut`, and sharing no memory with an operand (the kernel reads while it writes). */
  canWriteInto(out: Tensor, operands: readonly Tensor[]): boolean {
    return this.fitsOut(out) && this.memo.apart(out.data, operands);
  }

  /** Run on operands that `matches`; into `out` when it `canWriteInto`. */
  run(operands: readonly Tensor[], out?: Tensor): Tensor {
    const target = out ?? new Tensor(allocate(this.key.dtype, this.size), this.shape, this.key.dtype, this.outStrides, 0, this.size, this.layout);
    this.call(operands, target.data, target.offset);
    return target;
  }

  call(operands: readonly Tensor[], r: TypedArray, ro: number): void {
    const fn = this.fn;
    switch (operands.length) {
      case 1:
        return fn(operands[0].data, operands[0].offset, r, ro);
      case 2:
        return fn(operands[0].data, operands[0].offset, operands[1].data, operands[1].offset, r, ro);
      case 3:
        return fn(operands[0].data, operands[0].offset, operands[1].data, operands[1].offset, operands[2].data, operands[2].offset, r, ro);
      default: {
        const args = this.args;
        for (let i = 0; i < operands.length; i++) {
          args[2 * i] = operands[i].data;
          args[2 * i + 1] = operands[i].offset;
        }
        args[args.length - 2] = r;
        args[args.length - 1] = ro;
        return fn.apply(undefined, args);
      }
    }
  }
}
