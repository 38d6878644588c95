/**
 * The ONNX model writer (src/engines/onnx/proto.ts) against an independent decoder: protobufjs
 * (a dependency of onnxruntime-web, used here only) with the ModelProto subset copied from
 * onnx/onnx.proto3. ORT loading the models is the other check (test/onnx.test.ts).
 */
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { encodeModel } from '../src/engines/onnx/proto.js';

const SCHEMA = `
syntax = "proto3";
package onnx;
message AttributeProto {
  enum AttributeType { UNDEFINED = 0; FLOAT = 1; INT = 2; STRING = 3; TENSOR = 4; GRAPH = 5; FLOATS = 6; INTS = 7; STRINGS = 8; }
  string name = 1; float f = 2; int64 i = 3; bytes s = 4; repeated int64 ints = 8; AttributeType type = 20;
}
message NodeProto { repeated string input = 1; repeated string output = 2; string name = 3; string op_type = 4; repeated AttributeProto attribute = 5; string domain = 7; }
message TensorProto { repeated int64 dims = 1; int32 data_type = 2; repeated int64 int64_data = 7; string name = 8; bytes raw_data = 9; }
message TensorShapeProto { message Dimension { int64 dim_value = 1; string dim_param = 2; } repeated Dimension dim = 1; }
message TypeProto { message Tensor { int32 elem_type = 1; TensorShapeProto shape = 2; } Tensor tensor_type = 1; }
message ValueInfoProto { string name = 1; TypeProto type = 2; }
message GraphProto { repeated NodeProto node = 1; string name = 2; repeated TensorProto initializer = 5; repeated ValueInfoProto input = 11; repeated ValueInfoProto output = 12; }
message OperatorSetIdProto { string domain = 1; int64 version = 2; }
message ModelProto { int64 ir_version = 1; string producer_name = 2; GraphProto graph = 7; repeated OperatorSetIdProto opset_import = 8; }
`;

const ModelProto = protobuf.parse(SCHEMA).root.lookupType('onnx.ModelProto');

describe('ONNX model writer', () => {
  it('writes what a protobuf decoder reads back as ModelProto', () => {
    const bytes = encodeModel({
      opset: 17,
      inputs: [{ name: 'x0', type: 'float64', shape: [2, 300] }, { name: 'x1', type: 'float32', shape: [] }],
      outputs: [{ name: 'y', type: 'int32', shape: [70000] }, { name: 'z', type: 'float32' }],
      constants: [{ name: 'c0', values: [1, 128, 2 ** 40] }, { name: 'c1', values: [] }],
      nodes: [
        { op: 'Transpose', inputs: ['x0'], outputs: ['t0'], attributes: [{ name: 'perm', ints: [1, 0] }] },
        { op: 'ReduceSum', inputs: ['t0', 'c0'], outputs: ['t1'], attributes: [{ name: 'keepdims', int: 0 }] },
        { op: 'Einsum', inputs: ['t1', 'x1'], outputs: ['y'], attributes: [{ name: 'equation', string: 'ij,->jÅ' }] },
      ],
    });
    const model = ModelProto.toObject(ModelProto.decode(bytes), { longs: Number, enums: String, defaults: false });
    expect(model.irVersion).toBe(8);
    expect(model.producerName).toBe('typed-einsum');
    expect(model.opsetImport).toEqual([{ version: 17 }]);
    const graph = model.graph;
    expect(graph.node.map((n: { opType: string }) => n.opType)).toEqual(['Transpose', 'ReduceSum', 'Einsum']);
    expect(graph.node[0]).toMatchObject({ input: ['x0'], output: ['t0'], name: 'Transpose_0', attribute: [{ name: 'perm', ints: [1, 0], type: 'INTS' }] });
    expect(graph.node[1].attribute).toEqual([{ name: 'keepdims', i: 0, type: 'INT' }]);
    expect(graph.node[2].attribute[0].type).toBe('STRING');
    expect(new TextDecoder().decode(graph.node[2].attribute[0].s)).toBe('ij,->jÅ');
    expect(graph.initializer).toEqual([
      { name: 'c0', dims: [3], dataType: 7, int64Data: [1, 128, 2 ** 40] },
      { name: 'c1', dims: [0], dataType: 7 },
    ]);
    const value = (v: { name: string; type: { tensorType: { elemType: number; shape?: { dim?: { dimValue?: number }[] } } } }) => ({
      name: v.name,
      type: v.type.tensorType.elemType,
      shape: (v.type.tensorType.shape?.dim ?? []).map((d) => d.dimValue ?? 0),
    });
    expect(graph.input.map(value)).toEqual([{ name: 'x0', type: 11, shape: [2, 300] }, { name: 'x1', type: 1, shape: [] }]);
    expect(graph.input[1].type.tensorType.shape).toEqual({});
    expect(graph.output.map(value)).toEqual([{ name: 'y', type: 6, shape: [70000] }, { name: 'z', type: 1, shape: [] }]);
    expect(graph.output[1].type.tensorType.shape).toBeUndefined(); // not declared, unlike the 0-d input x1
  });

  it('refuses a negative integer instead of writing a wrong varint', () => {
    expect(() => encodeModel({ opset: 17, inputs: [], outputs: [], constants: [{ name: 'c', values: [-1] }], nodes: [] })).toThrow(RangeError);
  });
});
