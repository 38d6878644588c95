// Generic code: a shape that is a type parameter is an unknown shape, read as its constraint
// (types/sites.ts). The result is the most precise type that is true for every instantiation:
// the output's rank from the subscripts, literal sizes where the constraint or another operand
// gives them. Refusals (a constraint whose rank or size is definitely wrong) are in errors.test-d.ts.
import { expectType } from 'tsd';
import type { DType } from '../src/dtype.js';
import type { PathInfo } from '../src/plan/report.js';
import type { Shape, Tensor } from '../src/tensor.js';
import { compile, contractPath, einsum, einsumVjp, zeros } from './api.js';

// The two functions.
function matmul<A extends Shape, B extends Shape>(x: Tensor<A>, y: Tensor<B>) {
  return einsum('ij,jk->ik', x, y);
}
function transpose<A extends readonly [number, number]>(x: Tensor<A>) {
  return einsum('ij->ji', x);
}
expectType<Tensor<readonly [number, number], DType>>(matmul(zeros([2, 3]), zeros([3, 4])));
expectType<Tensor<readonly [number, number], DType>>(transpose(zeros([2, 3])));

function inside<A extends Shape, B extends readonly [number, number], C extends readonly [2, 3], D extends DType>(
  a: Tensor<A>,
  b: Tensor<B>,
  c: Tensor<C>,
  d: Tensor<C, D>,
  many: Tensor<A, 'float32'>[],
) {
  // The rank comes from the subscripts, sizes from the constraint, the other operands or nowhere.
  expectType<Tensor<readonly [number, number], DType>>(einsum('ij,jk->ik', a, b));
  expectType<Tensor<readonly [3, 2], DType>>(einsum('ij->ji', c));
  expectType<Tensor<readonly [number, 4], 'float64'>>(einsum('ij,jk->ik', a, zeros([3, 4])));
  expectType<Tensor<readonly [2, 4], 'float64'>>(einsum('ij,jk', c, zeros([3, 4])));
  expectType<Tensor<readonly [], DType>>(einsum('ii', b));
  expectType<Tensor<readonly [...number[], number, number], DType>>(einsum('...ij->...ji', a));
  expectType<Tensor<readonly [number, number], 'float32'>>(einsum('ij,jk->ik', ...many));
  // Options and out.
  expectType<Tensor<readonly [number, number], 'float32'>>(einsum('ij,jk->ik', a, b, { dtype: 'float32', optimize: 'greedy' }));
  expectType<Tensor<readonly [number, number], DType>>(einsum('ij,ji->ij', b, b, { out: zeros([2, 2]) }));
  // A generic dtype stays the operand's.
  expectType<Tensor<readonly [3, 2], 'float64'>>(einsum('ij->ji', d, { dtype: 'float64' }));
  // contractPath, compile and einsumVjp read shapes the same way.
  expectType<PathInfo>(contractPath('ij,jk->ik', a, b, { optimize: 'optimal' }));
  expectType<PathInfo>(contractPath('ij,jk->ik', a, [3, 4]));
  const product = compile('ij,jk->ik', c, zeros([3, 4]));
  expectType<readonly [2, 4]>(product.shape);
  expectType<Tensor<readonly [2, 4], 'float64'>>(product(zeros([2, 3]), zeros([3, 4])));
  const [result, pullback] = einsumVjp('ij,jk->ik', a, zeros([3, 4]));
  expectType<Tensor<readonly [number, 4], 'float64'>>(result);
  expectType<[Tensor<A, DType>, Tensor<readonly [3, 4], 'float64'>]>(pullback(zeros([2, 4])));
}
inside(zeros([2, 3]), zeros([3, 4]), zeros([2, 3]), zeros([2, 3], { dtype: 'float32' }), []);
