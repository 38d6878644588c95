/**
 * The numeric kernels the engine calls: one pairwise product, one single-operand step. The
 * prepare* forms fix route and loop order once (plan time) and return a kernel that only loops.
 */
export { gemm, packsPanels, prepareGemm, PACK_THRESHOLD, type Gathers, type PairKernel } from './gemm.js';
export { gemmBatched, prepareGemmBatched } from './gemm-batched.js';
export { pack, prepareReduce, reduceInto } from './reduce.js';
export { copyStrided, fillStrided, prepareCopy, prepareFill } from './copy.js';
export type { UnaryKernel } from './axes.js';
