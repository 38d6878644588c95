// Result shapes and dtypes of valid einsum calls: every SPEC §3 example, exact types.
import { expectType } from 'tsd';
import type { Tensor } from '../src/tensor.js';
import { einsum, ones, random, tensor, zeros } from './api.js';

const a = zeros([2, 3]);
const b = zeros([3, 4]);

// Matrix product, explicit and implicit.
expectType<Tensor<readonly [2, 4], 'float64'>>(einsum('ij,jk->ik', a, b));
expectType<Tensor<readonly [2, 4], 'float64'>>(einsum('ij,jk', a, b));
expectType<Tensor<readonly [2, 4], 'float64'>>(einsum(' i j , j k -> i k ', a, b));

// The attention seed.
const q = random([1, 2, 2, 4], { seed: 1 });
const k = random([1, 3, 2, 4], { seed: 2 });
expectType<Tensor<readonly [1, 2, 2, 3], 'float64'>>(einsum('nqhd,nkhd->nhqk', q, k));

// Implicit order is ASCII: uppercase before lowercase, whatever order the input has.
expectType<Tensor<readonly [5, 3], 'float64'>>(einsum('ib,Ai', zeros([4, 3]), zeros([5, 4])));
expectType<Tensor<readonly [3, 5, 2, 4], 'float64'>>(einsum('bA,cB', zeros([2, 3]), zeros([4, 5])));
expectType<Tensor<readonly [5, 7], 'float64'>>(einsum('ab,Bb,Ca', zeros([2, 3]), zeros([5, 3]), zeros([7, 2])));
expectType<Tensor<readonly [3, 2], 'float64'>>(einsum('ji', a));
expectType<Tensor<readonly [2, 3], 'float64'>>(einsum('ij', a));

// Transpose, outer product, sums.
expectType<Tensor<readonly [3, 2], 'float64'>>(einsum('ij->ji', a));
expectType<Tensor<readonly [2, 5], 'float64'>>(einsum('i,j->ij', zeros([2]), zeros([5])));
expectType<Tensor<readonly [], 'float64'>>(einsum('ij->', a));
expectType<Tensor<readonly [3], 'float64'>>(einsum('ij->j', a));

// Diagonal and trace.
const square = zeros([3, 3]);
expectType<Tensor<readonly [3], 'float64'>>(einsum('ii->i', square));
expectType<Tensor<readonly [], 'float64'>>(einsum('ii', square));
expectType<Tensor<readonly [], 'float64'>>(einsum('ii->', square));
expectType<Tensor<readonly [3, 4], 'float64'>>(einsum('iij->ij', zeros([3, 3, 4])));

// '...' broadcasting, right-aligned, in implicit mode first.
expectType<Tensor<readonly [5, 7, 2, 4], 'float64'>>(einsum('...ij,...jk->...ik', zeros([5, 1, 2, 3]), zeros([7, 3, 4])));
expectType<Tensor<readonly [5, 7, 2, 4], 'float64'>>(einsum('...ij,...jk', zeros([5, 1, 2, 3]), zeros([7, 3, 4])));
expectType<Tensor<readonly [6, 7, 2, 4], 'float64'>>(einsum('i...j,j...k->...ik', zeros([2, 6, 7, 3]), zeros([3, 7, 4])));
expectType<Tensor<readonly [2, 3], 'float64'>>(einsum('...->...', a));
expectType<Tensor<readonly [4, 2], 'float64'>>(einsum('...ij->ji', zeros([9, 8, 2, 4]))); // '...' summed (extension)
expectType<Tensor<readonly [2, 3], 'float64'>>(einsum('...', a));

// A labelled size 1 broadcasts against the same label elsewhere.
expectType<Tensor<readonly [2, 4], 'float64'>>(einsum('ij,jk->ik', zeros([2, 1]), b));
expectType<Tensor<readonly [2, 4], 'float64'>>(einsum('ij,jk->ik', a, zeros([1, 4])));
expectType<Tensor<readonly [1, 1], 'float64'>>(einsum('ij,jk->ik', zeros([1, 1]), zeros([1, 1])));

// Scalars and size 0.
expectType<Tensor<readonly [], 'float64'>>(einsum(',->', 3, 4));
expectType<Tensor<readonly [], 'float64'>>(einsum('', 3));
expectType<Tensor<readonly [], 'float64'>>(einsum(',', tensor(2), tensor(5)));
expectType<Tensor<readonly [0, 4], 'float64'>>(einsum('ij,jk', zeros([0, 3]), b));

// Nested arrays are operands too.
expectType<Tensor<readonly [2, 4], 'float64'>>(einsum('ij,jk', [[1, 2, 3], [4, 5, 6]], b));
expectType<Tensor<readonly [2], 'float64'>>(einsum('ij,j', [[1, 2, 3], [4, 5, 6]], [1, 1, 1]));

// A six-operand chain.
expectType<Tensor<readonly [2, 7], 'float64'>>(
  einsum('ab,bc,cd,de,ef,fg->ag', zeros([2, 3]), zeros([3, 4]), zeros([4, 5]), zeros([5, 6]), zeros([6, 1]), zeros([1, 7])),
);
// Eight operands with '...'.
expectType<Tensor<readonly [9, 2, 4], 'float64'>>(
  einsum('...ab,bc,cd,de,ef,fg,gh,h...i->...ai', zeros([9, 2, 3]), zeros([3, 3]), zeros([3, 3]), zeros([3, 3]), zeros([3, 3]), zeros([3, 3]), zeros([3, 3]), zeros([3, 1, 4])),
);

// dtype: the widest operand, unless options.dtype says otherwise.
const i32 = ones([2, 3], { dtype: 'int32' });
const f32 = ones([3, 4], { dtype: 'float32' });
expectType<Tensor<readonly [2, 4], 'float32'>>(einsum('ij,jk', i32, f32));
expectType<Tensor<readonly [3, 2], 'int32'>>(einsum('ij->ji', i32));
expectType<Tensor<readonly [2, 4], 'float64'>>(einsum('ij,jk', i32, b));
expectType<Tensor<readonly [2, 4], 'int32'>>(einsum('ij,jk', a, b, { dtype: 'int32' }));

// Options: optimize, memoryLimit, out of the result's shape.
expectType<Tensor<readonly [2, 4], 'float64'>>(einsum('ij,jk', a, b, { optimize: 'greedy', memoryLimit: 1e6 }));
expectType<Tensor<readonly [2, 4], 'float64'>>(einsum('ij,jk', a, b, { optimize: [[0, 1]] }));
expectType<Tensor<readonly [2, 4], 'float64'>>(einsum('ij,jk', a, b, { out: zeros([2, 4]) }));
expectType<Tensor<readonly [2, 4], 'float64'>>(einsum('ij,jk', a, b, {}));
// accumulate: 'float64' changes the arithmetic, not the result's dtype.
expectType<Tensor<readonly [2, 4], 'float32'>>(einsum('ij,jk', ones([2, 3], { dtype: 'float32' }), f32, { accumulate: 'float64' }));

// The type-argument form: count and ranks checked, sizes unknown.
expectType<Tensor<readonly [number, number, number, number], import('../src/dtype.js').DType>>(einsum<'nqhd,nkhd->nhqk'>(q, k));
expectType<Tensor<readonly [number, number], import('../src/dtype.js').DType>>(einsum<'ij,jk'>(a, b));
