/**
 * opt_einsum's RandomGreedy: many greedy trials (greedy-ssa.ts), each choosing among the
 * cheapest candidates at random, returning the path of fewest flops (then the smallest largest
 * intermediate). Trial 0 is the plain greedy path, so the result is never worse than it; the
 * others draw among the 8 cheapest live pairs with Boltzmann weights exp(-(c - c0) / T), with
 * T = |c0| (opt_einsum's relative temperature 1), on a cost jittered by 1% noise. The draws come
 * from a seeded generator, so a seed and a trial count always give the same path.
 */
import { mulberry32 } from '../create.js';
import { ssaCost } from './cost.js';
import { ssaGreedy, type Candidate, type GreedyTuning } from './greedy-ssa.js';
import type { Heap } from './heap.js';
import type { SsaPair } from './ssa.js';

/** opt_einsum's defaults: 'random-greedy' runs 32 trials, 'random-greedy-128' 128. */
export const RANDOM_GREEDY_TRIALS = 32;
const BRANCHES = 8;

export interface Trials {
  readonly trials: number;
  readonly seed: number;
}

export interface Found {
  readonly pairs: SsaPair[];
  readonly flops: number;
  readonly largest: number;
}

/** Whether `x` beats `best`: fewer flops, then a smaller largest intermediate. */
export const cheaper = (x: Found, best: Found | undefined): boolean =>
  !best || x.flops < best.flops || (x.flops === best.flops && x.largest < best.largest);

export function randomGreedy(
  inputs: readonly (readonly number[])[],
  output: readonly number[],
  sizes: readonly number[],
  limit: number,
  { trials, seed }: Trials,
): Found | undefined {
  const rand = mulberry32(seed);
  const gauss = () => {
    const u = 1 - rand(); // (0, 1]: the logarithm stays finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
  const thermal: GreedyTuning = {
    cost: (result, a, b) => (1 + 0.01 * gauss()) * (result - a - b),
    choose: (queue: Heap<Candidate>, live: (c: Candidate) => boolean) => {
      const choices: Candidate[] = [];
      while (queue.size > 0 && choices.length < BRANCHES) {
        const c = queue.pop()!;
        if (live(c)) choices.push(c);
      }
      if (choices.length <= 1) return choices[0];
      const c0 = choices[0].cost;
      const temperature = Math.max(1, Math.abs(c0));
      const weights = choices.map((c) => Math.exp(-(c.cost - c0) / temperature));
      let draw = rand() * weights.reduce((sum, w) => sum + w, 0);
      let chosen = 0;
      while (chosen < choices.length - 1 && (draw -= weights[chosen]) >= 0) chosen++;
      const [pick] = choices.splice(chosen, 1);
      for (const other of choices) queue.push(other);
      return pick;
    },
  };
  let best: Found | undefined;
  for (let trial = 0; trial < trials; trial++) {
    const pairs = ssaGreedy(inputs, output, sizes, limit, trial === 0 ? {} : thermal);
    if (!pairs) continue;
    const found = { pairs, ...ssaCost(inputs, output, sizes, pairs) };
    if (cheaper(found, best)) best = found;
  }
  return best;
}
