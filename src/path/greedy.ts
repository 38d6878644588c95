/**
 * opt_einsum's greedy path, in three phases:
 *   1. Hadamard: operands with identical label sets are multiplied together first (free: the
 *      result is no larger than either);
 *   2. contract: of the pairs that share a label someone may sum, take the one whose
 *      contraction removes the most memory, cost = size(result) - size(a) - size(b), ties to
 *      the pair of oldest tensors; repeat (an intermediate equal to a live tensor is Hadamard'd
 *      at once);
 *   3. outer products last: the pair with the smallest result first.
 * A label that every operand has cannot be summed before the last step, so it counts as an
 * output label when looking for pairs to contract (opt_einsum does the same).
 * Under a memory limit, pairs whose result would exceed it are passed over (opt_einsum switches
 * to its branch search with one branch for this, which amounts to the same); if every pair left
 * exceeds it the search is stuck and reports the smallest such intermediate.
 */
import type { SsaPair } from './ssa.js';
import { sizeOfLabels } from './cost.js';

interface Node {
  readonly id: number;
  readonly labels: readonly number[];
  readonly key: string;
  readonly size: number;
}

export interface Stuck {
  /** 0-based index of the step that could not be made within the limit. */
  readonly step: number;
  readonly labels: readonly number[];
  readonly size: number;
}

export interface GreedyResult {
  readonly pairs: SsaPair[];
  readonly stuck?: Stuck;
}

interface Candidate {
  readonly x: Node;
  readonly y: Node;
  readonly labels: number[];
  readonly size: number;
  /** Compared lexicographically, smaller first. */
  readonly rank: readonly [number, number, number];
}

export function greedyPath(
  inputs: readonly (readonly number[])[],
  output: readonly number[],
  sizes: readonly number[],
  limit = Infinity,
): GreedyResult {
  const isOutput = new Set(output);
  let nextId = inputs.length;
  const makeNode = (id: number, labels: readonly number[]): Node => ({
    id,
    labels,
    key: labels.join(','),
    size: sizeOfLabels(labels, sizes),
  });
  let live: Node[] = inputs.map((labels, id) => makeNode(id, [...new Set(labels)].sort((p, q) => p - q)));
  const pairs: SsaPair[] = [];

  // How many live tensors hold each label, so a pair's kept labels cost O(labels) to find.
  const holders = new Map<number, number>();
  const count = (node: Node, delta: number) => {
    for (const label of node.labels) holders.set(label, (holders.get(label) ?? 0) + delta);
  };
  live.forEach((node) => count(node, 1));

  // Labels held by every operand stay until the last step: treat them as output when pairing.
  const everywhere = new Set(live[0].labels.filter((label) => live.every((node) => node.labels.includes(label))));
  const summable = (label: number) => !isOutput.has(label) && !everywhere.has(label);

  const candidate = (x: Node, y: Node, rankBy: 'removed' | 'size'): Candidate => {
    const union = [...new Set([...x.labels, ...y.labels])].sort((p, q) => p - q);
    const labels = union.filter((label) => {
      const others = holders.get(label)! - (x.labels.includes(label) ? 1 : 0) - (y.labels.includes(label) ? 1 : 0);
      return isOutput.has(label) || others > 0;
    });
    const size = sizeOfLabels(labels, sizes);
    const [old, young] = x.id < y.id ? [x, y] : [y, x];
    const cost = rankBy === 'removed' ? size - x.size - y.size : size;
    return { x, y, labels, size, rank: [cost, young.id, old.id] };
  };
  const better = (c: Candidate, best: Candidate | undefined) =>
    !best || c.rank[0] < best.rank[0] || (c.rank[0] === best.rank[0] && (c.rank[1] < best.rank[1] || (c.rank[1] === best.rank[1] && c.rank[2] < best.rank[2])));

  const contract = (c: Candidate) => {
    count(c.x, -1);
    count(c.y, -1);
    live = live.filter((node) => node !== c.x && node !== c.y);
    const node = makeNode(nextId++, c.labels);
    count(node, 1);
    live.push(node);
    pairs.push([c.x.id, c.y.id]);
  };

  // Phases 1 and 2 share one loop: Hadamard pairs first, then pairs sharing a summable label.
  for (;;) {
    let best: Candidate | undefined;
    for (let i = 0; i < live.length && !best; i++) {
      for (let j = i + 1; j < live.length; j++) {
        if (live[i].key !== live[j].key) continue;
        const c = candidate(live[i], live[j], 'removed');
        if (c.size <= limit) {
          best = c;
          break;
        }
      }
    }
    if (!best) {
      for (let i = 0; i < live.length; i++) {
        for (let j = i + 1; j < live.length; j++) {
          if (!live[i].labels.some((label) => summable(label) && live[j].labels.includes(label))) continue;
          const c = candidate(live[i], live[j], 'removed');
          if (c.size <= limit && better(c, best)) best = c;
        }
      }
    }
    if (!best) break;
    contract(best);
  }

  // Phase 3: whatever is left shares nothing summable (or only over the limit): smallest result first.
  while (live.length > 1) {
    let best: Candidate | undefined;
    let smallest: Candidate | undefined;
    for (let i = 0; i < live.length; i++) {
      for (let j = i + 1; j < live.length; j++) {
        const c = candidate(live[i], live[j], 'size');
        if (better(c, smallest)) smallest = c;
        if (c.size <= limit && better(c, best)) best = c;
      }
    }
    if (!best) return { pairs, stuck: { step: pairs.length, labels: smallest!.labels, size: smallest!.size } };
    contract(best);
  }
  return { pairs };
}
