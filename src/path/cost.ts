/**
 * The cost model of contraction paths, after opt_einsum's helpers.flop_count: a step over the
 * labels `involved` of `terms` operands costs size(involved) * (max(terms - 1, 1) + 1 if it sums
 * anything). Sizes are indexed by label id (letters 0..51, '...' dims 52+j); -1 marks an id no
 * operand uses. Costs are plain numbers: they only rank paths, and 2**53 is far beyond any
 * contraction that fits in memory, so floating point rounding never matters.
 */

/** The most elements a typed array of ours may hold (Int32Array lengths past this fail in some engines). */
export const MAX_ELEMENTS = 2 ** 31 - 1;

/** Number of elements of a tensor with these labels (1 for a scalar). */
export function sizeOfLabels(labels: Iterable<number>, sizes: readonly number[]): number {
  let size = 1;
  for (const label of labels) size *= sizes[label];
  return size;
}

/** opt_einsum's flop_count: elements visited times operations per element. */
export function flopCount(involved: Iterable<number>, summed: boolean, terms: number, sizes: readonly number[]): number {
  return sizeOfLabels(involved, sizes) * (Math.max(terms - 1, 1) + (summed ? 1 : 0));
}

/** The distinct label ids of the operands, ascending. */
export function unionOf(...labelSets: readonly (readonly number[])[]): number[] {
  const all = new Set<number>();
  for (const labels of labelSets) for (const label of labels) all.add(label);
  return [...all].sort((x, y) => x - y);
}

/**
 * The labels a step between `a` and `b` keeps: those the output or a remaining operand still
 * needs. Everything else is summed right here, as early as possible.
 */
export function keptLabels(
  a: readonly number[],
  b: readonly number[],
  rest: readonly (readonly number[])[],
  output: readonly number[],
): number[] {
  const needed = new Set<number>(output);
  for (const labels of rest) for (const label of labels) needed.add(label);
  return unionOf(a, b).filter((label) => needed.has(label));
}

/**
 * Cost of doing the whole contraction as one nested loop (numpy's einsum without a path), as
 * opt_einsum counts it: all labels, every operand, and an inner product whenever a label is
 * shared between operands.
 */
export function naiveFlops(inputs: readonly (readonly number[])[], sizes: readonly number[]): number {
  const all = unionOf(...inputs);
  const labelCount = inputs.reduce((n, labels) => n + new Set(labels).size, 0);
  return flopCount(all, labelCount > all.length, inputs.length, sizes);
}

/**
 * The flops and the largest intermediate (the result included) of an SSA path, in O(labels) per
 * step: what random trials compare. Each step keeps the labels the output or a live tensor needs.
 */
export function ssaCost(
  inputs: readonly (readonly number[])[],
  output: readonly number[],
  sizes: readonly number[],
  pairs: readonly (readonly [number, number])[],
): { flops: number; largest: number } {
  const tensors: (readonly number[])[] = inputs.map((labels) => [...new Set(labels)]);
  const holders = new Map<number, number>();
  for (const labels of tensors) for (const label of labels) holders.set(label, (holders.get(label) ?? 0) + 1);
  const isOutput = new Set(output);
  let flops = 0;
  let largest = 0;
  for (const [x, y] of pairs) {
    const a = tensors[x];
    const b = tensors[y];
    const involved = unionOf(a, b);
    for (const label of a) holders.set(label, holders.get(label)! - 1);
    for (const label of b) holders.set(label, holders.get(label)! - 1);
    const kept = involved.filter((label) => isOutput.has(label) || holders.get(label)! > 0);
    for (const label of kept) holders.set(label, holders.get(label)! + 1);
    tensors.push(kept);
    flops += flopCount(involved, involved.length > kept.length, 2, sizes);
    largest = Math.max(largest, sizeOfLabels(kept, sizes));
  }
  return { flops, largest };
}
