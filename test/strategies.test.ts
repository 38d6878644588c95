/**
 * The path strategies of the table in src/path/strategies.ts, against each other and against
 * opt_einsum: names and the options object, what each guarantees relative to the others, memory
 * limits honoured by every one, the report's planning line, and refusals by code and words.
 * (Values computed along every strategy are checked against the reference in optimizers.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pathEquations, type PathEquation } from '../bench/path-equations.js';
import { contractPath, EinsumError, ones } from '../src/index.js';
import { ssaCost } from '../src/path/cost.js';
import { ssaGreedy } from '../src/path/greedy-ssa.js';
import { reconfigure } from '../src/path/reconfigure.js';
import { findPath, STRATEGY_NAMES, type PathStrategy } from '../src/path/index.js';
import { planFor } from '../src/plan/cache.js';
import { mulberry32 } from '../src/create.js';
import { refusal } from './refusal.js';

const plan = (eq: PathEquation, strategy: PathStrategy, limit?: number) => findPath(eq.inputs, eq.output, eq.sizes, strategy, limit);
const EQUATIONS = pathEquations();
const SMALL = EQUATIONS.filter((eq) => eq.inputs.length <= 20);

/** A seeded network of n operands over a few labels, small enough for every strategy. */
function network(seed: number, n: number): PathEquation {
  const rand = mulberry32(seed);
  const labels = n + 4;
  const sizes = Array.from({ length: labels }, () => 2 + Math.floor(rand() * 5));
  const inputs = Array.from({ length: n }, () => [...new Set(Array.from({ length: 1 + Math.floor(rand() * 3) }, () => Math.floor(rand() * labels)))]);
  const used = [...new Set(inputs.flat())];
  return { name: `net ${seed}`, inputs, output: used.filter(() => rand() < 0.2), sizes };
}


describe('the strategy table', () => {
  it('names every strategy opt_einsum users expect, and each ends in the output', () => {
    expect(STRATEGY_NAMES).toEqual(expect.arrayContaining(['auto', 'auto-hq', 'greedy', 'dp', 'optimal', 'random-greedy', 'random-greedy-128']));
    const eq = network(1, 9);
    for (const name of STRATEGY_NAMES) {
      const found = plan(eq, name);
      expect(found.path).toHaveLength(eq.inputs.length - 1);
      expect([...found.steps[found.steps.length - 1].result].sort()).toEqual([...eq.output].sort());
      expect(found.planningTime).toBeGreaterThanOrEqual(0);
    }
  });

  it("'dp' and 'optimal' are one search, the minimum; 'auto' is it up to 8 operands and 'auto-hq' up to 12", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const eq = network(seed, 3 + (seed % 10));
      const dp = plan(eq, 'dp');
      expect(plan(eq, 'optimal').path).toEqual(dp.path);
      for (const name of STRATEGY_NAMES) expect(plan(eq, name).flops).toBeGreaterThanOrEqual(dp.flops);
      expect(plan(eq, 'auto-hq').flops).toBe(dp.flops);
      if (eq.inputs.length <= 8) expect(plan(eq, 'auto').flops).toBe(dp.flops);
    }
  });

  it("beyond that: auto <= both greedy paths (ours, and opt_einsum's as ported), auto-hq <= random-greedy-128", () => {
    for (const eq of EQUATIONS) {
      const auto = plan(eq, 'auto');
      const opt = ssaGreedy(eq.inputs, eq.output, eq.sizes)!;
      expect(auto.flops, eq.name).toBeLessThanOrEqual(plan(eq, 'greedy').flops);
      expect(auto.flops, eq.name).toBeLessThanOrEqual(ssaCost(eq.inputs, eq.output, eq.sizes, opt).flops);
      expect(plan(eq, 'auto-hq').flops, eq.name).toBeLessThanOrEqual(plan(eq, 'random-greedy-128').flops);
    }
  });

  it("random-greedy: a seed gives one path, more trials never do worse, trial 0 is the greedy path", () => {
    for (const eq of SMALL) {
      const eight = plan(eq, { strategy: 'random-greedy', trials: 8, seed: 5 });
      expect(plan(eq, { strategy: 'random-greedy', trials: 8, seed: 5 }).path).toEqual(eight.path);
      expect(plan(eq, { strategy: 'random-greedy', trials: 64, seed: 5 }).flops).toBeLessThanOrEqual(eight.flops);
      const one = plan(eq, { strategy: 'random-greedy', trials: 1 });
      expect(one.flops).toBe(ssaCost(eq.inputs, eq.output, eq.sizes, ssaGreedy(eq.inputs, eq.output, eq.sizes)!).flops);
      expect(plan(eq, 'random-greedy').path).toEqual(plan(eq, { strategy: 'random-greedy' }).path);
      expect(plan(eq, 'random-greedy-128').flops).toBeLessThanOrEqual(plan(eq, 'random-greedy').flops);
    }
  });
});

describe('subtree reconfiguration', () => {
  it('never raises the cost, keeps a complete path, and keeps intermediates under the limit', () => {
    for (const eq of EQUATIONS) {
      const start = ssaGreedy(eq.inputs, eq.output, eq.sizes)!;
      const before = ssaCost(eq.inputs, eq.output, eq.sizes, start);
      const pairs = reconfigure(eq.inputs, eq.output, eq.sizes, start, { width: 6 });
      expect(pairs).toHaveLength(eq.inputs.length - 1);
      expect(new Set(pairs.flat()).size).toBe(2 * (eq.inputs.length - 1)); // every tensor used once
      const after = ssaCost(eq.inputs, eq.output, eq.sizes, pairs);
      expect(after.flops, eq.name).toBeLessThanOrEqual(before.flops);
      const limited = reconfigure(eq.inputs, eq.output, eq.sizes, start, { width: 6, limit: before.largest });
      expect(ssaCost(eq.inputs, eq.output, eq.sizes, limited).largest).toBeLessThanOrEqual(before.largest);
    }
  });

  it('finds the exact minimum when the piece is the whole network', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const eq = network(200 + seed, 7);
      const start = ssaGreedy(eq.inputs, eq.output, eq.sizes)!;
      const pairs = reconfigure(eq.inputs, eq.output, eq.sizes, start, { width: 7 });
      expect(ssaCost(eq.inputs, eq.output, eq.sizes, pairs).flops).toBe(plan(eq, 'dp').flops);
    }
  });
});

describe("opt_einsum's costs on the benchmark equations (bench/paths/opt-einsum.json)", () => {
  const reference = JSON.parse(readFileSync(new URL('../bench/paths/opt-einsum.json', import.meta.url), 'utf8')) as {
    equations: { name: string; greedy: { flops: number } | null; dp: { flops: number } | null }[];
  };
  const byName = new Map(EQUATIONS.map((eq) => [eq.name, eq]));

  it("the ported greedy is opt_einsum's 'greedy', flop for flop, and 'dp' finds opt_einsum's dp cost or less", () => {
    expect(reference.equations.length).toBe(EQUATIONS.length);
    for (const row of reference.equations) {
      const eq = byName.get(row.name)!;
      const ours = ssaCost(eq.inputs, eq.output, eq.sizes, ssaGreedy(eq.inputs, eq.output, eq.sizes)!).flops;
      expect(ours, row.name).toBe(row.greedy!.flops);
      if (row.dp && eq.inputs.length <= 12) expect(plan(eq, 'dp').flops, row.name).toBeLessThanOrEqual(row.dp.flops);
    }
  });
});

describe('memoryLimit, honoured by every strategy', () => {
  it('every intermediate fits, or MEMORY exactly when no path fits (the exact search decides)', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const eq = network(100 + seed, 5 + (seed % 6));
      const free = plan(eq, 'dp');
      const limit = Math.max(1, Math.floor(free.largestIntermediate / 3));
      let fits: boolean;
      try {
        plan(eq, 'dp', limit);
        fits = true;
      } catch (e) {
        expect((e as EinsumError).code).toBe('MEMORY');
        fits = false;
      }
      for (const name of STRATEGY_NAMES) {
        if (!fits) {
          expect(refusal(() => plan(eq, name, limit)).code).toBe('MEMORY');
          continue;
        }
        const found = plan(eq, name, limit);
        for (const step of found.steps.slice(0, -1)) expect(step.size, `${eq.name} ${name}`).toBeLessThanOrEqual(limit);
      }
    }
  });

  it('steers the large-network strategies around big intermediates: whatever greedy can fit, every strategy fits', () => {
    for (const eq of EQUATIONS.filter((e) => e.inputs.length >= 30)) {
      const limit = plan(eq, 'greedy').largestIntermediate;
      for (const name of ['auto', 'auto-hq', 'greedy', 'random-greedy'] as const) {
        const bounded = plan(eq, name, limit);
        expect(Math.max(...bounded.steps.slice(0, -1).map((s) => s.size)), `${eq.name} ${name}`).toBeLessThanOrEqual(limit);
      }
      const e = refusal(() => plan(eq, 'auto', 8));
      expect(e.code).toBe('MEMORY');
      expect(e.message).toContain('memoryLimit is 8');
    }
  });
});

describe('the report and the plan cache', () => {
  it("contractPath reports what searched and how long it took", () => {
    const info = contractPath('ab,bc,cd,de,ef,fg,gh,hi,ij,jk->ak', ...Array.from({ length: 10 }, () => [3, 3]));
    expect(info.method).toBe('auto: greedy, refined by dp on pieces of 6');
    expect(info.planningTime).toBeGreaterThan(0);
    expect(String(info)).toMatch(/Path search: {2}auto: greedy, refined by dp on pieces of 6, [\d.]+ (µs|ms)/);
    expect(contractPath('ab,bc->ac', [2, 3], [3, 4], { optimize: { strategy: 'random-greedy', trials: 3 } }).method).toBe('random-greedy (3 trials)');
  });

  it('an options object written anew each call finds the same plan', () => {
    const ops = [ones([2, 3]), ones([3, 4]), ones([4, 5])];
    const first = planFor('ab,bc,cd->ad', ops, { optimize: { strategy: 'random-greedy', trials: 2, seed: 1 } });
    expect(planFor('ab,bc,cd->ad', ops, { optimize: { strategy: 'random-greedy', trials: 2, seed: 1 } })).toBe(first);
    expect(planFor('ab,bc,cd->ad', ops, { optimize: { strategy: 'random-greedy', trials: 2, seed: 2 } })).not.toBe(first);
    expect(planFor('ab,bc,cd->ad', ops, { optimize: [[0, 1], [0, 1]] })).toBe(planFor('ab,bc,cd->ad', ops, { optimize: [[0, 1], [0, 1]] }));
  });
});

describe('refusals', () => {
  const eq = network(3, 16);
  it.each([
    ['an unknown name', 'fastest', ["'fastest'", "'auto-hq'", "'random-greedy'", "'dp'"]],
    ['dp above 14 operands', 'dp', ["optimize 'dp'", 'at most 14 operands', '16 were given', "'auto-hq'"]],
    ['optimal above 14 operands', 'optimal', ["optimize 'optimal'", '16 were given']],
    ['zero trials', { strategy: 'random-greedy', trials: 0 }, ['trials', 'positive whole number', 'got 0']],
    ['a fractional seed', { strategy: 'random-greedy', seed: 0.5 }, ['seed', 'got 0.5']],
    ['an unknown key', { strategy: 'random-greedy', repeats: 8 }, ["unknown key 'repeats'"]],
    ['another strategy as an object', { strategy: 'greedy' }, ['optimize must be']],
  ] as const)('%s', (_name, strategy, words) => {
    const e = refusal(() => plan(eq, strategy as unknown as PathStrategy));
    expect(e.code).toBe('ARGUMENT');
    for (const w of words) expect(e.message).toContain(w);
  });

  it('einsum refuses a bad strategy before planning, with the same words', () => {
    const e = refusal(() => contractPath('ab,bc', [2, 3], [3, 4], { optimize: 'fastest' as PathStrategy }));
    expect(e.code).toBe('ARGUMENT');
    expect(e.message).toContain("'random-greedy-128'");
  });
});
