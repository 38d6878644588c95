/**
 * The few protobuf messages of an ONNX model (onnx/onnx.proto3) that the ONNX engine writes, and
 * a protobuf writer just big enough for them: varints, length-delimited fields, packed int64s.
 * A dependency (protobufjs, ~70 KB minified, or onnx-proto's generated code) would carry a full
 * runtime for the five message types written here, in code users never need otherwise; the
 * writer is ~100 lines, and test/onnx-proto.test.ts decodes its output with protobufjs.
 *
 * Field numbers (onnx.proto3, IR version 8):
 *   ModelProto        ir_version 1, producer_name 2, graph 7, opset_import 8
 *   OperatorSetIdProto domain 1, version 2
 *   GraphProto        node 1, name 2, initializer 5, input 11, output 12
 *   NodeProto         input 1, output 2, name 3, op_type 4, attribute 5
 *   AttributeProto    name 1, i 3, s 4, ints 8, type 20 (INT 2, STRING 3, INTS 7)
 *   TensorProto       dims 1, data_type 2, int64_data 7, name 8
 *   ValueInfoProto    name 1, type 2;  TypeProto tensor_type 1;  TypeProto.Tensor elem_type 1, shape 2
 *   TensorShapeProto  dim 1;  Dimension dim_value 1
 */

/** ONNX TensorProto.DataType values of the element types used here. */
export const ONNX_TYPE = { float32: 1, int32: 6, int64: 7, float64: 11 } as const;
export type OnnxElementType = keyof typeof ONNX_TYPE;

export type Attribute =
  | { readonly name: string; readonly int: number }
  | { readonly name: string; readonly ints: readonly number[] }
  | { readonly name: string; readonly string: string };

export interface NodeSpec {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: readonly Attribute[];
}

export interface ValueSpec {
  readonly name: string;
  readonly type: OnnxElementType;
  /** Absent: the shape is not declared (ORT infers it). */
  readonly shape?: readonly number[];
}

/** An int64 constant (Reshape's shape, ReduceSum's axes). */
export interface ConstantSpec {
  readonly name: string;
  readonly values: readonly number[];
}

export interface ModelSpec {
  readonly nodes: readonly NodeSpec[];
  readonly inputs: readonly ValueSpec[];
  readonly outputs: readonly ValueSpec[];
  readonly constants: readonly ConstantSpec[];
  readonly opset: number;
}

const IR_VERSION = 8;
const encoder = new TextEncoder();

/** Appends protobuf fields to a growing byte list. */
class Writer {
  readonly bytes: number[] = [];

  /** Non-negative integers up to 2^53 (sizes, enum values, versions). */
  varint(value: number): this {
    let v = value;
    while (v >= 0x80) {
      this.bytes.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.bytes.push(v);
    return this;
  }

  private key(field: number, wire: number): this {
    return this.varint(field * 8 + wire);
  }

  int(field: number, value: number): this {
    if (value < 0) throw new RangeError(`negative int64 ${value} in an ONNX model`); // never written: axes are positive
    return this.key(field, 0).varint(value);
  }

  bytesField(field: number, value: Uint8Array | readonly number[]): this {
    this.key(field, 2).varint(value.length);
    for (let i = 0; i < value.length; i++) this.bytes.push(value[i]);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytesField(field, encoder.encode(value));
  }

  message(field: number, write: (w: Writer) => void): this {
    const inner = new Writer();
    write(inner);
    return this.bytesField(field, inner.bytes);
  }

  packed(field: number, values: readonly number[]): this {
    const inner = new Writer();
    for (const v of values) {
      if (v < 0) throw new RangeError(`negative int64 ${v} in an ONNX model`);
      inner.varint(v);
    }
    return this.bytesField(field, inner.bytes);
  }
}

/** The serialized ModelProto of `spec`, as InferenceSession.create takes it. */
export function encodeModel(spec: ModelSpec): Uint8Array {
  const w = new Writer()
    .int(1, IR_VERSION)
    .string(2, 'typed-einsum')
    .message(7, (g) => writeGraph(g, spec))
    .message(8, (o) => o.int(2, spec.opset)); // domain '' (the default): the ONNX operators
  return Uint8Array.from(w.bytes);
}

function writeGraph(g: Writer, spec: ModelSpec): void {
  spec.nodes.forEach((node, i) => g.message(1, (n) => writeNode(n, node, i)));
  g.string(2, 'einsum');
  for (const c of spec.constants) {
    g.message(5, (t) => t.packed(1, [c.values.length]).int(2, ONNX_TYPE.int64).packed(7, c.values).string(8, c.name));
  }
  for (const v of spec.inputs) g.message(11, (x) => writeValue(x, v));
  for (const v of spec.outputs) g.message(12, (x) => writeValue(x, v));
}

function writeNode(n: Writer, node: NodeSpec, index: number): void {
  for (const input of node.inputs) n.string(1, input);
  for (const output of node.outputs) n.string(2, output);
  n.string(3, `${node.op}_${index}`).string(4, node.op);
  for (const a of node.attributes ?? []) {
    n.message(5, (w) => {
      w.string(1, a.name);
      if ('int' in a) w.int(3, a.int).int(20, 2);
      else if ('ints' in a) w.packed(8, a.ints).int(20, 7);
      else w.string(4, a.string).int(20, 3);
    });
  }
}

function writeValue(x: Writer, v: ValueSpec): void {
  x.string(1, v.name).message(2, (type) =>
    type.message(1, (tensor) =>
      v.shape === undefined
        ? tensor.int(1, ONNX_TYPE[v.type])
        : tensor.int(1, ONNX_TYPE[v.type]).message(2, (shape) => {
            for (const d of v.shape!) shape.message(1, (dim) => dim.int(1, d));
          }),
    ),
  );
}
