/**
 * Rank-specialized kernels: where the types fix an operand's rank but not all its sizes, one kernel
 * takes the open sizes as parameters. The key fixes subscripts, ranks, dtypes and whichever sizes the types
 * know (`Tensor<readonly [number, 4]>` -> [null, 4]); the loop nest takes the other sizes, and every
 * operand's strides, as parameters, so one kernel serves contiguous operands and views alike.
 *
 * Signature: (d0, o0, s0, d1, o1, s1, ..., r, ro, n) — each operand's data, offset and strides (one
 * per distinct label, diagonals summed, 0 where a size 1 broadcasts: the Binding's strides), the
 * result's data and offset (written contiguously, each element once), and the sizes of the labels
 * the key leaves open, in label-id order. DynamicKernel (dynamic-kernel.ts) computes s and n per
 * call with bind()'s rules and falls back to the engine on anything else.
 *
 * Plain loops, no unrolling (sizes unknown), output labels outermost in output order, summed labels
 * innermost — the one nearest the end of its terms innermost (the smallest stride when contiguous).
 * The text goes through the same sinks as the fixed kernels (jitSource, typedSource).
 */
import { axisLabelIds, bind, labelName, type Binding } from '../bind.js';
import { computeDType, type DType } from '../dtype.js';
import { ARITHMETIC } from './arith.js';
import { parse } from '../parse.js';
import type { EmittedKernel } from './emit.js';
import { FULL_UNROLL } from './lower.js';
import { ARRAY_TYPE, baseName } from './name.js';
import { CodeWriter } from './writer.js';

export interface DynamicKey {
  readonly subscripts: string;
  /** Each operand's sizes; null where only the run time knows. */
  readonly shapes: readonly (readonly (number | null)[])[];
  readonly dtypes: readonly DType[];
  readonly dtype: DType;
}

export interface DynamicLayout {
  /** The label id of every axis of every operand. */
  readonly axes: readonly (readonly number[])[];
  /** Each operand's distinct labels, in first-appearance order (the order of its strides). */
  readonly labels: readonly (readonly number[])[];
  readonly output: readonly number[];
  /** Size of each label id: a number when the key fixes it, -1 when it is a parameter, -2 unused. */
  readonly sizes: readonly number[];
  /** The label ids whose sizes are parameters, ascending: the order of `n`. */
  readonly open: readonly number[];
  /** The binding with placeholder sizes (static checks done, label ids known). */
  readonly binding: Binding;
}

/** Label ids per axis, '...' right-aligned as bind() numbers it (ranks unchecked: bind() checks them). */
function axisLabels(subscripts: string, ranks: readonly number[]): number[][] {
  const { inputs } = parse(subscripts);
  const dims = inputs.map((term, i) => (term.ellipsis >= 0 ? Math.max(0, ranks[i] - (term.labels.length - 1)) : 0));
  return axisLabelIds(inputs, dims, Math.max(0, ...dims));
}

/**
 * The static part of a dynamic key: known sizes checked against each other with bind() (an unknown
 * size stands in as the label's known size, or 2), which throws the runtime's EinsumError.
 */
export function analyzeDynamic(key: DynamicKey): DynamicLayout {
  const axes = axisLabels(key.subscripts, key.shapes.map((s) => s.length));
  const known = new Map<number, number>();
  const seen = new Map<number, boolean>(); // label -> every occurrence known
  key.shapes.forEach((shape, i) => {
    (axes[i] ?? []).forEach((label, axis) => {
      const size = shape[axis];
      seen.set(label, (seen.get(label) ?? true) && size !== null && size !== undefined);
      if (size !== null && size !== undefined && (!known.has(label) || known.get(label) === 1)) known.set(label, size);
    });
  });
  // An open size stands in as the same label's known size in its own term (a diagonal), else elsewhere, else 2.
  const placeholder = key.shapes.map((shape, i) =>
    shape.map((size, axis) => {
      const label = axes[i]?.[axis];
      const own = shape.find((s, b) => s !== null && axes[i][b] === label);
      return size ?? own ?? known.get(label) ?? 2;
    }),
  );
  const layouts = placeholder.map((shape) => ({ shape, strides: shape.map(() => 1) }));
  const binding = bind(parse(key.subscripts), layouts); // rank and static size errors, as at run time
  const sizes = binding.sizes.map((_, label) => {
    if (!seen.has(label)) return -2;
    const k = known.get(label);
    return k !== undefined && (k !== 1 || seen.get(label)) ? binding.sizes[label] : -1;
  });
  const open = sizes.flatMap((s, label) => (s === -1 ? [label] : []));
  return { axes, labels: binding.operands.map((o) => o.labels), output: binding.output, sizes, open, binding };
}

export function emitDynamic(key: DynamicKey, layout: DynamicLayout = analyzeDynamic(key)): EmittedKernel {
  const n = key.shapes.length;
  const params: string[] = [];
  const types: string[] = [];
  for (let j = 0; j < n; j++) {
    params.push(`d${j}`, `o${j}`, `s${j}`);
    types.push(ARRAY_TYPE[key.dtypes[j]], 'number', 'ArrayLike<number>');
  }
  params.push('r', 'ro', 'n');
  types.push(ARRAY_TYPE[key.dtype], 'number', 'ArrayLike<number>');

  const w = new CodeWriter();
  const sizeOf = (label: number): string => (layout.sizes[label] >= 0 ? String(layout.sizes[label]) : `n${layout.open.indexOf(label)}`);
  layout.open.forEach((label, k) => w.line(`const n${k} = n[${k}]; // ${labelName(label)}`));
  layout.labels.forEach((labels, j) => {
    if (labels.length > 0) w.line(`const ${labels.map((_, t) => `s${j}_${t} = s${j}[${t}]`).join(', ')};`);
  });

  const output = layout.output;
  const used = [...new Set(layout.labels.flat())];
  const summed = used.filter((l) => !output.includes(l));
  // Distance from the end of a term: 0 for a last axis. The smallest distance goes innermost.
  const depth = (label: number): number => Math.max(...layout.axes.map((ids) => (ids.includes(label) ? ids.length - 1 - ids.lastIndexOf(label) : 0)));
  summed.sort((a, b) => depth(b) - depth(a) || a - b);
  const order = [...output, ...summed];

  if (output.length > 0) w.line('let q = ro;');
  const compute = computeDType(key.dtypes, key.dtype);
  const arith = ARITHMETIC[compute];
  const natives = key.dtypes.map((d) => d === compute);
  const product = (pos: readonly string[]): string => arith.product(pos.map((p, j) => `d${j}[${p}]`), natives);
  const store = (value: string): void => void w.line(`${output.length > 0 ? 'r[q++]' : 'r[ro]'} = ${value};`);
  const loop = (k: number, pos: readonly string[]): void => {
    if (k === output.length && summed.length > 0) w.line('let acc = 0;');
    const label = order[k];
    if (k === order.length) {
      if (summed.length > 0) w.line(arith.accumulate('acc', [product(pos)]));
      else store(product(pos));
    } else if (k === order.length - 1 && layout.sizes[label] >= 0 && layout.sizes[label] <= FULL_UNROLL) {
      // The innermost loop, of a small known size: unrolled, offsets as multiples of the stride.
      const terms: string[] = [];
      for (let u = 0; u < layout.sizes[label]; u++) {
        terms.push(product(pos.map((p, j) => {
          const t = layout.labels[j].indexOf(label);
          return t < 0 || u === 0 ? p : `${p} + ${u === 1 ? '' : `${u} * `}s${j}_${t}`;
        })));
      }
      if (summed.length > 0) w.line(arith.accumulate('acc', terms));
      else terms.forEach(store);
    } else {
      // Positions advance by their stride (no multiply per element).
      const init = [`i${k} = 0`];
      const step = [`i${k}++`];
      const next = pos.map((p, j) => {
        const t = layout.labels[j].indexOf(label);
        if (t < 0) return p;
        init.push(`p${j}_${k} = ${p}`);
        step.push(`p${j}_${k} += s${j}_${t}`);
        return `p${j}_${k}`;
      });
      w.block(`for (let ${init.join(', ')}; i${k} < ${sizeOf(label)}; ${step.join(', ')}) {`, () => loop(k + 1, next));
    }
    if (k === output.length && summed.length > 0) store('acc');
  };
  loop(0, key.shapes.map((_, j) => `o${j}`));
  return { name: baseName(key), params, types, prelude: [], body: w.text().split('\n') };
}
