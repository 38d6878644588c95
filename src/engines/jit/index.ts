/**
 * The JIT engine: the plan lowered to one unrolled function by the emitter (src/emit/) and turned
 * into code with `new Function`, when the JIT is on, eval is allowed here, and the work is small
 * enough for unrolled loops to beat the CPU engine's kernels (specialize.ts's JIT_MAX_WORK).
 * It follows the plan's path, so an explicit path is honoured.
 */
import { jitEnabled } from '../../configure.js';
import { computeDType } from '../../dtype.js';
import { keyFor, specialize } from '../../emit/specialize.js';
import type { Engine } from '../engine.js';
import { kernelPrepared } from '../kernel.js';

export const jitEngine: Engine = {
  name: 'jit',
  prepare(plan, request) {
    if (!request.jit || !jitEnabled()) return undefined;
    const key = keyFor(plan.subscripts, plan.operands, plan.dtype);
    // Emitted code computes in its dtypes' own arithmetic; a plan asking for other sums is not its.
    if (plan.compute !== computeDType(key.dtypes, key.dtype)) return undefined;
    const kernel = specialize(key, false, plan);
    return kernel && kernelPrepared('jit', kernel);
  },
};
