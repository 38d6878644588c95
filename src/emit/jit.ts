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
