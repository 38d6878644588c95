/**
 * From operand layouts to a ready SpecializedKernel through the JIT sink, with the policy of when
 * the unrolled code is worth it: small work only. Large pairwise steps are matrix products that
 * the engine's kernels do better, so those stay with the engine plan.
 */
import { widest, type DType } from '../dtype.js';
import type { OperandSignature, PlanData } from '../plan/types.js';
import type { KernelKey } from './ir.js';
import { emitKernel, jitSource } from './emit.js';
import { instantiate } from './jit.js';
import { SpecializedKernel } from './kernel.js';
import { lower } from './lower.js';

/** Multiply-adds per call above which the engine plan is used instead of an emitted kernel. */
export const JIT_MAX_WORK = 4096;
export const JIT_MAX_LOOPS = 64;

export function keyFor(subscripts: string, operands: readonly OperandSignature[], dtype?: DType): KernelKey {
  return {
    subscripts,
    shapes: operands.map((o) => o.shape.slice()),
    strides: operands.map((o) => o.strides.slice()),
    dtypes: operands.map((o) => o.dtype),
    dtype: dtype ?? widest(operands.map((o) => o.dtype)),
  };
}

/**
 * The JIT kernel for `key`, or undefined when the work is too large to gain from unrolling
 * (unless `force`) or where `new Function` is refused. Throws the runtime's EinsumError on
 * subscripts or shapes that don't bind. With `plan` (made for `key`), it follows that plan's path.
 */
export function specialize(key: KernelKey, force = false, plan?: PlanData): SpecializedKernel | undefined {
  const ir = lower(key, plan);
  // A nest of more loops than numpy allows dimensions (64) is left to the engine: the emitter walks
  // and writes loops recursively, and thousands of them (size-1 '...' dimensions) overflowed the stack.
  if (ir.nests.some((nest) => nest.loops.length > JIT_MAX_LOOPS)) return undefined;
  if (!force && ir.work > JIT_MAX_WORK) return undefined;
  const fn = instantiate(jitSource(emitKernel(ir)));
  return fn && new SpecializedKernel(key, ir.outShape, fn);
}
