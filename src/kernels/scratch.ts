/**
 * Scratch buffers shared by the kernels. Allocated once, grown on demand, never shrunk, so a hot
 * loop of small contractions allocates nothing. The kernels are synchronous and never re-enter one
 * another while holding a buffer, so module-level state is safe.
 */

let panelA = new Float64Array(0);
let panelB = new Float64Array(0);
let blockC = new Float64Array(0);
let accumulator = new Float64Array(0);

/** Capacity rounded up to a power of two so that a slowly growing size does not reallocate often. */
function grow(length: number): number {
  let size = 64;
  while (size < length) size *= 2;
  return size;
}

export function scratchA(length: number): Float64Array {
  if (panelA.length < length) panelA = new Float64Array(grow(length));
  return panelA;
}

export function scratchB(length: number): Float64Array {
  if (panelB.length < length) panelB = new Float64Array(grow(length));
  return panelB;
}

export function scratchC(length: number): Float64Array {
  if (blockC.length < length) blockC = new Float64Array(grow(length));
  return blockC;
}

/** A float64 accumulator for reductions whose output is not itself float64. */
export function scratchAccumulator(length: number): Float64Array {
  if (accumulator.length < length) accumulator = new Float64Array(grow(length));
  return accumulator;
}
