// The words of every refusal the types can know, compared as branded message types: the same
// sentences as src/messages.ts (runtime positions included; the runtime's caret line aside).
import { expectType } from 'tsd';
import type { Tensor } from '../src/tensor.js';
import type { CompileCheck, ContractPathCheck, EinsumCheck, EinsumTypeError } from '../types/index.js';

type M<S extends readonly number[]> = Tensor<S, 'float64'>;
type Two = [M<readonly [2, 3]>, M<readonly [3, 4]>];

// SYNTAX
expectType<EinsumTypeError<"invalid character '#' at position 3 in 'ij,#k'">>({} as EinsumCheck<'ij,#k', Two>);
expectType<EinsumTypeError<"invalid character '1' at position 1 in 'i1,jk'">>({} as EinsumCheck<'i1,jk', Two>);
expectType<EinsumTypeError<"'.' at position 2 is not part of an ellipsis '...' in 'ij.,jk'">>({} as EinsumCheck<'ij.,jk', Two>);
expectType<EinsumTypeError<"'.' at position 1 is not part of an ellipsis '...' in '..ij,jk'">>({} as EinsumCheck<'..ij,jk', Two>);
expectType<EinsumTypeError<"a term may hold '...' only once; a second one is at position 4 in '...i...,jk'">>({} as EinsumCheck<'...i...,jk', Two>);
expectType<EinsumTypeError<"a second '->' at position 9 in 'ij,jk->ik->i'; there is at most one output">>({} as EinsumCheck<'ij,jk->ik->i', Two>);
expectType<EinsumTypeError<"lone '-' at position 5 in 'ij,jk-ik'; the output arrow is '->'">>({} as EinsumCheck<'ij,jk-ik', Two>);
expectType<EinsumTypeError<"lone '>' at position 5 in 'ij,jk>ik'; the output arrow is '->'">>({} as EinsumCheck<'ij,jk>ik', Two>);
expectType<EinsumTypeError<"',' at position 6 is in the output of 'ij->ij,jk'; the output is one term">>({} as EinsumCheck<'ij->ij,jk', Two>);

// OUTPUT
expectType<EinsumTypeError<"output label 'i' appears more than once in 'ij,jk->ii'">>({} as EinsumCheck<'ij,jk->ii', Two>);
expectType<EinsumTypeError<"output label 'x' appears in no input of 'ij,jk->ix'">>({} as EinsumCheck<'ij,jk->ix', Two>);

// OPERAND_COUNT
expectType<EinsumTypeError<"'ij,jk' names 2 operands but 1 was given">>({} as EinsumCheck<'ij,jk', [M<readonly [2, 3]>]>);
expectType<EinsumTypeError<"'ij' names 1 operand but 2 were given">>({} as EinsumCheck<'ij', Two>);

// RANK
expectType<EinsumTypeError<"operand 1 ('jkl') has rank 3 but its shape is [3, 4] in 'ij,jkl'">>({} as EinsumCheck<'ij,jkl', Two>);
expectType<EinsumTypeError<"operand 0 ('i') has rank 1 but its shape is [2, 3] in 'i,jk'">>({} as EinsumCheck<'i,jk', Two>);
expectType<EinsumTypeError<"operand 0 ('...ijk') has at least rank 3 but its shape is [2, 3] in '...ijk,jk'">>({} as EinsumCheck<'...ijk,jk', Two>);
expectType<EinsumTypeError<"operand 0 ('ij') has rank 2 but its shape is [number, number, number] in 'ij,jk'">>(
  {} as EinsumCheck<'ij,jk', [M<readonly [number, number, number]>, M<readonly [3, 4]>]>,
);

// SIZE
expectType<EinsumTypeError<"label 'j' is 3 in operand 0 but 4 in operand 1 in 'ij,jk->ik'">>(
  {} as EinsumCheck<'ij,jk->ik', [M<readonly [2, 3]>, M<readonly [4, 5]>]>,
);
expectType<EinsumTypeError<"label 'j' is 3 in operand 1 but 4 in operand 2 in 'ij,jk,jl'">>(
  {} as EinsumCheck<'ij,jk,jl', [M<readonly [2, 1]>, M<readonly [3, 5]>, M<readonly [4, 5]>]>,
);
expectType<EinsumTypeError<"label 'i' repeats in operand 0 with sizes 3 and 4 in 'ii->i'; a diagonal needs equal sizes">>(
  {} as EinsumCheck<'ii->i', [M<readonly [3, 4]>]>,
);
expectType<EinsumTypeError<"label 'i' repeats in operand 0 with sizes 1 and 4 in 'ii'; a diagonal needs equal sizes">>(
  {} as EinsumCheck<'ii', [M<readonly [1, 4]>]>,
);
expectType<EinsumTypeError<"the '...' dimensions [3, 4] of operand 1 do not broadcast with [5, 2] in '...,...'">>(
  {} as EinsumCheck<'...,...', [M<readonly [5, 2]>, M<readonly [3, 4]>]>,
);

// Nested arrays, contractPath and compile say the same.
expectType<EinsumTypeError<"label 'j' is 3 in operand 0 but 2 in operand 1 in 'ij,jk'">>(
  {} as EinsumCheck<'ij,jk', [readonly [readonly [1, 2, 3]], readonly [readonly [1], readonly [2]]]>,
);
expectType<EinsumTypeError<"label 'j' is 3 in operand 0 but 4 in operand 1 in 'ij,jk'">>(
  {} as ContractPathCheck<'ij,jk', [readonly [2, 3], readonly [4, 5]]>,
);
expectType<EinsumTypeError<"operand 1 ('jk') has rank 2 but its shape is [4] in 'ij,jk'">>({} as CompileCheck<'ij,jk', [readonly [2, 3], readonly [4]]>);

// No error: 'ok'.
expectType<'ok'>({} as EinsumCheck<'ij,jk->ik', Two>);
expectType<'ok'>({} as EinsumCheck<string, Two>);
expectType<'ok'>({} as EinsumCheck<'ij,jk', [M<readonly number[]>, M<readonly [7, 4]>]>);
