/**
 * A specialized kernel (emitted by the JIT or by the codegen) as a prepared plan: one plain
 * function (d0, o0, ..., r, ro) that computes the whole contraction.
 */
import type { SpecializedKernel } from '../emit/kernel.js';
import type { Prepared } from './engine.js';

export function kernelPrepared(engine: string, kernel: SpecializedKernel): Prepared {
  return {
    engine,
    fn: kernel.fn,
    run: (operands, target, targetOffset) => kernel.call(operands, target, targetOffset),
  };
}
