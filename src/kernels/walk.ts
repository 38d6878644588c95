/**
 * An odometer over the outer loops of a nest: it walks up to two arrays at once (positions p and q)
 * and leaves the innermost loop(s) to the kernel, which is where the time goes.
 *   const w = new Walk(sizes, srcStrides, dstStrides, srcOffset, dstOffset);
 *   do { ...inner loops from w.p, w.q... } while (w.next());
 * Prepared kernels make their walkers once and reset() them per call. The last walked axis, the
 * one that steps on almost every call of next(), is kept in plain fields rather than the arrays:
 * on a small nest (a few dozen steps) that halves the walker's share of the time.
 */
export class Walk {
  p: number;
  q: number;
  private readonly index: number[];
  /** The last axis: its position, size and strides (size 0 when there is no axis at all). */
  private at = 0;
  private readonly size: number;
  private readonly pStep: number;
  private readonly qStep: number;

  constructor(
    private readonly sizes: readonly number[],
    private readonly pStrides: readonly number[],
    private readonly qStrides: readonly number[],
    pOffset: number,
    qOffset: number,
  ) {
    this.p = pOffset;
    this.q = qOffset;
    this.index = new Array<number>(sizes.length).fill(0);
    const last = sizes.length - 1;
    this.size = last >= 0 ? sizes[last] : 0;
    this.pStep = last >= 0 ? pStrides[last] : 0;
    this.qStep = last >= 0 ? qStrides[last] : 0;
  }

  /** Start over from new offsets (reuses the walker: no allocation in an outer loop). */
  reset(pOffset: number, qOffset: number): void {
    this.p = pOffset;
    this.q = qOffset;
    this.at = 0;
    this.index.fill(0);
  }

  /** Step to the next position; false once every position has been visited. */
  next(): boolean {
    if (++this.at < this.size) {
      this.p += this.pStep;
      this.q += this.qStep;
      return true;
    }
    // The last axis is done (or there is none): rewind it and carry into the axes outside it.
    const { sizes, pStrides, qStrides, index } = this;
    const last = sizes.length - 1;
    if (last < 0) return false;
    this.at = 0;
    this.p -= this.pStep * (this.size - 1);
    this.q -= this.qStep * (this.size - 1);
    for (let axis = last - 1; axis >= 0; axis--) {
      index[axis]++;
      this.p += pStrides[axis];
      this.q += qStrides[axis];
      if (index[axis] < sizes[axis]) return true;
      this.p -= pStrides[axis] * sizes[axis];
      this.q -= qStrides[axis] * sizes[axis];
      index[axis] = 0;
    }
    return false;
  }
}
