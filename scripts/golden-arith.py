#!/usr/bin/env python3
"""Writes test/golden/arithmetic.json: einsum cases where the arithmetic shows, computed by numpy.

Run: python3 scripts/golden-arith.py   (numpy >= 1.24; deterministic: seeded, same JSON on every run)

  int32:   products and sums that overflow 32 bits. numpy computes int32 einsum in int32 and
           wraps, so typed-einsum must give the same integers exactly: [2147483647] * itself is 1,
           'i,i,i->i' on [300007, 5] is 1884798711, sums of big values wrap, through every kind
           of step (elementwise, dot, matrix product, batched, diagonal, multi-operand paths).
  float32: float32 operands with decimals; numpy computes in float32 (its einsum loops and
           sgemm), and `expected64` is the same problem in float64 rounded to float32 at the end
           (what the accumulate: 'float64' option computes), for the accuracy comparison.
Case format as scripts/golden.py's: {name, subscripts, shapes, inputs, dtypes, expected}.
"""
import json
import os

import numpy as np

SEED = 20261130
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'test', 'golden', 'arithmetic.json')


def case(name, subscripts, arrays, dtype):
    arrays = [np.asarray(a, dtype=dtype) for a in arrays]
    result = np.asarray(np.einsum(subscripts, *arrays))
    assert result.dtype == np.dtype(dtype), (name, result.dtype)
    out = {
        'name': name,
        'subscripts': subscripts,
        'shapes': [list(a.shape) for a in arrays],
        'inputs': [a.ravel().tolist() for a in arrays],
        'dtypes': [dtype] * len(arrays),
        'expected': {'shape': list(result.shape), 'data': result.ravel().tolist(), 'dtype': dtype},
    }
    if dtype == 'float32':
        wide = np.einsum(subscripts, *[a.astype(np.float64) for a in arrays]).astype(np.float32)
        out['expected64'] = np.asarray(wide).ravel().tolist()
    return out


def big_ints(rng, shape):
    return rng.integers(-2**31, 2**31, size=shape, dtype=np.int64).astype(np.int32)


def main():
    rng = np.random.default_rng(SEED)
    cases = [
        case('int32 square of the largest', 'i,i->i', [[2147483647], [2147483647]], 'int32'),
        case('int32 three factors', 'i,i,i->i', [[300007, 5], [300007, 5], [300007, 5]], 'int32'),
        case('int32 dot that wraps', 'i,i->', [[2147483647] * 4, [3, 5, 7, 11]], 'int32'),
        case('int32 sum that wraps', 'i->', [[2147483647, 2147483647, 5, -2147483648, 2147483000]], 'int32'),
    ]
    for name, subscripts, shapes in [
        ('elementwise', 'ij,ij->ij', [(5, 7), (5, 7)]),
        ('dot', 'i,i->', [(300,), (300,)]),
        ('matvec', 'ij,j->i', [(20, 50), (50,)]),
        ('vecmat', 'i,ij->j', [(50,), (50, 20)]),
        ('matmul small', 'ij,jk->ik', [(3, 4), (4, 5)]),
        ('matmul blocked', 'ij,jk->ik', [(17, 40), (40, 20)]),
        ('matmul transposed', 'ji,kj->ik', [(30, 20), (15, 30)]),
        ('batched', 'bij,bjk->bik', [(3, 9, 17), (3, 17, 6)]),
        ('attention layout', 'nqhd,nkhd->nhqk', [(2, 5, 3, 16), (2, 7, 3, 16)]),
        ('outer', 'i,j->ij', [(6,), (9,)]),
        ('row sums', 'ij->i', [(6, 200)]),
        ('column sums', 'ij->j', [(200, 6)]),
        ('trace', 'ii->', [(20, 20)]),
        ('diagonal product', 'ii,i->i', [(9, 9), (9,)]),
        ('chain', 'ij,jk,kl->il', [(8, 9), (9, 10), (10, 11)]),
        ('bilinear', 'bi,ij,bj->b', [(7, 12), (12, 13), (7, 13)]),
        ('broadcast', '...i,i->...', [(2, 3, 50), (50,)]),
    ]:
        cases.append(case(f'int32 {name}', subscripts, [big_ints(rng, s) for s in shapes], 'int32'))
    for name, subscripts, shapes in [
        ('dot', 'i,i->', [(500,), (500,)]),
        ('matvec', 'ij,j->i', [(8, 200), (200,)]),
        ('matmul', 'ij,jk->ik', [(12, 100), (100, 16)]),
        ('batched', 'bij,bjk->bik', [(2, 6, 50), (2, 50, 7)]),
        ('chain', 'ij,jk,kl->il', [(6, 30), (30, 20), (20, 5)]),
        ('row sums', 'ij->i', [(4, 300)]),
    ]:
        # Multiples of 1/4096 below 1 in magnitude: short in JSON, exact in float32; their
        # products and sums are not, so the arithmetic's roundings show.
        arrays = [(rng.integers(-4095, 4096, size=s) / 4096).astype(np.float32) for s in shapes]
        cases.append(case(f'float32 {name}', subscripts, arrays, 'float32'))
    with open(OUT, 'w') as f:
        json.dump({'generator': 'scripts/golden-arith.py', 'numpy': np.__version__, 'cases': cases}, f, separators=(',', ':'))
        f.write('\n')
    print(f'wrote {len(cases)} cases to {os.path.relpath(OUT)}')


if __name__ == '__main__':
    main()
