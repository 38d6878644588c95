/**
 * One contraction prepared for ONNX Runtime: the same checks, binding and path as the CPU engine
 * (parse, bind, findPath with the caller's optimize and memoryLimit), the dtype ORT computes in,
 * the squeezed input layouts, and, built on first use and kept, the graph and its InferenceSession.
 * A contraction with a size-0 label is answered without ORT: its result is all zeros (or empty),
 * and ORT's CPU Einsum dies with SIGFPE on a zero-size dimension.
 */
import { bind, type Binding } from '../../bind.js';
import { computeDType, widest, type DType } from '../../dtype.js';
import { EinsumError } from '../../errors.js';
import { parse } from '../../parse.js';
import { findPath, type ContractionPath, type PathStrategy } from '../../path/index.js';
import { buildGraph, type Graph } from './graph.js';
import { inputLayouts, type InputLayout } from './inputs.js';
import { onnxMessages } from './messages.js';
import type { OrtSession } from './ort.js';
import { hasMatMul, providerDTypes } from './providers.js';

export interface OnnxPlanOptions {
  readonly optimize?: PathStrategy;
  readonly memoryLimit?: number;
  readonly dtype?: DType;
  /** 'float64': float32 results summed in float64 and rounded once, as the CPU engine does. */
  readonly accumulate?: 'float64';
}

export interface OperandShape {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

export class OnnxPlan {
  readonly binding: Binding;
  readonly path: ContractionPath;
  /** The result's dtype, as einsum's types promise it. */
  readonly dtype: DType;
  /** What ORT computes in: the CPU engine's computeDType, or float32 when cast. */
  readonly compute: 'float32' | 'float64' | 'int32';
  readonly shape: readonly number[];
  readonly size: number;
  readonly layouts: readonly InputLayout[];
  /** Some label has size 0: the result is zeros, computed without ORT. */
  readonly empty: boolean;
  private readonly matmul: boolean;
  private graphMemo: Graph | undefined;
  session: Promise<OrtSession> | undefined;
  /** Runs on one session are chained: onnxruntime-web refuses a run while another is in flight. */
  queue: Promise<unknown> = Promise.resolve();

  constructor(subscripts: string, operands: readonly OperandShape[], options: OnnxPlanOptions, provider: string, cast: boolean) {
    const layouts = operands.map((o) => ({ shape: o.shape, strides: o.shape.map(() => 0) }));
    this.binding = bind(parse(subscripts), layouts);
    const { sizes, output } = this.binding;
    const inputs = this.binding.operands.map((o) => o.labels);
    this.path = findPath(inputs, output, sizes, options.optimize ?? 'auto', options.memoryLimit, subscripts);
    this.shape = Object.freeze(output.map((l) => sizes[l]));
    this.size = this.shape.reduce((p, n) => p * n, 1);
    this.dtype = options.dtype ?? widest(operands.map((o) => o.dtype));
    const wanted = computeDType(operands.map((o) => o.dtype), this.dtype, options.accumulate);
    const supported = providerDTypes(provider);
    if (supported.includes(wanted)) this.compute = wanted;
    else if (cast) this.compute = 'float32';
    else throw new EinsumError('DTYPE', onnxMessages.providerDType(subscripts, provider, wanted, supported), subscripts);
    this.layouts = inputLayouts(this.binding, operands.map((o) => o.shape));
    this.empty = inputs.some((labels) => labels.some((l) => sizes[l] === 0));
    this.matmul = hasMatMul(provider, this.compute);
  }

  get graph(): Graph {
    return (this.graphMemo ??= buildGraph({
      sizes: this.binding.sizes,
      inputs: this.layouts.map((l) => l.labels),
      output: this.binding.output,
      path: this.path.path,
      type: this.compute,
      matmul: this.matmul,
    }));
  }
}

/** The cache key of a plan: everything the graph depends on (strides only change the input copy). */
export function planKey(subscripts: string, operands: readonly OperandShape[], options: OnnxPlanOptions): string {
  let key = subscripts;
  for (const o of operands) key += `|${o.dtype}:${o.shape.join(',')}`;
  const optimize = typeof options.optimize === 'object' ? JSON.stringify(options.optimize) : String(options.optimize); // a path or { strategy options }
  return `${key}|${optimize}|${options.memoryLimit}|${options.dtype}|${options.accumulate}`;
}
