/**
 * The table of specialized kernels emitted by `typed-einsum codegen` (a generated module registers
 * them on import through registerKernels, src/registry.ts). The generated engine (index.ts) looks
 * a plan's layout up here once per plan; dispatch() answers for tensors directly, from a map keyed
 * by the subscripts string, then a field-by-field comparison of dtypes, shapes and strides (no key
 * string built, nothing allocated).
 * Rank-specialized kernels (null sizes in the spec) sit in a second table, asked after the fixed
 * ones: they match on subscripts, ranks, dtypes and the known sizes, and compute the rest per call.
 */
import { bind } from '../../bind.js';
import { bumpGeneration } from '../../configure.js';
import { isDType, widest, type DType } from '../../dtype.js';
import { DynamicKernel } from '../../emit/dynamic-kernel.js';
import { SpecializedKernel } from '../../emit/kernel.js';
import type { KernelKey } from '../../emit/ir.js';
import type { RawKernel } from '../../emit/jit.js';
import { describe, EinsumError } from '../../errors.js';
import { messages } from '../../messages.js';
import { parse } from '../../parse.js';
import type { OperandSignature } from '../../plan/types.js';
import { contiguousStrides, sameNumbers, type Tensor } from '../../tensor.js';

/** One kernel as a generated module describes it. */
export interface KernelSpec {
  readonly subscripts: string;
  /**
   * Each operand's shape. A null size makes a rank-specialized kernel (src/emit/dynamic.ts): it
   * matches any size there, takes strides as parameters, and `fn` has that kernel's signature.
   */
  readonly shapes: readonly (readonly (number | null)[])[];
  readonly dtypes: readonly DType[];
  /** Each operand's element strides; row-major contiguous when absent. */
  readonly strides?: readonly (readonly number[])[];
  /** The result's dtype; the widest operand dtype when absent. */
  readonly dtype?: DType;
  /** The emitted function: (d0, o0, d1, o1, ..., r, ro) => void. */
  readonly fn: RawKernel;
}

/** What dispatch needs of a kernel, fixed-size or rank-specialized. */
export interface Registered {
  readonly key: { readonly subscripts: string; readonly shapes: readonly unknown[]; readonly dtype: DType };
  matches(operands: readonly Tensor[]): boolean;
  canWriteInto(out: Tensor, operands: readonly Tensor[]): boolean;
  run(operands: readonly Tensor[], out?: Tensor): Tensor;
}

const table = new Map<string, SpecializedKernel[]>();
/** Rank-specialized kernels, asked only when no fixed-size kernel matched (those stay as fast). */
const dynamicTable = new Map<string, DynamicKernel[]>();
/** Kernels whose result dtype is the widest operand dtype, what einsum gives without `dtype`. */
const defaults = new WeakSet<Registered>();
let count = 0;
let dynamicCount = 0;

export function hasKernels(): boolean {
  return count > 0;
}

/** Add generated kernels to the table (the newest wins for the same key); returns each, in order. */
export function addKernels(specs: readonly KernelSpec[]): Registered[] {
  // Every spec is checked, its subscripts against its shapes too, before any is registered: a
  // refused call leaves the table as it was.
  if (!Array.isArray(specs)) throw new EinsumError('ARGUMENT', messages.kernelSpecs(describe(specs)));
  specs.forEach(checkSpec);
  const made = specs.map((spec): Registered => {
    if (spec.shapes.some((s: readonly (number | null)[]) => s.includes(null))) return registerDynamic(spec);
    const shapes = spec.shapes as readonly (readonly number[])[];
    const strides = spec.strides ?? shapes.map((s) => contiguousStrides(s));
    const key: KernelKey = { subscripts: spec.subscripts, shapes, strides, dtypes: spec.dtypes, dtype: spec.dtype ?? widest(spec.dtypes) };
    const binding = bind(parse(key.subscripts), key.shapes.map((shape, i) => ({ shape, strides: strides[i] })));
    const kernel = new SpecializedKernel(key, binding.output.map((l) => binding.sizes[l]), spec.fn);
    if (key.dtype === widest(key.dtypes)) defaults.add(kernel);
    const list = table.get(key.subscripts) ?? [];
    const same = list.findIndex((k) => sameKey(k.key, key));
    if (same >= 0) list[same] = kernel; // re-registration (hot reload): the newest wins
    else {
      list.push(kernel);
      count++;
    }
    table.set(key.subscripts, list);
    return kernel;
  });
  bumpGeneration();
  return made;
}

/** A spec as the codegen writes it: its fields of the right kinds, one shape and dtype per operand, its subscripts fitting them. */
function checkSpec(spec: KernelSpec, index: number): void {
  const bad = (what: string, value: unknown): never => {
    throw new EinsumError('ARGUMENT', messages.kernelSpec(index, what, describe(value)), typeof spec?.subscripts === 'string' ? spec.subscripts : undefined);
  };
  if (typeof spec !== 'object' || spec === null) bad('must be an object { subscripts, shapes, dtypes, fn }', spec);
  const { subscripts, shapes, dtypes, strides, dtype, fn } = spec;
  if (typeof subscripts !== 'string') bad('subscripts must be a string', subscripts);
  if (typeof fn !== 'function') bad('has no function (fn)', fn);
  const size = (d: unknown) => d === null || (typeof d === 'number' && Number.isInteger(d) && d >= 0);
  if (!Array.isArray(shapes) || !shapes.every((s) => Array.isArray(s) && s.every(size))) bad('shapes must be an array of shapes (sizes, or null for any size)', shapes);
  if (!Array.isArray(dtypes) || dtypes.length !== shapes.length || !dtypes.every(isDType)) bad(`dtypes must list one dtype per shape (${shapes.length})`, dtypes);
  if (dtype !== undefined && !isDType(dtype)) bad('dtype must be a dtype', dtype);
  const integers = (s: unknown, i: number) => Array.isArray(s) && s.length === shapes[i].length && s.every((n) => Number.isInteger(n));
  if (strides !== undefined && (!Array.isArray(strides) || strides.length !== shapes.length || !strides.every(integers))) bad('strides must give one integer per axis of each shape', strides);
  // A fixed spec is bound as registering it will bind it; a rank-specialized one (null sizes) is parsed only.
  if (shapes.some((s: readonly (number | null)[]) => s.includes(null))) parse(subscripts);
  else {
    const fixed = shapes as readonly (readonly number[])[];
    bind(parse(subscripts), fixed.map((shape, i) => ({ shape, strides: (strides?.[i] as readonly number[] | undefined) ?? contiguousStrides(shape) })));
  }
}

function registerDynamic(spec: KernelSpec): DynamicKernel {
  if (spec.strides !== undefined) throw new EinsumError('ARGUMENT', `registerKernels: the rank-specialized kernel for '${spec.subscripts}' takes strides at run time; give no strides`, spec.subscripts);
  const kernel = new DynamicKernel({ subscripts: spec.subscripts, shapes: spec.shapes, dtypes: spec.dtypes, dtype: spec.dtype ?? widest(spec.dtypes) }, spec.fn);
  if (kernel.key.dtype === widest(kernel.key.dtypes)) defaults.add(kernel);
  const list = dynamicTable.get(spec.subscripts) ?? [];
  const same = list.findIndex((k) => sameDynamicKey(k, kernel));
  if (same >= 0) list[same] = kernel;
  else {
    list.push(kernel);
    count++;
    dynamicCount++;
  }
  dynamicTable.set(spec.subscripts, list);
  return kernel;
}

/**
 * The result of a registered kernel for these operands, or undefined when none matches
 * (subscripts, dtypes, shapes, strides, and `out` writable directly) — then the engine runs.
 * `dtype` is the caller's requested result dtype, if any.
 */
export function dispatch(subscripts: string, operands: readonly Tensor[], out: Tensor | undefined, dtype?: DType): Tensor | undefined {
  if (count === 0) return undefined;
  const list = table.get(subscripts);
  if (list !== undefined) {
    for (let i = 0; i < list.length; i++) {
      const kernel = list[i];
      if (!givesDType(kernel, dtype) || !kernel.matches(operands)) continue;
      if (out === undefined) return kernel.run(operands);
      return kernel.canWriteInto(out, operands) ? kernel.run(operands, out) : undefined;
    }
  }
  if (dynamicCount === 0) return undefined;
  const dynamic = dynamicTable.get(subscripts);
  if (dynamic === undefined) return undefined;
  // Rank-specialized kernels: asked only when no fixed-size kernel matched.
  for (let i = 0; i < dynamic.length; i++) {
    const kernel = dynamic[i];
    if (!givesDType(kernel, dtype) || !kernel.matches(operands)) continue;
    if (out === undefined) return kernel.run(operands);
    return kernel.canWriteInto(out, operands) ? kernel.run(operands, out) : undefined;
  }
  return undefined;
}

/** Whether `kernel` gives the dtype asked for; with none asked, only one of the widest operand dtype will do. */
function givesDType(kernel: Registered, dtype: DType | undefined): boolean {
  return dtype === undefined ? defaults.has(kernel) : dtype === kernel.key.dtype;
}

/** The registered kernel made for exactly this key, for compile(). */
export function findKernel(key: KernelKey): SpecializedKernel | undefined {
  if (count === 0) return undefined;
  return table.get(key.subscripts)?.find((k) => sameKey(k.key, key));
}

/** The rank-specialized kernel that takes these layouts and gives `dtype`, if any (it fits them: ready to run). */
export function findDynamic(subscripts: string, layouts: readonly OperandSignature[], dtype: DType): DynamicKernel | undefined {
  if (dynamicCount === 0) return undefined;
  return dynamicTable.get(subscripts)?.find((k) => k.key.dtype === dtype && k.fits(layouts));
}

/** Forget every registered kernel (tests, hot reload). */
export function clearKernels(): void {
  table.clear();
  dynamicTable.clear();
  count = 0;
  dynamicCount = 0;
  bumpGeneration();
}

function sameDynamicKey(a: DynamicKernel, b: DynamicKernel): boolean {
  const x = a.key;
  const y = b.key;
  if (x.dtype !== y.dtype || x.shapes.length !== y.shapes.length) return false;
  for (let i = 0; i < x.shapes.length; i++) {
    if (x.dtypes[i] !== y.dtypes[i] || x.shapes[i].length !== y.shapes[i].length || x.shapes[i].some((s, a) => s !== y.shapes[i][a])) return false;
  }
  return true;
}

function sameKey(a: KernelKey, b: KernelKey): boolean {
  if (a.subscripts !== b.subscripts || a.dtype !== b.dtype || a.shapes.length !== b.shapes.length) return false;
  for (let i = 0; i < a.shapes.length; i++) {
    if (a.dtypes[i] !== b.dtypes[i] || !sameNumbers(a.shapes[i], b.shapes[i]) || !sameNumbers(a.strides[i], b.strides[i])) return false;
  }
  return true;
}

