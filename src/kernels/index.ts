/** The numeric kernels the engine calls: one pairwise product entry point, one single-operand one. */
export { gemm, PACK_THRESHOLD } from './gemm.js';
export { gemmBatched } from './gemm-batched.js';
export { pack, reduceInto } from './reduce.js';
export { copyStrided, fillStrided } from './copy.js';
