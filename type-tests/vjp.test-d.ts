// einsumVjp: the result typed as einsum's, one gradient per operand with that operand's shape and
// dtype (undefined where wrt leaves it out), and a cotangent parameter of the result's shape.
import { expectType } from 'tsd';
import type { Shape, Tensor } from '../src/tensor.js';
import type { DType } from '../src/dtype.js';
import { einsumVjp, ones, random, tensor, zeros } from './api.js';

const a = random([2, 3], { seed: 1 });
const b = random([3, 4], { seed: 2 });

// Literal shapes: the example.
const [y, pullback] = einsumVjp('ij,jk->ik', a, b);
expectType<Tensor<readonly [2, 4], 'float64'>>(y);
const [da, db] = pullback(ones([2, 4]));
expectType<Tensor<readonly [2, 3], 'float64'>>(da);
expectType<Tensor<readonly [3, 4], 'float64'>>(db);
expectType<[Tensor<readonly [2, 3], 'float64'>, Tensor<readonly [3, 4], 'float64'>]>(pullback(y));
expectType<readonly { readonly operand: number; readonly subscripts: string }[]>(pullback.gradients);

// Each gradient keeps its operand's dtype; the result is the widest.
const a32 = zeros([2, 3], { dtype: 'float32' });
const [y32, pb32] = einsumVjp('ij,jk->ik', a32, b);
expectType<Tensor<readonly [2, 4], 'float64'>>(y32);
expectType<[Tensor<readonly [2, 3], 'float32'>, Tensor<readonly [3, 4], 'float64'>]>(pb32(y32));
const [f32, pbf32] = einsumVjp('ij,jk', a32, zeros([3, 4], { dtype: 'float32' }));
expectType<Tensor<readonly [2, 4], 'float32'>>(f32);
expectType<[Tensor<readonly [2, 3], 'float32'>, Tensor<readonly [3, 4], 'float32'>]>(pbf32(f32));

// Diagonals, broadcasting, '...', implicit mode, scalars, size 0: the gradient has the operand's shape.
expectType<[Tensor<readonly [3, 3], 'float64'>]>(einsumVjp('ii->i', zeros([3, 3]))[1](zeros([3])));
expectType<[Tensor<readonly [3, 3], 'float64'>]>(einsumVjp('ii', zeros([3, 3]))[1](tensor(1)));
expectType<[Tensor<readonly [2, 1], 'float64'>, Tensor<readonly [3, 4], 'float64'>]>(einsumVjp('ij,jk->ik', zeros([2, 1]), b)[1](zeros([2, 4])));
expectType<[Tensor<readonly [5, 1, 2, 3], 'float64'>, Tensor<readonly [7, 3, 4], 'float64'>]>(
  einsumVjp('...ij,...jk', zeros([5, 1, 2, 3]), zeros([7, 3, 4]))[1](zeros([5, 7, 2, 4])),
);
expectType<[Tensor<readonly [9, 8, 2, 4], 'float64'>]>(einsumVjp('...ij->ji', zeros([9, 8, 2, 4]))[1](zeros([4, 2])));
expectType<[Tensor<readonly [], 'float64'>, Tensor<readonly [], 'float64'>]>(einsumVjp(',->', tensor(2), tensor(3))[1](1));
expectType<[Tensor<readonly [0, 3], 'float64'>, Tensor<readonly [3, 4], 'float64'>]>(einsumVjp('ij,jk', zeros([0, 3]), b)[1](zeros([0, 4])));
// Nested arrays are operands (float64); a nested array is a cotangent.
expectType<[Tensor<readonly [3], 'float64'>, Tensor<readonly [3], 'float64'>]>(einsumVjp('i,i->', [1, 2, 3], [4, 5, 6])[1](1));
expectType<[Tensor<readonly [2, 3], 'float64'>, Tensor<readonly [3, 4], 'float64'>]>(pullback([[1, 2, 3, 4], [5, 6, 7, 8]]));

// The same tensor twice: one gradient per position.
const [, twice] = einsumVjp('i,i->', zeros([5]), zeros([5]));
expectType<[Tensor<readonly [5], 'float64'>, Tensor<readonly [5], 'float64'>]>(twice(1));

// wrt: a literal list types the others as undefined; an int32 operand may be left out.
const mask = ones([3], { dtype: 'int32' });
const [masked, pbMasked] = einsumVjp('ij,j->i', a, mask, { wrt: [0] });
expectType<Tensor<readonly [2], 'float64'>>(masked);
expectType<[Tensor<readonly [2, 3], 'float64'>, undefined]>(pbMasked(masked));
const positions: number[] = [1];
expectType<[Tensor<readonly [2, 3], 'float64'> | undefined, Tensor<readonly [3, 4], 'float64'> | undefined]>(einsumVjp('ij,jk', a, b, { wrt: positions })[1](y));

// Options of the forward and out buffers of the pullback.
expectType<Tensor<readonly [2, 4], 'float32'>>(einsumVjp('ij,jk', a, b, { dtype: 'float32', optimize: 'greedy', memoryLimit: 1e6 })[0]);
expectType<Tensor<readonly [2, 4], 'float64'>>(einsumVjp('ij,jk', a, b, { out: zeros([2, 4]) })[0]);
expectType<[Tensor<readonly [2, 3], 'float64'>, Tensor<readonly [3, 4], 'float64'>]>(pullback(y, { out: [zeros([2, 3]), zeros([3, 4])] }));
expectType<[Tensor<readonly [2, 3], 'float64'>, Tensor<readonly [3, 4], 'float64'>]>(pullback(y, { out: [undefined, zeros([3, 4])] }));

// Partly known shapes: unknown sizes stay number, and a cotangent with number sizes is accepted.
declare const rows: number;
const [yr, pbr] = einsumVjp('ij,jk->ik', zeros([rows, 3]), b);
expectType<Tensor<readonly [number, 4], 'float64'>>(yr);
expectType<[Tensor<readonly [number, 3], 'float64'>, Tensor<readonly [3, 4], 'float64'>]>(pbr(zeros([rows, 4])));
expectType<[Tensor<readonly [number, 3], 'float64'>, Tensor<readonly [3, 4], 'float64'>]>(pbr(zeros([7, 4])));
expectType<[Tensor<readonly [2, 3], 'float64'>, Tensor<readonly [3, 4], 'float64'>]>(pullback(zeros([rows, 4])));

// Unknown shapes: readonly number[] gradients; any cotangent waits for run time.
declare const dims: number[];
const [yu, pbu] = einsumVjp('ij,jk->ik', zeros(dims), b);
expectType<Tensor<readonly [number, 4], 'float64'>>(yu);
expectType<[Tensor<readonly number[], 'float64'>, Tensor<readonly [3, 4], 'float64'>]>(pbu(zeros(dims)));
expectType<[Tensor<readonly number[], 'float64'>, Tensor<readonly [3, 4], 'float64'>]>(pbu(zeros([2, 4])));
declare const any1: Tensor<Shape, DType>;
declare const operands: Tensor<Shape, DType>[];
expectType<Tensor<Shape, DType>[]>(einsumVjp('ij,jk', ...operands)[1](any1));

// An operand whose dtype the compiler does not know is not refused (int32 is checked at run time).
declare const unknownDType: Tensor<readonly [3], DType>;
expectType<[Tensor<readonly [2, 3], 'float64'>, Tensor<readonly [3], DType>]>(einsumVjp('ij,j->i', a, unknownDType)[1](zeros([2])));
