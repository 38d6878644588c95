#!/usr/bin/env python3
"""Writes test/golden/gradients.json: gradients of einsum computed by numpy, for einsumVjp.

Run: python3 scripts/golden-grad.py   (numpy >= 1.24; deterministic: seeded, same JSON on every run)

The gradient is computed independently of typed-einsum's method (which builds one einsum per
operand): einsum is linear in each operand, so for L = sum(cotangent * einsum(..., x_i, ...)) the
gradient's element e of operand i is exactly L with x_i replaced by the one-hot array e_k, every
other operand left as it is. Two positions holding the same array are two arguments: each gets its
own gradient. Values are small integers, so every gradient is exact in float64 and float32.

Each case is {name, subscripts, shapes, inputs (flat row-major), dtypes, cotangent: {shape, data},
gradients: [{shape, dtype, data}]}. numpy broadcasts a labelled size-1 dimension only sometimes and
refuses an explicit output that omits '...' (typed-einsum sums those dimensions, as PyTorch does),
so forward() spells both out: size-1 labelled dimensions are broadcast first, and an omitted '...'
is written at the front of the output and summed.
"""
import json
import os
import random

import numpy as np

SEED = 20261130
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'test', 'golden', 'gradients.json')


def split(subscripts):
    s = subscripts.replace(' ', '')
    if '->' in s:
        lhs, out = s.split('->')
        return lhs.split(','), out
    return s.split(','), None


def axes_of(term, ndim):
    """The label of each axis of an operand; None for its '...' axes."""
    named = term.replace('...', '')
    if '...' not in term:
        return list(named)
    pre = term.index('...')
    return list(named[:pre]) + [None] * (ndim - len(named)) + list(named[pre:])


def forward(subscripts, arrays):
    terms, out = split(subscripts)
    sizes = {}
    for term, a in zip(terms, arrays):
        for label, size in zip(axes_of(term, a.ndim), a.shape):
            if label is not None and size != 1:
                sizes[label] = size
    expanded = []
    for term, a in zip(terms, arrays):
        target = tuple(sizes.get(l, s) if l is not None else s for l, s in zip(axes_of(term, a.ndim), a.shape))
        expanded.append(np.broadcast_to(a, target))
    if out is not None and '...' not in out and any('...' in t for t in terms):
        full = np.einsum(','.join(terms) + '->...' + out, *expanded)
        return full.sum(axis=tuple(range(full.ndim - len(out))))
    return np.einsum(subscripts, *expanded)


def gradients(subscripts, arrays, cotangent):
    grads = []
    for i, a in enumerate(arrays):
        g = np.zeros(a.shape, dtype=np.float64)
        for k in range(a.size):
            onehot = np.zeros(a.size)
            onehot[k] = 1
            ops = list(arrays)
            ops[i] = onehot.reshape(a.shape)
            g.flat[k] = np.sum(cotangent * forward(subscripts, ops))
        grads.append(g)
    return grads


# (name, subscripts, shapes, same: pairs of positions that hold one array, dtypes or None)
CASES = [
    ('matrix product', 'ij,jk->ik', [[2, 3], [3, 4]], [], None),
    ('matrix product, implicit', 'ij,jk', [[2, 3], [3, 4]], [], None),
    ('matrix product, transposed output', 'ij,jk->ki', [[2, 3], [3, 4]], [], None),
    ('matrix-vector', 'ij,j->i', [[3, 4], [4]], [], None),
    ('bilinear form, three operands', 'bi,ij,bj->b', [[2, 3], [3, 3], [2, 3]], [], None),
    ('chain of three', 'ij,jk,kl->il', [[2, 3], [3, 2], [2, 4]], [], None),
    ('attention energies', 'nqhd,nkhd->nhqk', [[1, 2, 2, 3], [1, 3, 2, 3]], [], None),
    ('transpose', 'ij->ji', [[2, 3]], [], None),
    ('diagonal', 'ii->i', [[3, 3]], [], None),
    ('trace, implicit', 'ii', [[3, 3]], [], None),
    ('diagonal of a 3-tensor', 'iij->j', [[2, 2, 3]], [], None),
    ('diagonal across axes', 'iji->ij', [[2, 3, 2]], [], None),
    ('triple diagonal', 'iii->i', [[2, 2, 2]], [], None),
    ('diagonal then product', 'iij,jk->ik', [[2, 2, 3], [3, 2]], [], None),
    ('diagonal in both', 'ii,ii->i', [[3, 3], [3, 3]], [], None),
    ('row sums (summed in one operand)', 'ij->i', [[2, 3]], [], None),
    ('total sum', 'ij->', [[2, 3]], [], None),
    ('summed in one operand, two operands', 'ij,k->ik', [[2, 3], [4]], [], None),
    ('both summed alone', 'i,j->', [[2], [3]], [], None),
    ('label only in one operand and its diagonal', 'iij,k->k', [[2, 2, 3], [2]], [], None),
    ('size-1 broadcast, matrix product', 'ij,jk->ik', [[2, 1], [3, 4]], [], None),
    ('size-1 broadcast, elementwise', 'ij,ij->ij', [[3, 1], [3, 4]], [], None),
    ('size-1 broadcast both ways', 'ij,ij->', [[1, 4], [3, 1]], [], None),
    ('size-1 diagonal broadcast', 'ii,i->i', [[1, 1], [3]], [], None),
    ('size 1 against size 1', 'ij,jk->ik', [[1, 1], [1, 1]], [], None),
    ('ellipsis, batched product', '...ij,...jk->...ik', [[5, 1, 2, 3], [2, 3, 4]], [], None),
    ('ellipsis, implicit', '...ij,...jk', [[2, 1, 2, 3], [3, 3, 2]], [], None),
    ('ellipsis in the middle', 'i...j,j...k->...ik', [[2, 3, 1, 2], [2, 4, 3]], [], None),
    ('ellipsis of size 1 broadcast', '...i,...i->...', [[2, 3], [4, 1, 3]], [], None),
    ('ellipsis only', '...,...->...', [[3, 1], [2]], [], None),
    ('ellipsis omitted from the output (summed)', '...ij->ji', [[2, 3, 2, 4]], [], None),
    ('ellipsis omitted, two operands', '...ij,...jk->ik', [[2, 2, 3], [3, 4]], [], None),
    ('ellipsis omitted, broadcast', '...i,...i->i', [[2, 1, 3], [4, 3]], [], None),
    ('scalar times scalar', ',->', [[], []], [], None),
    ('scalar identity', '', [[]], [], None),
    ('scalar times vector', ',i->i', [[], [3]], [], None),
    ('vector sum to scalar', 'i->', [[4]], [], None),
    ('size 0 contracted', 'ij,jk->ik', [[2, 0], [0, 4]], [], None),
    ('size 0 kept', 'ij,jk->ik', [[0, 3], [3, 4]], [], None),
    ('size 0 summed alone', 'ij->i', [[3, 0]], [], None),
    ('the same vector twice', 'i,i->', [[4], [4]], [(0, 1)], None),
    ('the same matrix twice', 'ij,jk->ik', [[3, 3], [3, 3]], [(0, 1)], None),
    ('the same matrix three times', 'ij,jk,kl->il', [[2, 2], [2, 2], [2, 2]], [(0, 1), (1, 2)], None),
    ('a vector in a quadratic form', 'i,ij,j->', [[3], [3, 3], [3]], [(0, 2)], None),
    ('mixed labels', 'ijk,jil->kl', [[2, 3, 2], [3, 2, 4]], [], None),
    ('uppercase labels, implicit', 'Ab,bC', [[2, 3], [3, 2]], [], None),
    ('float32 matrix product', 'ij,jk->ik', [[2, 3], [3, 4]], [], ['float32', 'float32']),
    ('float32 and float64', 'ij,jk->ik', [[2, 3], [3, 4]], [], ['float32', 'float64']),
    ('float32 diagonal', 'ii->i', [[3, 3]], [], ['float32']),
]


def main():
    rng = random.Random(SEED)
    cases = []
    for name, subscripts, shapes, same, dtypes in CASES:
        arrays = [np.array([rng.randint(-3, 3) for _ in range(int(np.prod(s)))], dtype=np.float64).reshape(s) for s in shapes]
        for a, b in same:
            arrays[b] = arrays[a]
        result = forward(subscripts, arrays)
        cotangent = np.array([rng.randint(-3, 3) for _ in range(result.size)], dtype=np.float64).reshape(result.shape)
        grads = gradients(subscripts, arrays, cotangent)
        dts = dtypes or ['float64'] * len(shapes)
        cases.append({
            'name': name,
            'subscripts': subscripts,
            'shapes': shapes,
            'inputs': [a.ravel().tolist() for a in arrays],
            'dtypes': dts,
            'same': [list(p) for p in same],
            'cotangent': {'shape': list(result.shape), 'data': cotangent.ravel().tolist()},
            'gradients': [{'shape': list(g.shape), 'dtype': d, 'data': g.ravel().tolist()} for g, d in zip(grads, dts)],
        })
    with open(OUT, 'w') as f:
        json.dump({'generator': 'scripts/golden-grad.py', 'numpy': np.__version__, 'seed': SEED, 'cases': cases}, f, indent=1)
        f.write('\n')
    print(f'wrote {len(cases)} cases to {os.path.relpath(OUT)}')


if __name__ == '__main__':
    main()
