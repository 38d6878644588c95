/**
 * The run-time sink: the emitted factory text -> a function, via `new Function`. Where eval is
 * forbidden (a Content-Security-Policy without 'unsafe-eval'), `new Function` throws; we detect
 * that once and report "no JIT" so callers fall back to the engine silently.
 */

/** (d0, o0, d1, o1, ..., r, ro) => void: data and offset of each operand, then of the result. */
export type RawKernel = (...args: never[]) => void;

let evalAllowed: boolean | undefined;

/** Whether `new Function` works here; probed once. */
export function canEval(): boolean {
  if (evalAllowed === undefined) {
    try {
      evalAllowed = new Function('return 1')() === 1;
    } catch {
      evalAllowed = false;
    }
  }
  return evalAllowed;
}

/** Turn factory text from `jitSource` into a kernel instance, or undefined where eval is refused. */
export function instantiate(source: string): RawKernel | undefined {
  if (!canEval()) return undefined;
  try {
    return (new Function(source) as () => RawKernel)();
  } catch {
    return undefined;
  }
}

/** A kernel called on tensors: (t0, t1, ..., r, ro) => kernel(t0.data, t0.offset, ..., r, ro). */
export type TensorRunner = (...args: unknown[]) => void;

/**
 * Two ways to call a kernel on tensors, each a function of its own: `general` reads every
 * operand's data and offset; `atZero`, for operands and result at offset 0, passes literal zeros,
 * so V8 inlines the kernel into it with every index a constant (measured on the 3×3 matvec: 4.4 ns
 * a call, against 7.6 with the offsets read; a hand-written function 4.5). Undefined where eval is
 * refused; callers ask jitEnabled() first, as for every function they make.
 */
export function tensorRunners(kernel: RawKernel, operands: number): { general: TensorRunner; atZero: TensorRunner } | undefined {
  if (!canEval()) return undefined;
  const tensors = Array.from({ length: operands }, (_, i) => `t${i}`);
  const name = kernel.name || 'kernel';
  const text = `return [function ${name}_general(${tensors.join(', ')}, r, ro) {
  kernel(${tensors.map((t) => `${t}.data, ${t}.offset, `).join('')}r, ro);
}, function ${name}_at_zero(${tensors.join(', ')}, r) {
  kernel(${tensors.map((t) => `${t}.data, 0, `).join('')}r, 0);
}];`;
  const [general, atZero] = new Function('kernel', text)(kernel) as TensorRunner[];
  return { general, atZero };
}
