/**
 * The plan cache. Parsing, binding, path finding and the plan's decisions happen once per
 * (subscripts, shapes, strides, dtypes, options); a repeated call costs a lookup and the kernels.
 * Plans are found by subscripts first, then by a field-by-field comparison of the operands, so a
 * hit builds no key string and allocates nothing. An entry also carries what the engines prepared
 * it into (set by src/engines/choose.ts), so a hit needs no second lookup.
 */
import type { DType, TypedArray } from '../dtype.js';
import type { Prepared } from '../engines/engine.js';
import { sameStrategy } from '../path/index.js';
import { ApartMemo } from '../alias.js';
import { internLayout, type Layout } from '../layout.js';
import { contiguousStrides, sameNumbers, sizeOf, type Tensor } from '../tensor.js';
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
  /** The layout of every result (interned): results carry it, so a chain of calls matches by identity. */
  readonly layout: Layout;
  /** What runs it for einsum() calls, and the configuration generation it was chosen under. */
  prepared: Prepared | undefined = undefined;
  /** Allocates the result and runs `prepared` on these operands (made with it). */
  fresh: (operands: readonly Tensor[]) => Tensor = NOT_PREPARED;
  /** Runs `prepared` on these operands into a target array from an offset (made with it). */
  into: (operands: readonly Tensor[], target: TypedArray, targetOffset: number) => void = NOT_PREPARED;
  generation = -1;
  private readonly signature: readonly OperandSignature[];
  /** The interned layout of each operand: a tensor carrying it matches with one compare. */
  private readonly layouts: readonly Layout[];
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
    this.layout = internLayout(this.dtype, this.shape, this.strides);
    this.layouts = this.signature.map((o) => internLayout(o.dtype, o.shape, o.strides));
  }

  /**
   * Whether this plan fits these operands and options. A tensor carries its interned layout, so
   * one compare per operand settles it; a plain signature (compile()'s) is compared field by field.
   */
  matches(operands: readonly OperandSignature[], options: PlanOptions): boolean {
    const mine = this.options;
    if (options !== mine && !sameStrategy(options.optimize, mine.optimize) || options.memoryLimit !== mine.memoryLimit || options.dtype !== mine.dtype || options.accumulate !== mine.accumulate) return false;
    const sig = this.signature;
    if (operands.length !== sig.length) return false;
    const layouts = this.layouts;
    for (let i = 0; i < sig.length; i++) {
      const t = operands[i];
      if (t.layout === layouts[i]) continue;
      const s = sig[i];
      if (t.dtype !== s.dtype || !sameNumbers(t.shape, s.shape) || !sameNumbers(t.strides, s.strides)) return false;
    }
    return true;
  }

  /** Whether `out` shares no memory with the operands, so an engine may write it directly. */
  apart(out: Tensor, operands: readonly Tensor[]): boolean {
    return this.memo.apart(out.data, operands);
  }
}

function NOT_PREPARED(): never {
  throw new Error('internal: a plan ran before an engine prepared it');
}

const cache = new Map<string, Plan[]>();
let cached = 0;
const CACHE_LIMIT = 512;

/** The plans of the subscripts asked for last: a loop calling one einsum skips the map lookup. */
let lastSubscripts: string | undefined;
let lastPlans: Plan[] | undefined;

/** The plan for these operands, from the cache or made now. */
export function planFor(subscripts: string, operands: readonly OperandSignature[], options: PlanOptions = {}): Plan {
  let plans = lastPlans;
  if (subscripts !== lastSubscripts) {
    plans = cache.get(subscripts);
    lastSubscripts = subscripts;
    lastPlans = plans;
  }
  if (plans) {
    for (let i = 0; i < plans.length; i++) if (plans[i].matches(operands, options)) return plans[i];
  }
  const plan = new Plan(subscripts, operands, options);
  if (cached >= CACHE_LIMIT) clearPlanCache(); // crude, but a program that churns through 512 shapes gains little from a cache
  const list = cache.get(subscripts);
  if (list) list.push(plan);
  else cache.set(subscripts, [plan]);
  lastSubscripts = undefined;
  cached++;
  return plan;
}

export function clearPlanCache(): void {
  cache.clear();
  cached = 0;
  lastSubscripts = undefined;
  lastPlans = undefined;
}
