// Operands created inline keep their own dtype, and the result dtype is never wrong; contractPath
// takes a spread of operands with the options last.
import { expectType } from 'tsd';
import type { DType } from '../src/dtype.js';
import type { PathInfo } from '../src/plan/report.js';
import type { Tensor } from '../src/tensor.js';
import { contractPath, einsum, ones, random, tensor, zeros } from './api.js';

// contractPath with a spread of operands and options last.
declare const operands: Tensor[];
declare const spec: string;
expectType<PathInfo>(contractPath(spec, ...operands, { optimize: 'optimal' }));
expectType<PathInfo>(contractPath('ij,jk->ik', ...operands, { optimize: 'optimal' }));

// Inline operands keep their own dtype: einsum's contextual type does not reach tensor()/zeros().
expectType<Tensor<readonly [3, 2], 'int32'>>(einsum('ij->ji', tensor(new Int32Array(6), [2, 3])));
expectType<Tensor<readonly [3, 2], 'float32'>>(einsum('ij->ji', tensor(new Float32Array(6), [2, 3])));
expectType<Tensor<readonly [3, 2], 'float64'>>(einsum('ij->ji', zeros([2, 3])));
expectType<Tensor<readonly [3, 2], 'int32'>>(einsum('ij->ji', random([2, 3], { seed: 1, dtype: 'int32' })));
expectType<Tensor<readonly [2, 4], 'float64'>>(einsum('ij,jk->ik', zeros([2, 3]), zeros([3, 4]), { out: zeros([2, 4]) }));
expectType<Tensor<readonly [2, 4], 'float32'>>(einsum('ij,jk->ik', ones([2, 3], { dtype: 'float32' }), tensor(new Int32Array(12), [3, 4])));
// An operand of unknown dtype: the result is unknown unless another operand is float64.
declare const anyDType: Tensor<readonly [2, 3], DType>;
expectType<Tensor<readonly [3, 2], DType>>(einsum('ij->ji', anyDType));
expectType<Tensor<readonly [2, 4], DType>>(einsum('ij,jk', anyDType, ones([3, 4], { dtype: 'int32' })));
