/**
 * The ONNX engine's own behaviour on onnxruntime-node: refusals before ORT runs (a counting
 * namespace proves ORT was never reached), the provider dtype table and the cast option, the
 * caller's path in the graph (explicit, left to right, memoryLimit), compile, `out`, and the cache
 * of plans and sessions (reuse, release).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { onnxEngine, type OrtNamespace } from '../src/onnx.js';
import { createOnnxEngine } from '../src/engines/onnx/engine.js';
import { einsum, EinsumError, ones, random, tensor, zeros, type Tensor } from '../src/index.js';
import { compareResult, stridedView } from './corpus.js';

const THREADS = { intraOpNumThreads: 1 };

/** onnxruntime-node behind a namespace that counts sessions, runs and releases. */
function counting(providers: 'cpu' | 'as given' = 'as given') {
  const counts = { create: 0, run: 0, release: 0 };
  const ns: OrtNamespace = {
    Tensor: ort.Tensor,
    InferenceSession: {
      async create(model: Uint8Array, options?: never) {
        counts.create++;
        const opts = providers === 'cpu' ? { ...(options as unknown as object), executionProviders: ['cpu'] } : options;
        const session = await ort.InferenceSession.create(model, opts as ort.InferenceSession.SessionOptions);
        return {
          run: (feeds: Record<string, unknown>) => (counts.run++, session.run(feeds as Record<string, ort.Tensor>)),
          release: () => (counts.release++, session.release()),
        };
      },
    },
  };
  return { ns, counts };
}

async function rejection(promise: Promise<unknown>): Promise<EinsumError> {
  const e = await promise.then(() => undefined, (err: unknown) => err);
  if (!(e instanceof EinsumError)) throw new Error(`expected an EinsumError, got ${String(e)}`);
  return e;
}

const untyped = (engine: { einsum: unknown }) => engine.einsum as (...args: unknown[]) => Promise<Tensor>;

describe('refusals', () => {
  it('are the CPU engine EinsumErrors, raised before ORT runs', async () => {
    const { ns, counts } = counting();
    const run = untyped(onnxEngine(ns, THREADS));
    const cases: [unknown[], string, string][] = [
      [['ij,j#->i', ones([2, 3]), ones([3])], 'SYNTAX', "invalid character '#' at position 4"],
      [['ij,jk->ik', ones([2, 3])], 'OPERAND_COUNT', "'ij,jk->ik' names 2 operands but 1 was given"],
      [['ij,jk->ik', ones([2, 3]), ones([4, 5])], 'SIZE', "label 'j' is 3 in operand 0 but 4 in operand 1"],
      [['ijk,jk', ones([2, 3]), ones([3, 4])], 'RANK', "operand 0 ('ijk') has rank 3 but its shape is [2, 3]"],
      [['ij,jk->iz', ones([2, 3]), ones([3, 4])], 'OUTPUT', "output label 'z' appears in no input"],
      [['ij,jk,kl->il', ones([1000, 2]), ones([2, 1000]), ones([1000, 3]), { optimize: false, memoryLimit: 1e5 }], 'MEMORY', 'memoryLimit is 100000'],
      [['ij->i', [[1], [2, 3]]], 'ARGUMENT', 'ragged'],
      [['ij->i', ones([2, 2]), { threads: 2 }], 'ARGUMENT', "unknown option 'threads'"],
      [['ij->i', ones([2, 2]), { out: zeros([2], { dtype: 'float32' }) }], 'DTYPE', "out has dtype 'float32'"],
      [['i->i', ones([3]), { out: tensor(new Float64Array(1), [3], { strides: [0] }) }], 'DTYPE', 'out names some elements more than once'],
      [[42, ones([2])], 'ARGUMENT', 'subscripts string'],
    ];
    for (const [args, code, words] of cases) {
      const e = await rejection(run(...args));
      expect(e.code, String(args[0])).toBe(code);
      expect(e.message).toContain(words);
      let cpu: unknown;
      try {
        (einsum as (...a: unknown[]) => unknown)(...args);
      } catch (err) {
        cpu = err;
      }
      if (typeof args[0] === 'string') expect(e.message).toBe((cpu as EinsumError).message);
    }
    expect(counts).toEqual({ create: 0, run: 0, release: 0 });
  });

  it('refuses a dtype the provider lacks, naming it, unless the engine casts', async () => {
    const { ns, counts } = counting('cpu'); // sessions run on the CPU provider; the engine believes 'webgpu'
    const gpu = untyped(onnxEngine(ns, { executionProviders: ['webgpu'] }));
    const e = await rejection(gpu('ij,jk->ik', random([2, 3], { seed: 1 }), random([3, 2], { seed: 2 })));
    expect(e.code).toBe('DTYPE');
    expect(e.message).toContain("'webgpu' execution provider has no float64 kernels for 'ij,jk->ik'");
    expect(e.message).toContain("{ cast: 'float32' }");
    expect((await rejection(gpu('i->', tensor(new Int32Array([1, 2]), [2])))).message).toContain('no int32 kernels');
    expect(counts.create).toBe(0);
    const f32 = await gpu('ij,jk->ik', random([2, 3], { seed: 1, dtype: 'float32' }), random([3, 2], { seed: 2, dtype: 'float32' }));
    expect(f32.dtype).toBe('float32');

    const cast = untyped(onnxEngine(ns, { executionProviders: [{ name: 'webgpu' }] }, { cast: 'float32' }));
    const a = random([5, 7], { seed: 3 }), b = random([7, 4], { seed: 4 });
    const got = await cast('ij,jk->ik', a, b);
    expect(got.dtype).toBe('float64'); // the type promised float64: converted back
    expect(Array.from(got.data).every((v) => Math.fround(v) === v)).toBe(true); // computed in float32
    expect(compareResult(got, einsum('ij,jk->ik', a, b), 1e-6)).toBeUndefined();
  });

  it('checks the engine options and the namespace', () => {
    expect(() => onnxEngine({} as OrtNamespace)).toThrow(/takes the ort namespace/);
    expect(() => onnxEngine(ort, {}, { cast: 'float16' as 'float32' })).toThrow(/cast option must be 'float32'/);
    expect(() => onnxEngine(ort, {}, { fast: true } as object)).toThrow(/unknown option 'fast'/);
  });
});

describe('the path in the graph', () => {
  const [a, b, c] = [random([6, 5], { seed: 1 }), random([5, 4], { seed: 2 }), random([4], { seed: 3 })];
  const engine = createOnnxEngine(ort, THREADS);

  it('runs the caller path, one product per step', async () => {
    expect(engine.graphOf('ij,jk,k->i', a, b, c, { optimize: [[1, 2], [0, 1]] }).steps).toEqual(['jk,k->j', 'ij,j->i']);
    expect(engine.graphOf('ij,jk,k->i', a, b, c, { optimize: false }).steps).toEqual(['ij,jk->ik', 'k,ik->i']);
    expect(engine.graphOf('ij,jk,k->i', a, b, c).steps).toEqual(['jk,k->j', 'ij,j->i']); // 'auto' finds the cheap order
    for (const optimize of [false, [[1, 2], [0, 1]], [[0, 2], [0, 1]]] as const) {
      expect(compareResult(await engine.einsum('ij,jk,k->i', a, b, c, { optimize }), einsum('ij,jk,k->i', a, b, c), 1e-12)).toBeUndefined();
    }
  });

  it("takes numpy's sublist format, as einsum and compile do", async () => {
    const run = untyped(engine);
    expect(compareResult(await run(a, [0, 1], b, [1, 2], [0, 2]), einsum('ij,jk->ik', a, b), 1e-12)).toBeUndefined();
    const f = (engine.compile as (...args: unknown[]) => (...operands: unknown[]) => Promise<Tensor>)([6, 5], [0, 1], [5, 4], [1, 2], { optimize: false });
    expect(compareResult(await f(a, b), einsum('ij,jk->ik', a, b), 1e-12)).toBeUndefined();
    expect((await rejection(run(a, [0, 99], b, [1, 2]))).code).toBe('SYNTAX');
  });

  it('matrix products as Transpose/Reshape/MatMul, the rest as Einsum nodes', () => {
    const q = random([1, 2, 2, 4], { seed: 1 }), k = random([1, 3, 2, 4], { seed: 2 });
    expect(engine.graphOf('nqhd,nkhd->nhqk', q, k).ops).toEqual(['Transpose', 'Transpose', 'Reshape', 'Reshape', 'MatMul', 'Reshape']);
    expect(engine.graphOf('ij,ij->i', a, a).ops).toEqual(['Einsum']);
    expect(engine.graphOf('ij->ji', a).ops).toEqual(['Transpose']);
    expect(engine.graphOf('ij->j', a).ops).toEqual(['ReduceSum']);
    expect(engine.graphOf('ij->ij', a).ops).toEqual(['Identity']);
    // onnxruntime-web's wasm build has no float64 MatMul or ReduceSum: Einsum nodes instead.
    const wasm = createOnnxEngine(ort, { executionProviders: ['wasm'] });
    expect(wasm.graphOf('nqhd,nkhd->nhqk', q, k).ops).toEqual(['Einsum']);
    expect(wasm.graphOf('ij,jk,k->i', a, b, c).ops).toEqual(['Einsum', 'Einsum']);
    expect(wasm.graphOf('ij->j', a).ops).toEqual(['Einsum']);
    const q32 = random([1, 2, 2, 4], { seed: 1, dtype: 'float32' }), k32 = random([1, 3, 2, 4], { seed: 2, dtype: 'float32' });
    expect(wasm.graphOf('nqhd,nkhd->nhqk', q32, k32).ops).toContain('MatMul');
  });

  it('squeezes a broadcasting size-1 dimension and never sends size 0 to ORT', async () => {
    const x = random([3, 1], { seed: 1 }), y = random([3, 4], { seed: 2 });
    expect(engine.graphOf('ij,ij->ij', x, y).steps).toEqual(['i,ij->ij']);
    expect(compareResult(await engine.einsum('ij,ij->ij', x, y), einsum('ij,ij->ij', x, y), 1e-12)).toBeUndefined();
    expect(engine.graphOf('ij,jk->ik', zeros([3, 0]), zeros([0, 4])).ops).toEqual([]);
    expect(Array.from((await engine.einsum('ij,jk->ik', zeros([3, 0]), zeros([0, 4]))).data)).toEqual(new Array(12).fill(0));
  });
});

describe('compile, out and the cache', () => {
  it('compile: typed operands checked, the explicit path honoured, sessions shared with einsum', async () => {
    const { ns, counts } = counting();
    const engine = onnxEngine(ns, THREADS);
    const [a, b, c] = [random([8, 2], { seed: 1 }), random([2, 8], { seed: 2 }), random([8, 8], { seed: 3 })];
    const f = engine.compile('ij,jk,kl->il', [8, 2], [2, 8], [8, 8], { optimize: [[0, 1], [0, 1]] });
    expect(f.shape).toEqual([8, 8]);
    expect(compareResult(await f(a, b, c), einsum('ij,jk,kl->il', a, b, c), 1e-12)).toBeUndefined();
    await engine.einsum('ij,jk,kl->il', a, b, c, { optimize: [[0, 1], [0, 1]] });
    expect(counts).toMatchObject({ create: 1, run: 2 });
    const call = f as unknown as (...args: unknown[]) => Promise<Tensor>;
    expect((await rejection(call(a, b))).code).toBe('OPERAND_COUNT');
    expect((await rejection(call(a, b, random([8, 7], { seed: 4 })))).message).toContain('has shape [8, 7] but it was compiled for [8, 8]');
    expect((await rejection(call(a, b, random([8, 8], { seed: 4, dtype: 'float32' })))).code).toBe('DTYPE');
    expect(counts.run).toBe(2);
    const out = zeros([8, 8]);
    expect(await f(a, b, c, out)).toBe(out);
    expect(compareResult(out, einsum('ij,jk,kl->il', a, b, c), 1e-12)).toBeUndefined();
  });

  it('reuses one session per plan, whatever the strides; release frees them', async () => {
    const { ns, counts } = counting();
    const engine = onnxEngine(ns, THREADS);
    const a = random([4, 5], { seed: 1 }), b = random([5, 3], { seed: 2 });
    const want = einsum('ij,jk->ik', a, b);
    for (const [x, y] of [[a, b], [stridedView(a, 1), b], [a, stridedView(b, 2)]]) {
      expect(compareResult(await engine.einsum('ij,jk->ik', x, y), want, 1e-12)).toBeUndefined();
    }
    await Promise.all([1, 2, 3].map(() => engine.einsum('ij,jk->ik', a, b))); // concurrent runs queue on the session
    expect(counts).toEqual({ create: 1, run: 6, release: 0 });
    await engine.einsum('ij,jk->ik', random([2, 5], { seed: 3 }), b);
    await engine.einsum('ij,jk->ik', a, b, { dtype: 'float32' });
    expect(counts.create).toBe(3);
    await engine.release();
    expect(counts.release).toBe(3);
    await engine.einsum('ij,jk->ik', a, b);
    expect(counts.create).toBe(4);
  });

  it('does not cache a session that failed to load; release skips it', async () => {
    let fail = true;
    const flaky: OrtNamespace = {
      Tensor: ort.Tensor,
      InferenceSession: {
        create: (model: Uint8Array) => (fail ? Promise.reject(new Error('no such provider')) : ort.InferenceSession.create(model, THREADS)),
      },
    };
    const engine = onnxEngine(flaky);
    const a = random([2, 3], { seed: 1 });
    await expect(engine.einsum('ij->ji', a)).rejects.toThrow('no such provider');
    await engine.release(); // the failed session is not awaited into a rejection
    await expect(engine.einsum('ij->ji', a)).rejects.toThrow('no such provider');
    fail = false;
    expect(compareResult(await engine.einsum('ij->ji', a), einsum('ij->ji', a), 0)).toBeUndefined();
    await engine.release();
  });

  it('writes into out, also a strided out aliasing an operand', async () => {
    const engine = onnxEngine(ort, THREADS);
    const a = random([3, 3], { seed: 1 });
    const want = einsum('ij,jk->ik', a, a);
    const alias = tensor(a.data, [3, 3], { strides: [1, 3] }); // a's transpose, over a's memory
    const wantT = Array.from({ length: 9 }, (_, n) => want.data[(n % 3) * 3 + Math.floor(n / 3)]);
    expect(await engine.einsum('ij,jk->ik', a, a, { out: alias })).toBe(alias);
    expect(compareResult({ shape: [3, 3], data: a.data }, { shape: [3, 3], data: wantT }, 1e-12)).toBeUndefined();
    await engine.release();
  });
});

describe('the package export', () => {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const run = promisify(execFile);

  it("import { onnxEngine } from 'typed-einsum/onnx' resolves to dist and runs on onnxruntime-node", async () => {
    const built = `${root}dist/src/onnx.js`;
    if (!existsSync(built)) { // `npm run build && npm test` keeps it current
      await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: root, timeout: 120_000 });
    }
    const script = [
      "const ort = await import('onnxruntime-node');",
      "const { onnxEngine } = await import('typed-einsum/onnx');", // the package's own name: its exports map
      "const { tensor } = await import('typed-einsum');",
      'const engine = onnxEngine(ort, { intraOpNumThreads: 1 });',
      "const r = await engine.einsum('ij,jk->ik', tensor([[1, 2]]), tensor([[3], [4]]));",
      'console.log(JSON.stringify({ shape: r.shape, data: Array.from(r.data) }));',
      'await engine.release();',
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root, timeout: 60_000 });
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({ shape: [1, 1], data: [11] });
  }, 180_000);
});
