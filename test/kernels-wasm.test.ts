/**
 * The WebAssembly SIMD route of the blocked matrix product (src/kernels/wasm/): the committed
 * generated module matches gemm.wat; with wasm forced on, gemm agrees bit for bit with the
 * JavaScript route (same summation order) and with a naive loop, over random sizes, strides and
 * dtype mixes; nothing outside C is written and the operands are left alone.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DType } from '../src/dtype.js';
import { allocate } from '../src/dtype.js';
import { gemm, prepareGemm } from '../src/kernels/gemm.js';
import { gemmBatched } from '../src/kernels/gemm-batched.js';
import { instantiateGemm, setFmaEnabled, setWasmEnabled, wasmActive } from '../src/kernels/wasm/index.js';
import { GEMM_FMA_WASM_BASE64, GEMM_WASM_BASE64 } from '../src/kernels/wasm/gemm.generated.js';
import { GENERATED_PATH, WAT_PATH, renderGenerated } from '../scripts/build-wasm.js';
import { DTYPES, int32Overflow, randomView, rng, tolerance, type View } from './strided.js';

const at = (v: View, t: number, i: number, j: number) => v.offset + t * v.strides[0] + i * v.strides[1] + j * v.strides[2];

function runGemm(batch: number, m: number, n: number, k: number, a: View, b: View, c: View): void {
  gemm(batch, m, n, k, a.data, a.offset, a.strides[0], a.strides[1], a.strides[2],
    b.data, b.offset, b.strides[0], b.strides[1], b.strides[2], c.data, c.offset, c.strides[0], c.strides[1], c.strides[2]);
}

/** gemm on the wasm route against the JS route (bit for bit) and a naive loop (within rounding). */
function checkGemm(rand: () => number, batch: number, m: number, n: number, k: number, dtypes: DType[]): void {
  const a = randomView(rand, [batch, m, k], dtypes[0], true);
  const b = randomView(rand, [batch, k, n], dtypes[1], true);
  const c = randomView(rand, [batch, m, n], dtypes[2], false);
  const before = c.data.slice(), aBefore = a.data.slice(), bBefore = b.data.slice();
  const touched = new Set<number>();
  for (let t = 0; t < batch; t++) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) touched.add(at(c, t, i, j));

  setWasmEnabled(false);
  const js = { ...c, data: c.data.slice() };
  runGemm(batch, m, n, k, a, b, js);
  setWasmEnabled(true);
  runGemm(batch, m, n, k, a, b, c);

  const label = `${batch}×${m}×${n}×${k} ${dtypes}`;
  const stored = allocate(dtypes[2], 1);
  const tol = tolerance(dtypes[2], k);
  for (let t = 0; t < batch; t++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a.data[at(a, t, i, p)] * b.data[at(b, t, p, j)];
        stored[0] = s;
        const got = c.data[at(c, t, i, j)];
        if (Math.abs(got - stored[0]) > tol * (1 + Math.abs(stored[0]))) expect.fail(`${label} at [${t},${i},${j}]: ${got} vs naive ${stored[0]}`);
        if (!Object.is(got, js.data[at(c, t, i, j)])) expect.fail(`${label} at [${t},${i},${j}]: wasm ${got} vs JS ${js.data[at(c, t, i, j)]}`);
      }
  for (let x = 0; x < c.data.length; x++) {
    if (!touched.has(x) && !Object.is(c.data[x], before[x])) expect.fail(`${label}: wrote outside C at ${x}`);
  }
  if (!a.data.every((v, x) => Object.is(v, aBefore[x])) || !b.data.every((v, x) => Object.is(v, bBefore[x]))) {
    expect.fail(`${label}: mutated an operand`);
  }
}

describe('wasm gemm module', () => {
  it('the committed gemm.generated.ts is what gemm.wat assembles to (npm run build:wasm)', async () => {
    const expected = await renderGenerated(readFileSync(WAT_PATH, 'utf8'));
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(expected);
  });

  it('compiles here (Node ≥ 20 has WebAssembly SIMD), and the switch turns it off', () => {
    setWasmEnabled(true);
    expect(wasmActive()).toBe(true);
    setWasmEnabled(false);
    expect(wasmActive()).toBe(false);
    setWasmEnabled(true);
  });

  it('the fused module is the plain one with its multiply-adds fused (build-wasm.ts `fuse`)', async () => {
    const { fuse } = await import('../scripts/build-wasm.js');
    const { text, fused } = fuse(readFileSync(WAT_PATH, 'utf8'));
    expect(fused).toBe(16); // 8 accumulators in each of the float64 and float32 micro-kernels
    expect(text).not.toMatch(/\.add \(local\.get \$c\d\d\) \(f(64x2|32x4)\.mul/);
    expect(GEMM_FMA_WASM_BASE64).not.toBe(GEMM_WASM_BASE64);
  });

  it('a module that does not compile or lacks the exports gives null (the JS route), not a throw', () => {
    expect(instantiateGemm(GEMM_WASM_BASE64, false)).not.toBeNull();
    expect(instantiateGemm(btoa('not wasm'), false)).toBeNull();
    expect(instantiateGemm('AGFzbQEAAAA=', false)).toBeNull(); // an empty module: valid, no exports
    expect(instantiateGemm('%%%', false)).toBeNull(); // not base64
  });
});

describe('gemm, wasm route forced on (FMA off: the plain kernels, bit for bit the JS ones)', () => {
  beforeAll(() => setFmaEnabled(false));
  afterAll(() => {
    setWasmEnabled(true);
    setFmaEnabled(true);
  });
  const rand = rng(11);
  const pick = (xs: number[]) => xs[Math.floor(rand() * xs.length)];
  const mix = () => [pick([0, 1, 2]), pick([0, 1, 2]), pick([0, 1, 2])].map((i) => DTYPES[i]);

  it('tiny sizes (0, 1, 7, 13: every route), every dtype mix and stride layout', () => {
    for (let r = 0; r < 200; r++) checkGemm(rand, pick([0, 1, 2, 3]), pick([0, 1, 2, 3, 4, 5, 7, 13]), pick([0, 1, 3, 4, 5, 7, 13]), pick([0, 1, 4, 7, 13]), mix());
  });

  it('medium sizes (the packed path, edge tiles), every dtype mix', () => {
    const medium = [3, 4, 5, 7, 13, 17, 31, 63, 64, 65];
    for (let r = 0; r < 60; r++) checkGemm(rand, pick([1, 2, 3]), pick(medium), pick(medium), pick(medium), mix());
  });

  it('block edges: k around KC=256, m around MB=256 and MC=64, n around NC=512', () => {
    const cases: [number, number, number, number][] = [
      [1, 9, 5, 255], [1, 9, 6, 256], [1, 5, 9, 257], [1, 257, 9, 5], [1, 258, 7, 300],
      [1, 6, 513, 7], [1, 66, 515, 21], [2, 65, 63, 129], [1, 260, 514, 258], [1, 127, 129, 513],
    ];
    for (const [batch, m, n, k] of cases) checkGemm(rand, batch, m, n, k, mix());
  });

  it('float32 C stored through the wasm rounding (contiguous, padded rows, reversed rows)', () => {
    for (const [m, n, k, pad, reverse] of [[65, 67, 40, 0, false], [37, 33, 29, 3, false], [20, 40, 9, 1, true], [9, 5, 300, 0, false]] as const) {
      const a = Float64Array.from({ length: m * k }, () => rand() * 2 - 1);
      const b = Float32Array.from({ length: k * n }, () => rand() * 2 - 1);
      const cRow = reverse ? -(n + pad) : n + pad;
      const cOffset = reverse ? (m - 1) * (n + pad) + 2 : 2;
      const outs = [true, false].map((on) => {
        setWasmEnabled(on);
        const c = new Float32Array(m * (n + pad) + 5).fill(7);
        gemm(1, m, n, k, a, 0, 0, k, 1, b, 0, 0, n, 1, c, cOffset, 0, cRow, 1);
        return c;
      });
      setWasmEnabled(true);
      expect(outs[0]).toEqual(outs[1]);
      const want = new Float32Array(1);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
          want[0] = s;
          expect(outs[0][cOffset + i * cRow + j]).toBe(want[0]);
        }
      expect(outs[0].filter((v) => v === 7).length).toBe(m * (n + pad) + 5 - m * n);
    }
  });

  it('int32 results wrap like numpy int32', () => {
    setWasmEnabled(true);
    const [m, n, k] = [40, 33, 70];
    const { a, b, want } = int32Overflow(m, n, k);
    const c = new Int32Array(m * n);
    gemm(1, m, n, k, a, 0, 0, k, 1, b, 0, 0, n, 1, c, 0, 0, n, 1);
    expect(Array.from(c)).toEqual(want);
  });

  it('a shared operand packed once across the batch; a prepared kernel follows the switch', () => {
    // 30×40×20: blocked on both routes; 11×12×10: between the thresholds (wasm blocked, JS small tiles).
    for (const [batch, m, n, k] of [[3, 30, 40, 20], [2, 11, 12, 10]]) {
      const a = Float32Array.from({ length: batch * m * k }, (_, i) => ((i * 37) % 11) - 5);
      const b = Float64Array.from({ length: k * n }, (_, i) => ((i * 29) % 9) - 4);
      const cStrides = [1, batch, batch * m]; // C neither stacked by rows nor by columns: no folding
      const kernel = prepareGemm(batch, m, n, k, m * k, k, 1, 0, n, 1, cStrides[0], cStrides[1], cStrides[2]);
      const results: Float64Array[] = [];
      for (const on of [true, false]) {
        setWasmEnabled(on);
        const c = new Float64Array(batch * m * n);
        kernel(a, 0, b, 0, c, 0);
        results.push(c);
      }
      setWasmEnabled(true);
      expect(Array.from(results[0])).toEqual(Array.from(results[1]));
      for (let t = 0; t < batch; t++)
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let p = 0; p < k; p++) s += a[t * m * k + i * k + p] * b[p * n + j];
            expect(results[0][t + i * batch + j * batch * m]).toBe(s);
          }
    }
  });

  it('gemmBatched nqhd,nkhd->nhqk shape agrees with the JS route', () => {
    const [nb, q, h, d] = [2, 40, 3, 16];
    const Q = Float32Array.from({ length: nb * q * h * d }, () => rand() * 2 - 1);
    const K = Float32Array.from({ length: nb * q * h * d }, () => rand() * 2 - 1);
    const out = [new Float32Array(nb * h * q * q), new Float32Array(nb * h * q * q)];
    for (const [x, on] of [[0, true], [1, false]] as const) {
      setWasmEnabled(on);
      gemmBatched([nb, h], [q * h * d, d], [q * h * d, d], [h * q * q, q * q], q, q, d,
        Q, 0, h * d, 1, K, 0, 1, h * d, out[x], 0, q, 1);
    }
    setWasmEnabled(true);
    expect(out[0]).toEqual(out[1]);
  });
});

describe('configure({ wasm })', () => {
  it('switches einsum between the wasm and JS routes, with bit-identical results, and refuses non-booleans', async () => {
    const { configure, einsum, random, EinsumError } = await import('../src/index.js');
    const a = random([70, 90], { seed: 1 });
    const b = random([90, 60], { seed: 2 });
    configure({ fma: false });
    const withWasm = Array.from(einsum('ij,jk->ik', a, b).data);
    configure({ wasm: false });
    try {
      expect(wasmActive()).toBe(false);
      expect(Array.from(einsum('ij,jk->ik', a, b).data)).toEqual(withWasm);
    } finally {
      configure({ wasm: true, fma: true });
    }
    expect(() => configure({ wasm: 'yes' as unknown as boolean })).toThrow(EinsumError);
  });
});
