/**
 * onnxEngine(ort, sessionOptions, options?): einsum and compile on ONNX Runtime.
 * Arguments are checked exactly as the CPU engine checks them (the same helpers, the same
 * EinsumErrors), then the plan is found or made (see plan.ts), the operands are laid out for
 * the graph (inputs.ts) and the plan's session runs. Plans, graphs and sessions are cached by
 * subscripts, shapes, dtypes and options until release().
 */
import { compileMessages } from '../../emit/messages.js';
import { isOptions as isCompileOptions, readOptions as readCompileOptions, signature as operandSignature, type CompileOptions, type OperandDescriptor } from '../../compile.js';
import { allocate, type TypedArray } from '../../dtype.js';
import { describe, EinsumError } from '../../errors.js';
import { checkOptions, checkOut, isOptionsObject, toOperand } from '../../operands.js';
import { prepareCopy } from '../../kernels/index.js';
import { fromSublists, isLabelList } from '../../sublist.js';
import { sameNumbers, Tensor } from '../../tensor.js';
import { INPUT, OUTPUT, type Graph } from './graph.js';
import { inputData } from './inputs.js';
import { onnxMessages } from './messages.js';
import type { AnySessionOptions, OrtNamespace, OrtTensor } from './ort.js';
import { OnnxPlan, planKey, type OnnxPlanOptions, type OperandShape } from './plan.js';
import { preferredProvider } from './providers.js';

export interface OnnxEngineOptions {
  /**
   * 'float32': a dtype the execution provider lacks (float64 or int32 on WebGPU) is computed in
   * float32: the operands are rounded to float32 on their way in and the result is converted
   * back to the dtype the call's types promise (float64 values then carry float32 precision;
   * int32 values are exact up to 2**24). Default: refuse such a call with DTYPE.
   */
  readonly cast?: 'float32';
}

export interface OnnxCompiledBase {
  readonly subscripts: string;
  readonly shape: readonly number[];
  readonly dtype: OperandShape['dtype'];
}

export interface OnnxRuntimeEngine {
  einsum(subscripts: unknown, ...args: unknown[]): Promise<Tensor>;
  compile(subscripts: string, ...args: (OperandDescriptor | CompileOptions)[]): OnnxCompiledBase & ((...operands: unknown[]) => Promise<Tensor>);
  release(): Promise<void>;
  /** The graph a call would run (its op types and path steps, for tests), building the plan if needed. */
  graphOf(subscripts: string, ...args: unknown[]): Pick<Graph, 'ops' | 'steps'>;
  /** How many plans (each with its graph and session) are cached. */
  readonly cachedPlans: number;
}

export function createOnnxEngine(ort: OrtNamespace, sessionOptions: AnySessionOptions | undefined, engineOptions: OnnxEngineOptions = {}): OnnxRuntimeEngine {
  if (typeof ort !== 'object' || ort === null || typeof ort.Tensor !== 'function' || typeof ort.InferenceSession?.create !== 'function') {
    throw new EinsumError('ARGUMENT', onnxMessages.notNamespace(describe(ort)));
  }
  for (const key in engineOptions) if (key !== 'cast') throw new EinsumError('ARGUMENT', onnxMessages.unknownEngineOption(key));
  if (engineOptions.cast !== undefined && engineOptions.cast !== 'float32') {
    throw new EinsumError('ARGUMENT', onnxMessages.badCast(describe(engineOptions.cast)));
  }
  const provider = preferredProvider(sessionOptions);
  const cast = engineOptions.cast === 'float32';
  const plans = new Map<string, OnnxPlan>();

  const planFor = (subscripts: string, operands: readonly OperandShape[], options: OnnxPlanOptions): OnnxPlan => {
    const key = planKey(subscripts, operands, options);
    let plan = plans.get(key);
    if (!plan) {
      plan = new OnnxPlan(subscripts, operands, options, provider, cast);
      plans.set(key, plan);
    }
    return plan;
  };

  const run = async (plan: OnnxPlan, operands: readonly Tensor[]): Promise<Tensor> => {
    if (plan.empty) return new Tensor(allocate(plan.dtype, plan.size), plan.shape, plan.dtype);
    const feeds: Record<string, OrtTensor> = {};
    plan.layouts.forEach((layout, i) => {
      feeds[INPUT(i)] = new ort.Tensor(plan.compute, inputData(operands[i], layout, plan.compute) as Float32Array, layout.shape);
    });
    if (plan.session === undefined) {
      const made = ort.InferenceSession.create(plan.graph.model, sessionOptions as never);
      plan.session = made;
      made.catch(() => {
        if (plan.session === made) plan.session = undefined; // a failure is not cached: the next call tries again
      });
    }
    const session = await plan.session;
    const turn = plan.queue.then(() => session.run(feeds));
    plan.queue = turn.catch(() => undefined);
    const y = (await turn)[OUTPUT];
    const data = y?.data;
    if (!ArrayBuffer.isView(data) || (data as TypedArray).length !== plan.size) {
      throw new EinsumError('ARGUMENT', onnxMessages.badOutput(plan.binding.subscripts.source, describe(data)));
    }
    let result = data as TypedArray;
    if (y.type !== plan.dtype) {
      result = allocate(plan.dtype, plan.size);
      result.set(data as TypedArray);
    }
    return new Tensor(result, plan.shape, plan.dtype);
  };

  /** The result, or `out` with the result copied in (a fresh result never aliases an operand). */
  const finish = (result: Tensor, out: Tensor | undefined): Tensor => {
    if (out === undefined) return result;
    prepareCopy(result.shape, result.strides, out.strides)(result.data, 0, out.data, out.offset);
    return out;
  };

  /** einsum's arguments checked as the CPU einsum checks them, and the plan they take. */
  const readCall = (subscripts: unknown, args: readonly unknown[]): { plan: OnnxPlan; operands: Tensor[]; out: Tensor | undefined } => {
    if (typeof subscripts !== 'string' && isLabelList(args[0])) {
      const call = fromSublists([subscripts, ...args], isOptionsObject);
      return readCall(call.subscripts, call.args);
    }
    if (typeof subscripts !== 'string') {
      throw new EinsumError('ARGUMENT', `einsum's first argument must be the subscripts string, such as 'ij,jk->ik', got ${describe(subscripts)}`);
    }
    const last = args[args.length - 1];
    const hasOptions = args.length > 0 && isOptionsObject(last);
    const options = checkOptions(subscripts, hasOptions ? last : undefined);
    const operands = (hasOptions ? args.slice(0, -1) : args).map((a, i) => toOperand(subscripts, a, i));
    const plan = planFor(subscripts, operands, options);
    if (options.out !== undefined) checkOut(subscripts, options.out, plan.shape, plan.dtype);
    return { plan, operands, out: options.out };
  };

  const einsum = async (subscripts: unknown, ...args: unknown[]): Promise<Tensor> => {
    const { plan, operands, out } = readCall(subscripts, args);
    return finish(await run(plan, operands), out);
  };

  const compile = (subscripts: string, ...args: (OperandDescriptor | CompileOptions)[]): OnnxCompiledBase & ((...operands: unknown[]) => Promise<Tensor>) => {
    if (typeof subscripts !== 'string' && isLabelList(args[0])) {
      const call = fromSublists([subscripts, ...args], isCompileOptions);
      return compile(call.subscripts, ...(call.args as (OperandDescriptor | CompileOptions)[]));
    }
    if (typeof subscripts !== 'string') throw new EinsumError('ARGUMENT', `compile's first argument must be the subscripts string, got ${describe(subscripts)}`);
    const hasOptions = args.length > 0 && isCompileOptions(args[args.length - 1]);
    const options = readCompileOptions(subscripts, hasOptions ? (args[args.length - 1] as CompileOptions) : {});
    const signatures = (hasOptions ? args.slice(0, -1) : args).map((d, i) => operandSignature(subscripts, d as OperandDescriptor, i));
    const plan = planFor(subscripts, signatures, options);
    const n = signatures.length;
    const compiled = async (...given: unknown[]): Promise<Tensor> => {
      if (given.length < n || given.length > n + 1) {
        throw new EinsumError('OPERAND_COUNT', compileMessages.operandCount(subscripts, n, given.length), subscripts);
      }
      const operands = signatures.map((s, i) => {
        const t = toOperand(subscripts, given[i], i);
        if (t.dtype !== s.dtype) throw new EinsumError('DTYPE', compileMessages.dtype(subscripts, i, s.dtype, t.dtype), subscripts);
        if (!sameNumbers(t.shape, s.shape)) {
          throw new EinsumError(t.shape.length === s.shape.length ? 'SIZE' : 'RANK', compileMessages.shape(subscripts, i, s.shape, t.shape), subscripts);
        }
        return t;
      });
      const out = given[n] === undefined ? undefined : checkOptions(subscripts, { out: given[n] }).out;
      if (out !== undefined) checkOut(subscripts, out, plan.shape, plan.dtype);
      // Plans and sessions survive until release(); a compiled function outlives it by planning again.
      return finish(await run(planFor(subscripts, signatures, options), operands), out);
    };
    return Object.assign(compiled, { subscripts, shape: plan.shape, dtype: plan.dtype });
  };

  return {
    einsum,
    compile,
    async release() {
      const sessions = [...plans.values()].map((p) => p.session).filter((s) => s !== undefined);
      plans.clear();
      // A session that failed to load has nothing to release (its call already rejected).
      await Promise.all(sessions.map((s) => s.then((session) => session.release(), () => undefined)));
    },
    graphOf(subscripts, ...args) {
      const { plan } = readCall(subscripts, args);
      return plan.empty ? { ops: [], steps: [] } : plan.graph;
    },
    get cachedPlans() {
      return plans.size;
    },
  };
}
