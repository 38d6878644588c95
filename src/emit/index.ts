/** The emitter: lower (Binding -> loop-nest IR), emit (IR -> text), and its two sinks (JIT, file). */
export type { KernelIR, KernelKey, Loop, LoopMode, Nest } from './ir.js';
export { lower, unrolling, FULL_UNROLL, UNROLL_BUDGET, FUSED_MAX } from './lower.js';
export { emitKernel, jitSource, typedSource, type EmittedKernel } from './emit.js';
export { canEval, instantiate, type RawKernel } from './jit.js';
export { baseName, kernelName } from './name.js';
export { SpecializedKernel } from './kernel.js';
export { keyFor, specialize } from './specialize.js';
export { analyzeDynamic, emitDynamic, type DynamicKey, type DynamicLayout } from './dynamic.js';
export { DynamicKernel } from './dynamic-kernel.js';
