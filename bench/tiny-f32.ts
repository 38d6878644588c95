/**
 * bench/tiny.ts's float32 rows: `compile()`d f32 `ij,j->i` 3×3 into a reused `out`, beside two
 * hand-written functions into a reused array. One computes in float64 from the float32 operands
 * (bench/cases.ts matvec3, the reference of `npm run bench`'s "within 2× of hand-written" target);
 * the other rounds every product and every sum to float32 with Math.fround, in the kernel's order,
 * which is what float32 arithmetic requires and what our float32 kernels do (checked here, bit for
 * bit, before anything is timed).
 */
import { compileImpl as compile } from '../src/compile.js';
import { random, zeros } from '../src/create.js';

export function float32Rounds(): { contenders: [string, () => unknown][] } {
  const a = random([3, 3], { seed: 1, dtype: 'float32' });
  const x = random([3], { seed: 2, dtype: 'float32' });
  const out = zeros([3], { dtype: 'float32' });
  const compiled = compile('ij,j->i', { shape: [3, 3], dtype: 'float32' }, { shape: [3], dtype: 'float32' });
  const wide = new Float64Array(3);
  const float64Arithmetic = (): Float64Array => {
    const m = a.data, v = x.data, r = wide;
    const x0 = v[0], x1 = v[1], x2 = v[2];
    r[0] = m[0] * x0 + m[1] * x1 + m[2] * x2;
    r[1] = m[3] * x0 + m[4] * x1 + m[5] * x2;
    r[2] = m[6] * x0 + m[7] * x1 + m[8] * x2;
    return r;
  };
  const narrow = new Float32Array(3);
  const f = Math.fround;
  const float32Rounding = (): Float32Array => {
    const m = a.data, v = x.data, r = narrow;
    const x0 = v[0], x1 = v[1], x2 = v[2];
    r[0] = f(f(f(m[0] * x0) + f(m[1] * x1)) + f(m[2] * x2));
    r[1] = f(f(f(m[3] * x0) + f(m[4] * x1)) + f(m[5] * x2));
    r[2] = f(f(f(m[6] * x0) + f(m[7] * x1)) + f(m[8] * x2));
    return r;
  };
  compiled(a, x, out);
  const expected = float32Rounding();
  if (out.data.some((value, i) => value !== expected[i])) throw new Error('the float32-rounding reference does not compute what compile() does');
  return {
    contenders: [
      ['compile()d f32, into out', () => compiled(a, x, out)],
      ['hand-written, float64 arithmetic', float64Arithmetic],
      ['hand-written, float32 rounding', float32Rounding],
    ],
  };
}
