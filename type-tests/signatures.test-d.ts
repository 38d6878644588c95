// The type-argument form, contractPath and compile, from the same machinery as einsum.
import { expectType } from 'tsd';
import type { DType } from '../src/dtype.js';
import type { PathInfo } from '../src/plan/report.js';
import type { Tensor } from '../src/tensor.js';
import { compile, contractPath, einsum, tensor, zeros } from './api.js';

const q = zeros([1, 2, 2, 4]);
const k = zeros([1, 3, 2, 4]);

// einsum<'spec'>(...): count and ranks checked, result rank known, sizes and dtype unknown.
expectType<Tensor<readonly [number, number, number, number], DType>>(einsum<'nqhd,nkhd->nhqk'>(q, k));
expectType<Tensor<readonly [number], DType>>(einsum<'ii->i'>(zeros([3, 3])));
expectType<Tensor<readonly [], DType>>(einsum<'ij->'>([[1, 2], [3, 4]]));
expectType<Tensor<readonly [...number[], number, number], DType>>(einsum<'...ij,...jk->...ik'>(zeros([5, 2, 3]), zeros([3, 4])));
expectType<Tensor<readonly [number, number], DType>>(einsum<'ij,jk'>(q as unknown as Tensor<readonly [2, 3]>, zeros([3, 4])));

// contractPath: Tensors or plain shapes (a number[] is a shape), options last.
expectType<PathInfo>(contractPath('ij,jk,kl->il', [2, 3], [3, 4], [4, 5]));
expectType<PathInfo>(contractPath('ij,jk,kl->il', zeros([2, 3]), [3, 4], zeros([4, 5]), { optimize: 'optimal' }));
expectType<PathInfo>(contractPath('nqhd,nkhd->nhqk', q, k, { memoryLimit: 1e6 }));

// compile: a typed function of operands of exactly the compiled shapes.
const matmul = compile('ij,jk->ik', [2, 3], [3, 4]);
expectType<Tensor<readonly [2, 4], 'float64'>>(matmul(zeros([2, 3]), zeros([3, 4])));
expectType<Tensor<readonly [2, 4], 'float64'>>(matmul(zeros([2, 3]), zeros([3, 4]), zeros([2, 4])));
expectType<Tensor<readonly [2, 4], 'float64'>>(matmul([[1, 2, 3], [4, 5, 6]], zeros([3, 4])));
expectType<readonly [2, 4]>(matmul.shape);
expectType<'float64'>(matmul.dtype);
expectType<string>(matmul.source);
const attention = compile('nqhd,nkhd->nhqk', q, k, { dtype: 'float32' });
expectType<Tensor<readonly [1, 2, 2, 3], 'float32'>>(attention(q, k));
const described = compile('ij->ji', { shape: [2, 3], dtype: 'int32' });
expectType<Tensor<readonly [3, 2], 'int32'>>(described(tensor(new Int32Array(6), [2, 3])));
