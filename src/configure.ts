/**
 * Global switches. `configure({ jit: false })` turns run-time code generation off (Zod v4's
 * `jitless`), for Content-Security-Policy environments that forbid `new Function`; where eval is
 * refused anyway, the JIT turns itself off silently and compile() uses the engine plan or a
 * kernel registered by the codegen. `configure({ wasm: false })` keeps large matrix products on the
 * plain-JS kernel instead of the WebAssembly SIMD one (same results, bit for bit).
 */
import { canEval } from './emit/jit.js';
import { describe, EinsumError } from './errors.js';
import { setWasmEnabled } from './kernels/wasm/index.js';

export interface Configuration {
  /** Emit and `new Function` specialized kernels in compile() (default true where eval works). */
  jit?: boolean;
  /** Run large matrix products on the WebAssembly SIMD kernel (default true where it loads). */
  wasm?: boolean;
}

let jit = true;
let generation = 0;

export function configure(options: Configuration): void {
  if (typeof options !== 'object' || options === null) throw new EinsumError('ARGUMENT', `configure() takes an object such as { jit: false }, got ${describe(options)}`);
  for (const key of Object.keys(options)) {
    if (key !== 'jit' && key !== 'wasm') throw new EinsumError('ARGUMENT', `unknown option '${key}' for configure(); the options are 'jit', 'wasm'`);
  }
  for (const key of ['jit', 'wasm'] as const) {
    const value = options[key];
    if (value !== undefined && typeof value !== 'boolean') throw new EinsumError('ARGUMENT', `configure({ ${key} }) takes true or false, got ${describe(value)}`);
  }
  if (options.jit !== undefined) jit = options.jit;
  if (options.wasm !== undefined) setWasmEnabled(options.wasm);
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
