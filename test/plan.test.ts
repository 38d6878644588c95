/**
 * The plan as data (src/plan/) and the engines that prepare it (src/engines/): the plan is plain
 * serialisable data, each product is grouped and classified once and the report prints that
 * classification, every engine runs the same plan to the reference's values, the JIT follows the
 * plan's path (an explicit one too), intermediates share slots by liveness, and no module below
 * the API imports the API.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileImpl as compile } from '../src/compile.js';
import { contractPath } from '../src/contract-path.js';
import { random } from '../src/create.js';
import { emitKernel, jitSource, keyFor, lower, specialize } from '../src/emit/index.js';
import { choose } from '../src/engines/index.js';
import { cpuEngine } from '../src/engines/cpu/prepare.js';
import { allocate } from '../src/dtype.js';
import { buildPlan } from '../src/plan/build.js';
import type { PlanData, ProductStep, ReduceStep } from '../src/plan/types.js';
import { contiguousStrides, Tensor } from '../src/tensor.js';
import { compareResult, makeOperands, randomEquations, stridedView } from './corpus.js';
import { referenceEinsum } from './reference.js';

const layouts = (...shapes: number[][]) => shapes.map((shape) => ({ shape, strides: contiguousStrides(shape), dtype: 'float64' as const }));
const products = (plan: PlanData) => plan.steps.filter((s): s is ProductStep => s.kind === 'product');
const letters = (labels: readonly number[]) => labels.map((l) => String.fromCharCode(l < 26 ? 65 + l : 97 + l - 26)).join('');

/** Runs `plan` on `engine`'s preparation into a fresh result. */
function runPlan(plan: PlanData, operands: readonly Tensor[], engine = choose(plan, { jit: false })): Tensor {
  const target = allocate(plan.dtype, plan.values[plan.result].size);
  engine.run(operands, target, 0);
  return new Tensor(target, plan.shape, plan.dtype);
}

describe('the plan is data', () => {
  it('survives JSON: no closures, no typed arrays', () => {
    const plan = buildPlan('nqhd,nkhd->nhqk', layouts([1, 2, 2, 4], [1, 3, 2, 4]));
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });

  it('groups a product into batch, M, N and K once, and names its kind', () => {
    const plan = buildPlan('nqhd,nkhd->nhqk', layouts([2, 5, 3, 4], [2, 6, 3, 4]));
    const [step] = products(plan);
    expect([step.batch, step.m, step.n, step.k].map(letters)).toEqual(['nh', 'q', 'k', 'd']);
    expect(step.blas).toBe('BATCHED GEMM');
    expect(step.output).toBe(plan.result); // written straight into the result
    expect(plan.values[plan.result]).toMatchObject({ kind: 'result', size: 2 * 3 * 5 * 6, dtype: 'float64' });
    expect(plan.values[0].axes?.map((l) => letters([l])).join('')).toBe('nqhd');
  });

  it('packs an operand whose group does not nest, as a transpose step before the product', () => {
    // M = {i, k} of 'ijk' nests only in the order (i, k) if k's stride times k's size is i's; here it can't.
    const plan = buildPlan('ijk,jl->ikl', layouts([3, 4, 5], [4, 6]));
    const kinds = plan.steps.map((s) => (s.kind === 'reduce' ? s.role : s.kind));
    expect(kinds).toEqual(['transpose', 'product']);
    const pack = plan.steps[0] as ReduceStep;
    expect(letters(pack.kept)).toBe('ikj');
    expect((plan.steps[1] as ProductStep).left).toBe(pack.output);
  });

  it('sums a label only one operand has before the product', () => {
    const plan = buildPlan('ij,jk->k', layouts([3, 4], [4, 5]));
    expect(plan.steps.map((s) => (s.kind === 'reduce' ? s.role : s.kind))).toEqual(['sum', 'product']);
    expect(plan.blas).toEqual(['GEMV']);
  });

  it("the report's BLAS column is the plan's classification", () => {
    for (const [subscripts, shapes] of [
      ['ij,jk->ik', [[2, 3], [3, 4]]],
      ['bij,bjk->bik', [[5, 2, 3], [5, 3, 4]]],
      ['bi,ij,bj->b', [[6, 4], [4, 4], [6, 4]]],
      ['ea,fb,abcd,gc,hd->efgh', [[3, 3], [3, 3], [3, 3, 3, 3], [3, 3], [3, 3]]],
    ] as [string, number[][]][]) {
      const plan = buildPlan(subscripts, layouts(...shapes));
      const info = contractPath(subscripts, ...shapes);
      expect(info.steps.map((s) => s.blas)).toEqual(plan.blas);
      expect(products(plan).map((s) => s.blas)).toEqual(plan.blas);
    }
  });
});

describe('engines prepare the plan', () => {
  it('the CPU engine and the JIT give the reference on random equations, views, every path strategy', () => {
    randomEquations(23, 60).forEach((eq, n) => {
      const operands = makeOperands(eq.shapes, n).map((t, i) => (n % 2 ? stridedView(t, n + i) : t));
      const want = referenceEinsum(eq.subscripts, operands);
      for (const optimize of ['auto', false, 'greedy'] as const) {
        const plan = buildPlan(eq.subscripts, operands, { optimize });
        expect(compareResult(runPlan(plan, operands, cpuEngine.prepare(plan, { jit: false })!), want), `${eq.subscripts} cpu ${optimize}`).toBeUndefined();
        const jit = specialize(keyFor(eq.subscripts, operands), true, plan);
        if (jit) expect(compareResult(jit.run(operands), want), `${eq.subscripts} jit ${optimize}`).toBeUndefined();
      }
    });
  });

  it('chooses one engine per request: the JIT only where asked for and small enough', () => {
    const small = buildPlan('ij,j->i', layouts([3, 3], [3]));
    expect(choose(small, { jit: false }).engine).toBe('cpu');
    expect(choose(small, { jit: true }).engine).toBe('jit');
    const large = buildPlan('ij,jk->ik', layouts([64, 64], [64, 64]));
    expect(choose(large, { jit: true }).engine).toBe('cpu');
  });

  it('compile() honours an explicit path in the JIT kernel', () => {
    const shapes = [[8, 2], [2, 8], [8, 8]];
    const explicit = compile('ij,jk,kl->il', ...shapes, { optimize: [[0, 1], [0, 1]] });
    const auto = compile('ij,jk,kl->il', ...shapes);
    expect(explicit.kernel).toBe('jit');
    expect(explicit.source).toContain('step 1: ij,jk->ik');
    expect(explicit.source).toContain('step 2: kl,ik->il');
    expect(auto.source).toContain('step 1: jk,kl->jl'); // the cheaper path 'auto' finds
    const operands = shapes.map((s, i) => random(s, { seed: i + 40 }));
    const want = referenceEinsum('ij,jk,kl->il', operands);
    expect(compareResult(explicit(...operands), want)).toBeUndefined();
    expect(compareResult(auto(...operands), want)).toBeUndefined();
    // The same plan lowered directly: the emitter takes the plan, it does not search again.
    const plan = buildPlan('ij,jk,kl->il', layouts(...shapes), { optimize: [[0, 1], [0, 1]] });
    expect(jitSource(emitKernel(lower(keyFor('ij,jk,kl->il', plan.operands), plan)))).toBe(explicit.source);
  });
});

describe('memory by liveness', () => {
  it("a long chain's scratch is two intermediates, not one per step", () => {
    const n = 10;
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const terms = Array.from({ length: n }, (_, i) => letters[i] + letters[i + 1]);
    const subscripts = `${terms.join(',')}->${letters[0]}${letters[n]}`;
    const shapes = Array.from({ length: n }, (_, i) => [2 + (i % 2), 2 + ((i + 1) % 2)]); // small: the naive reference loops over every label
    const plan = buildPlan(subscripts, layouts(...shapes), { optimize: false });
    const intermediates = plan.values.filter((v) => v.kind === 'intermediate');
    expect(intermediates.length).toBe(n - 2);
    expect(plan.slots.length).toBe(2);
    const scratch = plan.slots.reduce((sum, s) => sum + s.length, 0);
    const largestTwo = intermediates.map((v) => v.size).sort((x, y) => y - x).slice(0, 2);
    expect(scratch).toBeLessThanOrEqual(largestTwo[0] + largestTwo[1]);
    // Values sharing a slot are never live at once.
    for (const v of intermediates) {
      for (const w of intermediates) {
        if (v !== w && v.slot === w.slot) expect(v.live[1] < w.live[0] || w.live[1] < v.live[0]).toBe(true);
      }
    }
    const operands = shapes.map((s, i) => random(s, { seed: i }));
    expect(compareResult(runPlan(plan, operands), referenceEinsum(subscripts, operands))).toBeUndefined();
  });

  it('every slot has a dtype: the computing dtype of the plan', () => {
    const f32 = (shape: number[]) => ({ shape, strides: contiguousStrides(shape), dtype: 'float32' as const });
    const mixed = buildPlan('ij,jk,kl->il', [f32([5, 6]), ...layouts([6, 7], [7, 8])], { optimize: false });
    expect(mixed.slots.map((s) => s.dtype)).toEqual(['float64']);
    const single = buildPlan('ij,jk,kl->il', [f32([5, 6]), f32([6, 7]), f32([7, 8])], { optimize: false });
    expect(single.slots.map((s) => s.dtype)).toEqual(['float32']);
    const wide = buildPlan('ij,jk,kl->il', [f32([5, 6]), f32([6, 7]), f32([7, 8])], { optimize: false, accumulate: 'float64' });
    expect(wide.slots.map((s) => s.dtype)).toEqual(['float64']);
  });
});

describe('layering', () => {
  it('nothing below the API layer imports the API layer', () => {
    // The API layer: the public functions and their argument handling (onnxEngine's einsum/compile
    // live with its engine, in engines/onnx/engine.ts).
    const api = new Set(['index.ts', 'einsum.ts', 'compile.ts', 'contract-path.ts', 'registry.ts', 'grad/vjp.ts', 'onnx.ts', 'engines/onnx/engine.ts']);
    const root = join(import.meta.dirname, '..', 'src');
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts')) files.push(path);
      }
    };
    walk(root);
    for (const file of files) {
      const rel = relative(root, file);
      if (api.has(rel)) continue;
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
        const target = relative(root, join(file, '..', spec)).replace(/\.js$/, '.ts');
        expect(api.has(target), `${rel} imports ${target}`).toBe(false);
      }
    }
  });
});

describe('the lean hot path', () => {
  it('tensors of one layout share one interned layout object; results carry their plan\'s', async () => {
    const { tensor, zeros } = await import('../src/create.js');
    const { einsumImpl: einsum } = await import('../src/einsum.js');
    const a = random([3, 3], { seed: 1 });
    const b = tensor(new Float64Array(9), [3, 3]);
    expect(b.layout).toBe(a.layout);
    expect(tensor(new Float64Array(9), [3, 3], { strides: [1, 3] }).layout).not.toBe(a.layout);
    expect(zeros([3, 3], { dtype: 'float32' }).layout).not.toBe(a.layout);
    const x = random([3], { seed: 2 });
    const y = einsum('ij,j->i', a, x);
    expect(y.layout).toBe(x.layout); // a [3] float64 result has the same layout as the operand x
    expect(y.layout).toBe(einsum('ij,j->i', b, y).layout);
  });

  it('fresh operand objects, mutated data, every check kept', async () => {
    const { tensor } = await import('../src/create.js');
    const { einsumImpl: einsum } = await import('../src/einsum.js');
    const data = new Float64Array(9);
    const x = random([3], { seed: 3 });
    for (let k = 0; k < 4; k++) {
      data[k] = k + 1; // the same layout, new data and a new tensor object every call
      const a = tensor(data, [3, 3]);
      expect(compareResult(einsum('ij,j->i', a, x), referenceEinsum('ij,j->i', [a, x]))).toBeUndefined();
    }
    expect(() => einsum('ij,j->i', tensor(data, [3, 3]), random([4], { seed: 1 }))).toThrow(expect.objectContaining({ code: 'SIZE' }));
    expect(() => einsum('ij,j->i', tensor(data, [3, 3]), x, x)).toThrow(expect.objectContaining({ code: 'OPERAND_COUNT' }));
  });

  it("compile()'s allocating fast path gives a new, right result every call", () => {
    const f = compile('ij,j->i', [3, 3], [3]);
    const a = random([3, 3], { seed: 5 });
    const x = random([3], { seed: 6 });
    const first = f(a, x);
    const second = f(a, x); // the fast path: the same operands again
    expect(second).not.toBe(first);
    expect(second.data).not.toBe(first.data);
    a.data[0] += 1;
    expect(compareResult(f(a, x), referenceEinsum('ij,j->i', [a, x]))).toBeUndefined();
    expect(compareResult(first, referenceEinsum('ij,j->i', [random([3, 3], { seed: 5 }), x]))).toBeUndefined();
  });
});
