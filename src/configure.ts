/**
 * Global switches. `configure({ jit: false })` turns run-time code generation off (Zod v4's
 * `jitless`), for Content-Security-Policy environments that forbid `new Function`; where eval is
 * refused anyway, the JIT turns itself off silently and compile() uses the engine plan or a
 * kernel registered by the codegen.
 */
import { canEval } from './emit/jit.js';
import { EinsumError } from './errors.js';
import { describe } from './tensor.js';

export interface Configuration {
  /** Emit and `new Function` specialized kernels in compile() (default true where eval works). */
  jit?: boolean;
}

let jit = true;
let generation = 0;

export function configure(options: Configuration): void {
  if (typeof options !== 'object' || options === null) throw new EinsumError('ARGUMENT', `configure() takes an object such as { jit: false }, got ${describe(options)}`);
  for (const key of Object.keys(options)) {
    if (key !== 'jit') throw new EinsumError('ARGUMENT', `unknown option '${key}' for configure(); the options are 'jit'`);
  }
  if (options.jit !== undefined) {
    if (typeof options.jit !== 'boolean') throw new EinsumError('ARGUMENT', `configure({ jit }) takes true or false, got ${describe(options.jit)}`);
    jit = options.jit;
  }
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
