/**
 * An odometer over the outer loops of a nest: it walks up to two arrays at once (positions p and q)
 * and leaves the innermost loop(s) to the kernel, which is where the time goes.
 *   const w = new Walk(sizes, srcStrides, dstStrides, srcOffset, dstOffset);
 *   do { ...inner loops from w.p, w.q... } while (w.next());
 */
export class Walk {
  p: number;
  q: number;
  private readonly index: number[];

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
  }

  /** Start over from new offsets (reuses the walker: no allocation in an outer loop). */
  reset(pOffset: number, qOffset: number): void {
    this.p = pOffset;
    this.q = qOffset;
    this.index.fill(0);
  }

  /** Step to the next position; false once every position has been visited. */
  next(): boolean {
    const { sizes, pStrides, qStrides, index } = this;
    for (let axis = sizes.length - 1; axis >= 0; axis--) {
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
