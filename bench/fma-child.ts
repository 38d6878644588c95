/**
 * The FMA row of `npm run bench`: run.ts starts this file in a child
 * `node --experimental-wasm-relaxed-simd --import tsx` (Node 20 has relaxed SIMD behind that flag;
 * Node >= 22 and Chrome >= 114 have it on), where typed-einsum's float products take the fused
 * relaxed_madd kernels. The child times float32 512³ against TF.js wasm's matMul side by side, as
 * session.ts does for every case, and prints the rows as one JSON line.
 *   argv: --quick for the smoke harness.
 */
import { configure } from '../src/index.js';
import { pathToFileURL } from 'node:url';
import { fmaActive } from '../src/kernels/wasm/index.js';
import { CASES } from './cases.js';
import { FULL, QUICK } from './harness.js';
import { runCase } from './session.js';
import { initTfjs } from './tfjs.js';

export const FMA_CASE = 'matmul512';
export const FMA_CONTENDERS = ['typed-einsum', 'TF.js wasm ops (f32)'];

export interface FmaReport {
  fma: boolean;
  node: string;
  rows: { name: string; median: number; min: number; max: number; iterations: number; samples: number; mismatch?: string }[];
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  configure({ threads: 1 }); // one thread, as the parent's rows (TF.js wasm runs one)
  await initTfjs();
  const bench = CASES.find((c) => c.id === FMA_CASE)!;
  const rows = await runCase(bench, quick ? QUICK : FULL, { naive: 0, tfEinsum: 0 }, () => {}, { contenders: FMA_CONTENDERS, dtypes: ['float32'] });
  const report: FmaReport = {
    fma: fmaActive(),
    node: process.version,
    rows: rows.filter((r) => r.m).map((r) => ({ name: r.name, ...r.m!, mismatch: r.mismatch })),
  };
  console.log(JSON.stringify(report));
}

// Run as a script only: run.ts imports this module for FMA_CASE and the report's type.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
