/**
 * What kind of product a pairwise step is, after opt_einsum's can_blas. The step's labels fall
 * into the groups of a batched matrix multiply:
 *   batch  in both operands and in the result      (b in 'bij,bjk->bik')
 *   K      in both operands, summed                 (j)
 *   M      in the left operand only, kept           (i)
 *   N      in the right operand only, kept          (k)
 * plus labels held by one operand and summed, which are reduced before the product.
 * Labels of size 1 take no part (a product over K = 1 is an outer product).
 * The engine runs every pairwise step on one batched GEMM kernel; this names what that kernel
 * really does, so the report can say whether a step is a true matrix product (K and M or N).
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

export function groupLabels(
  left: readonly number[],
  right: readonly number[],
  result: readonly number[],
  sizes: readonly number[],
): LabelGroups {
  const inResult = new Set(result);
  const groups = { batch: [] as number[], k: [] as number[], m: [] as number[], n: [] as number[], reducedLeft: [] as number[], reducedRight: [] as number[] };
  for (const label of new Set(left)) {
    if (sizes[label] === 1) continue;
    const shared = right.includes(label);
    const kept = inResult.has(label);
    (shared ? (kept ? groups.batch : groups.k) : kept ? groups.m : groups.reducedLeft).push(label);
  }
  for (const label of new Set(right)) {
    if (sizes[label] === 1 || left.includes(label)) continue;
    (inResult.has(label) ? groups.n : groups.reducedRight).push(label);
  }
  return groups;
}

export function classifyStep(
  left: readonly number[],
  right: readonly number[],
  result: readonly number[],
  sizes: readonly number[],
): BlasKind {
  const { batch, k, m, n } = groupLabels(left, right, result, sizes);
  const batched = batch.length > 0;
  const pick = (plain: BlasKind, withBatch: BlasKind) => (batched ? withBatch : plain);
  if (k.length > 0) {
    if (m.length > 0 && n.length > 0) return pick('GEMM', 'BATCHED GEMM');
    if (m.length > 0 || n.length > 0) return pick('GEMV', 'BATCHED GEMV');
    return pick('DOT', 'BATCHED DOT');
  }
  if (m.length > 0 || n.length > 0) return pick('OUTER', 'BATCHED OUTER');
  return batched ? 'HADAMARD' : 'SCALAR';
}

/** A true matrix product: something summed between the operands and something kept from one. */
export function isMatrixProduct(kind: BlasKind): boolean {
  return kind === 'GEMM' || kind === 'BATCHED GEMM' || kind === 'GEMV' || kind === 'BATCHED GEMV';
}
