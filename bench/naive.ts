/**
 * The naive einsum baseline: test/reference.ts's `referenceEinsum`, one odometer over every label
 * of the expression (output and summed labels alike), one product per step, no path, no kernel.
 * Its cost is the product of all label sizes whatever the expression (a 3-operand chain of
 * 256-sized labels is 256⁴ steps), so the benchmark estimates a call before making it and skips
 * the ones that would take more than a few seconds.
 *
 * The reference is imported, not copied, so the baseline is the same code the tests trust.
 * (Timing it here is fine; what may not happen is timing inside test/.)
 */
import { referenceEinsum, type ReferenceOperand } from '../test/reference.js';

export { referenceEinsum };

/** Odometer steps of one naive call: the product of the sizes of all distinct labels. */
export function naiveSteps(subscripts: string, shapes: readonly (readonly number[])[]): number {
  const [lhs] = subscripts.replace(/\s+/g, '').split('->');
  const sizes = new Map<string, number>();
  lhs.split(',').forEach((term, k) => {
    [...term].forEach((label, axis) => sizes.set(label, Math.max(sizes.get(label) ?? 1, shapes[k][axis])));
  });
  let steps = 1;
  for (const size of sizes.values()) steps *= size;
  return steps;
}

let secondsPerStepPerOperand: number | undefined;

/**
 * Seconds for one naive call, from a calibration run of a 48³ matrix product (110k steps);
 * a step costs about the same per operand touched, so the estimate scales with the operand count.
 */
export function estimateNaiveSeconds(subscripts: string, shapes: readonly (readonly number[])[]): number {
  if (secondsPerStepPerOperand === undefined) {
    const n = 48;
    const ops: ReferenceOperand[] = [
      { shape: [n, n], data: new Float64Array(n * n).fill(1) },
      { shape: [n, n], data: new Float64Array(n * n).fill(1) },
    ];
    referenceEinsum('ij,jk->ik', ops); // warm the JIT so the estimate is not 10× pessimistic
    const t = performance.now();
    referenceEinsum('ij,jk->ik', ops);
    secondsPerStepPerOperand = (performance.now() - t) / 1000 / (n * n * n) / 2;
  }
  return naiveSteps(subscripts, shapes) * shapes.length * secondsPerStepPerOperand;
}
