/**
 * The engines, in order of preference, and the one function that chooses among them. Each is
 * asked to prepare the plan; the first that does runs it. The CPU engine takes every plan, so it
 * comes last. Adding an engine: its own folder, and one line in ENGINES.
 */
import { configGeneration, jitEnabled } from '../configure.js';
import type { Plan } from '../plan/cache.js';
import type { PlanData } from '../plan/types.js';
import { allocate, type TypedArray } from '../dtype.js';
import { Tensor } from '../tensor.js';
import { cpuEngine } from './cpu/prepare.js';
import type { Engine, EngineRequest, Prepared } from './engine.js';
import { generatedEngine } from './generated/index.js';
import { jitEngine } from './jit/index.js';
import { tensorRunners, type RawKernel } from '../emit/jit.js';

export type { Engine, EngineRequest, Prepared } from './engine.js';

const ENGINES: readonly Engine[] = [
  generatedEngine, // kernels emitted by the codegen for exactly this layout
  jitEngine, // small plans as one unrolled function (einsum, and compile() unless { jit: false })
  cpuEngine, // every plan: WebAssembly SIMD / JS GEMM, strided reductions
];

/** The prepared plan of the first engine that takes `plan`. */
export function choose(plan: PlanData, request: EngineRequest): Prepared {
  for (const engine of ENGINES) {
    const prepared = engine.prepare(plan, request);
    if (prepared !== undefined) return prepared;
  }
  throw new Error(`no engine took the plan of '${plan.subscripts}'`); // unreachable: the CPU engine takes every plan
}

/**
 * einsum() calls use the JIT too: a small plan runs its emitted unrolled kernel, with no slot
 * arrays and no generic small-tile loops (the JIT engine declines work too large to gain).
 */
const EINSUM: EngineRequest = { jit: true };

/**
 * What runs `plan` for einsum() calls: chosen once, kept with the cached plan, and chosen again
 * after configure() or a registration changes what is available.
 */
export function preparedFor(plan: Plan): Prepared {
  const generation = configGeneration();
  if (plan.generation !== generation) {
    const prepared = choose(plan.data, EINSUM);
    plan.prepared = prepared;
    [plan.fresh, plan.into, plan.call, plan.callInto] = entries(plan, prepared);
    plan.generation = generation;
  }
  return plan.prepared!;
}

type Fresh = (operands: readonly Tensor[]) => Tensor;
type Into = (operands: readonly Tensor[], target: TypedArray, targetOffset: number) => void;
type Call = Plan['call'];
type CallInto = Plan['callInto'];

/**
 * The functions a plan runs through: allocating the result or into a target, with the operands
 * in an array or one by one (1-3 operands: einsum's hot path, which builds no array). For a kernel
 * of 1-3 operands they are generated per plan, so the kernel's call is monomorphic and V8 inlines
 * it (a shared call site turns megamorphic once a program has a few plans).
 */
function entries(plan: Plan, prepared: Prepared): [Fresh, Into, Call, CallInto] {
  const n = plan.data.operands.length;
  const fn = prepared.fn;
  if (fn === undefined || n > 3 || !jitEnabled()) {
    const list = (a: Tensor, b: Tensor | undefined, c: Tensor | undefined): Tensor[] => (n === 1 ? [a] : n === 2 ? [a, b!] : [a, b!, c!]);
    return [
      (operands) => runFresh(plan, prepared, operands),
      (operands, target, offset) => prepared.run(operands, target, offset),
      (a, b, c) => runFresh(plan, prepared, list(a, b, c)),
      (a, b, c, target, offset) => prepared.run(list(a, b, c), target, offset),
    ];
  }
  const runners = tensorRunners(fn as RawKernel, n)!; // jitEnabled(), so eval works
  const params = ['a', 'b', 'c'].slice(0, n);
  const list = params.join(', ');
  const fromArray = [0, 1, 2].map((i) => (i < n ? `ops[${i}]` : 'undefined')).join(', ');
  // Operands at offset 0 (most are) take the kernel's twin with literal zero offsets (jit.ts).
  const zero = params.map((p) => `${p}.offset === 0`).join(' && ');
  const text = `function call(a, b, c) {
  const r = alloc(dtype, size);
  if (${zero}) atZero(${list}, r);
  else general(${list}, r, 0);
  return new Tensor(r, shape, dtype, strides, 0, size, layout);
}
function callInto(a, b, c, r, ro) {
  if (ro === 0 && ${zero}) atZero(${list}, r);
  else general(${list}, r, ro);
}
return [function fresh(ops) {
  return call(${fromArray});
}, function into(ops, r, ro) {
  callInto(${fromArray}, r, ro);
}, call, callInto];`;
  const make = new Function('general', 'atZero', 'alloc', 'Tensor', 'shape', 'dtype', 'strides', 'size', 'layout', text);
  return make(runners.general, runners.atZero, allocate, Tensor, plan.shape, plan.dtype, plan.strides, plan.size, plan.layout) as [Fresh, Into, Call, CallInto];
}

/** Runs a prepared plan into a new result tensor (its own buffer: see alias.ts). */
export function runFresh(plan: Plan, prepared: Prepared, operands: readonly Tensor[]): Tensor {
  const target = allocate(plan.dtype, plan.size);
  prepared.run(operands, target, 0);
  return new Tensor(target, plan.shape, plan.dtype, plan.strides, 0, plan.size, plan.layout);
}
