/**
 * Global switches, and what is active. `configure({ jit: false })` turns run-time code generation
 * off (Zod v4's `jitless`), for Content-Security-Policy environments that forbid `new Function`;
 * where eval is refused anyway, the JIT turns itself off and compile() uses the engine plan or a
 * kernel registered by the codegen. `configure({ wasm: false })` keeps large matrix products on the
 * plain-JS kernel instead of the WebAssembly SIMD one (same results, bit for bit).
 * `configure({ fma: false })` keeps them off the fused multiply-add kernels (relaxed SIMD), whose
 * results depend on the machine in the last bits: with it off, results are the same everywhere.
 * `configure({ threads })` sets how many threads a large matrix product may use (the calling
 * thread included; 1 keeps every product on it; 'auto', the default, is one per core in Node).
 *
 * Each feature that needs permission from the host (eval, WebAssembly compilation) is probed once,
 * on first use, and the answer kept: under a strict CSP that is one violation report per feature,
 * never one per call. A feature switched off before its first use is never probed at all.
 * `capabilities()` says what is active now, and why not more.
 */
import { canEval } from './emit/jit.js';
import { describe, EinsumError } from './errors.js';
import { fmaActive, relaxedSimdValidates, setFmaEnabled, setWasmEnabled, simdValidates, wasmActive } from './kernels/wasm/index.js';
import { isThreadSetting, setThreads, threadStatus, type ThreadSetting, type ThreadStatus } from './kernels/threads/settings.js';
import { MAX_THREADS } from './kernels/threads/environment.js';

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
  /**
   * Threads a large matrix product may use, the calling thread included: 1 to 16, or 'auto' (the
   * default: one per core in Node; browsers always use one). Products split across worker threads
   * give the same results, bit for bit, as on one thread.
   */
  threads?: ThreadSetting;
}

/**
 * What the engine uses here and now: each field is true when the feature is switched on (see
 * configure) and available in this environment. One field per feature, added beside its switch.
 */
export interface Capabilities {
  /**
   * Large matrix products run on the WebAssembly kernel. False after `configure({ wasm: false })`,
   * without WebAssembly, or under a Content-Security-Policy that allows neither 'wasm-unsafe-eval'
   * nor 'unsafe-eval' (the plain-JS kernel then gives the same results, bit for bit, slower).
   */
  readonly wasm: boolean;
  /** This engine validates WebAssembly SIMD (whatever configure or a CSP say): the wasm kernels could run. */
  readonly simd: boolean;
  /** This engine validates WebAssembly relaxed SIMD (whatever configure says). */
  readonly relaxedSimd: boolean;
  /** Float products use the fused multiply-add kernels (relaxed SIMD allowed by configure and available). */
  readonly fma: boolean;
  /**
   * compile() may emit an unrolled kernel with `new Function`. False after `configure({ jit: false })`
   * or under a Content-Security-Policy without 'unsafe-eval' (compile() then runs the engine plan,
   * or a kernel registered by the codegen).
   */
  readonly jit: boolean;
  /** Threads of a large matrix product, and why not more. */
  readonly threads: ThreadStatus;
}

/** What is active now (probing wasm and eval if nothing has yet: at most once each per process). */
export function capabilities(): Capabilities {
  // simd and relaxedSimd are validations: they compile nothing, so they probe no CSP
  return {
    wasm: wasmActive(),
    simd: simdValidates(),
    relaxedSimd: relaxedSimdValidates(),
    fma: fmaActive(),
    jit: jitEnabled(),
    threads: threadStatus(),
  };
}

/** The switches (true or false), then every option. */
const KEYS = ['jit', 'wasm', 'fma'] as const;
const OPTIONS = [...KEYS, 'threads'] as const;

let jit = true;
let generation = 0;

export function configure(options: Configuration): void {
  if (typeof options !== 'object' || options === null) throw new EinsumError('ARGUMENT', `configure() takes an object such as { jit: false }, got ${describe(options)}`);
  for (const key of Object.keys(options)) {
    if (!(OPTIONS as readonly string[]).includes(key)) throw new EinsumError('ARGUMENT', `unknown option '${key}' for configure(); the options are ${OPTIONS.map((k) => `'${k}'`).join(', ')}`);
  }
  // Each option is read once: what is checked is what is set (a getter cannot answer twice).
  const { jit: jitOption, wasm, fma, threads } = options as Record<string, unknown>;
  if (threads !== undefined && !isThreadSetting(threads)) {
    throw new EinsumError('ARGUMENT', `configure({ threads }) takes a whole number from 1 to ${MAX_THREADS} or 'auto', got ${describe(threads)}`);
  }
  const switches = { jit: jitOption, wasm, fma };
  for (const key of KEYS) {
    const value = switches[key];
    if (value !== undefined && typeof value !== 'boolean') throw new EinsumError('ARGUMENT', `configure({ ${key} }) takes true or false, got ${describe(value)}`);
  }
  if (typeof jitOption === 'boolean') jit = jitOption;
  if (typeof wasm === 'boolean') setWasmEnabled(wasm);
  if (typeof fma === 'boolean') setFmaEnabled(fma);
  if (threads !== undefined) setThreads(threads as ThreadSetting);
  generation++;
}

/** Whether compile() may use `new Function`: switched on and allowed here (probed only when on). */
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
