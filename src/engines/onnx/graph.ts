/**
 * The ONNX graph of one contraction: typed-einsum's path, one group of nodes per step.
 *
 * Every tensor of the graph carries distinct label ids. A pairwise step A·B keeping `kept`:
 *   1. labels only one side has and nobody needs are summed out of that side (ReduceSum);
 *   2. a true matrix product (something summed between A and B, and something kept from one of
 *      them: the plan's classification of the step, made once in plan/classify.ts) runs as Transpose A to [batch, M, K] and B to [batch, K, N], Reshape both to 3-d
 *      (2-d without batch labels), MatMul, Reshape back: measured with onnxruntime-node 1.30,
 *      this is as fast as ORT's Einsum on a plain 512³ product and 2.6x faster on attention
 *      ('nqhd,nkhd->nhqk', n8 q=k256 h8 d64), where ORT's Einsum copies around its own MatMul;
 *   3. everything else (a dot product, an elementwise or outer product) is one Einsum node.
 * The last step writes the output's label order; a lone operand is summed and transposed.
 * The graph never sees a broadcasting size-1 dimension (the inputs are squeezed, see inputs.ts)
 * nor a size-0 one (the engine answers those without ORT).
 */
import { labelName } from '../../bind.js';
import { EinsumError } from '../../errors.js';
import { keptLabels } from '../../path/cost.js';
import { onnxMessages } from './messages.js';
import { encodeModel, type Attribute, type ConstantSpec, type NodeSpec, type OnnxElementType } from './proto.js';

/** What the graph is built from: label ids per input, their sizes, the output, a linear path. */
export interface GraphRequest {
  /** Size of each label id. */
  readonly sizes: readonly number[];
  /** The label ids of each graph input, in its axis order. */
  readonly inputs: readonly (readonly number[])[];
  readonly output: readonly number[];
  /** opt_einsum's linear path: positions in the current list, results appended. */
  readonly path: readonly (readonly number[])[];
  readonly type: OnnxElementType;
  /** Per path step, whether it is a true matrix product: the plan's classification (plan/classify.ts). */
  readonly matrixProducts: readonly boolean[];
  /**
   * false: products and sums as Einsum nodes only, for a provider without MatMul and ReduceSum
   * kernels of this type (onnxruntime-web's wasm build has neither for float64).
   */
  readonly matmul: boolean;
}

export interface Graph {
  readonly model: Uint8Array;
  /** The op types of the nodes, in order (for tests and reports). */
  readonly ops: readonly string[];
  /** Each path step as it runs, in labels: 'ij,jk->ik' (tests check that the caller's path runs). */
  readonly steps: readonly string[];
}

/** ONNX opset 17: ReduceSum takes its axes as an input (13+); ORT 1.30 runs up to 23. */
const OPSET = 17;
export const INPUT = (i: number): string => `x${i}`;
export const OUTPUT = 'y';

interface Value {
  readonly name: string;
  readonly labels: readonly number[];
}

class GraphBuilder {
  readonly nodes: NodeSpec[] = [];
  readonly constants: ConstantSpec[] = [];
  private count = 0;

  constructor(
    private readonly sizes: readonly number[],
    private readonly matmul: boolean,
  ) {}

  private node(op: string, inputs: readonly string[], attributes?: readonly Attribute[]): string {
    const output = `t${this.count++}`;
    this.nodes.push({ op, inputs, outputs: [output], attributes });
    return output;
  }

  private constant(values: readonly number[]): string {
    const name = `c${this.constants.length}`;
    this.constants.push({ name, values });
    return name;
  }

  private shapeOf(labels: readonly number[]): number[] {
    return labels.map((l) => this.sizes[l]);
  }

  /** The value with its labels in `order` (a permutation of its own). */
  transpose(v: Value, order: readonly number[]): Value {
    const perm = order.map((l) => v.labels.indexOf(l));
    if (perm.every((p, i) => p === i)) return v;
    return { name: this.node('Transpose', [v.name], [{ name: 'perm', ints: perm }]), labels: order };
  }

  /** The value with every label not in `keep` summed away (its other labels keep their order). */
  sumTo(v: Value, keep: (label: number) => boolean): Value {
    const axes = v.labels.flatMap((l, axis) => (keep(l) ? [] : [axis]));
    if (axes.length === 0) return v;
    const labels = v.labels.filter(keep);
    if (!this.matmul) return { name: this.einsum([v], labels), labels };
    return { name: this.node('ReduceSum', [v.name, this.constant(axes)], [{ name: 'keepdims', int: 0 }]), labels };
  }

  private reshape(name: string, from: readonly number[], to: readonly number[]): string {
    if (from.length === to.length && from.every((d, i) => d === to[i])) return name;
    return this.node('Reshape', [name, this.constant(to)]);
  }

  /**
   * a·b keeping `kept`, in `order` when given (the final step), else in [batch, M, N] order: a
   * matrix product through MatMul (when the provider has it for this type), anything else, or
   * everything without MatMul, as one Einsum node.
   */
  product(a: Value, b: Value, kept: readonly number[], matrixProduct: boolean, order?: readonly number[]): Value {
    const keep = new Set(kept);
    if (!this.matmul || !matrixProduct) {
      const labels = order ?? kept.filter((l) => a.labels.includes(l) || b.labels.includes(l));
      return { name: this.einsum([a, b], labels), labels };
    }
    a = this.sumTo(a, (l) => keep.has(l) || b.labels.includes(l));
    b = this.sumTo(b, (l) => keep.has(l) || a.labels.includes(l));
    const shared = a.labels.filter((l) => b.labels.includes(l));
    const batch = shared.filter((l) => keep.has(l));
    const k = shared.filter((l) => !keep.has(l));
    const m = a.labels.filter((l) => !b.labels.includes(l));
    const n = b.labels.filter((l) => !a.labels.includes(l));
    const natural = [...batch, ...m, ...n];
    const size = (labels: readonly number[]) => labels.reduce((p, l) => p * this.sizes[l], 1);
    const lead = batch.length > 0 ? [size(batch)] : [];
    const at = this.transpose(a, [...batch, ...m, ...k]);
    const bt = this.transpose(b, [...batch, ...k, ...n]);
    const a3 = this.reshape(at.name, this.shapeOf(at.labels), [...lead, size(m), size(k)]);
    const b3 = this.reshape(bt.name, this.shapeOf(bt.labels), [...lead, size(k), size(n)]);
    const y3 = this.node('MatMul', [a3, b3]);
    const y = { name: this.reshape(y3, [...lead, size(m), size(n)], this.shapeOf(natural)), labels: natural };
    return order ? this.transpose(y, order) : y;
  }

  /** One Einsum node over `values` writing `output`; labels are renamed to letters per node. */
  private einsum(values: readonly Value[], output: readonly number[]): string {
    const letters = new Map<number, string>();
    const letter = (l: number): string => {
      let s = letters.get(l);
      if (s === undefined) {
        if (letters.size === 52) throw new EinsumError('ARGUMENT', onnxMessages.tooManyLabels());
        s = String.fromCharCode(letters.size < 26 ? 97 + letters.size : 65 + letters.size - 26);
        letters.set(l, s);
      }
      return s;
    };
    const term = (labels: readonly number[]) => labels.map(letter).join('');
    const equation = `${values.map((v) => term(v.labels)).join(',')}->${term(output)}`;
    return this.node('Einsum', values.map((v) => v.name), [{ name: 'equation', string: equation }]);
  }

  /** Names the graph's result: the last node's output, or an Identity of an input. */
  finish(v: Value): void {
    const last = this.nodes[this.nodes.length - 1];
    if (last && last.outputs[0] === v.name) this.nodes[this.nodes.length - 1] = { ...last, outputs: [OUTPUT] };
    else this.nodes.push({ op: 'Identity', inputs: [v.name], outputs: [OUTPUT] });
  }
}

export function buildGraph(request: GraphRequest): Graph {
  const { sizes, output, path, type } = request;
  const g = new GraphBuilder(sizes, request.matmul);
  let list: Value[] = request.inputs.map((labels, i) => ({ name: INPUT(i), labels }));
  const steps: string[] = [];
  const text = (labels: readonly number[]) => labels.map(labelName).join('');
  path.forEach((step, index) => {
    const positions = [...step].sort((p, q) => p - q);
    const rest = list.filter((_, p) => !positions.includes(p));
    const [a, b] = positions.map((p) => list[p]);
    const last = index === path.length - 1;
    const kept = keptLabels(a.labels, b.labels, rest.map((v) => v.labels), output);
    const result = g.product(a, b, kept, request.matrixProducts[index], last ? output : undefined);
    steps.push(`${text(a.labels)},${text(b.labels)}->${text(result.labels)}`);
    list = [...rest, result];
  });
  const out = new Set(output);
  const result = g.transpose(g.sumTo(list[0], (l) => out.has(l)), output);
  g.finish(result);
  const model = encodeModel({
    opset: OPSET,
    nodes: g.nodes,
    constants: g.constants,
    inputs: request.inputs.map((labels, i) => ({ name: INPUT(i), type, shape: labels.map((l) => sizes[l]) })),
    outputs: [{ name: OUTPUT, type, shape: output.map((l) => sizes[l]) }],
  });
  return { model, ops: g.nodes.map((n) => n.op), steps };
}
