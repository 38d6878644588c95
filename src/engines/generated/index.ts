/**
 * The generated engine: kernels the codegen emitted ahead of time and registered (table.ts). It
 * takes a plan when a kernel was made for exactly its layout and result dtype (or a
 * rank-specialized one fits it), and only for plans whose path was left to us: a kernel was
 * emitted for one path and the default arithmetic, so a caller who asks for a path, a memoryLimit
 * or float64 sums gets an engine that honours them.
 */
import { keyFor } from '../../emit/specialize.js';
import { EinsumError } from '../../errors.js';
import type { Engine } from '../engine.js';
import { kernelPrepared } from '../kernel.js';
import { findDynamic, findKernel, hasKernels } from './table.js';

export const generatedEngine: Engine = {
  name: 'generated',
  prepare(plan) {
    const { optimize, memoryLimit, accumulate } = plan.options;
    if (!hasKernels() || optimize !== undefined || memoryLimit !== undefined || accumulate !== undefined) return undefined;
    const fixed = findKernel(keyFor(plan.subscripts, plan.operands, plan.dtype));
    if (fixed) return kernelPrepared('generated', fixed);
    const dynamic = findDynamic(plan.subscripts, plan.operands, plan.dtype);
    if (!dynamic) return undefined;
    return {
      engine: 'generated',
      run(operands, target, targetOffset) {
        // Operands of the plan's layout always match (they fit it when the plan was prepared).
        if (!dynamic.matches(operands)) throw new EinsumError('ARGUMENT', `internal: the kernel for '${plan.subscripts}' refused its own layout`, plan.subscripts);
        dynamic.call(operands, target, targetOffset);
      },
    };
  },
};
