/**
 * What kind of product a pairwise step is, after opt_einsum's can_blas. The step's labels fall
 * into the groups of a batched matrix multiply:
 *   batch  in both operands and in the result      (b in 'bij,bjk->bik')
 *   K      in both operands, summed                 (j)
 *   M      in the left operand only, kept           (i)
 *   N      in the right operand only, kept          (k)
 * plus labels held by one operand and summed, which are reduced before the product.
 * Labels of size 1 take no part (a product over K = 1 is an outer product).
 * The plan (build.ts) groups and classifies each product once; the engines run the groups and the
 * report prints the kind, so the two can never disagree.
 */
export type BlasKind =
  | 'GEMM' // K, M and N
  | 'BATCHED GEMM'
  | 'GEMV' // K and one of M or N: matrix times vector
  | 'BATCHED GEMV'
  | 'DOT' // K only: inner product
  | 'BATCHED DOT'
  | 'OUTER' // M and/or N, nothing summed between the operands
  | 'BATCHED OUTER'
  | 'HADAMARD' // batch labels only: elementwise product
  | 'SCALAR'; // nothing of size > 1 on either side

export interface LabelGroups {
  readonly batch: readonly number[];
  readonly k: readonly number[];
  readonly m: readonly number[];
  readonly n: readonly number[];
  /** Summed inside one operand before the product. */
  readonly reducedLeft: readonly number[];
  readonly reducedRight: readonly number[];
}

/** The groups of a product of `left` and `right` that keeps `result` (size-1 labels included). */
export function groupLabels(left: readonly number[], right: readonly number[], result: readonly number[]): LabelGroups {
  const inResult = new Set(result);
  const groups = { batch: [] as number[], k: [] as number[], m: [] as number[], n: [] as number[], reducedLeft: [] as number[], reducedRight: [] as number[] };
  for (const label of new Set(left)) {
    const shared = right.includes(label);
    const kept = inResult.has(label);
    (shared ? (kept ? groups.batch : groups.k) : kept ? groups.m : groups.reducedLeft).push(label);
  }
  for (const label of new Set(right)) {
    if (left.includes(label)) continue;
    (inResult.has(label) ? groups.n : groups.reducedRight).push(label);
  }
  return groups;
}

/** The kind of product these groups make; labels of size 1 take no part. */
export function classify(groups: LabelGroups, sizes: readonly number[]): BlasKind {
  const real = (labels: readonly number[]) => labels.some((l) => sizes[l] !== 1);
  const [batched, k, m, n] = [real(groups.batch), real(groups.k), real(groups.m), real(groups.n)];
  const pick = (plain: BlasKind, withBatch: BlasKind) => (batched ? withBatch : plain);
  if (k) {
    if (m && n) return pick('GEMM', 'BATCHED GEMM');
    if (m || n) return pick('GEMV', 'BATCHED GEMV');
    return pick('DOT', 'BATCHED DOT');
  }
  if (m || n) return pick('OUTER', 'BATCHED OUTER');
  return batched ? 'HADAMARD' : 'SCALAR';
}

/** classify(groupLabels(...)): the kind of the pairwise step of `left` and `right` into `result`. */
export function classifyStep(left: readonly number[], right: readonly number[], result: readonly number[], sizes: readonly number[]): BlasKind {
  return classify(groupLabels(left, right, result), sizes);
}

/** A true matrix product: something summed between the operands and something kept from one. */
export function isMatrixProduct(kind: BlasKind): boolean {
  return kind === 'GEMM' || kind === 'BATCHED GEMM' || kind === 'GEMV' || kind === 'BATCHED GEMV';
}
