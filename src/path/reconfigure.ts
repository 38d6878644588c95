/**
 * Subtree reconfiguration (cotengra's `subtree_reconfigure`): improves a path by re-contracting
 * small pieces of its tree optimally.
 *
 * Sketch. A pairwise path is a binary tree. Take an internal node r and grow a frontier below it:
 * start from r's children and keep replacing the costliest internal node of the frontier by its
 * two children, up to `width` tensors. Those tensors must be contracted into r's tensor; any
 * order does it, and the flops of the nodes in between depend only on the order chosen, because a
 * label a subset keeps is one that another frontier tensor or r itself needs. So the exact search
 * (optimal.ts) over the frontier, with r's labels as its output, finds the cheapest way; when it
 * beats the current one, that piece of the tree is replaced. Every internal node is tried, the
 * costliest first, for a few passes. A memory limit is kept: the search only makes
 * intermediates that fit.
 */
import { flopCount, unionOf } from './cost.js';
import { optimalPath } from './optimal.js';
import type { SsaPair } from './ssa.js';

interface TreeNode {
  children?: [number, number];
  labels: readonly number[];
  /** Flops of the step that makes this tensor (0 for an operand). */
  cost: number;
}

export function reconfigure(
  inputs: readonly (readonly number[])[],
  output: readonly number[],
  sizes: readonly number[],
  pairs: readonly SsaPair[],
  { width = 8, passes = 2, limit = Infinity } = {},
): SsaPair[] {
  const n = inputs.length;
  if (n < 3) return [...pairs];
  const nodes: TreeNode[] = inputs.map((labels) => ({ labels: unionOf(labels), cost: 0 }));
  // Replay the path to get each intermediate's labels and cost (as ssaCost does).
  const holders = new Map<number, number>();
  for (const node of nodes) for (const label of node.labels) holders.set(label, (holders.get(label) ?? 0) + 1);
  const isOutput = new Set(output);
  for (const [x, y] of pairs) {
    const involved = unionOf(nodes[x].labels, nodes[y].labels);
    for (const label of nodes[x].labels) holders.set(label, holders.get(label)! - 1);
    for (const label of nodes[y].labels) holders.set(label, holders.get(label)! - 1);
    const labels = involved.filter((label) => isOutput.has(label) || holders.get(label)! > 0);
    for (const label of labels) holders.set(label, holders.get(label)! + 1);
    nodes.push({ children: [x, y], labels, cost: flopCount(involved, involved.length > labels.length, 2, sizes) });
  }
  const root = nodes.length - 1;

  for (let pass = 0; pass < passes; pass++) {
    let improved = false;
    const order = nodes.map((_, id) => id).filter((id) => nodes[id].children).sort((p, q) => nodes[q].cost - nodes[p].cost);
    for (const r of order) {
      const node = nodes[r];
      if (!node.children) continue;
      // Grow the frontier below r, expanding the costliest internal tensor first.
      const frontier = [...node.children];
      const expanded: number[] = [];
      let current = node.cost;
      while (frontier.length < width) {
        let pick = -1;
        for (let i = 0; i < frontier.length; i++) {
          const f = nodes[frontier[i]];
          if (f.children && (pick < 0 || f.cost > nodes[frontier[pick]].cost)) pick = i;
        }
        if (pick < 0) break;
        const [inner] = frontier.splice(pick, 1);
        expanded.push(inner);
        current += nodes[inner].cost;
        frontier.push(...nodes[inner].children!);
      }
      if (frontier.length < 3) continue;
      const sub = optimalPath(frontier.map((id) => nodes[id].labels), node.labels, sizes, limit);
      if (!sub) continue;
      const made = replaySub(frontier, sub, node.labels, nodes, sizes, r);
      const cost = made.reduce((sum, m) => sum + m.cost, 0);
      if (!(cost < current * (1 - 1e-12))) continue;
      for (const inner of expanded) nodes[inner] = { labels: nodes[inner].labels, cost: 0 }; // out of the tree now
      for (let i = 0; i < made.length - 1; i++) nodes.push(made[i]);
      nodes[r] = made[made.length - 1];
      improved = true;
    }
    if (!improved) break;
  }

  // The tree back to SSA pairs, children before parents.
  const result: SsaPair[] = [];
  let next = n;
  const walk = (id: number): number => {
    const node = nodes[id];
    if (!node.children) return id;
    const x = walk(node.children[0]);
    const y = walk(node.children[1]);
    result.push([x, y]);
    return next++;
  };
  walk(root);
  return result;
}

/**
 * The tree nodes of a re-contraction of `frontier` (node ids) along `sub` (SSA pairs over the
 * frontier): each keeps the labels that r or a frontier tensor not yet used needs; the last is r.
 * New nodes get the ids they will have when pushed in order after the current ones.
 */
function replaySub(
  frontier: readonly number[],
  sub: readonly SsaPair[],
  rootLabels: readonly number[],
  nodes: readonly TreeNode[],
  sizes: readonly number[],
  r: number,
): TreeNode[] {
  const local: (readonly number[])[] = frontier.map((id) => nodes[id].labels);
  const holders = new Map<number, number>();
  for (const labels of local) for (const label of labels) holders.set(label, (holders.get(label) ?? 0) + 1);
  const keep = new Set(rootLabels);
  const base = nodes.length;
  const idOf = (k: number) => (k < frontier.length ? frontier[k] : k - frontier.length === sub.length - 1 ? r : base + k - frontier.length);
  return sub.map(([x, y], step) => {
    const involved = unionOf(local[x], local[y]);
    for (const label of local[x]) holders.set(label, holders.get(label)! - 1);
    for (const label of local[y]) holders.set(label, holders.get(label)! - 1);
    const labels = step === sub.length - 1 ? rootLabels : involved.filter((label) => keep.has(label) || holders.get(label)! > 0);
    for (const label of labels) holders.set(label, holders.get(label)! + 1);
    local.push(labels);
    return { children: [idOf(x), idOf(y)], labels, cost: flopCount(involved, involved.length > labels.length, 2, sizes) };
  });
}
