/**
 * A rank-specialized kernel at the Tensor level (see dynamic.ts). `matches` does bind()'s work for
 * the call without allocating — each label's size (the first size other than 1 wins, a 1
 * broadcasts with stride 0, diagonals must agree), the key's known sizes, each operand's strides —
 * into arrays kept for `run`, and says no (so the engine runs, and throws its own SIZE error on a
 * clash) on anything it does not take: other dtypes or ranks, a size clash, or work above
 * JIT_MAX_WORK, where the engine's blocked kernels beat plain loops.
 */
import { allocate, type TypedArray } from '../dtype.js';
import { overlaps } from '../alias.js';
import { contiguousStrides, madeTensor, Tensor } from '../tensor.js';
import { analyzeDynamic, type DynamicKey, type DynamicLayout } from './dynamic.js';
import type { RawKernel } from './jit.js';
import { JIT_MAX_WORK } from './specialize.js';

export class DynamicKernel {
  readonly key: DynamicKey;
  private readonly fn: (...args: unknown[]) => void;
  private readonly args: unknown[];
  /** Labels renumbered 0..L-1 (compact, so a call touches only the labels it has). */
  private readonly labelCount: number;
  /** Per operand, per axis: the compact label, and the index of the label among the operand's strides. */
  private readonly axisLabel: Int32Array[];
  private readonly axisSlot: Int32Array[];
  /** Per operand, per axis: the size the key fixes, or -1. */
  private readonly known: Int32Array[];
  /** Per compact label: the size the kernel has inlined, or -1 for a parameter. */
  private readonly fixed: Int32Array;
  private readonly openLabels: Int32Array;
  private readonly outLabels: Int32Array;
  /** This call's size of every compact label (-1 before seen). */
  private readonly sizes: Int32Array;
  /** This call's strides of each operand, one per distinct label; passed to the kernel as s0, s1, .... */
  private readonly strides: Float64Array[];
  /** This call's open sizes, passed as n. */
  private readonly open: Int32Array;
  private outSize = 0;
  /** The result's shape and strides, frozen and shared by every result of that shape (as the
   *  engine's plans do): freezing per call would cost more than a small kernel. */
  private outShape: readonly number[] = Object.freeze([]);
  private outStrides: readonly number[] = Object.freeze([]);
  /** The operands of the last call that matched: shapes and strides never change, so the same
   *  tensors again need no work (a hot loop over the same tensors pays one compare per operand). */
  private readonly seen: (Tensor | undefined)[];

  constructor(key: DynamicKey, fn: RawKernel) {
    this.key = key;
    const layout: DynamicLayout = analyzeDynamic(key);
    const ids = [...new Set(layout.axes.flat())].sort((a, b) => a - b);
    const compact = (label: number): number => ids.indexOf(label);
    this.fn = fn as unknown as (...args: unknown[]) => void;
    this.args = new Array<unknown>(3 * key.shapes.length + 3).fill(0);
    this.labelCount = ids.length;
    this.axisLabel = layout.axes.map((axes) => Int32Array.from(axes, compact));
    this.axisSlot = layout.axes.map((axes, i) => Int32Array.from(axes, (label) => layout.labels[i].indexOf(label)));
    this.known = key.shapes.map((shape) => Int32Array.from(shape, (s) => s ?? -1));
    this.fixed = Int32Array.from(ids, (label) => layout.sizes[label]);
    this.openLabels = Int32Array.from(layout.open, compact);
    this.outLabels = Int32Array.from(layout.output, compact);
    this.sizes = new Int32Array(ids.length);
    this.strides = layout.labels.map((labels) => new Float64Array(labels.length));
    this.open = new Int32Array(layout.open.length);
    this.seen = new Array<Tensor | undefined>(key.shapes.length).fill(undefined);
  }

  matches(operands: readonly Tensor[]): boolean {
    const n = this.key.dtypes.length;
    if (operands.length !== n) return false;
    const seen = this.seen;
    let same = true;
    for (let i = 0; same && i < n; i++) same = operands[i] === seen[i];
    if (same) return true;
    for (let i = 0; i < n; i++) if (!(operands[i] instanceof Tensor)) return false;
    if (!this.fits(operands)) return false;
    for (let i = 0; i < n; i++) seen[i] = operands[i];
    return true;
  }

  /**
   * `matches` for layouts (a plan's operand signatures, or tensors), remembering nothing by identity:
   * works out this layout's sizes and strides for the next call.
   */
  fits(operands: readonly { readonly shape: readonly number[]; readonly strides: readonly number[]; readonly dtype: string }[]): boolean {
    const dtypes = this.key.dtypes;
    const n = dtypes.length;
    if (operands.length !== n) return false;
    this.seen[0] = undefined; // forget the last match until this one is done
    const sizes = this.sizes;
    for (let c = 0; c < sizes.length; c++) sizes[c] = -1;
    for (let i = 0; i < n; i++) {
      const t = operands[i];
      if (t.dtype !== dtypes[i]) return false;
      const labels = this.axisLabel[i];
      const known = this.known[i];
      const shape = t.shape;
      if (shape.length !== labels.length) return false;
      for (let a = 0; a < labels.length; a++) {
        const size = shape[a];
        if (known[a] >= 0 && known[a] !== size) return false;
        const label = labels[a];
        // A label repeated in one term (a diagonal) must have one size there.
        for (let b = 0; b < a; b++) if (labels[b] === label && shape[b] !== size) return false;
        const before = sizes[label];
        if (before === -1 || (before === 1 && size !== 1)) sizes[label] = size;
        else if (size !== 1 && size !== before) return false;
      }
    }
    const fixed = this.fixed;
    let work = 1;
    for (let c = 0; c < this.labelCount; c++) {
      if (fixed[c] >= 0 && fixed[c] !== sizes[c]) return false;
      work *= sizes[c];
    }
    if (work > JIT_MAX_WORK) return false;
    for (let i = 0; i < n; i++) {
      const t = operands[i];
      const labels = this.axisLabel[i];
      const slots = this.axisSlot[i];
      const strides = this.strides[i];
      for (let k = 0; k < strides.length; k++) strides[k] = 0;
      for (let a = 0; a < labels.length; a++) {
        if (!(t.shape[a] === 1 && sizes[labels[a]] !== 1)) strides[slots[a]] += t.strides[a];
      }
    }
    const open = this.openLabels;
    for (let k = 0; k < open.length; k++) this.open[k] = sizes[open[k]];
    let outSize = 1;
    let sameShape = true;
    const out = this.outLabels;
    for (let k = 0; k < out.length; k++) {
      outSize *= sizes[out[k]];
      sameShape &&= this.outShape[k] === sizes[out[k]];
    }
    this.outSize = outSize;
    if (!sameShape || this.outShape.length !== out.length) {
      const shape = Array.from(out, (label) => sizes[label]);
      this.outShape = Object.freeze(shape);
      this.outStrides = Object.freeze(contiguousStrides(shape));
    }
    return true;
  }

  /** After `matches`: whether `out` has the result's dtype and shape, row-major, apart from the operands. */
  canWriteInto(out: Tensor, operands: readonly Tensor[]): boolean {
    if (!(out instanceof Tensor) || out.dtype !== this.key.dtype) return false;
    const output = this.outLabels;
    if (out.shape.length !== output.length) return false;
    let stride = 1;
    for (let a = output.length - 1; a >= 0; a--) {
      const size = this.sizes[output[a]];
      if (out.shape[a] !== size || (size > 1 && out.strides[a] !== stride)) return false;
      stride *= size;
    }
    for (let i = 0; i < operands.length; i++) if (overlaps(operands[i].data, out.data)) return false;
    return true;
  }

  /** Run on the operands `matches` just accepted; into `out` when it `canWriteInto`. */
  run(operands: readonly Tensor[], out?: Tensor): Tensor {
    const target = out ?? madeTensor(allocate(this.key.dtype, this.outSize), this.outShape, this.key.dtype, this.outStrides, 0, this.outSize);
    this.call(operands, target.data, target.offset);
    return target;
  }

  /** Run on the operands `matches` (or `fits`) just accepted, into r from ro. */
  call(operands: readonly { readonly data: TypedArray; readonly offset: number }[], r: TypedArray, ro: number): void {
    const fn = this.fn;
    const s = this.strides;
    if (operands.length === 1) return fn(operands[0].data, operands[0].offset, s[0], r, ro, this.open);
    if (operands.length === 2) return fn(operands[0].data, operands[0].offset, s[0], operands[1].data, operands[1].offset, s[1], r, ro, this.open);
    const args = this.args;
    for (let i = 0; i < operands.length; i++) {
      args[3 * i] = operands[i].data;
      args[3 * i + 1] = operands[i].offset;
      args[3 * i + 2] = s[i];
    }
    const n = operands.length;
    args[3 * n] = r;
    args[3 * n + 1] = ro;
    args[3 * n + 2] = this.open;
    fn.apply(undefined, args);
  }
}
