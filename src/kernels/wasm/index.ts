/**
 * The WebAssembly SIMD macro-kernel (gemm.wat) behind the blocked matrix product: loaded lazily,
 * compiled synchronously once, on first use. Where WebAssembly or its SIMD proposal is missing (or
 * compiling throws, e.g. under a CSP that forbids it), `wasmGemm()` is null and the blocked route
 * runs its JavaScript microkernel instead, silently. `setWasmEnabled(false)` forces the JS route
 * (tests run both; users can opt out).
 *
 * Memory: the packed A panel, the packed B panel, the float64 C block and a float32 staging copy
 * of it live one after another in the instance's linear memory. JS packs straight into `panelA` /
 * `panelB` (Float64Array views over memory.buffer), `macro` fills `blockC`, and JS stores `blockC`
 * into the caller's C (a float32 C: `demote` rounds it into `staging`, then one typed copy). Growing
 * the memory detaches the old buffer, so `reserve` rebuilds the views after growth; callers must
 * take the views from the object after each `reserve`, never keep them.
 */
import { GEMM_WASM_BASE64 } from './gemm.generated.js';

/** Tile of the wasm microkernel (rows of A, columns of B per micro-panel): see gemm.wat. */
export const WASM_MR = 4;
export const WASM_NR = 4;

type Macro = (rows: number, cols: number, kc: number, a: number, b: number, c: number, ldc: number, overwrite: number) => void;
type Demote = (src: number, dst: number, rows: number, cols: number, ldc: number) => void;

export class WasmGemm {
  panelA = new Float64Array(0);
  panelB = new Float64Array(0);
  blockC = new Float64Array(0);
  /** The C block rounded to float32 by `demote`, rows packed densely (as long as blockC, + 4 slack). */
  staging = new Float32Array(0);
  /** Byte addresses of the four regions in wasm memory. */
  aPtr = 0;
  bPtr = 0;
  cPtr = 0;
  sPtr = 0;

  /** `bytes`: the module's binary, from which the thread pool derives its shared-memory twin. */
  constructor(private readonly memory: WasmMemory, readonly macro: Macro, readonly demote: Demote, readonly bytes: Uint8Array) {}

  /** Room for panels of these lengths (float64 elements); capacities only grow, by powers of two. */
  reserve(a: number, b: number, c: number): void {
    if (this.panelA.length >= a && this.panelB.length >= b && this.blockC.length >= c) return;
    const ca = capacity(Math.max(a, this.panelA.length));
    const cb = capacity(Math.max(b, this.panelB.length));
    const cc = capacity(Math.max(c, this.blockC.length));
    const bytes = (ca + cb + cc) * 8 + (cc + 4) * 4;
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / 65536));
    const buffer = this.memory.buffer;
    this.aPtr = 0;
    this.bPtr = ca * 8;
    this.cPtr = (ca + cb) * 8;
    this.panelA = new Float64Array(buffer, this.aPtr, ca);
    this.panelB = new Float64Array(buffer, this.bPtr, cb);
    this.sPtr = (ca + cb + cc) * 8;
    this.blockC = new Float64Array(buffer, this.cPtr, cc);
    this.staging = new Float32Array(buffer, this.sPtr, cc + 4);
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
/** undefined: not tried yet; null: unavailable here. */
let loaded: WasmGemm | null | undefined;

/** Turn the wasm route on or off (on by default; where unavailable it stays off anyway). */
export function setWasmEnabled(on: boolean): void {
  enabled = on;
}

/** True when blocked products will run in wasm: enabled, and the module compiled here. */
export function wasmActive(): boolean {
  return wasmGemm() !== null;
}

/** The instance, compiled on first call; null when disabled or unavailable. */
export function wasmGemm(): WasmGemm | null {
  if (!enabled) return null;
  if (loaded === undefined) loaded = instantiateGemm(GEMM_WASM_BASE64);
  return loaded;
}

/** Compile and instantiate a module with gemm.wat's exports; null if anything fails (exported for tests). */
export function instantiateGemm(base64: string): WasmGemm | null {
  try {
    const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (typeof api !== 'object' || typeof atob !== 'function') return null;
    const text = atob(base64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    // Without SIMD the module does not validate and the constructor throws: JS route.
    const instance = new api.Instance(new api.Module(bytes), {});
    const { memory, macro, demote } = instance.exports as { memory?: WasmMemory; macro?: Macro; demote?: Demote };
    if (!(memory instanceof api.Memory) || typeof macro !== 'function' || typeof demote !== 'function') return null;
    return new WasmGemm(memory, macro, demote, bytes);
  } catch {
    return null;
  }
}
