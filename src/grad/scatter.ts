/**
 * The one gradient step einsum cannot write: 'i->ii'. The gradient of a repeated label lives on the
 * diagonal and is zero elsewhere, and the gradient of a label summed away in one operand alone is
 * the same along it ('i->ij'). Both are one strided write: over the operand's distinct labels, the
 * destination steps by the sum of the strides of each label's axes (the diagonal) and the source by
 * the label's stride in the einsum's result, 0 where it lacks it (the broadcast).
 */
import { fillStrided, prepareCopy, type UnaryKernel } from '../kernels/index.js';
import type { Tensor } from '../tensor.js';
import type { ScatterSpec } from './derive.js';

export interface Scatter {
  /**
   * Writes `source` (contiguous, the gradient einsum's result) into `target` (the operand's shape);
   * `dirty`: the target is the caller's buffer, not a freshly zeroed one.
   */
  run(source: Tensor, target: Tensor, dirty: boolean): void;
}

export function prepareScatter(spec: ScatterSpec): Scatter {
  // The kernel depends on the target's strides: prepared once for the last strides seen.
  let lastStrides: readonly number[] | undefined;
  let kernel: UnaryKernel | undefined;
  return {
    run(source, target, dirty) {
      if (spec.diagonal && dirty) fillStrided(target.data, target.offset, target.shape, target.strides, 0);
      if (kernel === undefined || lastStrides !== target.strides) {
        const targetStrides = spec.axes.map((axes) => axes.reduce((sum, axis) => sum + target.strides[axis], 0));
        kernel = prepareCopy(spec.sizes, spec.sourceStrides, targetStrides);
        lastStrides = target.strides;
      }
      kernel(source.data, source.offset, target.data, target.offset);
    },
  };
}
