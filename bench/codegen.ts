/**
 * Specialized kernels vs the general engine vs TensorFlow.js (CPU backend), median ns per call:
 *   npx tsx bench/codegen.ts [--quick]
 * Rows: 3x3 and 4x4 matrix-vector products and the seed attention shape. Columns:
 *   engine      einsum() with no kernel registered (plan cache hit, the general executor)
 *   generated   einsum() dispatching to a registered kernel (what the codegen's module gives)
 *   kernel      the generated module's named kernel function, called directly
 *   compile     compile()'s function (JIT)
 *   +out        engine / kernel writing into a preallocated `out` (no allocation at all)
 *   tfjs        tf.einsum on the CPU backend (inputs uploaded once, result disposed)
 * The generated kernels here are instantiated from the same emitted text the codegen writes.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { compileImpl as compile } from '../src/compile.js';
import { emitKernel, jitSource, keyFor, lower, instantiate } from '../src/emit/index.js';
import { einsumImpl as einsum } from '../src/einsum.js';
import { clearKernels, registerKernels } from '../src/registry.js';
import { random, zeros } from '../src/create.js';
import { type Tensor } from '../src/tensor.js';
import { FULL, QUICK, measure } from './harness.js';

const options = process.argv.includes('--quick') ? QUICK : FULL;
const CASES: [string, string, number[][]][] = [
  ['3x3 matvec', 'ij,j->i', [[3, 3], [3]]],
  ['4x4 matvec', 'ij,j->i', [[4, 4], [4]]],
  ['attention [1,2,2,4]x[1,3,2,4]', 'nqhd,nkhd->nhqk', [[1, 2, 2, 4], [1, 3, 2, 4]]],
];

tf.env().set('PROD', true);
await tf.setBackend('cpu');
const ns = (fn: () => unknown): number => measure(fn, options).median * 1e9;

console.log(`median ns per call (${options.samples} samples)`);
console.log('case                             engine  generated   kernel  compile  engine+out  kernel+out     tfjs   engine/generated');
for (const [name, subscripts, shapes] of CASES) {
  const operands = shapes.map((s, i) => random(s, { seed: i + 1 })) as Tensor[];
  const [a, b] = operands;
  const engineOut = einsum(subscripts, a, b);
  const out = zeros(engineOut.shape);
  clearKernels();
  const engine = ns(() => einsum(subscripts, a, b));
  const engineWithOut = ns(() => einsum(subscripts, a, b, { out }));
  const fn = instantiate(jitSource(emitKernel(lower(keyFor(subscripts, operands)))))!;
  const [kernel] = registerKernels([{ subscripts, shapes, dtypes: ['float64', 'float64'], fn }]);
  const generated = ns(() => einsum(subscripts, a, b));
  const direct = ns(() => kernel(a, b));
  const kernelWithOut = ns(() => kernel(a, b, out));
  clearKernels();
  const compiled = compile(subscripts, ...shapes);
  const viaCompile = ns(() => compiled(a, b));
  const ta = tf.tensor(Array.from(a.data), a.shape as number[]);
  const tb = tf.tensor(Array.from(b.data), b.shape as number[]);
  const tfjs = ns(() => tf.einsum(subscripts, ta, tb).dispose());
  const cell = (x: number, w: number): string => x.toFixed(0).padStart(w);
  console.log(`${name.padEnd(30)} ${cell(engine, 8)} ${cell(generated, 10)} ${cell(direct, 8)} ${cell(viaCompile, 8)} ${cell(engineWithOut, 11)} ${cell(kernelWithOut, 11)} ${cell(tfjs, 8)}   ${(engine / generated).toFixed(1)}x (out: ${(engineWithOut / kernelWithOut).toFixed(1)}x)`);
}
