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
import { configGeneration } from '../configure.js';
import { internLayout, type Layout } from '../layout.js';
import { contiguousStrides, sameNumbers, sizeOf, type Tensor } from '../tensor.js';
import { buildPlan } from './build.js';
import type { OperandSignature, PlanData, PlanOptions } from './types.js';

export type { OperandSignature, PlanOptions } from './types.js';

/**
 * Whether these options leave the plan as it would be without any (only `out`, or nothing, that
 * changes where the result goes, not how it is computed): such plans are shared and matched by identity.
 */
export function plansAsNone(options: PlanOptions): boolean {
  return options.optimize === undefined && options.memoryLimit === undefined && options.dtype === undefined && options.accumulate === undefined;
}

/** Stand-ins no tensor carries (see Plan.layoutA): an operand not given, a plan the hot path never runs. */
const NO_OPERAND: Layout = Object.freeze({ dtype: 'float64', shape: [], strides: [] });
const NOT_HOT: Layout = Object.freeze({ dtype: 'float64', shape: [], strides: [] });

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
  /** `fresh` for one to three operands given one by one (unused ones undefined): no array. */
  call: (a: Tensor, b: Tensor | undefined, c: Tensor | undefined) => Tensor = NOT_PREPARED;
  /** `into` for one to three operands given one by one. */
  callInto: (a: Tensor, b: Tensor | undefined, c: Tensor | undefined, target: TypedArray, targetOffset: number) => void = NOT_PREPARED;
  generation = -1;
  /** The interned layout of each operand: a tensor carrying it matches with one compare. */
  readonly layouts: readonly Layout[];
  /**
   * The first three of `layouts`, NO_OPERAND past the plan's operands: the hot path's compares,
   * where an operand not given is NO_OPERAND too, so no count is compared. A plan of more than
   * three operands has NOT_HOT first. Neither is undefined, which an object that passes for a
   * tensor without being made as one (a Proxy, `Object.create(Tensor.prototype)`) may carry.
   */
  readonly layoutA: Layout;
  readonly layoutB: Layout;
  readonly layoutC: Layout;
  /** Whether it was planned without options that change a plan (what a call with none, or only `out`, asks). */
  readonly plain: boolean;
  private readonly signature: readonly OperandSignature[];
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
    const few = this.layouts.length <= 3;
    this.layoutA = few ? this.layouts[0] ?? NO_OPERAND : NOT_HOT;
    this.layoutB = few ? this.layouts[1] ?? NO_OPERAND : NOT_HOT;
    this.layoutC = few ? this.layouts[2] ?? NO_OPERAND : NOT_HOT;
    this.plain = plansAsNone(options);
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

  /** `apart` for one to three operands given one by one (the hot `{ out }` call's; no array on a repeat). */
  apartFrom(out: Tensor, a: Tensor, b: Tensor | undefined, c: Tensor | undefined): boolean {
    return this.memo.seenApart(out.data, a.data, b?.data, c?.data) || this.memo.apart(out.data, this.layouts.length === 1 ? [a] : this.layouts.length === 2 ? [a, b!] : [a, b!, c!]);
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

/** The cached plans of these subscripts. */
function plansOf(subscripts: string): Plan[] | undefined {
  if (subscripts !== lastSubscripts) {
    lastSubscripts = subscripts;
    lastPlans = cache.get(subscripts);
  }
  return lastPlans;
}

/** The plan for these operands, from the cache or made now. */
export function planFor(subscripts: string, operands: readonly OperandSignature[], options: PlanOptions = {}): Plan {
  const plans = plansOf(subscripts);
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

/**
 * The hot path's recent plans, subscripts and plan side by side, written round-robin: a program
 * whose loop takes turns between a few einsum calls finds each plan by a short scan of string
 * identity compares (subscripts written as literals are one interned string each), with no map
 * lookup (18 ns a call with five plans taking turns, measured in bench/tiny.ts).
 */
const RECENT = 8;
// An empty entry holds NONE and no plan, rather than undefined subscripts: V8 then sees only
// strings compared here, and compares interned ones as pointers. A call may pass NONE itself
// (refused later, by the parser), so a match is checked for a plan too.
const NONE = '\0';
const recentSubscripts = new Array<string>(RECENT).fill(NONE);
const recentPlans = new Array<Plan | undefined>(RECENT).fill(undefined);
let recentNext = 0;

/**
 * The hot path's lookup: the plan of these subscripts for one to three tensors of exactly these
 * layouts (one identity compare each; an operand not given is NO_OPERAND), made without
 * plan-changing options and prepared under the current configuration; undefined sends the call
 * down the checked path (which makes and prepares plans). Nothing is allocated. Kept small, the
 * search of the cache apart, so that V8 inlines it whole into the caller.
 */
export function hotPlan(subscripts: string, a: Tensor, b: Tensor | undefined, c: Tensor | undefined): Plan | undefined {
  const generation = configGeneration();
  const la = a.layout, lb = b === undefined ? NO_OPERAND : b.layout, lc = c === undefined ? NO_OPERAND : c.layout;
  for (let i = 0; i < RECENT; i++) {
    if (recentSubscripts[i] !== subscripts) continue;
    const plan = recentPlans[i]; // only plain plans are kept here
    if (plan !== undefined && plan.layoutA === la && plan.layoutB === lb && plan.layoutC === lc && plan.generation === generation) return plan;
  }
  return hotPlanOfCache(subscripts, la, lb, lc, generation);
}

/** hotPlan when the recent plans have none: the cache's plans of these subscripts, the one found kept as recent. */
function hotPlanOfCache(subscripts: string, la: Layout, lb: Layout, lc: Layout, generation: number): Plan | undefined {
  const plans = plansOf(subscripts);
  if (plans === undefined) return undefined;
  for (let i = 0; i < plans.length; i++) {
    const plan = plans[i];
    if (plan.layoutA === la && plan.layoutB === lb && plan.layoutC === lc && plan.plain && plan.generation === generation) {
      recentSubscripts[recentNext] = subscripts;
      recentPlans[recentNext] = plan;
      recentNext = (recentNext + 1) % RECENT;
      return plan;
    }
  }
  return undefined;
}

export function clearPlanCache(): void {
  cache.clear();
  cached = 0;
  lastSubscripts = undefined;
  lastPlans = undefined;
  recentSubscripts.fill(NONE);
  recentPlans.fill(undefined);
}
