// numpy's sublist format at the type level (types/sublist.ts): the lists become the subscripts they
// spell and the string analysis does the rest; its refusals are the runtime's words, at the argument
// that holds the fault (errors.test-d.ts checks where tsc puts them). The exported einsum,
// contractPath and compile take the form: a first argument that is no string.
import { expectType } from 'tsd';
import type { PathInfo } from '../src/plan/report.js';
import type { Shape, Tensor } from '../src/tensor.js';
import type { EinsumTypeError } from '../types/index.js';
import type { SublistCheck, SublistEinsumSignature, SublistShape } from '../types/sublist.js';
import { compile, contractPath, einsum, tensor } from './api.js';
import { zeros } from './api.js';

type M<S extends readonly number[], D extends 'float64' | 'float32' = 'float64'> = Tensor<S, D>;
const a = zeros([2, 3]);
const b = zeros([3, 4]);

// Literal lists give the literal result shape, as the string form does.
expectType<Tensor<readonly [2, 4], 'float64'>>(einsum(a, [0, 1], b, [1, 2], [0, 2]));
expectType<Tensor<readonly [2, 4], 'float64'>>(einsum(a, [0, 1], b, [1, 2])); // implicit: 'AB,BC' -> 'AC'
expectType<Tensor<readonly [4, 2], 'float64'>>(einsum(a, [30, 1], b, [1, 2])); // 'C' (2) sorts before 'e' (30), as in numpy
expectType<Tensor<readonly [4], 'float64'>>(einsum(zeros([2, 3, 4]), ['...', 0], [0]));
expectType<Tensor<readonly [], 'float64'>>(einsum(zeros([3, 3]), [0, 0], []));
expectType<Tensor<readonly [2, 4], 'float32'>>(einsum(a, [0, 1], b, [1, 2], { dtype: 'float32' }));
expectType<Tensor<readonly [2, 4], 'float32'>>(einsum(zeros([2, 3], { dtype: 'float32' }), [0, 1], zeros([3, 4], { dtype: 'float32' }), [1, 2]));
const rows = [0] as const;
expectType<Tensor<readonly [2], 'float64'>>(einsum(a, [0, 1], zeros([3]), [1], rows));

expectType<Tensor<readonly [], 'float64'>>(einsum([[1, 2], [3, 4]], [0, 0])); // nested arrays are operands too
expectType<Tensor<readonly [2, 4], 'float64'>>(einsum(a, [0, 1], b, [1, 2], [0, 2], { out: zeros([2, 4]), optimize: 'dp' }));
expectType<Tensor<readonly [3, 2], 'int32'>>(einsum(tensor(new Int32Array(6), [2, 3]), [0, 1], [1, 0]));
// The name the form was first exported under is einsum's signature.
expectType<Tensor<readonly [2, 4], 'float64'>>((einsum as SublistEinsumSignature)(a, [0, 1], b, [1, 2]));

// Generic shapes read as their constraints, as in the string form.
function product<A extends readonly [number, 3]>(x: Tensor<A>) {
  return einsum(x, [0, 1], b, [1, 2]);
}
expectType<Tensor<readonly [number, 4], 'float64'>>(product(a));

// contractPath and compile: shapes, Tensors or { shape, dtype } descriptors, lists between them.
expectType<PathInfo>(contractPath([2, 3], [0, 1], [3, 4], [1, 2], [4, 5], [2, 3], [0, 3], { optimize: 'greedy' }));
expectType<PathInfo>(contractPath(a, [0, 1], b, [1, 2]));
const matmul = compile([2, 3], [0, 1], [3, 4], [1, 2], [0, 2]);
expectType<readonly [2, 4]>(matmul.shape);
expectType<Tensor<readonly [2, 4], 'float64'>>(matmul(a, b));
expectType<Tensor<readonly [2, 4], 'float32'>>(compile(a, [0, 1], b, [1, 2], { dtype: 'float32' })(a, b));
expectType<Tensor<readonly [3, 2], 'int32'>>(compile({ shape: [2, 3], dtype: 'int32' }, [1, 0])(tensor(new Int32Array(6), [2, 3])));

// Unknown label numbers widen: no error, the shape is left to run time.
declare const labels: number[];
expectType<Tensor<Shape, 'float64'>>(einsum(a, labels, b, [1, 2]));

// Refusals, in the runtime's words (src/messages.ts).
type Two = [M<readonly [2, 3]>, [0, 1], M<readonly [3, 4]>];
expectType<EinsumTypeError<"label 52 in the list of operand 1 of [0, 1], [1, 52] is not a label number: whole numbers 0 to 51 (0-25 stand for A-Z, 26-51 for a-z) or '...'">>(
  {} as SublistCheck<[...Two, [1, 52]]>,
);
expectType<EinsumTypeError<"label -1 in the output list of [0, 1], [1, 2], [-1] is not a label number: whole numbers 0 to 51 (0-25 stand for A-Z, 26-51 for a-z) or '...'">>(
  {} as SublistCheck<[...Two, [1, 2], [-1]]>,
);
expectType<EinsumTypeError<"label 1.5 in the list of operand 0 of [0, 1.5] is not a label number: whole numbers 0 to 51 (0-25 stand for A-Z, 26-51 for a-z) or '...'">>(
  {} as SublistCheck<[M<readonly [2, 3]>, [0, 1.5]]>,
);
expectType<EinsumTypeError<"the list of operand 0 of ['...', 0, '...'] holds '...' more than once; a term may hold it once">>(
  {} as SublistCheck<[M<readonly [2, 3]>, ['...', 0, '...']]>,
);
expectType<EinsumTypeError<"label 'A' is 2 in operand 0 but 3 in operand 1 in 'AB,AC'">>({} as SublistCheck<[...Two, [0, 2]]>);
expectType<EinsumTypeError<"operand 0 ('ABC') has rank 3 but its shape is [2, 3] in 'ABC,BC'">>(
  {} as SublistCheck<[M<readonly [2, 3]>, [0, 1, 2], M<readonly [3, 4]>, [1, 2]]>,
);
expectType<EinsumTypeError<"output label 'A' appears more than once in 'AB,BC->AA'">>({} as SublistCheck<[...Two, [1, 2], [0, 0]]>);
expectType<EinsumTypeError<"output label 'H' appears in no input of 'AB,BC->H'">>({} as SublistCheck<[...Two, [1, 2], [7]]>);
// A tensor where a list belongs (a forgotten list) is refused where the runtime refuses it.
expectType<EinsumTypeError<"the output list of [0, 1], Tensor must be an array of label numbers (0 to 51) and '...', such as [0, 1]; got Tensor">>(
  {} as SublistCheck<Two>,
);
expectType<EinsumTypeError<"the list of operand 1 of [0, 1], Tensor, [0, 1] must be an array of label numbers (0 to 51) and '...', such as [0, 1]; got Tensor">>(
  {} as SublistCheck<[...Two, M<readonly [4]>, [0, 1]]>,
);
expectType<'ok'>({} as SublistCheck<[...Two, [1, 2], [0, 2]]>);
expectType<readonly [2, 4]>({} as SublistShape<[...Two, [1, 2], [0, 2]]>);
