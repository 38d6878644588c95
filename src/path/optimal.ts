/**
 * The optimal path: dynamic programming over subsets of operands (the exhaustive search of
 * opt_einsum's 'optimal', without its factorial cost).
 *
 * Sketch. Any pairwise path is a binary tree whose leaves are the operands; the tensor that a
 * subtree over the operand set S produces has the labels L(S) = labels of S that the output or
 * an operand outside S needs (a lone operand keeps all its labels). L(S) depends on S only, not
 * on the order inside the subtree, so the cheapest way to make S is
 *   best(S) = min over splits S = A + B of best(A) + best(B) + flops(L(A) ∪ L(B) -> L(S))
 * and best(all operands) is the true minimum of the cost model over every pairwise path,
 * outer products included. A memory limit forbids the subsets whose L(S) is too large, which
 * keeps the search exact under the limit. Cost: 3^n splits: ~1.5 ms at n = 8, ~10 ms at 10, ~0.1 s at 14.
 * Ties in flops go to the smaller largest intermediate, then to the first split found.
 */
import type { SsaPair } from './ssa.js';

/** 3^14 = 4.8e6 splits, about 0.1 s; beyond that 'optimal' refuses and points to greedy. */
export const OPTIMAL_MAX_OPERANDS = 14;

/**
 * The minimum-flops path as SSA pairs, or undefined when every path has an intermediate (not
 * counting the result) above `limit`.
 */
export function optimalPath(
  inputs: readonly (readonly number[])[],
  output: readonly number[],
  sizes: readonly number[],
  limit = Infinity,
): SsaPair[] | undefined {
  const n = inputs.length;
  if (n === 1) return [];

  // Label sets as bitsets over the labels that occur, `words` 32-bit words per set.
  const ids = [...new Set(inputs.flat())].sort((p, q) => p - q);
  const bit = new Map(ids.map((id, i) => [id, i]));
  const words = Math.max(1, Math.ceil(ids.length / 32));
  const labelSize = ids.map((id) => sizes[id]);
  const count = 1 << n;
  const all = count - 1;
  const maskOf = (labels: Iterable<number>, into: Uint32Array, at: number) => {
    for (const label of labels) {
      const b = bit.get(label)!;
      into[at + (b >>> 5)] |= 1 << (b & 31);
    }
  };
  const sizeAt = (sets: Uint32Array, at: number): number => {
    let size = 1;
    for (let w = 0; w < words; w++) {
      let bits = sets[at + w];
      while (bits !== 0) {
        const low = bits & -bits;
        size *= labelSize[w * 32 + 31 - Math.clz32(low)];
        bits ^= low;
      }
    }
    return size;
  };

  // union[S]: every label of S's operands; node[S]: the labels of the tensor made from S.
  const union = new Uint32Array(count * words);
  const node = new Uint32Array(count * words);
  const outputMask = new Uint32Array(words);
  maskOf(output, outputMask, 0);
  for (let i = 0; i < n; i++) maskOf(inputs[i], union, (1 << i) * words);
  for (let s = 1; s < count; s++) {
    const low = s & -s;
    if (low === s) continue;
    for (let w = 0; w < words; w++) union[s * words + w] = union[(s ^ low) * words + w] | union[low * words + w];
  }
  const nodeSize = new Float64Array(count);
  for (let s = 1; s < count; s++) {
    const single = (s & (s - 1)) === 0;
    const rest = (all ^ s) * words;
    for (let w = 0; w < words; w++) {
      const u = union[s * words + w];
      node[s * words + w] = single ? u : u & (outputMask[w] | union[rest + w]);
    }
    nodeSize[s] = sizeAt(node, s * words);
  }

  const flops = new Float64Array(count).fill(Infinity);
  const largest = new Float64Array(count);
  const split = new Int32Array(count);
  for (let i = 0; i < n; i++) flops[1 << i] = 0;
  const involved = new Uint32Array(words);
  for (let s = 3; s < count; s++) {
    if ((s & (s - 1)) === 0) continue;
    const own = s === all ? 0 : nodeSize[s];
    if (own > limit) continue;
    // Splits (a, s ^ a) with a holding s's lowest operand, so each split is seen once.
    const low = s & -s;
    const others = s ^ low;
    for (let sub = others; ; sub = (sub - 1) & others) {
      const a = sub | low;
      const b = s ^ a;
      if (b !== 0 && flops[a] !== Infinity && flops[b] !== Infinity) {
        let summed = false;
        for (let w = 0; w < words; w++) {
          involved[w] = node[a * words + w] | node[b * words + w];
          if (involved[w] !== node[s * words + w]) summed = true;
        }
        const cost = flops[a] + flops[b] + sizeAt(involved, 0) * (summed ? 2 : 1);
        const big = Math.max(largest[a], largest[b], own);
        if (cost < flops[s] || (cost === flops[s] && big < largest[s])) {
          flops[s] = cost;
          largest[s] = big;
          split[s] = a;
        }
      }
      if (sub === 0) break;
    }
  }
  if (flops[all] === Infinity) return undefined;

  // The tree -> SSA pairs, left subtree first.
  const pairs: SsaPair[] = [];
  let next = n;
  const emit = (s: number): number => {
    if ((s & (s - 1)) === 0) return 31 - Math.clz32(s);
    const x = emit(split[s]);
    const y = emit(s ^ split[s]);
    pairs.push([x, y]);
    return next++;
  };
  emit(all);
  return pairs;
}
