/**
 * The contractions the browser pages run and the Node side recomputes: operands come from
 * random(shape, { seed, dtype }), so both sides start from the same numbers.
 */
import { einsum, random, type DType, type Tensor } from '../../src/index.js';

export interface BrowserCase {
  readonly subscripts: string;
  readonly shapes: readonly (readonly number[])[];
  readonly dtype: DType;
}

export const CASES: readonly BrowserCase[] = [
  { subscripts: 'ij,jk->ik', shapes: [[256, 256], [256, 256]], dtype: 'float64' }, // the wasm GEMM
  { subscripts: 'ij,jk->ik', shapes: [[256, 256], [256, 256]], dtype: 'float32' },
  { subscripts: 'nqhd,nkhd->nhqk', shapes: [[1, 2, 2, 4], [1, 3, 2, 4]], dtype: 'float64' },
  { subscripts: 'bi,ij,bj->b', shapes: [[64, 32], [32, 32], [64, 32]], dtype: 'float64' },
  { subscripts: '...ij,...jk->...ik', shapes: [[3, 2, 4], [1, 4, 5]], dtype: 'float32' },
  { subscripts: 'ii->i', shapes: [[5, 5]], dtype: 'float64' },
  { subscripts: 'ij,ij->', shapes: [[40, 30], [40, 30]], dtype: 'int32' },
  { subscripts: 'ijk->kji', shapes: [[4, 5, 6]], dtype: 'int32' },
];

export interface CaseResult {
  readonly shape: readonly number[];
  readonly values: number[];
}

export function runCase(c: BrowserCase, seed: number): CaseResult {
  const operands: Tensor[] = c.shapes.map((shape, i) => random(shape, { seed: seed + i, dtype: c.dtype }));
  const result = (einsum as (s: string, ...o: Tensor[]) => Tensor)(c.subscripts, ...operands);
  return { shape: [...result.shape], values: Array.from(result.data) };
}
