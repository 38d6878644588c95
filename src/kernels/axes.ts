/**
 * Loop-nest normalization shared by the single-operand kernels. An axis list is a set of parallel
 * arrays (size, and one stride per array the loop walks), outermost first. Size-1 axes are dropped
 * and adjacent axes that step like one longer axis in every array are merged, so that, e.g., a
 * contiguous 64×64×64 copy becomes one loop of 262144 and a loop nest's overhead is paid once.
 */
import type { TypedArray } from '../dtype.js';

/**
 * A single-operand kernel with its route, loop order and strides fixed at prepare time: a call
 * does the loops and nothing else (no normalization, no allocation).
 */
export type UnaryKernel = (src: TypedArray, srcOffset: number, dst: TypedArray, dstOffset: number) => void;

/** The kernel for an empty loop nest (some size is 0): nothing to read or write. */
export const NOTHING = (): void => {};

export interface Axes {
  sizes: number[];
  /** strides[w][axis]: the stride of walker w (source, destination, ...) along the axis. */
  strides: number[][];
}

/** Drop size-1 axes (they move nothing), keeping order. */
export function dropOnes(sizes: readonly number[], strides: readonly (readonly number[])[]): Axes {
  const out: Axes = { sizes: [], strides: strides.map(() => []) };
  for (let i = 0; i < sizes.length; i++) {
    if (sizes[i] === 1) continue;
    out.sizes.push(sizes[i]);
    for (let w = 0; w < strides.length; w++) out.strides[w].push(strides[w][i]);
  }
  return out;
}

/** Merge axis i into axis i+1 wherever stepping i once equals stepping i+1 all the way, for every walker. */
export function mergeAxes(axes: Axes): Axes {
  const { sizes, strides } = axes;
  if (sizes.length < 2) return axes;
  const out: Axes = { sizes: [sizes[0]], strides: strides.map((s) => [s[0]]) };
  for (let i = 1; i < sizes.length; i++) {
    const last = out.sizes.length - 1;
    let mergeable = true;
    for (let w = 0; w < strides.length; w++) {
      if (out.strides[w][last] !== strides[w][i] * sizes[i]) {
        mergeable = false;
        break;
      }
    }
    if (mergeable) {
      out.sizes[last] *= sizes[i];
      for (let w = 0; w < strides.length; w++) out.strides[w][last] = strides[w][i];
    } else {
      out.sizes.push(sizes[i]);
      for (let w = 0; w < strides.length; w++) out.strides[w].push(strides[w][i]);
    }
  }
  return out;
}

/** Reorder axes so walker w's strides decrease in magnitude (its innermost loop is its smallest step). */
export function sortByStride(axes: Axes, w: number): Axes {
  const order = axes.sizes.map((_, i) => i);
  const key = axes.strides[w];
  // Stable: equal strides keep their given order.
  order.sort((x, y) => Math.abs(key[y]) - Math.abs(key[x]) || x - y);
  return {
    sizes: order.map((i) => axes.sizes[i]),
    strides: axes.strides.map((s) => order.map((i) => s[i])),
  };
}

