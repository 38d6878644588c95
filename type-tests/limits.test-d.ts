// The recursion limits: the longest legal subscripts (52 labels), many operands, '...' in each,
// never "Type instantiation is excessively deep".
import { expectType } from 'tsd';
import type { Tensor } from '../src/tensor.js';
import type { ParseSubscripts } from '../types/index.js';
import { einsum, zeros } from './api.js';

// All 52 labels in one term, transposed: every size lands where its label goes.
const all = zeros([1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 7, 1, 2, 3]);
expectType<Tensor<readonly [3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1], 'float64'>>(einsum('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ->ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkjihgfedcba', all));
// Implicit mode over 52 labels: ASCII order, uppercase first.
expectType<Tensor<readonly [6, 7, 1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5], 'float64'>>(einsum('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', all));
// 52 labels spread over two operands, with spaces and a full explicit output.
expectType<Tensor<readonly [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 'float64'>>(
  einsum('abcdefghijklmnopqrstuvwxyz , ABCDEFGHIJKLMNOPQRSTUVWXYZ -> abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', zeros([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]), zeros([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])),
);
// Ten operands, each with '...'.
expectType<Tensor<readonly [4, 3, 2, 9], 'float64'>>(
  einsum(
    '...ab,...bc,...cd,...de,...ef,...fg,...gh,...hi,...ij,...jk->...ak',
    zeros([4, 3, 2, 5]), zeros([3, 5, 5]), zeros([1, 5, 5]), zeros([5, 5]), zeros([5, 5]),
    zeros([5, 5]), zeros([5, 5]), zeros([5, 5]), zeros([5, 5]), zeros([1, 1, 5, 9]),
  ),
);
// The parser alone on the longest subscripts.
expectType<'ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkjihgfedcba'>({} as ParseSubscripts<'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ->ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkjihgfedcba'>['output']);
