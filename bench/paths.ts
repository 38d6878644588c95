/**
 * `npm run bench:paths`: each path strategy on seeded tensor networks of 10-60 operands
 * (bench/path-equations.ts), its optimized FLOP count beside opt_einsum's on the same equations
 * (bench/paths/opt-einsum.json, from scripts/opt-einsum-paths.py), and its planning time (median
 * of 3 runs in this process). Prints the table and the issue's targets, and writes
 * bench/paths/results.md.
 *   targets: 'auto' <= opt_einsum 'greedy' on every equation; 'auto-hq' within 1.1x of
 *   opt_einsum 'random-greedy-128' on the geometric mean; every planning < 2 s at 60 operands.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findPath, OPTIMAL_MAX_OPERANDS, type PathStrategy } from '../src/path/index.js';
import { pathEquations, type PathEquation } from './path-equations.js';

interface Reference {
  opt_einsum: string;
  equations: { name: string; operands: number; [strategy: string]: { flops: number; seconds: number } | null | string | number }[];
}

const STRATEGIES: [string, PathStrategy][] = [
  ['greedy', 'greedy'],
  ['auto', 'auto'],
  ['auto-hq', 'auto-hq'],
  ['random-greedy', 'random-greedy'],
  ['random-greedy-128', 'random-greedy-128'],
  ['dp', 'dp'],
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sci = (x: number | undefined) => (x === undefined ? '—' : x.toExponential(2));
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(0));

function measure(eq: PathEquation, strategy: PathStrategy, runs = 3): { flops: number; ms: number } | undefined {
  if (strategy === 'dp' && eq.inputs.length > OPTIMAL_MAX_OPERANDS) return undefined;
  const times: number[] = [];
  let flops = 0;
  for (let run = 0; run < runs; run++) {
    const found = findPath(eq.inputs, eq.output, eq.sizes, strategy);
    times.push(found.planningTime);
    flops = found.flops;
  }
  return { flops, ms: median(times) };
}

function main(): void {
  const equations = pathEquations();
  const committed = readFileSync(new URL('./paths/equations.json', import.meta.url), 'utf8');
  if (committed.trim() !== JSON.stringify(equations)) {
    console.warn('bench/paths/equations.json differs from bench/path-equations.ts: regenerate it and the opt_einsum reference (see scripts/opt-einsum-paths.py)');
  }
  const reference = JSON.parse(readFileSync(new URL('./paths/opt-einsum.json', import.meta.url), 'utf8')) as Reference;
  const refOf = (name: string, strategy: string) => {
    const row = reference.equations.find((r) => r.name === name);
    const cell = row?.[strategy];
    return typeof cell === 'object' && cell !== null ? cell : undefined;
  };

  // Warm-up: every strategy once on every equation, so the JIT's first compilations are not timed.
  for (const eq of equations) for (const [, strategy] of STRATEGIES) measure(eq, strategy, 1);

  const header = ['equation', 'n', 'oe greedy', 'oe rg-128', 'oe dp', ...STRATEGIES.map(([name]) => `${name} (×oe rg-128, ms)`)];
  const rows: string[][] = [];
  let autoMisses = 0;
  const hqRatios: number[] = [];
  let slowest60 = 0;
  const misses: string[] = [];
  for (const eq of equations) {
    const oeGreedy = refOf(eq.name, 'greedy')?.flops;
    const oeRandom = refOf(eq.name, 'random-greedy-128')?.flops;
    const oeDp = refOf(eq.name, 'dp')?.flops;
    const cells: string[] = [eq.name, String(eq.inputs.length), sci(oeGreedy), sci(oeRandom), sci(oeDp)];
    for (const [name, strategy] of STRATEGIES) {
      const result = measure(eq, strategy);
      if (!result) {
        cells.push('—');
        continue;
      }
      cells.push(`${sci(result.flops)} (${oeRandom ? (result.flops / oeRandom).toFixed(2) : '?'}, ${ms(result.ms)})`);
      if (eq.inputs.length >= 60) slowest60 = Math.max(slowest60, result.ms);
      if (name === 'auto' && oeGreedy !== undefined && result.flops > oeGreedy) {
        autoMisses++;
        misses.push(`${eq.name}: auto ${sci(result.flops)} > opt_einsum greedy ${sci(oeGreedy)}`);
      }
      if (name === 'auto-hq' && oeRandom) hqRatios.push(result.flops / oeRandom);
    }
    rows.push(cells);
    console.log(cells.join(' | '));
  }
  const geomean = Math.exp(hqRatios.reduce((s, r) => s + Math.log(r), 0) / hqRatios.length);
  const verdicts = [
    `${autoMisses === 0 ? 'PASS' : 'MISS'} 'auto' <= opt_einsum 'greedy' on every equation (${equations.length - autoMisses}/${equations.length})${misses.length ? `: ${misses.join('; ')}` : ''}`,
    `${geomean <= 1.1 ? 'PASS' : 'MISS'} 'auto-hq' / opt_einsum 'random-greedy-128', geometric mean ${geomean.toFixed(3)} (target <= 1.1)`,
    `${slowest60 < 2000 ? 'PASS' : 'MISS'} slowest planning at 60 operands ${ms(slowest60)} ms (target < 2000)`,
  ];
  console.log(verdicts.join('\n'));

  const md = [
    `# Path strategies on tensor networks (\`npm run bench:paths\`, ${new Date().toISOString()})`,
    '',
    `Optimized FLOP count (opt_einsum's cost model) per strategy; in brackets the ratio to opt_einsum ${reference.opt_einsum}'s`,
    "'random-greedy-128' on the same equation and our planning time in ms (median of 3). oe = opt_einsum",
    '(bench/paths/opt-einsum.json, from scripts/opt-einsum-paths.py); its dp is skipped above 30 operands or 120 s.',
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
    '',
    ...verdicts.map((v) => `- ${v}`),
    '',
  ];
  writeFileSync(new URL('./paths/results.md', import.meta.url), md.join('\n'));
  console.log(`wrote ${fileURLToPath(new URL('./paths/results.md', import.meta.url))}`);
}

main();
