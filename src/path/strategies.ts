/**
 * The one table of path strategies (opt_einsum's `_PATH_OPTIONS`): every name `optimize` accepts,
 * each behind the same call shape, (problem, trials) -> SSA pairs that fit problem.limit, or
 * undefined when the strategy finds none. findPath resolves a name here, checks it, runs it and
 * falls back to the exact search under a memory limit; messages list the names from here.
 *
 * 'dp' is what opt_einsum calls 'dp' (dynamic programming over subsets of operands: the true
 * minimum of the cost model, outer products included). opt_einsum's 'optimal' is an exhaustive
 * depth-first search of pairwise orders with the same minimum but factorial time; here 'optimal'
 * is a second name for 'dp', which finds that minimum in 3^n instead.
 */
import { describe, EinsumError } from '../errors.js';
import { greedyPath } from './greedy.js';
import { pathMessages } from './messages.js';
import { OPTIMAL_MAX_OPERANDS, optimalPath } from './optimal.js';
import { cheaper, randomGreedy, RANDOM_GREEDY_TRIALS, type Found, type Trials } from './random-greedy.js';
import { ssaCost } from './cost.js';
import { reconfigure } from './reconfigure.js';
import type { SsaPair } from './ssa.js';

export interface PathProblem {
  readonly inputs: readonly (readonly number[])[];
  readonly output: readonly number[];
  readonly sizes: readonly number[];
  /** Most elements an intermediate may have (the result is checked before the search). */
  readonly limit: number;
}

export interface Search {
  readonly pairs: SsaPair[];
  /** What ran, for the report: 'dp', 'greedy', 'random-greedy (32 trials)', 'auto: dp', 'auto: greedy, refined by dp on pieces of 6' … */
  readonly method: string;
}

export interface Strategy {
  /** One line for documentation. */
  readonly summary: string;
  /** Refused (ARGUMENT) above this many operands: the search would take too long. */
  readonly maxOperands?: number;
  readonly find: (problem: PathProblem, trials: Trials) => Search | undefined;
}

/** 'auto' searches exhaustively up to this many operands: 3^8 = 6561 splits, ~1.5 ms once per plan. */
export const AUTO_DP_MAX = 8;
/** 'auto-hq' searches exhaustively up to 3^12 = 531441 splits, ~50 ms. */
export const AUTO_HQ_DP_MAX = 12;
/** Random trials 'auto' adds to greedy from 9 operands on: ~10 ms at 60 operands, once per plan. */
export const AUTO_TRIALS = 16;
/** 'auto-hq' beyond AUTO_HQ_DP_MAX: opt_einsum's 'random-greedy-128'. */
export const AUTO_HQ_TRIALS = 128;
/**
 * Subtree reconfiguration widths: pieces of 6 (3^6 splits each) for 'auto', 8 for 'auto-hq'.
 * Measured on the bench:paths networks: width 8 lowers random-greedy-128's flops by a geometric
 * mean of 19% (up to 2.3x on some) in at most ~60 ms at 60 operands; width 10 gains 3% more for 10x the time.
 */
const AUTO_WIDTH = 6;
const AUTO_HQ_WIDTH = 8;
const RECONFIGURE_PASSES = 3;

const dp = ({ inputs, output, sizes, limit }: PathProblem): SsaPair[] | undefined => optimalPath(inputs, output, sizes, limit);

const greedy = ({ inputs, output, sizes, limit }: PathProblem): Found | undefined => {
  const found = greedyPath(inputs, output, sizes, limit);
  return found.stuck ? undefined : { pairs: found.pairs, ...ssaCost(inputs, output, sizes, found.pairs) };
};

const trialsText = (trials: number) => `random-greedy (${trials} trial${trials === 1 ? '' : 's'})`;

/**
 * The cheaper of greedy.ts's path and `trials` random-greedy trials (whose first is opt_einsum's
 * greedy), then improved by re-contracting pieces of up to `width` tensors optimally
 * (reconfigure.ts), which never makes it worse.
 */
function greedyAndTrials(problem: PathProblem, trials: Trials, prefix: string, width: number): Search | undefined {
  const { inputs, output, sizes, limit } = problem;
  const plain = greedy(problem);
  const random = randomGreedy(inputs, output, sizes, limit, trials);
  const best = random && cheaper(random, plain) ? random : plain;
  if (!best) return undefined;
  const pairs = reconfigure(inputs, output, sizes, best.pairs, { width, passes: RECONFIGURE_PASSES, limit });
  return { pairs, method: `${prefix}${best === plain ? 'greedy' : trialsText(trials.trials)}, refined by dp on pieces of ${width}` };
}

function randomSearch(problem: PathProblem, trials: Trials): Search | undefined {
  const found = randomGreedy(problem.inputs, problem.output, problem.sizes, problem.limit, trials);
  return found && { pairs: found.pairs, method: trialsText(trials.trials) };
}

const exact = (method: string) => (problem: PathProblem): Search | undefined => {
  const pairs = dp(problem);
  return pairs && { pairs, method };
};

export const STRATEGIES = {
  auto: {
    summary: `'dp' up to ${AUTO_DP_MAX} operands; beyond, the cheaper of 'greedy' and ${AUTO_TRIALS} random-greedy trials, refined by 'dp' on pieces of ${AUTO_WIDTH} tensors`,
    find: (problem, trials) =>
      problem.inputs.length <= AUTO_DP_MAX ? exact('auto: dp')(problem) : greedyAndTrials(problem, { ...trials, trials: AUTO_TRIALS }, 'auto: ', AUTO_WIDTH),
  },
  'auto-hq': {
    summary: `'dp' up to ${AUTO_HQ_DP_MAX} operands; beyond, the cheaper of 'greedy' and ${AUTO_HQ_TRIALS} random-greedy trials, refined by 'dp' on pieces of ${AUTO_HQ_WIDTH} tensors`,
    find: (problem, trials) =>
      problem.inputs.length <= AUTO_HQ_DP_MAX ? exact('auto-hq: dp')(problem) : greedyAndTrials(problem, { ...trials, trials: AUTO_HQ_TRIALS }, 'auto-hq: ', AUTO_HQ_WIDTH),
  },
  greedy: {
    summary: "opt_einsum's greedy heuristic: the pair that removes the most memory first",
    find: (problem) => {
      const found = greedy(problem);
      return found && { pairs: found.pairs, method: 'greedy' };
    },
  },
  dp: {
    summary: 'the minimum-flops path, by dynamic programming over subsets of operands',
    maxOperands: OPTIMAL_MAX_OPERANDS,
    find: exact('dp'),
  },
  optimal: {
    summary: "another name for 'dp' (opt_einsum's 'optimal' finds the same minimum by exhaustive search)",
    maxOperands: OPTIMAL_MAX_OPERANDS,
    find: exact('dp'),
  },
  'random-greedy': {
    summary: `the best of ${RANDOM_GREEDY_TRIALS} seeded randomized greedy trials (or { strategy: 'random-greedy', trials, seed })`,
    find: randomSearch,
  },
  'random-greedy-128': {
    summary: "'random-greedy' with 128 trials",
    find: (problem, trials) => randomSearch(problem, { ...trials, trials: 128 }),
  },
} as const satisfies Record<string, Strategy>;

export type StrategyName = keyof typeof STRATEGIES;
export const STRATEGY_NAMES = Object.keys(STRATEGIES) as StrategyName[];

/** `optimize: { strategy: 'random-greedy', trials: 128, seed: 7 }`: the trial count and the seed chosen. */
export interface RandomGreedyOptions {
  readonly strategy: 'random-greedy';
  /** How many greedy trials to run (default 32); the first is the plain greedy path. */
  readonly trials?: number;
  /** Seed of the random draws (default 0): the same seed gives the same path. */
  readonly seed?: number;
}

export interface ResolvedStrategy {
  readonly name: StrategyName;
  readonly strategy: Strategy;
  readonly trials: Trials;
}

const DEFAULT_TRIALS: Trials = { trials: RANDOM_GREEDY_TRIALS, seed: 0 };

/** A strategy name, or the random-greedy options object, resolved; anything else: undefined. */
export function resolveStrategy(optimize: unknown, subscripts?: string): ResolvedStrategy | undefined {
  if (typeof optimize === 'string') {
    if (!Object.hasOwn(STRATEGIES, optimize)) return undefined;
    const name = optimize as StrategyName;
    return { name, strategy: STRATEGIES[name], trials: DEFAULT_TRIALS };
  }
  if (typeof optimize !== 'object' || optimize === null || Array.isArray(optimize)) return undefined;
  const options = optimize as Record<string, unknown>;
  if (options.strategy !== 'random-greedy') return undefined;
  for (const key of Object.keys(options)) {
    if (key !== 'strategy' && key !== 'trials' && key !== 'seed') throw new EinsumError('ARGUMENT', pathMessages.unknownStrategyOption(key), subscripts);
  }
  const { trials = RANDOM_GREEDY_TRIALS, seed = 0 } = options;
  if (typeof trials !== 'number' || !Number.isInteger(trials) || trials < 1) throw new EinsumError('ARGUMENT', pathMessages.badTrials(describe(trials)), subscripts);
  if (typeof seed !== 'number' || !Number.isInteger(seed)) throw new EinsumError('ARGUMENT', pathMessages.badSeed(describe(seed)), subscripts);
  return { name: 'random-greedy', strategy: STRATEGIES['random-greedy'], trials: { trials, seed } };
}

/** Whether two `optimize` values ask for the same path (for the plan cache: an options object or a path written anew each call is still the same request). */
export function sameStrategy(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((step, i) => sameStrategy(step, b[i]));
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) || Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((key) => x[key] === y[key]);
}
