/**
 * onnxEngine(ort, sessionOptions, options?): einsum and compile on ONNX Runtime.
 * Arguments are checked exactly as the CPU einsum and compile check them (the same helpers, the
 * same EinsumErrors), the plan comes from the same plan cache (src/plan/), and the ONNX preparer
 * (prepare.ts) turns it into a graph and a session, then runs it. Nothing reaches ORT before
 * every check has passed.
 */
import { isOptions as isCompileOptions, readOptions as readCompileOptions, signature as operandSignature, type CompileOptions, type OperandDescriptor } from '../../compile.js';
import { allocate, type DType } from '../../dtype.js';
import { compileMessages } from '../../emit/messages.js';
import { describe, EinsumError } from '../../errors.js';
import { prepareCopy } from '../../kernels/index.js';
import { checkOptions, checkOut, isOptionsObject, toOperand } from '../../operands.js';
import { planFor, type OperandSignature, type Plan, type PlanOptions } from '../../plan/cache.js';
import { fromSublists, isLabelList } from '../../sublist.js';
import { sameNumbers, Tensor } from '../../tensor.js';
import type { Graph } from './graph.js';
import { onnxMessages } from './messages.js';
import type { AnySessionOptions, OrtNamespace } from './ort.js';
import { onnxPreparer, type OnnxPrepared } from './prepare.js';

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
  readonly dtype: DType;
}

type Compiled = OnnxCompiledBase & ((...operands: unknown[]) => Promise<Tensor>);

export interface OnnxRuntimeEngine {
  einsum(subscripts: unknown, ...args: unknown[]): Promise<Tensor>;
  compile(subscripts: unknown, ...args: unknown[]): Compiled;
  release(): Promise<void>;
  /** The graph a call would run (op types and path steps; none when ORT is not needed), for tests. */
  graphOf(subscripts: string, ...args: unknown[]): Pick<Graph, 'ops' | 'steps'>;
}

export function createOnnxEngine(ort: OrtNamespace, sessionOptions: AnySessionOptions | undefined, engineOptions: OnnxEngineOptions = {}): OnnxRuntimeEngine {
  if (typeof ort !== 'object' || ort === null || typeof ort.Tensor !== 'function' || typeof ort.InferenceSession?.create !== 'function') {
    throw new EinsumError('ARGUMENT', onnxMessages.notNamespace(describe(ort)));
  }
  // What ORT would refuse at the first call with its own TypeError is refused here, in words.
  const providers = (sessionOptions as { executionProviders?: unknown } | undefined)?.executionProviders;
  if (sessionOptions !== undefined && (typeof sessionOptions !== 'object' || sessionOptions === null || (providers !== undefined && !Array.isArray(providers)))) {
    throw new EinsumError('ARGUMENT', onnxMessages.badSessionOptions(describe(sessionOptions)));
  }
  if (typeof engineOptions !== 'object' || engineOptions === null) throw new EinsumError('ARGUMENT', onnxMessages.badEngineOptions(describe(engineOptions)));
  for (const key in engineOptions) if (key !== 'cast') throw new EinsumError('ARGUMENT', onnxMessages.unknownEngineOption(key));
  if (engineOptions.cast !== undefined && engineOptions.cast !== 'float32') {
    throw new EinsumError('ARGUMENT', onnxMessages.badCast(describe(engineOptions.cast)));
  }
  const preparer = onnxPreparer(ort, sessionOptions, engineOptions.cast === 'float32');
  // Prepared plans of this engine, by plan (the shared cache may drop a plan; its entry goes with it).
  let prepared = new WeakMap<Plan, OnnxPrepared>();
  const preparedFor = (plan: Plan): OnnxPrepared => {
    let p = prepared.get(plan);
    if (!p) {
      p = preparer.prepare(plan.data);
      prepared.set(plan, p);
    }
    return p;
  };

  /** Runs the plan into a new result, then into `out` if one was given (a copy: never aliased). */
  const run = async (plan: Plan, p: OnnxPrepared, operands: readonly Tensor[], out: Tensor | undefined): Promise<Tensor> => {
    const target = allocate(plan.dtype, plan.size);
    await p.run(operands, target, 0);
    const result = new Tensor(target, plan.shape, plan.dtype, plan.strides, 0, plan.size, plan.layout);
    if (out === undefined) return result;
    prepareCopy(plan.shape, plan.strides, out.strides)(target, 0, out.data, out.offset);
    return out;
  };

  /** einsum's arguments checked as the CPU einsum checks them, and the plan they take. */
  const readCall = (subscripts: unknown, args: readonly unknown[]): { plan: Plan; operands: Tensor[]; out: Tensor | undefined } => {
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
    return run(plan, preparedFor(plan), operands, out);
  };

  const compile = (subscripts: unknown, ...args: unknown[]): Compiled => {
    if (typeof subscripts !== 'string' && isLabelList(args[0])) {
      const call = fromSublists([subscripts, ...args], isCompileOptions);
      return compile(call.subscripts, ...call.args);
    }
    if (typeof subscripts !== 'string') throw new EinsumError('ARGUMENT', `compile's first argument must be the subscripts string, got ${describe(subscripts)}`);
    const hasOptions = args.length > 0 && isCompileOptions(args[args.length - 1]);
    const options = readCompileOptions(subscripts, hasOptions ? (args[args.length - 1] as CompileOptions) : {});
    const signatures: OperandSignature[] = (hasOptions ? args.slice(0, -1) : args).map((d, i) => operandSignature(subscripts, d as OperandDescriptor, i));
    const planOptions: PlanOptions = { optimize: options.optimize, memoryLimit: options.memoryLimit, dtype: options.dtype };
    const compiled = planFor(subscripts, signatures, planOptions); // every check, once, here
    preparedFor(compiled); // and the provider's dtype refusal
    const n = signatures.length;
    const call = async (...given: unknown[]): Promise<Tensor> => {
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
      if (out !== undefined) checkOut(subscripts, out, compiled.shape, compiled.dtype);
      // Operands of other strides (views) take their own plan, which shares the compiled graph's session.
      const plan = planFor(subscripts, operands, planOptions);
      return run(plan, preparedFor(plan), operands, out);
    };
    return Object.assign(call, { subscripts, shape: compiled.shape, dtype: compiled.dtype });
  };

  return {
    einsum,
    compile,
    release() {
      prepared = new WeakMap();
      return preparer.release();
    },
    graphOf(subscripts, ...args) {
      const { plan } = readCall(subscripts, args);
      return preparedFor(plan).graph ?? { ops: [], steps: [] };
    },
  };
}
