/**
 * opt_einsum's ssa_greedy_optimize, the engine of its 'greedy' and of every RandomGreedy trial.
 * Unlike greedy.ts, which rescans every pair at each step, it keeps a priority queue of
 * candidate contractions between tensors that share a summable label, so a path over 60
 * operands costs about a millisecond and random trials are cheap.
 *
 * Sketch:
 *   1. Hadamard: operands with the same label set are multiplied together at once.
 *   2. Queue, for each tensor, the pair with the cheapest heuristic cost (by default the memory
 *      the contraction removes: size(result) - size(a) - size(b); ties to the pair of older
 *      tensors); with a `choose` function every pair is queued and `choose` picks (RandomGreedy's
 *      Boltzmann draw). Pop, skip pairs whose tensors are gone, contract, queue the new tensor's
 *      pairs. A result equal to a live tensor's label set is Hadamard'd with it at once.
 *   3. Outer products of what is left, smallest first.
 * A label held by every operand is kept to the last step, as opt_einsum does. Under a memory
 * limit, pairs whose result exceeds it are never queued; when the outer products of step 3 would
 * exceed it the search gives up (undefined).
 */
import { Heap } from './heap.js';
import type { SsaPair } from './ssa.js';

interface Node {
  readonly id: number;
  readonly labels: readonly number[];
  readonly key: string;
  readonly size: number;
}

export interface Candidate {
  readonly cost: number;
  /** The older tensor (smaller SSA id) and the younger: ties in cost go to the older pairs. */
  readonly a: Node;
  readonly b: Node;
  readonly labels: readonly number[];
}

export interface GreedyTuning {
  /** Heuristic cost of a pair from the sizes of its result and its two tensors (default: memory removed). */
  readonly cost?: (result: number, a: number, b: number) => number;
  /** Takes the next pair from the queue (every pair is queued when this is given); undefined: none live. */
  readonly choose?: (queue: Heap<Candidate>, live: (c: Candidate) => boolean) => Candidate | undefined;
}

export const candidateLess = (x: Candidate, y: Candidate): boolean =>
  x.cost < y.cost || (x.cost === y.cost && (x.b.id < y.b.id || (x.b.id === y.b.id && x.a.id < y.a.id)));

const memoryRemoved = (result: number, a: number, b: number) => result - a - b;

export function ssaGreedy(
  inputs: readonly (readonly number[])[],
  output: readonly number[],
  sizes: readonly number[],
  limit = Infinity,
  tuning: GreedyTuning = {},
): SsaPair[] | undefined {
  const n = inputs.length;
  if (n === 1) return [];
  const costOf = tuning.cost ?? memoryRemoved;
  const sizeOf = (labels: readonly number[]) => {
    let size = 1;
    for (const label of labels) size *= sizes[label];
    return size;
  };
  const makeNode = (id: number, labels: readonly number[]): Node => ({ id, labels, key: labels.join(','), size: sizeOf(labels) });

  const sets = inputs.map((labels) => [...new Set(labels)].sort((p, q) => p - q));
  // Labels every operand holds cannot be summed before the last step: they count as output.
  const isOutput = new Set(output);
  for (const label of sets[0]) if (sets.every((labels) => labels.includes(label))) isOutput.add(label);

  let nextId = n;
  const pairs: SsaPair[] = [];
  const remaining = new Map<string, Node>();
  sets.forEach((labels, id) => {
    const node = makeNode(id, labels);
    const twin = remaining.get(node.key);
    if (twin) {
      pairs.push([twin.id, id]);
      remaining.set(node.key, makeNode(nextId++, labels));
    } else remaining.set(node.key, node);
  });

  // Which tensors hold each summable label; a label held by one tensor is summed by its next step.
  const holders = new Map<number, Set<string>>();
  for (const node of remaining.values()) {
    for (const label of node.labels) if (!isOutput.has(label)) (holders.get(label) ?? holders.set(label, new Set()).get(label)!).add(node.key);
  }
  const holderCount = (label: number) => holders.get(label)?.size ?? 0;

  const candidate = (x: Node, y: Node): Candidate | undefined => {
    const labels: number[] = [];
    for (const label of new Set([...x.labels, ...y.labels])) {
      // Kept: output labels, and labels some third tensor still holds.
      const both = x.labels.includes(label) && y.labels.includes(label);
      if (isOutput.has(label) || holderCount(label) >= (both ? 3 : 2)) labels.push(label);
    }
    labels.sort((p, q) => p - q);
    const size = sizeOf(labels);
    if (size > limit) return undefined;
    const [a, b] = x.id < y.id ? [x, y] : [y, x];
    return { cost: costOf(size, x.size, y.size), a, b, labels };
  };

  const queue = new Heap<Candidate>(candidateLess);
  const pushAll = tuning.choose !== undefined;
  const offer = (x: Node, partners: Iterable<Node>) => {
    let best: Candidate | undefined;
    for (const y of partners) {
      const c = candidate(x, y);
      if (!c) continue;
      if (pushAll) queue.push(c);
      else if (!best || candidateLess(c, best)) best = c;
    }
    if (best) queue.push(best);
  };
  for (const keys of holders.values()) {
    const nodes = [...keys].map((key) => remaining.get(key)!).sort((p, q) => p.id - q.id);
    for (let i = 0; i < nodes.length - 1; i++) offer(nodes[i], nodes.slice(i + 1));
  }

  const live = (c: Candidate) => remaining.get(c.a.key) === c.a && remaining.get(c.b.key) === c.b;
  const choose = tuning.choose ?? ((q: Heap<Candidate>, isLive: (c: Candidate) => boolean) => {
    const c = q.pop()!;
    return isLive(c) ? c : undefined;
  });
  while (queue.size > 0) {
    const c = choose(queue, live);
    if (!c) continue;
    remaining.delete(c.a.key);
    remaining.delete(c.b.key);
    for (const node of [c.a, c.b]) for (const label of node.labels) holders.get(label)?.delete(node.key);
    pairs.push([c.a.id, c.b.id]);
    let node = makeNode(nextId++, c.labels);
    const twin = remaining.get(node.key);
    if (twin) {
      pairs.push([twin.id, node.id]);
      node = makeNode(nextId++, c.labels);
    } else for (const label of node.labels) holders.get(label)?.add(node.key);
    remaining.set(node.key, node);
    const partners = new Set<Node>();
    for (const label of node.labels) for (const key of holders.get(label) ?? []) if (key !== node.key) partners.add(remaining.get(key)!);
    if (partners.size > 0) offer(node, partners);
  }

  // Outer products (and, under a limit, pairs passed over): the smallest output part first.
  let left = [...remaining.values()];
  const outputSize = (node: Node) => sizeOf(node.labels.filter((label) => isOutput.has(label)));
  while (left.length > 1) {
    left.sort((p, q) => outputSize(p) - outputSize(q) || p.id - q.id);
    const [x, y, ...rest] = left;
    const needed = new Set(isOutput);
    for (const node of rest) for (const label of node.labels) needed.add(label);
    const labels = [...new Set([...x.labels, ...y.labels])].filter((label) => needed.has(label)).sort((p, q) => p - q);
    const node = makeNode(nextId++, labels);
    if (rest.length > 0 && node.size > limit) return undefined;
    pairs.push(x.id < y.id ? [x.id, y.id] : [y.id, x.id]);
    left = [node, ...rest];
  }
  return pairs;
}
