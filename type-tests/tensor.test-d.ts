// tensor(), zeros(), ones(), random() infer shapes as literal tuples (const type parameters).
import { expectType } from 'tsd';
import type { Tensor } from '../src/tensor.js';
import { ones, random, tensor, zeros } from './api.js';

declare const buf: Float64Array;
declare const rows: number;
declare const anyShape: number[];

expectType<Tensor<readonly [2, 3], 'float64'>>(tensor(buf, [2, 3]));
expectType<Tensor<readonly [number, 4], 'float64'>>(tensor(buf, [rows, 4]));
// A number[] shape gives readonly number[] (SPEC §2): src/tensor.ts returns Readonly<S>.
expectType<Tensor<readonly number[], 'float64'>>(tensor(buf, anyShape));
expectType<Tensor<readonly number[], 'float64'>>(zeros(anyShape));
expectType<Tensor<readonly [2, 3], 'float32'>>(tensor(new Float32Array(6), [2, 3]));
expectType<Tensor<readonly [2, 3], 'int32'>>(tensor([1, 2, 3, 4, 5, 6], [2, 3], { dtype: 'int32' }));
expectType<Tensor<readonly [2, 3], 'float64'>>(tensor([[1, 2, 3], [4, 5, 6]]));
expectType<Tensor<readonly [3], 'float64'>>(tensor([1, 2, 3]));
expectType<Tensor<readonly [], 'float64'>>(tensor(7));
expectType<Tensor<readonly [2, 2], 'float32'>>(tensor([[1, 2], [3, 4]], { dtype: 'float32' }));
expectType<Tensor<readonly [2, 3], 'float64'>>(zeros([2, 3]));
expectType<Tensor<readonly [4], 'int32'>>(ones([4], { dtype: 'int32' }));
expectType<Tensor<readonly [1, 2, 2, 4], 'float64'>>(random([1, 2, 2, 4], { seed: 1 }));
