/**
 * registerKernels: what a module written by `typed-einsum codegen` calls on import. The kernels go
 * into the generated engine's table (src/engines/generated/), which einsum() and compile() consult
 * through the engine chooser; each comes back as a typed function of tensors that runs the kernel
 * when the operands fit its specialization and einsum() otherwise (a view with other strides, say).
 */
import { addKernels, type KernelSpec, type Registered } from './engines/generated/table.js';
import { einsumImpl } from './einsum.js';
import type { Tensor } from './tensor.js';

export { clearKernels, dispatch, findKernel, hasKernels, type KernelSpec } from './engines/generated/table.js';

/** A registered kernel as a function of tensors: (...operands, out?) => result. */
export type TensorKernel = (...operandsAndOut: Tensor[]) => Tensor;

export function registerKernels(specs: readonly KernelSpec[]): TensorKernel[] {
  return addKernels(specs).map((kernel) => tensorKernel(kernel));
}

function tensorKernel(kernel: Registered): TensorKernel {
  const n = kernel.key.shapes.length;
  const ops = new Array<Tensor>(n);
  const run = (out: Tensor | undefined): Tensor => {
    if (kernel.matches(ops)) {
      if (out === undefined) return kernel.run(ops);
      if (kernel.canWriteInto(out, ops)) return kernel.run(ops, out);
    }
    const options = out === undefined ? { dtype: kernel.key.dtype } : { dtype: kernel.key.dtype, out };
    return einsumImpl(kernel.key.subscripts, ...ops.slice(), options);
  };
  // Fixed arities for 1-3 operands: a call builds no rest-parameter array.
  if (n === 1) return ((a: Tensor, out?: Tensor) => ((ops[0] = a), run(out))) as TensorKernel;
  if (n === 2) return ((a: Tensor, b: Tensor, out?: Tensor) => ((ops[0] = a), (ops[1] = b), run(out))) as TensorKernel;
  if (n === 3) return ((a: Tensor, b: Tensor, c: Tensor, out?: Tensor) => ((ops[0] = a), (ops[1] = b), (ops[2] = c), run(out))) as TensorKernel;
  return (...args: Tensor[]): Tensor => {
    for (let i = 0; i < n; i++) ops[i] = args[i];
    return run(args[n]);
  };
}
