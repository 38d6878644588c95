/**
 * What the einsum-level properties (fuzz-api, fuzz-sublist) share: the equations, seeded operands
 * of mixed dtypes and odd views, the reference's answer, and one call checked by the rule.
 */
import { contractPath, einsum, type DType, type Tensor } from '../src/index.js';
import { randomEquations } from './corpus.js';
import { differs, oddView, outcome, rng, small, snapshot, spread } from './fuzz-kit.js';
import { referenceEinsum } from './reference.js';

export const untyped = einsum as (...args: unknown[]) => Tensor;
export const untypedPath = contractPath as (...args: unknown[]) => { path: unknown; toString(): string };
export const EQUATIONS = randomEquations(5150, 120).filter((e) => e.shapes.length <= 4);
const DTYPES: DType[] = ['float64', 'float32', 'int32'];
const WIDTH: Record<DType, number> = { int32: 0, float32: 1, float64: 2 };

/** The reference's answer, or undefined where it refuses (it throws plain Errors). */
export function expected(subscripts: string, operands: readonly Tensor[]) {
  try {
    return referenceEinsum(subscripts, operands);
  } catch {
    return undefined;
  }
}

/** Seeded operands for an equation: mixed dtypes, sometimes odd views, size-1 broadcasts as the corpus makes them. */
export function operandsOf(shapes: readonly (readonly number[])[], seed: number): Tensor[] {
  const next = rng(seed);
  return shapes.map((shape, k) => {
    const t = small(shape, DTYPES[Math.floor(next() * 3)], seed * 7 + k);
    const roll = next();
    return roll < 0.35 ? oddView(t, seed + k) : roll < 0.45 ? spread(shape, t.dtype, k - 1) : t;
  });
}

export const BAD_OPTIMIZE: unknown[] = [true, 'fastest', 'GREEDY', 0, [[0, 0]], [[0, 9]], [[-1, 0]], [[0.5, 1]], [[]], [0, 1], [[0, 1], [0, 1], [0, 1]], { strategy: 'dp' }, { strategy: 'random-greedy', trials: 0 }, { strategy: 'random-greedy', seed: 'x' }, { strategy: 'random-greedy', size: 1 }];
export const GOOD_OPTIMIZE: unknown[] = ['auto', 'auto-hq', 'greedy', 'dp', 'optimal', 'random-greedy', false, { strategy: 'random-greedy', trials: 2, seed: 3 }];

/** The dtype einsum's result must have. */
export function resultDType(operands: readonly Tensor[], options: unknown): DType {
  const asked = typeof options === 'object' && options !== null ? (options as { dtype?: unknown }).dtype : undefined;
  if (asked === 'float64' || asked === 'float32' || asked === 'int32') return asked;
  return operands.reduce<DType>((w, o) => (WIDTH[o.dtype] > WIDTH[w] ? o.dtype : w), 'int32');
}

/** One call by the rule; `args` are what einsum gets after the subscripts. */
export function checkCall(what: string, call: () => Tensor, guarded: readonly unknown[], want: ReturnType<typeof expected>, dtype: DType | undefined, out: unknown): void {
  const before = snapshot(guarded);
  const outBefore = snapshot(out);
  const got = outcome(what, call);
  if ('value' in got) {
    if (!want) throw new Error(`${what}: accepted, but the reference refuses`);
    const diff = differs(got.value, want);
    if (diff) throw new Error(`${what}: ${diff}`);
    if (dtype && got.value.dtype !== dtype) throw new Error(`${what}: dtype ${got.value.dtype}, expected ${dtype}`);
    if (out !== undefined && got.value !== out) throw new Error(`${what}: accepted out but returned another tensor`);
  } else if (snapshot(out) !== outBefore) throw new Error(`${what}: a refused out was written`);
  if (snapshot(guarded) !== before) throw new Error(`${what}: an operand was written`);
}
