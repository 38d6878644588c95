// typed-einsum/onnx: einsum and compile typed exactly like the CPU ones, with promised results;
// the three ort builds fit the structural namespace type. Negative cases are @ts-expect-error
// lines, so tsd (TypeScript 5.9) and TypeScript 7 both fail if one of them stops being an error.
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import * as ortWebGpu from 'onnxruntime-web/webgpu';
import { expectType } from 'tsd';
import type { Tensor } from '../src/tensor.js';
import { onnxEngine, type OnnxEngine } from '../src/onnx.js';
import { zeros } from './api.js';

const cpu = onnxEngine(ortNode, { executionProviders: ['cpu'], intraOpNumThreads: 1 });
const wasm = onnxEngine(ortWeb, { executionProviders: ['wasm'] });
const gpu = onnxEngine(ortWebGpu, { executionProviders: [{ name: 'webgpu' }] }, { cast: 'float32' });
expectType<OnnxEngine>(wasm);
expectType<OnnxEngine>(onnxEngine(ortNode));

const q = zeros([1, 2, 2, 4], { dtype: 'float32' });
const k = zeros([1, 3, 2, 4], { dtype: 'float32' });
expectType<Promise<Tensor<readonly [1, 2, 2, 3], 'float32'>>>(gpu.einsum('nqhd,nkhd->nhqk', q, k));
expectType<Promise<Tensor<readonly [2, 4], 'float64'>>>(cpu.einsum('ij,jk->ik', zeros([2, 3]), zeros([3, 4])));
expectType<Promise<Tensor<readonly [2], 'float32'>>>(cpu.einsum('ii->i', [[1, 2], [3, 4]], { dtype: 'float32' }));
expectType<Promise<Tensor<readonly [3], 'float64'>>>(cpu.einsum('ij,jk,k->i', zeros([3, 4]), zeros([4, 5]), zeros([5]), { optimize: [[1, 2], [0, 1]], memoryLimit: 1e6 }));
expectType<Promise<Tensor<readonly [number, 4], 'float64'>>>(cpu.einsum('ij,jk->ik', zeros([3, 3]) as unknown as Tensor<readonly [number, 3], 'float64'>, zeros([3, 4])));

const f = cpu.compile('bi,ij,bj->b', [1024, 256], [256, 256], [1024, 256]);
expectType<readonly [1024]>(f.shape);
expectType<'float64'>(f.dtype);
expectType<Promise<Tensor<readonly [1024], 'float64'>>>(f(zeros([1024, 256]), zeros([256, 256]), zeros([1024, 256])));
const g = gpu.compile('ij,jk->ik', { shape: [2, 3], dtype: 'float32' }, { shape: [3, 4], dtype: 'float32' }, { optimize: false });
expectType<Promise<Tensor<readonly [2, 4], 'float32'>>>(g(zeros([2, 3], { dtype: 'float32' }), zeros([3, 4], { dtype: 'float32' }), zeros([2, 4], { dtype: 'float32' })));
expectType<Promise<void>>(gpu.release());
// numpy's sublist format, as on the CPU.
expectType<Promise<Tensor<readonly [2, 4], 'float64'>>>(cpu.einsum(zeros([2, 3]), [0, 1], zeros([3, 4]), [1, 2], [0, 2]));
expectType<Promise<Tensor<readonly [6, 4], 'float64'>>>(cpu.compile([6, 5], [0, 1], [5, 4], [1, 2], { optimize: false })(zeros([6, 5]), zeros([5, 4])));

// @ts-expect-error SIZE: label 'j' is 3 in operand 0 but 4 in operand 1
void cpu.einsum('ij,jk->ik', zeros([2, 3]), zeros([4, 5]));
// @ts-expect-error SYNTAX
void cpu.einsum('ij,#k', zeros([2, 3]), zeros([3, 4]));
// @ts-expect-error OPERAND_COUNT
void wasm.einsum('ij,jk', zeros([2, 3]));
// @ts-expect-error out of the wrong shape
void cpu.einsum('ij,jk->ik', zeros([2, 3]), zeros([3, 4]), { out: zeros([2, 5]) });
// @ts-expect-error the type-argument form needs the codegen rewrite, which targets the CPU einsum only
void cpu.einsum<'ij,jk->ik'>(zeros([2, 3]), zeros([3, 4]));
// @ts-expect-error SIZE in the sublist format
void cpu.einsum(zeros([2, 3]), [0, 1], zeros([4, 5]), [1, 2]);
// @ts-expect-error RANK in compile
cpu.compile('ij,jk->ik', [2, 3], [3, 4, 5]);
// @ts-expect-error a compiled function takes operands of its shapes
void f(zeros([2, 2]), zeros([256, 256]), zeros([1024, 256]));
// @ts-expect-error not an ort namespace
onnxEngine({ Tensor: 1 });
// @ts-expect-error session options are ORT's
onnxEngine(ortNode, { executionProviders: 42 });
// @ts-expect-error cast is 'float32' or nothing
onnxEngine(ortNode, {}, { cast: 'float16' });
