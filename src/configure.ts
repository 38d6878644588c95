/**
 * Global switches. `configure({ jit: false })` turns run-time code generation off (Zod v4's
 * `jitless`), for Content-Security-Policy environments that forbid `new Function`; where eval is
 * refused anyway, the JIT turns itself off silently and compile() uses the engine plan or a
 * kernel registered by the codegen. `configure({ wasm: false })` keeps large matrix products on the
 * plain-JS kernel instead of the WebAssembly SIMD one (same results, bit for bit).
 * `configure({ fma: false })` keeps them off the fused multiply-add kernels (relaxed SIMD), whose
 * results depend on the machine in the last bits: with it off, results are the same everywhere.
 */
import { canEval } from './emit/jit.js';
import { describe, EinsumError } from './errors.js';
import { setFmaEnabled, setWasmEnabled } from './kernels/wasm/index.js';

export interface Configuration {
  /** Emit and `new Function` specialized kernels in compile() (default true where eval works). */
  jit?: boolean;
  /** Run large matrix products on the WebAssembly SIMD kernel (default true where it loads). */
  wasm?: boolean;
  /**
   * Let float products use fused multiply-add where the engine has WebAssembly relaxed SIMD
   * (Node >= 22, Chrome >= 114; Node 20 with --experimental-wasm-relaxed-simd). Default true.
   * Fused sums round once per multiply-add, so they differ from the plain kernels in the last bits;
   * false gives bit-identical results on every machine and engine.
   */
  fma?: boolean;
}

const KEYS = ['jit', 'wasm', 'fma'] as const;

let jit = true;
let generation = 0;

export function configure(options: Configuration): void {
  if (typeof options !== 'object' || options === null) throw new EinsumError('ARGUMENT', `configure() takes an object such as { jit: false }, got ${describe(options)}`);
  for (const key of Object.keys(options)) {
    if (!(KEYS as readonly string[]).includes(key)) throw new EinsumError('ARGUMENT', `unknown option '${key}' for configure(); the options are ${KEYS.map((k) => `'${k}'`).join(', ')}`);
  }
  for (const key of KEYS) {
    const value = options[key];
    if (value !== undefined && typeof value !== 'boolean') throw new EinsumError('ARGUMENT', `configure({ ${key} }) takes true or false, got ${describe(value)}`);
  }
  if (options.jit !== undefined) jit = options.jit;
  if (options.wasm !== undefined) setWasmEnabled(options.wasm);
  if (options.fma !== undefined) setFmaEnabled(options.fma);
  generation++;
}

/** Whether compile() may use the JIT: switched on and `new Function` allowed here. */
export function jitEnabled(): boolean {
  return jit && canEval();
}

/** Bumped by every configure() and registration, so compiled functions re-choose their kernel. */
export function configGeneration(): number {
  return generation;
}

export function bumpGeneration(): void {
  generation++;
}
