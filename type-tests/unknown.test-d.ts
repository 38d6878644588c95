// Unknown sizes never give a false error, and widen as little as possible.
import { expectType } from 'tsd';
import type { DType } from '../src/dtype.js';
import type { Shape, Tensor } from '../src/tensor.js';
import { einsum, tensor, zeros } from './api.js';

declare const rows: number;
declare const anyShape: number[];
declare const spec: string;
const a = zeros([rows, 3]); // readonly [number, 3]
const b = zeros([3, 4]);
const u = zeros(anyShape); // readonly number[]

expectType<Tensor<readonly [number, 4], 'float64'>>(einsum('ij,jk->ik', a, b));
// A label `number` in one operand and 3 in another is 3.
expectType<Tensor<readonly [3, 4], 'float64'>>(einsum('ij,jk->jk', zeros([2, rows]), b));
// ...but `number` against 1 stays `number`.
expectType<Tensor<readonly [number], 'float64'>>(einsum('i,i->i', zeros([rows]), zeros([1])));
// A `number[]` shape: its labels are `number`, the rank still known from the term.
expectType<Tensor<readonly [number, 4], 'float64'>>(einsum('ij,jk->ik', u, b));
expectType<Tensor<readonly [number, number], 'float64'>>(einsum('ij,jk->ik', u, u));
// '...' over an unknown rank: only the '...' part of the result is unknown.
expectType<Tensor<readonly [...number[], number, 4], 'float64'>>(einsum('...ij,jk->...ik', u, b));
expectType<Tensor<readonly [number, 4], 'float64'>>(einsum('...ij,jk->ik', u, b));
// Unknown subscripts: accepted, checked at run time.
expectType<Tensor<Shape, 'float64'>>(einsum(spec, a, b));
expectType<Tensor<Shape, 'float64'>>(einsum(`${spec}->ij`, a, b));
// A spread of operands: count and sizes wait for run time; the rank comes from the output.
declare const many: Tensor<readonly [2, 2], 'float64'>[];
expectType<Tensor<readonly [number, number], 'float64'>>(einsum('ij,jk->ik', ...many));
// An operand whose dtype is unknown.
declare const anyDType: Tensor<readonly [2, 3], DType>;
expectType<Tensor<readonly [2, 4], 'float64'>>(einsum('ij,jk', anyDType, b));
// tensor() of a number[] shape.
expectType<Tensor<readonly [number, 4], 'float64'>>(einsum('ij,jk', tensor(new Float64Array(6), [rows, 3]), b));
