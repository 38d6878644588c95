// Calls the types refuse (SPEC §4, every case the types can know). tsd checks each expectError;
// test/types.test.ts also runs TypeScript 7 on this file and expects an error on exactly these lines,
// starting where a trailing `// at: <text>` says (the argument tsc must blame).
import { expectError } from 'tsd';
import type { Shape, Tensor } from '../src/tensor.js';
import { compile, contractPath, einsum, einsumVjp, ones, zeros } from './api.js';

const a = zeros([2, 3]);
const b = zeros([3, 4]);

// SYNTAX: reported at the subscripts.
expectError(einsum('ij,#k', a, b)); // at: 'ij,#k'
expectError(einsum('ij.,jk', a, b));
expectError(einsum('...i...,jk', a, b));
expectError(einsum('ij,jk->ik->i', a, b));
expectError(einsum('ij,jk-ik', a, b));
expectError(einsum('ij,jk>ik', a, b));
expectError(einsum('ij->ij,jk', a, b));
// OUTPUT
expectError(einsum('ij,jk->ii', a, b));
expectError(einsum('ij,jk->ix', a, b));
// OPERAND_COUNT
expectError(einsum('ij,jk', a)); // at: 'ij,jk'
expectError(einsum('ij', a, b));
// RANK: reported at the operand.
expectError(einsum('ij,jkl', a, b)); // at: b)
expectError(einsum('...ijk,jk', a, b));
expectError(einsum('ij,jk', [1, 2, 3], b));
// SIZE
expectError(einsum('ij,jk->ik', a, zeros([4, 5]))); // at: zeros([4, 5])
expectError(einsum('ii->i', zeros([3, 4])));
expectError(einsum('...ij,...jk', zeros([5, 2, 3]), zeros([4, 3, 4])));
expectError(einsum('ij,jk', [[1, 2, 3], [4, 5, 6]], [[1, 2], [3, 4]]));
// DTYPE: out of the wrong shape or dtype.
expectError(einsum('ij,jk', a, b, { out: zeros([2, 5]) })); // at: out:
expectError(einsum('ij,jk', a, b, { out: ones([2, 4], { dtype: 'float32' }) }));
// ARGUMENT: an unknown option, a bad strategy, a non-operand.
expectError(einsum('ij,jk', a, b, { optimise: 'greedy' }));
expectError(einsum('ij,jk', a, b, { optimize: 'fastest' }));
expectError(einsum('ij,jk', 'a', b));
// The type-argument form checks count and rank.
expectError(einsum<'ij,jk'>(a));
expectError(einsum<'ij,jk'>(a, zeros([3])));
expectError(einsum<'ij,#k'>(a, b));
// contractPath and compile check like einsum.
expectError(contractPath('ij,jk', [2, 3], [4, 5]));
expectError(contractPath('ij,jk', a));
expectError(compile('ij,jk', [2, 3], [3]));
expectError(compile('ij,jk', [2, 3], [3, 4])(a, zeros([4, 4]))); // at: zeros([4, 4])
expectError(compile('ij,jk', [2, 3], [3, 4])(a, b, zeros([4, 2])));
// einsumVjp: the forward is checked like einsum; the cotangent must have the result's shape.
const [, pullback] = einsumVjp('ij,jk->ik', a, b);
expectError(pullback(zeros([2, 5]))); // at: zeros([2, 5])
expectError(pullback(zeros([4])));
expectError(pullback([[1, 2], [3, 4]]));
expectError(pullback('dy'));
expectError(pullback(zeros([2, 4]), { out: [zeros([3, 2]), undefined] }));
expectError(pullback(zeros([2, 4]), { out: [undefined, ones([3, 4], { dtype: 'float32' })] }));
expectError(einsumVjp('ij,jk->ik', a, zeros([4, 5]))); // at: zeros([4, 5])
expectError(einsumVjp('ij,#k', a, b)); // at: 'ij,#k'
expectError(einsumVjp('ij,jk', a, b, { wrtt: [0] }));
expectError(einsumVjp('ij,jk', a, b, { out: zeros([2, 5]) }));
expectError(einsumVjp('ij,jk', a, b, { wrt: ['a'] }));
// accumulate takes 'float64' only.
expectError(einsum('ij,jk', a, b, { accumulate: 'float32' }));
// einsumVjp: an int32 operand has no gradient unless wrt leaves it out.
const mask = ones([3], { dtype: 'int32' });
expectError(einsumVjp('ij,j->i', a, mask)); // at: mask)
expectError(einsumVjp('ij,j->i', a, mask, { wrt: [0, 1] })); // at: mask,
expectError(einsumVjp('i,i->', mask, mask)); // at: mask, mask
// Generic code: a constraint whose rank or sizes are definitely wrong is refused, as a concrete
// shape would be (every instantiation fails at run time); wrong subscripts are refused as ever.
// (Lines start at column 1: the TypeScript 7 check looks for `expectError(` there.)
export function generic<A extends readonly [number, number, number], B extends readonly [2, 3], C extends Shape>(x: Tensor<A>, y: Tensor<B>, z: Tensor<C>) {
expectError(einsum('ij->ji', x)); // at: x)
expectError(einsum('ij,jk->ik', y, zeros([4, 5]))); // at: zeros([4, 5])
expectError(einsum('ij,#k', z, z)); // at: 'ij,#k'
expectError(einsum('ij,jk', z)); // at: 'ij,jk'
expectError(einsum('ij,jk', z, z, { optimise: 'greedy' })); // at: optimise
expectError(contractPath('ij->ji', x)); // at: x)
expectError(compile('ij,jk', y, [4, 5])); // at: [4, 5]
expectError(einsumVjp('ij->ji', x)); // at: x)
}
// numpy's sublist format: each refusal at the argument that holds it, in the runtime's words
// (type-tests/sublist.test-d.ts spells them), never "No overload matches this call".
const sub = zeros([3, 4]);
expectError(einsum(a, [0, 52], sub, [52, 2])); // at: [0, 52]
expectError(einsum(a, [0, 1], sub, [1, 2], [0, 99])); // at: [0, 99]
expectError(einsum(a, ['...', 0, '...'])); // at: ['...'
expectError(einsum(a, [0, 1, 2], sub, [1, 2])); // at: a,
expectError(einsum(a, [0, 1], zeros([4, 5]), [1, 2])); // at: zeros([4, 5])
expectError(einsum(a, [0, 1], sub, [1, 2], [7])); // at: [7]
expectError(einsum(a, [0, 1], sub, [1, 2], { optimise: 'dp' })); // at: optimise
expectError(einsum(a, [0, 1], sub, [1, 2], [0, 2], { out: zeros([2, 5]) })); // at: out:
expectError(einsum(a, sub)); // at: a,
expectError(einsum(a, [0, 1], sub)); // at: sub)
expectError(einsum(a, [0, 1], sub, sub, [0, 1])); // at: sub, [0, 1])
expectError(contractPath([2, 3], [0, 60])); // at: [0, 60]
expectError(contractPath([2, 3], [0, 1], [4, 5], [1, 2])); // at: [4, 5]
expectError(compile([2, 3], [0, 1], [3], [1, 2])); // at: [3]
expectError(compile([2, 3], [0, 1], [3, 4], [1, 2], [0, 2])(a, zeros([4, 4]))); // at: zeros([4, 4])
