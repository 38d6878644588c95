/**
 * The entry function of a compiled einsum. A hot loop calls it with the same tensors and the same
 * `out` again and again; after the first checked call that is an identity test and the kernel.
 *
 * Why it is generated per compile() with `new Function`: a closure shared by every compiled
 * function has one call site for all their kernels, which turns polymorphic as soon as a program
 * compiles two of them (measured: 15 ns per 3×3 matvec call with one, 30–60 ns with several). A
 * function of its own per compile() keeps the call monomorphic, so V8 inlines the kernel.
 */
import type { TypedArray } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { jitEnabled } from '../configure.js';
import type { TensorRunner } from './jit.js';

/** What the fast path reads; written by the checked path after a direct kernel call. */
export interface HotState {
  /**
   * The operands of the last direct call (identity; undefined past the operand count), and its
   * `out` (undefined after an allocating call). Fields, not an array: one load each.
   */
  h0: Tensor | undefined;
  h1: Tensor | undefined;
  h2: Tensor | undefined;
  out: Tensor | undefined;
  /** A new result array for an allocating call, and the tensor around it. */
  readonly alloc: () => TypedArray;
  readonly wrap: (data: TypedArray) => Tensor;
  /**
   * The kernel called on the hot tensors (t0, ..., result, resultOffset): jit.ts's tensorRunners,
   * `atZero` when the hot operands (and the hot `out`) are all at offset 0.
   */
  run: TensorRunner;
  /** The configuration generation the kernel was chosen under. */
  generation: number;
}

/**
 * `slow` takes the arguments (and how many were given) and does every check; the returned entry skips straight to
 * `state.run` when the arguments are the hot ones (allocating the result, or into the hot `out`).
 * Without the JIT (`configure({ jit: false })`, or a CSP that forbids eval: then nothing here calls
 * `new Function`), or past three operands, the entry is `slow` itself, behind a rest parameter.
 *
 * The entry names its parameters and gathers only what comes after `out` in a rest parameter: a
 * function that reads `arguments` (even only on its cold path) is not inlined into the caller's
 * loop, and a rest parameter for every argument allocates; measured once (a one-off micro-benchmark) on a 3×3 matvec into `out`,
 * 6.1 ns per call with `arguments.length` tested, 3.4 ns this way, 2.4 ns for the hand-written
 * function (the operands as fields rather than an array saved another nanosecond). What the
 * entry cannot see is whether a missing trailing operand or `out` was passed as `undefined` or
 * not at all; both count as not given (`given`), as for a default parameter.
 */
export function hotEntry(
  n: number,
  state: HotState,
  current: () => number,
  slow: (args: readonly unknown[], count: number) => Tensor,
): (...args: unknown[]) => Tensor {
  if (n > 3 || !jitEnabled()) return (...args: unknown[]) => slow(args, args.length);
  const params = Array.from({ length: n }, (_, i) => `a${i}`);
  const same = params.map((p, i) => `${p} === state.h${i}`).join(' && ');
  const text = `return function compiled(${params.join(', ')}, out, ...more) {
  if (more.length === 0 && state.generation === current()) {
    if (out === undefined) {
      if (${same}) {
        const r = state.alloc();
        state.run(${params.join(', ')}, r, 0);
        return state.wrap(r);
      }
    } else if (out === state.out && ${same}) {
      state.run(${params.join(', ')}, out.data, out.offset);
      return out;
    }
  }
  const args = [${params.join(', ')}, out, ...more];
  return slow(args, more.length > 0 ? args.length : given(args));
};`;
  return new Function('state', 'current', 'slow', 'given', text)(state, current, slow, given) as (...args: unknown[]) => Tensor;
}

/** How many of these arguments were given, trailing undefined ones not counted. */
function given(args: readonly unknown[]): number {
  let count = args.length;
  while (count > 0 && args[count - 1] === undefined) count--;
  return count;
}
