#!/usr/bin/env python3
"""Writes test/golden/cases.json: einsum cases computed by numpy, the reference of SPEC §3.

Run: python3 scripts/golden.py   (numpy >= 1.24; deterministic: seeded, same JSON on every run)

Each case is
  {name, subscripts, shapes, inputs (flat row-major), dtypes?, expected: {shape, data, dtype}}
or, for a refusal,
  {name, subscripts, shapes, inputs, error: "<numpy's exception>", code: "<our EinsumError code>"}.
A case that numpy refuses but SPEC makes us accept (an explicit output that omits '...' sums the
ellipsis dimensions; a size-1 label that numpy would not broadcast) carries "extension": true and
"numpyError"; its expected value is computed by numpy on the equivalent explicit problem.
Input values are small integers (or the seed example's decimals), so float64 results are exact or
within 1e-9 relative.
"""
import json
import os
import random

import numpy as np

SEED = 20240611
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'test', 'golden', 'cases.json')
LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'
RANK = {'int32': 0, 'float32': 1, 'float64': 2}


def split(subscripts):
    """The simplest parse: (input terms, output term or None), spaces removed."""
    s = subscripts.replace(' ', '')
    if '->' in s:
        lhs, out = s.split('->')
    else:
        lhs, out = s, None
    return lhs.split(','), out


def labels_of(term):
    return term.replace('...', '')


def broadcast_labels(terms, arrays):
    """Broadcasts every size-1 labelled dimension to its label's size (the SPEC §3 rule)."""
    sizes = {}
    for term, a in zip(terms, arrays):
        named = labels_of(term)
        pre = term.index('...') if '...' in term else len(named)
        ell = a.ndim - len(named)
        axes = list(named[:pre]) + [None] * ell + list(named[pre:])
        for label, size in zip(axes, a.shape):
            if label is not None and size != 1:
                sizes[label] = size
    out = []
    for term, a in zip(terms, arrays):
        named = labels_of(term)
        pre = term.index('...') if '...' in term else len(named)
        ell = a.ndim - len(named)
        axes = list(named[:pre]) + [None] * ell + list(named[pre:])
        target = tuple(sizes.get(l, s) if l is not None else s for l, s in zip(axes, a.shape))
        out.append(np.broadcast_to(a, target))
    return out


def extension_einsum(subscripts, arrays):
    """What SPEC computes where numpy refuses: size-1 broadcast, and '...' omitted from an output."""
    terms, out = split(subscripts)
    arrays = broadcast_labels(terms, arrays)
    if out is not None and '...' not in out and any('...' in t for t in terms):
        ell = max(a.ndim - len(labels_of(t)) for t, a in zip(terms, arrays) if '...' in t)
        kept = np.einsum(','.join(terms) + '->...' + out, *arrays)
        return np.sum(kept, axis=tuple(range(ell))) if ell > 0 else kept
    return np.einsum(subscripts, *arrays)


def clean(values):
    # -0.0 -> 0.0, and integral values as ints: smaller JSON, same float64 when parsed.
    out = []
    for v in values:
        f = float(v) + 0.0
        out.append(int(f) if f.is_integer() and abs(f) < 2**53 else f)
    return out


def result_dtype(dtypes):
    return max(dtypes, key=lambda d: RANK[d]) if dtypes else 'float64'


def make_case(name, subscripts, shapes, inputs=None, dtypes=None, code=None, rng=None):
    if inputs is None:
        inputs = [rng.integers(-3, 4, size=int(np.prod(s, dtype=np.int64))).astype(np.float64) for s in shapes]
    arrays = [np.asarray(d, dtype=np.float64).reshape(s) for d, s in zip(inputs, shapes)]
    case = {'name': name, 'subscripts': subscripts, 'shapes': [list(s) for s in shapes],
            'inputs': [clean(np.asarray(d).ravel()) for d in inputs]}
    if dtypes:
        case['dtypes'] = dtypes
    try:
        result = np.asarray(np.einsum(subscripts, *arrays))
        numpy_error = None
    except Exception as e:  # numpy refuses: either an expected refusal or a SPEC extension
        result = None
        numpy_error = f'{type(e).__name__}: {e}'
    if code is not None:
        if numpy_error is None:
            raise SystemExit(f'{name}: numpy accepts {subscripts!r} {shapes}, but the case expects {code}')
        case['error'] = numpy_error
        case['code'] = code
        return case
    if numpy_error is not None:
        result = np.asarray(extension_einsum(subscripts, arrays))
        case['extension'] = True
        case['numpyError'] = numpy_error
    data = result.ravel()
    if dtypes and result_dtype(dtypes) == 'int32':
        data = np.round(data)
    case['expected'] = {'shape': list(result.shape), 'data': clean(data), 'dtype': result_dtype(dtypes or [])}
    return case


Q = [1.0, 0.5, 0.2, 1.5, 0.9, 0.4, 1.2, 0.5, 0.3, 0.7, 0.6, 0.8, 0.2, 0.6, 0.8, 0.7]
K = [0.1, 1.0, 0.3, 0.5, 0.1, 0.5, 0.2, 0.8, 0.2, 0.4, 0.6, 0.7, 0.3, 0.4, 0.7, 0.9, 0.8, 1.0, 0.9, 0.5, 0.6, 0.8, 1.0, 0.2]

# (name, subscripts, shapes[, code]) — every example of SPEC §3, then the refusals of §4.
HANDMADE = [
    ('matmul', 'ij,jk->ik', [(2, 3), (3, 4)]),
    ('matmul implicit', 'ij,jk', [(2, 3), (3, 4)]),
    ('matvec', 'ij,j->i', [(3, 4), (4,)]),
    ('dot', 'i,i->', [(5,), (5,)]),
    ('dot implicit', 'i,i', [(5,), (5,)]),
    ('transpose', 'ij->ji', [(2, 3)]),
    ('transpose implicit', 'ji', [(2, 3)]),
    ('permute 3d', 'ijk->kij', [(2, 3, 4)]),
    ('identity', 'ij', [(2, 3)]),
    ('sum all', 'ij->', [(2, 3)]),
    ('row sums', 'ij->i', [(2, 3)]),
    ('trace', 'ii', [(3, 3)]),
    ('trace explicit', 'ii->', [(4, 4)]),
    ('diagonal', 'ii->i', [(3, 3)]),
    ('diagonal iij', 'iij->ij', [(3, 3, 2)]),
    ('diagonal iji', 'iji->ij', [(2, 3, 2)]),
    ('triple diagonal', 'iii->i', [(3, 3, 3)]),
    ('diagonal then matmul', 'ii,ij->j', [(3, 3), (3, 2)]),
    ('implicit order upper first', 'ba,Ab', [(2, 3), (4, 2)]),
    ('implicit order mixed', 'zA,aZ', [(2, 3), (4, 5)]),
    ('implicit Ba,aB', 'Ba,aC', [(2, 3), (3, 4)]),
    ('implicit sorts', 'kji', [(2, 3, 4)]),
    ('implicit upper lower', 'iI', [(2, 3)]),
    ('case sensitive', 'aA,Aa->aA', [(2, 3), (3, 2)]),
    ('ellipsis start', '...ij,...jk->...ik', [(5, 2, 3), (5, 3, 4)]),
    ('ellipsis start implicit', '...ij,...jk', [(5, 2, 3), (5, 3, 4)]),
    ('ellipsis middle', 'i...j->j...i', [(2, 3, 4, 5)]),
    ('ellipsis middle implicit', 'i...j', [(2, 3, 4, 5)]),
    ('ellipsis end', 'ij...,jk...->ik...', [(2, 3, 4), (3, 2, 4)]),
    ('ellipsis end implicit', 'ij...,jk...', [(2, 3, 4), (3, 2, 4)]),
    ('ellipsis ranks differ', '...ij,jk->...ik', [(2, 3, 2, 3), (3, 2)]),
    ('ellipsis broadcast ranks', '...i,...i->...', [(4, 1, 3), (2, 3)]),
    ('ellipsis broadcast 1s', '...,...->...', [(2, 1), (3,)]),
    ('ellipsis zero dims', '...ij,...jk->...ik', [(2, 3), (3, 4)]),
    ('ellipsis zero dims output', 'ij->...ij', [(2, 3)]),
    ('ellipsis alone', '...', [(2, 3)]),
    ('ellipsis alone scalar', '...', [()]),
    ('ellipsis sum', '...->', [(2, 3)]),
    ('ellipsis diagonal', '...ii->...i', [(2, 3, 3)]),
    ('ellipsis omitted from output', '...ij,...jk->ik', [(5, 2, 3), (5, 3, 4)]),
    ('ellipsis omitted two dims', '...i->i', [(2, 3, 4)]),
    ('ellipsis omitted broadcast', 'i...,...->i', [(2, 3, 4), (4,)]),
    ('size-1 label broadcast matmul', 'ij,jk->ik', [(2, 1), (3, 4)]),
    ('size-1 label broadcast implicit', 'ij,jk', [(2, 3), (1, 4)]),
    ('size-1 label broadcast vector', 'ij,j->i', [(2, 3), (1,)]),
    ('size-1 label both sides', 'ij,ij->ij', [(1, 3), (2, 1)]),
    ('size-1 diagonal broadcast', 'ii,i->i', [(1, 1), (3,)]),
    ('size-1 output label', 'i,j->ij', [(1,), (3,)]),
    ('size-1 against size-0', 'i,i->i', [(1,), (0,)]),
    ('size-0 contraction', 'ij,jk->ik', [(2, 0), (0, 4)]),
    ('size-0 output', 'ij,jk->ik', [(0, 3), (3, 4)]),
    ('size-0 sum', 'i->', [(0,)]),
    ('size-0 trace', 'ii', [(0, 0)]),
    ('size-0 ellipsis', '...i,i->...', [(0, 3), (3,)]),
    ('scalar ,->', ',->', [(), ()]),
    ('scalar empty', '', [()]),
    ('scalar ->', '->', [()]),
    ('scalar times vector', ',i->i', [(), (4,)]),
    ('scalar implicit', ',i', [(), (4,)]),
    ('outer', 'i,j->ij', [(3,), (4,)]),
    ('outer implicit', 'i,j', [(3,), (4,)]),
    ('outer three', 'i,j,k->ijk', [(2,), (3,), (2,)]),
    ('outer reversed', 'i,j->ji', [(3,), (2,)]),
    ('chain 3', 'ij,jk,kl->il', [(2, 3), (3, 4), (4, 2)]),
    ('chain 3 implicit', 'ij,jk,kl', [(2, 3), (3, 4), (4, 2)]),
    ('chain 4', 'ab,bc,cd,de->ae', [(2, 3), (3, 2), (2, 4), (4, 3)]),
    ('chain 5', 'ab,bc,cd,de,ef->af', [(2, 2), (2, 3), (3, 2), (2, 3), (3, 2)]),
    ('chain 6', 'ab,bc,cd,de,ef,fg->ag', [(2, 3), (3, 2), (2, 2), (2, 3), (3, 2), (2, 2)]),
    ('star 4', 'ia,ib,ic,id->abcd', [(3, 2), (3, 2), (3, 2), (3, 2)]),
    ('bilinear', 'i,ij,j->', [(3,), (3, 4), (4,)]),
    ('batched bilinear', 'bi,bij,bj->b', [(2, 3), (2, 3, 4), (2, 4)]),
    ('hadamard', 'ij,ij->ij', [(2, 3), (2, 3)]),
    ('frobenius', 'ij,ij->', [(2, 3), (2, 3)]),
    ('batched matmul', 'bij,bjk->bik', [(2, 2, 3), (2, 3, 2)]),
    ('tensor contraction', 'pqrs,tuqvr->pstuv', [(2, 3, 2, 2), (2, 2, 3, 2, 2)]),
    ('trace of product', 'ij,ji->', [(3, 4), (4, 3)]),
    ('six operands one label', 'i,i,i,i,i,i->i', [(3,)] * 6),
    ('spaces', ' i j , j k -> i k ', [(2, 3), (3, 4)]),
    ('spaces in ellipsis term', ' ... i j ->  ... j ', [(2, 2, 3)]),
    ('spaces implicit', 'i j', [(2, 3)]),
    # Refusals (SPEC §4): numpy refuses, we refuse with this code.
    ('bad char #', 'i#j', [(2, 3)], 'SYNTAX'),
    ('bad char digit', 'ij,j1->i', [(2, 3), (3, 1)], 'SYNTAX'),
    ('bad char tab', 'i\tj', [(2, 3)], 'SYNTAX'),
    ('bad char non-ascii', 'iä', [(2, 3)], 'SYNTAX'),
    ('two arrows', 'ij->i->j', [(2, 3)], 'SYNTAX'),
    ('lone dash', 'ij-k', [(2, 3)], 'SYNTAX'),
    ('lone gt', 'ij>k', [(2, 3)], 'SYNTAX'),
    ('stray dot', 'i.j', [(2, 3)], 'SYNTAX'),
    ('two dots', 'i..j', [(2, 3)], 'SYNTAX'),
    ('ellipsis twice', 'i...j...', [(2, 3)], 'SYNTAX'),
    ('comma in output', 'ij->i,j', [(2, 3)], 'SYNTAX'),
    ('too few operands', 'ij,jk', [(2, 3)], 'OPERAND_COUNT'),
    ('too many operands', 'ij', [(2, 3), (3, 4)], 'OPERAND_COUNT'),
    ('too few operands scalars', ',->', [()], 'OPERAND_COUNT'),
    ('rank too high', 'ijk', [(2, 3)], 'RANK'),
    ('rank too low', 'i', [(2, 3)], 'RANK'),
    ('rank with ellipsis', '...ijk', [(2, 3)], 'RANK'),
    ('rank scalar term', '', [(2,)], 'RANK'),
    ('rank second operand', 'ij,jkl->il', [(2, 3), (3, 4)], 'RANK'),
    ('size clash', 'ij,jk', [(2, 3), (4, 5)], 'SIZE'),
    ('size clash explicit', 'ij,jk->ik', [(2, 3), (2, 3)], 'SIZE'),
    ('size clash zero', 'i,i', [(3,), (0,)], 'SIZE'),
    ('size clash diagonal', 'ii->i', [(2, 3)], 'SIZE'),
    ('size clash ellipsis', '...i,...i', [(2, 3), (4, 3)], 'SIZE'),
    ('output label twice', 'ij->ii', [(2, 3)], 'OUTPUT'),
    ('output label unknown', 'ij->k', [(2, 3)], 'OUTPUT'),
    ('output label twice two ops', 'ij,jk->ikk', [(2, 3), (3, 4)], 'OUTPUT'),
]


def random_equation(r):
    """A random valid equation: 1-6 operands, repeated labels, '...', size 0/1 dims, either mode."""
    nops = r.choice([1, 1, 2, 2, 2, 3, 3, 4, 5, 6])
    pool = r.sample(LETTERS[:8] + LETTERS[26:30], r.randint(1, 6))
    sizes = {l: r.choice([1, 2, 2, 3, 3, 4, 0] if r.random() < 0.1 else [1, 2, 2, 3, 3, 4]) for l in pool}
    ell_shape = [r.choice([1, 2, 3]) for _ in range(r.randint(0, 2))]
    use_ellipsis = r.random() < 0.3
    terms, shapes = [], []
    for _ in range(nops):
        term = [r.choice(pool) for _ in range(r.randint(0, 4))]
        term = term if r.random() < 0.3 else list(dict.fromkeys(term))  # keep repeats sometimes
        ones = {l for l in dict.fromkeys(term) if r.random() < 0.15}  # broadcast these labels from size 1
        shape = [1 if l in ones else sizes[l] for l in term]
        if use_ellipsis and r.random() < 0.7:
            k = r.randint(0, len(ell_shape))
            mine = [1 if r.random() < 0.2 else s for s in ell_shape[len(ell_shape) - k:]]
            at = r.randint(0, len(term))
            shape = shape[:at] + mine + shape[at:]
            term = term[:at] + ['...'] + term[at:]
        terms.append(''.join(term))
        shapes.append(tuple(shape))
    used = [l for l in pool if any(l in t for t in terms)]
    subscripts = ','.join(terms)
    if r.random() < 0.5:
        out = r.sample(used, r.randint(0, len(used)))
        if any('...' in t for t in terms) and r.random() < 0.85:
            out.insert(r.randint(0, len(out)), '...')
        subscripts += '->' + ''.join(out)
    # The naive odometer visits every combination of label values: keep that product small.
    work = int(np.prod([sizes[l] for l in used] + ell_shape, dtype=np.int64))
    return subscripts, shapes, work


def main():
    r = random.Random(SEED)
    rng = np.random.default_rng(SEED)
    cases = [make_case('attention seed example', 'nqhd,nkhd->nhqk', [(1, 2, 2, 4), (1, 3, 2, 4)], inputs=[Q, K])]
    for entry in HANDMADE:
        name, subscripts, shapes = entry[:3]
        cases.append(make_case(name, subscripts, shapes, code=entry[3] if len(entry) > 3 else None, rng=rng))
    for dtypes in (['int32', 'int32'], ['int32', 'float32'], ['float32', 'float32'], ['float32', 'float64'], ['int32', 'float64']):
        cases.append(make_case(f'dtypes {"+".join(dtypes)}', 'ij,jk->ik', [(2, 3), (3, 2)], dtypes=dtypes, rng=rng))
    cases.append(make_case('dtype int32 trace', 'ii', [(3, 3)], dtypes=['int32'], rng=rng))
    n = 0
    while n < 320:
        subscripts, shapes, work = random_equation(r)
        if work > 3000:
            continue
        cases.append(make_case(f'random {n}', subscripts, shapes, rng=rng))
        n += 1
    with open(OUT, 'w') as f:
        json.dump({'generator': 'scripts/golden.py', 'numpy': np.__version__, 'seed': SEED, 'cases': cases}, f, separators=(',', ':'))
        f.write('\n')
    errors = sum('error' in c for c in cases)
    ext = sum(bool(c.get('extension')) for c in cases)
    print(f'{len(cases)} cases ({errors} refusals, {ext} extensions) -> {os.path.relpath(OUT)} ({os.path.getsize(OUT)} bytes)')


if __name__ == '__main__':
    main()
