/**
 * Runs the model with and without the generated kernels and prints results and ns per call.
 * Run it through `npm run example` (examples/attention/run.ts): the codegen first writes
 * einsum-kernels.generated.ts and a copy of these sources with einsum<'spec'>(...) rewritten.
 */
import { compile, random, type Tensor } from 'typed-einsum';
import { matvec, matvecTyped, project, scores, scoresTyped, type Matrix, type Vector } from './model.js';

const q = random([1, 2, 2, 4], { seed: 1 });
const k = random([1, 3, 2, 4], { seed: 2 });
const m: Matrix = random([3, 3], { seed: 3 });
const v0: Vector = random([3], { seed: 4 });
const rows: Tensor<readonly [number, 4], 'float64'> = random([5, 4], { seed: 5 }); // a row count known only at run time
const w = random([4, 3], { seed: 6 });

/** Median ns per call over 7 batches. */
function nsPerCall(fn: () => unknown, calls = 20_000): number {
  for (let i = 0; i < calls; i++) fn(); // warm up
  const batches: number[] = [];
  for (let b = 0; b < 7; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) fn();
    batches.push(Number(process.hrtime.bigint() - start) / calls);
  }
  return batches.sort((a, b) => a - b)[3];
}

/** The hot loop: power iteration, a 3x3 matrix-vector product per step. */
function powerIteration(step: (m: Matrix, v: Vector) => Tensor, steps: number): number[] {
  let v: Vector = v0;
  for (let i = 0; i < steps; i++) {
    const w = step(m, v);
    const norm = Math.hypot(w.data[0], w.data[1], w.data[2]);
    for (let j = 0; j < 3; j++) w.data[j] /= norm;
    v = w as Vector;
  }
  return Array.from(v.data, (x) => +x.toFixed(6));
}

const round = (t: Tensor): string => JSON.stringify(Array.from(t.data, (x) => +x.toFixed(4)));
console.log(`scores(q, k)       shape [${scores(q, k).shape.join(', ')}] ${round(scores(q, k))}`);
console.log(`scoresTyped(q, k)  ${round(scoresTyped(q, k))}`);
console.log(`matvec(m, v)       ${round(matvec(m, v0))}`);
console.log(`matvecTyped(m, v)  ${round(matvecTyped(m, v0))}`);
console.log(`project(rows, w)    shape [${project(rows, w).shape.join(', ')}] ${round(project(rows, w))}`);
console.log(`power iteration    dominant eigenvector ${JSON.stringify(powerIteration(matvec, 1000))}`);

const table: [string, number, number][] = [];
const engine = {
  scores: nsPerCall(() => scores(q, k)),
  scoresTyped: nsPerCall(() => scoresTyped(q, k)),
  matvec: nsPerCall(() => matvec(m, v0)),
  power: nsPerCall(() => powerIteration(matvec, 100), 200) / 100,
  project: nsPerCall(() => project(rows, w)),
};

// Importing the generated module registers its kernels: the same einsum calls now dispatch to them.
const generated = await import('./einsum-kernels.generated.js');
table.push(['einsum nqhd,nkhd->nhqk', engine.scores, nsPerCall(() => scores(q, k))]);
table.push(["einsum<'nqhd,nkhd->nhqk'>", engine.scoresTyped, nsPerCall(() => scoresTyped(q, k))]);
table.push(['einsum ij,j->i', engine.matvec, nsPerCall(() => matvec(m, v0))]);
table.push(['power iteration step', engine.power, nsPerCall(() => powerIteration(matvec, 100), 200) / 100]);
table.push(['einsum nd,de->ne (n at run)', engine.project, nsPerCall(() => project(rows, w))]);

console.log('\nns per call (median of 7)   engine   generated kernels   speed-up');
for (const [name, before, after] of table) {
  console.log(`  ${name.padEnd(26)} ${before.toFixed(0).padStart(6)}   ${after.toFixed(0).padStart(17)}   ${(before / after).toFixed(1).padStart(7)}x`);
}

const kernel = generated.einsum_nqhd_nkhd_to_nhqk__1x2x2x4_1x3x2x4__f64;
const compiled = compile('nqhd,nkhd->nhqk', [1, 2, 2, 4], [1, 3, 2, 4]);
console.log(`\n  generated kernel called directly            ${nsPerCall(() => kernel(q, k)).toFixed(0)} ns`);
console.log(`  compile() (${compiled.kernel})${' '.repeat(33 - compiled.kernel.length)}${nsPerCall(() => compiled(q, k)).toFixed(0)} ns`);
