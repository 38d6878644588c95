/**
 * The equations of `npm run bench:paths`: seeded tensor networks of 10-60 operands, bond sizes
 * 2-8, as label ids (not letters: a 60-operand network has more bonds than einsum has letters).
 *   - 'random r=3' / 'random r=4': opt_einsum's testing.rand_equation, ported (n operands, about
 *     n·r/2 bonds placed at random, every operand at least one, never a trace; n_out open legs;
 *     r=4 up to 30 operands: beyond, every path found needs intermediates a typed array can't hold);
 *   - 'lattice RxC': a rows × cols square lattice, one operand per site, a bond per edge, an
 *     open leg on two corners.
 * `npx tsx bench/path-equations.ts` writes bench/paths/equations.json, which
 * scripts/opt-einsum-paths.py reads to compute the reference costs.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../src/create.js';

export interface PathEquation {
  readonly name: string;
  /** Label ids of each operand. */
  readonly inputs: number[][];
  readonly output: number[];
  /** Size of each label id. */
  readonly sizes: number[];
}

const D_MIN = 2;
const D_MAX = 8;

/** opt_einsum's rand_equation with our seeded generator. */
export function randomNetwork(n: number, regularity: number, outputs: number, seed: number): PathEquation {
  const rand = mulberry32(seed);
  const int = (below: number) => Math.floor(rand() * below);
  const count = Math.floor((n * regularity) / 2) + outputs;
  const sizes = Array.from({ length: count }, () => D_MIN + int(D_MAX - D_MIN + 1));
  const output: number[] = [];
  const placed: number[] = [];
  for (let label = 0; label < count; label++) {
    if (label < outputs) {
      output.push(label);
      placed.push(label);
    } else placed.push(label, label);
  }
  for (let i = placed.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [placed[i], placed[j]] = [placed[j], placed[i]];
  }
  const inputs: number[][] = Array.from({ length: n }, () => []);
  placed.forEach((label, i) => {
    if (i < n) {
      inputs[i].push(label);
      return;
    }
    let where = int(n);
    while (inputs[where].includes(label)) where = int(n);
    inputs[where].push(label);
  });
  return { name: `random r=${regularity} n=${n}${outputs ? ` out=${outputs}` : ''} seed=${seed}`, inputs, output, sizes };
}

/** A rows × cols lattice: bonds between neighbours, open legs on the first and last site. */
export function latticeNetwork(rows: number, cols: number, seed: number): PathEquation {
  const rand = mulberry32(seed);
  const sizes: number[] = [];
  const inputs: number[][] = Array.from({ length: rows * cols }, () => []);
  const bond = (a: number, b: number) => {
    const label = sizes.push(D_MIN + Math.floor(rand() * (D_MAX - D_MIN + 1))) - 1;
    inputs[a].push(label);
    inputs[b].push(label);
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const site = r * cols + c;
      if (c + 1 < cols) bond(site, site + 1);
      if (r + 1 < rows) bond(site, site + cols);
    }
  }
  const output: number[] = [];
  for (const site of [0, rows * cols - 1]) {
    const label = sizes.push(D_MIN + Math.floor(rand() * (D_MAX - D_MIN + 1))) - 1;
    inputs[site].push(label);
    output.push(label);
  }
  return { name: `lattice ${rows}x${cols} seed=${seed}`, inputs, output, sizes };
}

/** The benchmark's set: 10 to 60 operands, random graphs of regularity 3 and 4, and lattices. */
export function pathEquations(): PathEquation[] {
  const equations: PathEquation[] = [];
  const lattices: Record<number, [number, number]> = { 10: [2, 5], 15: [3, 5], 20: [4, 5], 30: [5, 6], 40: [5, 8], 50: [5, 10], 60: [6, 10] };
  for (const n of [10, 15, 20, 30, 40, 50, 60]) {
    equations.push(randomNetwork(n, 3, 0, 1000 + n));
    // Regularity 4 beyond 30 operands needs intermediates past 2**31 elements on any path found.
    if (n <= 30) equations.push(randomNetwork(n, 4, 2, 2000 + n));
    equations.push(latticeNetwork(...lattices[n], 3000 + n));
  }
  return equations;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = new URL('./paths/equations.json', import.meta.url);
  writeFileSync(file, JSON.stringify(pathEquations()) + '\n');
  console.log(`wrote ${fileURLToPath(file)}`);
}
