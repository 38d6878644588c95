/**
 * The plan cache. Parsing, binding, path finding and lowering happen once per
 * (subscripts, shapes, strides, dtypes, options); a repeated call costs a lookup and the kernels.
 * Plans are found by subscripts first, then by a field-by-field comparison of the operands, so a
 * hit builds no key string and allocates nothing.
 */
import { bind, type Binding, type OperandLayout } from './bind.js';
import { allocate, computeDType, widest, type DType, type TypedArray } from './dtype.js';
import { ApartMemo, resultArray } from './pool.js';
import { lower, type Program } from './engine/program.js';
import { parse } from './parse.js';
import { findPath, sameStrategy, type ContractionPath, type PathStrategy } from './path/index.js';
import { contiguousStrides, sameNumbers, sizeOf, Tensor } from './tensor.js';

export interface PlanOptions {
  readonly optimize?: PathStrategy;
  readonly memoryLimit?: number;
  readonly dtype?: DType;
  readonly accumulate?: 'float64';
}

export interface OperandSignature extends OperandLayout {
  readonly dtype: DType;
}

export class Plan {
  readonly binding: Binding;
  readonly path: ContractionPath;
  readonly program: Program;
  readonly dtype: DType;
  /** The arithmetic of every step, and the dtype of the intermediates (computeDType). */
  readonly compute: DType;
  readonly shape: readonly number[];
  /** Row-major strides of the result, shared (frozen) by every result of this plan. */
  readonly strides: readonly number[];
  readonly size: number;
  private readonly signature: readonly OperandSignature[];
  private readonly seen: (OperandSignature | undefined)[] = [];
  private readonly memo = new ApartMemo();
  /** Reused slots when the intermediates are small (see runInto). */
  private readonly slots: Slots | undefined;
  private readonly options: PlanOptions;

  constructor(subscripts: string, operands: readonly OperandSignature[], options: PlanOptions) {
    this.signature = operands.map((o) => ({ shape: o.shape.slice(), strides: o.strides.slice(), dtype: o.dtype }));
    this.options = options;
    this.binding = bind(parse(subscripts), operands);
    const { sizes, output } = this.binding;
    this.shape = Object.freeze(output.map((l) => sizes[l]));
    this.strides = Object.freeze(contiguousStrides(this.shape));
    this.size = sizeOf(this.shape);
    this.path = findPath(this.binding.operands.map((o) => o.labels), output, sizes, options.optimize ?? 'auto', options.memoryLimit, subscripts);
    this.dtype = options.dtype ?? widest(operands.map((o) => o.dtype));
    this.compute = computeDType(operands.map((o) => o.dtype), this.dtype, options.accumulate);
    this.program = lower(this.binding, this.path, this.compute);
    const scratch = this.program.slotLengths.reduce((sum, n) => sum + n, 0);
    this.slots = scratch <= KEPT_SCRATCH ? this.freshSlots() : undefined;
  }

  /**
   * Whether this plan fits these operands and options. Shapes and strides of a Tensor are frozen,
   * so an operand that matched once is remembered by identity and costs one compare after that.
   */
  matches(operands: readonly OperandSignature[], options: PlanOptions): boolean {
    const mine = this.options;
    if (!sameStrategy(options.optimize, mine.optimize) || options.memoryLimit !== mine.memoryLimit || options.dtype !== mine.dtype || options.accumulate !== mine.accumulate) return false;
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

  /** Whether `out` shares no memory with the operands, so the program may write it directly. */
  apart(out: Tensor, operands: readonly Tensor[]): boolean {
    return this.memo.apart(out.data, operands);
  }

  /**
   * Runs the program into `target` (contiguous, row-major, offset 0, of this.dtype). Small
   * intermediates are allocated once and kept with the plan, so a hot call allocates nothing;
   * large ones are allocated per call rather than held by the cache for ever.
   */
  runInto(operands: readonly Tensor[], target: TypedArray): void {
    const { instructions } = this.program;
    const slots = this.slots ?? this.freshSlots();
    const { data, offsets } = slots;
    for (let i = 0; i < operands.length; i++) {
      data[i] = operands[i].data;
      offsets[i] = operands[i].offset;
    }
    for (let i = 0; i < instructions.length; i++) instructions[i](data, offsets, target);
    for (let i = 0; i < operands.length; i++) data[i] = EMPTY; // don't keep the caller's arrays alive
  }

  private freshSlots(): Slots {
    const { slotCount, slotLengths } = this.program;
    const data = new Array<TypedArray>(slotCount).fill(EMPTY);
    const offsets = new Array<number>(slotCount).fill(0);
    for (let i = 0; i < slotCount; i++) if (slotLengths[i] > 0) data[i] = allocate(this.compute, slotLengths[i]);
    return { data, offsets };
  }

  run(operands: readonly Tensor[]): Tensor {
    const target = resultArray(this.dtype, this.size);
    this.runInto(operands, target);
    return new Tensor(target, this.shape, this.dtype, this.strides, 0, this.size);
  }
}

interface Slots {
  readonly data: TypedArray[];
  readonly offsets: number[];
}

const EMPTY = new Float64Array(0);
/** Intermediates up to this many elements in all stay allocated with their plan. */
const KEPT_SCRATCH = 1 << 15;


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
