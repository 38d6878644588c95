/**
 * The WebAssembly SIMD macro-kernels (gemm.wat) behind the blocked matrix product: loaded lazily,
 * compiled synchronously once, on first use. Where WebAssembly or its SIMD proposal is missing (or
 * compiling throws, e.g. under a CSP that forbids it), `wasmGemm()` is null and the blocked route
 * runs its JavaScript microkernels instead, silently. `setWasmEnabled(false)` forces the JS route
 * (tests run both; users can opt out).
 *
 * Two modules: the plain one (separate mul and add: bit-identical to the JS microkernels) and the
 * fused one (relaxed_madd), compiled only where relaxed SIMD validates (Node >= 22, Chrome >= 114,
 * Node 20 with --experimental-wasm-relaxed-simd). `wasmGemm()` hands out the fused one while
 * `setFmaEnabled` allows it (the default), else the plain one.
 *
 * Memory: the packed A panel, the packed B panel, the C block and a float32 staging copy of it
 * live one after another in the instance's linear memory. JS packs straight into `panelA` /
 * `panelB` (Float64Array views over memory.buffer, or their float32 twins `panelA32` / `panelB32`
 * over the same bytes), `macro_f64` / `macro_f32` fill `blockC` / `blockC32`, and JS stores the
 * block into the caller's C (float64 sums into a float32 C: `demote` rounds them into `staging`,
 * then one typed copy). Growing the memory detaches the old buffer, so `reserve` rebuilds the
 * views after growth; callers must take the views from the object after each `reserve`.
 */
import type { TypedArray } from '../../dtype.js';
import { GEMM_FMA_WASM_BASE64, GEMM_WASM_BASE64 } from './gemm.generated.js';

/** Tiles of the wasm microkernels (rows of A, columns of B per micro-panel): see gemm.wat. */
export const WASM_MR = 4;
export const WASM_NR = 4;
export const WASM_NR_F32 = 8;

type Macro = (rows: number, cols: number, kc: number, a: number, b: number, c: number, ldc: number, overwrite: number) => void;
type Demote = (src: number, dst: number, rows: number, cols: number, ldc: number) => void;
type Pack = (src: number, ld: number, groups: number, depth: number, group: number, dst: number) => void;

export class WasmGemm {
  panelA = new Float64Array(0);
  panelB = new Float64Array(0);
  blockC = new Float64Array(0);
  /** The same three regions seen as float32 (twice the elements). */
  panelA32 = new Float32Array(0);
  panelB32 = new Float32Array(0);
  blockC32 = new Float32Array(0);
  /** The C block rounded to float32 by `demote`, rows packed densely (as long as blockC, + 4 slack). */
  staging = new Float32Array(0);
  /** A block of an operand copied in as it is, for the wasm packers (see packF32). */
  raw = new Float32Array(0);
  /** Byte addresses of the five regions in wasm memory. */
  aPtr = 0;
  bPtr = 0;
  cPtr = 0;
  sPtr = 0;
  rPtr = 0;

  constructor(
    private readonly memory: WasmMemory,
    readonly macroF64: Macro,
    readonly macroF32: Macro,
    readonly demote: Demote,
    private readonly packAdjacent: Pack,
    private readonly packAlong: Pack,
    /** Whether this is the relaxed_madd module (its sums may be fused, so they differ from JS's in the last bits). */
    readonly fused: boolean,
    /** The module's binary, from which the thread pool derives its shared-memory twin (threads/). */
    readonly bytes: Uint8Array,
  ) {}

  /**
   * Room for panels of these lengths (float64 elements; the raw region holds the larger panel's
   * float32 elements with room for padding); capacities only grow, by powers of two.
   */
  reserve(a: number, b: number, c: number, raw = 0): void {
    if (this.panelA.length >= a && this.panelB.length >= b && this.blockC.length >= c && this.raw.length >= raw) return;
    const ca = capacity(Math.max(a, this.panelA.length));
    const cb = capacity(Math.max(b, this.panelB.length));
    const cc = capacity(Math.max(c, this.blockC.length));
    const cr = Math.max(2 * Math.max(ca, cb), capacity(Math.max(raw, this.raw.length)));
    const bytes = (ca + cb + cc) * 8 + (cc + 4) * 4 + cr * 4;
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / 65536));
    const buffer = this.memory.buffer;
    this.aPtr = 0;
    this.bPtr = ca * 8;
    this.cPtr = (ca + cb) * 8;
    this.sPtr = (ca + cb + cc) * 8;
    this.panelA = new Float64Array(buffer, this.aPtr, ca);
    this.panelB = new Float64Array(buffer, this.bPtr, cb);
    this.blockC = new Float64Array(buffer, this.cPtr, cc);
    this.panelA32 = new Float32Array(buffer, this.aPtr, 2 * ca);
    this.panelB32 = new Float32Array(buffer, this.bPtr, 2 * cb);
    this.blockC32 = new Float32Array(buffer, this.cPtr, 2 * cc);
    this.staging = new Float32Array(buffer, this.sPtr, cc + 4);
    this.rPtr = this.sPtr + (cc + 4) * 4;
    this.raw = new Float32Array(buffer, this.rPtr, cr);
  }

  /**
   * packPanel (panel.ts) into a float32 panel at byte address `dst`, done in wasm: the block is
   * copied into `raw` line by line with TypedArray.set (any source dtype; rounding to float32 as
   * an element store would), then laid out by pack_adjacent_f32 / pack_along_f32. Only for blocks
   * whose rows or depth steps are contiguous (stride 1); false, having done nothing, otherwise.
   */
  packF32(src: TypedArray, offset: number, across: number, along: number, rows: number, depth: number, group: number, dst: number): boolean {
    const groups = Math.ceil(rows / group);
    const padded = groups * group;
    const raw = this.raw;
    if (along === 1) {
      // Each row is a line of `depth` elements; missing rows of the last group are zero lines.
      for (let r = 0, s = offset; r < rows; r++, s += across) raw.set(src.subarray(s, s + depth), r * depth);
      if (padded > rows) raw.fill(0, rows * depth, padded * depth);
      this.packAlong(this.rPtr, depth, groups, depth, group, dst);
      return true;
    }
    if (across === 1) {
      this.layoutAdjacent(0, this.stageAdjacent(src, offset, along, rows, depth, group), rows, depth, group, dst);
      return true;
    }
    return false;
  }

  /**
   * packF32's first half for a block whose rows neighbour each other (across = 1): each depth step
   * a line of `rows` elements in raw, padded with zeros to whole groups; returns the lines' length.
   * gemm.ts stages a transposed A for all its rows of a C block at once (up to 512, not 64 per
   * MC slice): each TypedArray.set has a fixed cost (about 50 ns here, in a one-off
   * micro-benchmark: 64-element lines cost 3 times as much per element as 256-element ones).
   */
  stageAdjacent(src: TypedArray, offset: number, along: number, rows: number, depth: number, group: number): number {
    const padded = Math.ceil(rows / group) * group;
    const raw = this.raw;
    for (let p = 0, s = offset; p < depth; p++, s += along) {
      raw.set(src.subarray(s, s + rows), p * padded);
      if (padded > rows) raw.fill(0, p * padded + rows, (p + 1) * padded);
    }
    return padded;
  }

  /** packF32's second half: rows [first, first + rows) of a staged block laid out as a panel at `dst`. */
  layoutAdjacent(first: number, ld: number, rows: number, depth: number, group: number, dst: number): void {
    this.packAdjacent(this.rPtr + 4 * first, ld, Math.ceil(rows / group), depth, group, dst);
  }
}

/**
 * The part of the WebAssembly API used here, declared locally: the library must type-check in
 * projects whose `lib` has no DOM (where the global WebAssembly namespace is not declared).
 */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  Memory: abstract new (...args: never[]) => WasmMemory;
}

function capacity(length: number): number {
  let size = 1024;
  while (size < length) size *= 2;
  return size;
}

let enabled = true;
let fma = true;
/** undefined: not tried yet; null: unavailable here. */
let plain: WasmGemm | null | undefined;
let fused: WasmGemm | null | undefined;

/** Turn the wasm route on or off (on by default; where unavailable it stays off anyway). */
export function setWasmEnabled(on: boolean): void {
  enabled = on;
}

/** Allow or forbid the fused (relaxed_madd) kernels; off gives the same bits as the JS route everywhere. */
export function setFmaEnabled(on: boolean): void {
  fma = on;
}

/** True when blocked products will run in wasm: enabled, and the module compiled here. */
export function wasmActive(): boolean {
  return wasmGemm() !== null;
}

const validated = new Map<string, boolean>();

/**
 * Whether this engine validates a module, whatever the switches say and whether or not a CSP lets
 * it compile modules: validating compiles nothing, so asking never causes a violation report.
 */
function validates(base64: string): boolean {
  let answer = validated.get(base64);
  if (answer === undefined) {
    const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    answer = typeof api === 'object' && typeof atob === 'function' && api.validate(decode(base64));
    validated.set(base64, answer);
  }
  return answer;
}

/** Whether this engine validates WebAssembly SIMD (the plain module), without compiling anything. */
export function simdValidates(): boolean {
  return validates(GEMM_WASM_BASE64);
}

/** Whether this engine validates WebAssembly relaxed SIMD (the fused module), without compiling anything. */
export function relaxedSimdValidates(): boolean {
  return validates(GEMM_FMA_WASM_BASE64);
}

/** Whether the plain SIMD module compiled here; compiles it on first call. */
export function simdAvailable(): boolean {
  if (plain === undefined) plain = instantiateGemm(GEMM_WASM_BASE64, false);
  return plain !== null;
}

/** Whether the fused (relaxed SIMD) module compiled here; compiles it on first call. */
export function relaxedSimdAvailable(): boolean {
  if (fused === undefined) fused = instantiateGemm(GEMM_FMA_WASM_BASE64, true);
  return fused !== null;
}

/** True when blocked float products will run on the fused kernels. */
export function fmaActive(): boolean {
  return wasmGemm()?.fused === true;
}

/** The instance to use now (fused where allowed and available), compiled on first call; null when disabled or unavailable. */
export function wasmGemm(): WasmGemm | null {
  if (!enabled) return null;
  if (fma && relaxedSimdAvailable()) return fused!;
  return simdAvailable() ? plain! : null;
}

/**
 * Set when a module that validates could not be compiled: the host refuses WebAssembly compilation
 * (a Content-Security-Policy without 'wasm-unsafe-eval'). No other module is tried then: under a
 * CSP each try is one more violation report.
 */
let refused = false;

/** Compile and instantiate a module with gemm.wat's exports; null if anything fails (exported for tests). */
export function instantiateGemm(base64: string, isFused: boolean): WasmGemm | null {
  if (refused) return null;
  try {
    const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (typeof api !== 'object' || typeof atob !== 'function') return null;
    const bytes = decode(base64);
    // Without SIMD (or relaxed SIMD, for the fused module) the module does not validate: the other
    // module, or the JS route. Validating compiles nothing, so no policy forbids it.
    if (!api.validate(bytes)) return null;
    let module: object;
    try {
      module = new api.Module(bytes);
    } catch {
      refused = true;
      return null;
    }
    const instance = new api.Instance(module, {});
    const { memory, macro_f64, macro_f32, demote, pack_adjacent_f32, pack_along_f32 } = instance.exports as {
      memory?: WasmMemory; macro_f64?: Macro; macro_f32?: Macro; demote?: Demote; pack_adjacent_f32?: Pack; pack_along_f32?: Pack;
    };
    const functions = [macro_f64, macro_f32, demote, pack_adjacent_f32, pack_along_f32];
    if (!(memory instanceof api.Memory) || !functions.every((f) => typeof f === 'function')) return null;
    return new WasmGemm(memory, macro_f64!, macro_f32!, demote!, pack_adjacent_f32!, pack_along_f32!, isFused, bytes);
  } catch {
    return null;
  }
}

function decode(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
