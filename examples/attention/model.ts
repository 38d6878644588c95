/**
 * The model code: plain einsum calls, in both forms. Nothing here knows about the codegen —
 * `typed-einsum codegen` finds these calls, reads the operand shapes from their types and emits
 * specialized kernels for them into einsum-kernels.generated.ts.
 */
import { einsum, type Tensor } from 'typed-einsum';
import * as te from 'typed-einsum';

export type Queries = Tensor<readonly [1, 2, 2, 4], 'float64'>;
export type Keys = Tensor<readonly [1, 3, 2, 4], 'float64'>;
export type Matrix = Tensor<readonly [3, 3], 'float64'>;
export type Vector = Tensor<readonly [3], 'float64'>;

/** Attention scores, value form: batch n, heads h, queries q, keys k, head dimension d. */
export function scores(q: Queries, k: Keys) {
  return einsum('nqhd,nkhd->nhqk', q, k);
}

/** The same with the subscripts as a type argument; the codegen's --emit-sources rewrites it. */
export function scoresTyped(q: Queries, k: Keys) {
  return einsum<'nqhd,nkhd->nhqk'>(q, k);
}

/** A 3x3 matrix-vector product, through a namespace import. */
export function matvec(m: Matrix, v: Vector) {
  return te.einsum('ij,j->i', m, v);
}

export function matvecTyped(m: Matrix, v: Vector) {
  return einsum<'ij,j->i'>(m, v);
}

/** Rows of any count projected to 3 features: the rank is static, the row count is not, so the
 *  codegen emits a rank-specialized kernel that takes it as a parameter. */
export function project(x: Tensor<readonly [number, 4], 'float64'>, w: Tensor<readonly [4, 3], 'float64'>) {
  return einsum('nd,de->ne', x, w);
}
