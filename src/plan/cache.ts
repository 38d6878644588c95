/**
 * The plan cache. Parsing, binding, path finding and the plan's decisions happen once per
 * (subscripts, shapes, strides, dtypes, options); a repeated call costs a lookup and the kernels.
 * Plans are found by subscripts first, then by a field-by-field comparison of the operands, so a
 * hit builds no key string and allocates nothing. An entry also carries what the engines prepared
 * it into (set by src/engines/choose.ts), so a hit needs no second lookup.
 */
import type { DType } from '../dtype.js';
import type { Prepared } from '../engines/engine.js';
import { sameStrategy } from '../path/index.js';
import { ApartMemo } from '../pool.js';
import { contiguousStrides, sameNumbers, sizeOf, Tensor } from '../tensor.js';
import { buildPlan } from './build.js';
import type { OperandSignature, PlanData, PlanOptions } from './types.js';

export type { OperandSignature, PlanOptions } from './types.js';

export class Plan {
  readonly data: PlanData;
  readonly dtype: DType;
  readonly shape: readonly number[];
  /** Row-major strides of the result, shared (frozen) by every result of this plan. */
  readonly strides: readonly number[];
  readonly size: number;
  /** What runs it for einsum() calls, and the configuration generation it was chosen under. */
  prepared: Prepared | undefined = undefined;
  generation = -1;
  private readonly signature: readonly OperandSignature[];
  private readonly seen: (OperandSignature | undefined)[] = [];
  private readonly memo = new ApartMemo();
  private readonly options: PlanOptions;

  constructor(subscripts: string, operands: readonly OperandSignature[], options: PlanOptions) {
    this.signature = operands.map((o) => ({ shape: o.shape.slice(), strides: o.strides.slice(), dtype: o.dtype }));
    this.options = options;
    this.data = buildPlan(subscripts, this.signature, options);
    this.shape = Object.freeze(this.data.shape.slice());
    this.strides = Object.freeze(contiguousStrides(this.shape));
    this.size = sizeOf(this.shape);
    this.dtype = this.data.dtype;
  }

  /**
   * Whether this plan fits these operands and options. Shapes and strides of a Tensor are frozen,
   * so an operand that matched once is remembered by identity and costs one compare after that.
   */
  matches(operands: readonly OperandSignature[], options: PlanOptions): boolean {
    const mine = this.options;
    if (options !== mine && !sameStrategy(options.optimize, mine.optimize) || options.memoryLimit !== mine.memoryLimit || options.dtype !== mine.dtype || options.accumulate !== mine.accumulate) return false;
    const sig = this.signature;
    if (operands.length !== sig.length) return false;
    const seen = this.seen;
    for (let i = 0; i < sig.length; i++) {
      const t = operands[i];
      if (t === seen[i]) continue;
      const s = sig[i];
      if (t.dtype !== s.dtype || !sameNumbers(t.shape, s.shape) || !sameNumbers(t.strides, s.strides)) return false;
      if (t instanceof Tensor) seen[i] = t;
    }
    return true;
  }

  /** Whether `out` shares no memory with the operands, so an engine may write it directly. */
  apart(out: Tensor, operands: readonly Tensor[]): boolean {
    return this.memo.apart(out.data, operands);
  }
}

const cache = new Map<string, Plan[]>();
let cached = 0;
const CACHE_LIMIT = 512;

/** The plan for these operands, from the cache or made now. */
export function planFor(subscripts: string, operands: readonly OperandSignature[], options: PlanOptions = {}): Plan {
  const plans = cache.get(subscripts);
  if (plans) {
    for (let i = 0; i < plans.length; i++) if (plans[i].matches(operands, options)) return plans[i];
  }
  const plan = new Plan(subscripts, operands, options);
  if (cached >= CACHE_LIMIT) {
    cache.clear(); // crude, but a program that churns through 512 shapes gains little from a cache
    cached = 0;
  }
  if (plans) plans.push(plan);
  else cache.set(subscripts, [plan]);
  cached++;
  return plan;
}

export function clearPlanCache(): void {
  cache.clear();
  cached = 0;
}
