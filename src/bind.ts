/**
 * Binding: parsed subscripts + operand shapes -> one size per label and, for every operand, a
 * list of distinct labels with one stride each. This is where numpy's rules live:
 *   - a label repeated inside a term becomes one label whose stride is the sum of its strides
 *     (the diagonal, as a view), and its sizes must agree exactly;
 *   - '...' expands to label ids LABEL_COUNT + j, right-aligned across operands, broadcasting;
 *   - a size-1 dimension broadcasts against the label's size elsewhere: its stride becomes 0.
 * The result is structural (no data), so a plan can be cached on it.
 */
import { EinsumError } from './errors.js';
import { labelChar, messages } from './messages.js';
import { ELLIPSIS, LABEL_COUNT, type Subscripts, type Term } from './parse.js';

export interface OperandLayout {
  readonly shape: readonly number[];
  readonly strides: readonly number[];
}

export interface BoundOperand {
  /** Distinct label ids: 0..51 for letters, LABEL_COUNT + j for the j-th '...' dimension. */
  readonly labels: readonly number[];
  /** The element stride of each label; the sum for a diagonal, 0 where a size 1 broadcasts. */
  readonly strides: readonly number[];
}

export interface Binding {
  readonly subscripts: Subscripts;
  /** Size of each label id; -1 for an id that no operand uses. */
  readonly sizes: readonly number[];
  readonly operands: readonly BoundOperand[];
  /** The output's label ids in order, '...' expanded. */
  readonly output: readonly number[];
  /** How many dimensions '...' stands for after broadcasting. */
  readonly ellipsisRank: number;
}

/** A readable name for a label id, for messages and reports. */
export function labelName(label: number): string {
  return label < LABEL_COUNT ? labelChar(label) : `...${label - LABEL_COUNT}`;
}

export function bind(subscripts: Subscripts, layouts: readonly OperandLayout[]): Binding {
  const { source, inputs } = subscripts;
  if (inputs.length !== layouts.length) {
    throw new EinsumError('OPERAND_COUNT', messages.operandCount(source, inputs.length, layouts.length), source);
  }

  // Ranks, and how many dimensions each operand's '...' covers.
  let ellipsisRank = 0;
  const ellipsisDims = inputs.map((term, i) => {
    const rank = layouts[i].shape.length;
    const named = term.labels.length - (term.ellipsis >= 0 ? 1 : 0);
    if (term.ellipsis < 0 ? rank !== named : rank < named) {
      throw new EinsumError('RANK', messages.rank(source, i, term.text, layouts[i].shape), source);
    }
    const dims = term.ellipsis >= 0 ? rank - named : 0;
    ellipsisRank = Math.max(ellipsisRank, dims);
    return dims;
  });

  // One size per label: the first size other than 1 wins; 1 broadcasts; anything else clashes.
  const sizes = new Array<number>(LABEL_COUNT + ellipsisRank).fill(-1);
  const sizeFrom = new Array<number>(LABEL_COUNT + ellipsisRank).fill(-1);
  const axisLabels = axisLabelIds(inputs, ellipsisDims, ellipsisRank);
  axisLabels.forEach((ids, i) => {
    const shape = layouts[i].shape;
    const own = new Map<number, number>();
    ids.forEach((label, axis) => {
      const size = shape[axis];
      const before = own.get(label);
      if (before !== undefined && before !== size) {
        throw new EinsumError('SIZE', messages.diagonalClash(source, labelChar(label), i, before, size), source);
      }
      own.set(label, size);
      if (sizes[label] === -1 || (sizes[label] === 1 && size !== 1)) {
        sizes[label] = size;
        sizeFrom[label] = i;
      } else if (size !== 1 && size !== sizes[label]) {
        if (label >= LABEL_COUNT) {
          const mine = shape.slice(term0(subscripts, i), term0(subscripts, i) + ellipsisDims[i]);
          throw new EinsumError('SIZE', messages.ellipsisClash(source, i, mine, broadcastBefore(subscripts, layouts, ellipsisDims, i)), source);
        }
        throw new EinsumError('SIZE', messages.sizeClash(source, labelChar(label), sizeFrom[label], sizes[label], i, size), source);
      }
    });
  });
  // A size-1 label that met only 1s (or only 0 elsewhere) keeps its size; ids never used stay -1.

  const operands = axisLabels.map((ids, i) => {
    const labels: number[] = [];
    const strides: number[] = [];
    ids.forEach((label, axis) => {
      const stride = layouts[i].shape[axis] === 1 && sizes[label] !== 1 ? 0 : layouts[i].strides[axis];
      const at = labels.indexOf(label);
      if (at >= 0) strides[at] += stride;
      else {
        labels.push(label);
        strides.push(stride);
      }
    });
    return { labels, strides };
  });

  const output: number[] = [];
  for (const label of subscripts.output.labels) {
    if (label !== ELLIPSIS) output.push(label);
    else for (let j = 0; j < ellipsisRank; j++) output.push(LABEL_COUNT + j);
  }
  return { subscripts, sizes, operands, output, ellipsisRank };
}

/**
 * The label id of every axis of every operand: letters as themselves, operand i's '...' as the
 * last `ellipsisDims[i]` of the ids LABEL_COUNT .. LABEL_COUNT + ellipsisRank - 1 (right-aligned,
 * numpy's broadcasting).
 */
export function axisLabelIds(inputs: readonly Term[], ellipsisDims: readonly number[], ellipsisRank: number): number[][] {
  return inputs.map((term, i) => {
    const ids: number[] = [];
    for (const label of term.labels) {
      if (label !== ELLIPSIS) ids.push(label);
      else for (let j = 0; j < ellipsisDims[i]; j++) ids.push(LABEL_COUNT + ellipsisRank - ellipsisDims[i] + j);
    }
    return ids;
  });
}

/** The axis where operand i's '...' starts. */
function term0(subscripts: Subscripts, i: number): number {
  return Math.max(0, subscripts.inputs[i].ellipsis);
}

/**
 * The '...' shape the operands before `operand` broadcast to (right-aligned, the first size other
 * than 1 wins): what a clashing operand's '...' dimensions are compared with. Not read from
 * `sizes`, which the clashing operand has already written its own leading dimensions into.
 */
function broadcastBefore(subscripts: Subscripts, layouts: readonly OperandLayout[], ellipsisDims: readonly number[], operand: number): number[] {
  let broadcast: number[] = [];
  for (let j = 0; j < operand; j++) {
    if (subscripts.inputs[j].ellipsis < 0) continue;
    const dims = layouts[j].shape.slice(term0(subscripts, j), term0(subscripts, j) + ellipsisDims[j]);
    const rank = Math.max(broadcast.length, dims.length);
    broadcast = Array.from({ length: rank }, (_, k) => {
      const known = broadcast[broadcast.length - rank + k] ?? 1;
      const size = dims[dims.length - rank + k] ?? 1;
      return known === 1 ? size : known;
    });
  }
  return broadcast;
}
