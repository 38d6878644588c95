/**
 * The library in headless Chromium (test/browser/harness.ts): the shared cases — a 256³ product on
 * the WebAssembly kernel among them — against the same contractions computed here in Node,
 * compile()'s JIT, result ownership with transfers; then under Content-Security-Policies: what
 * capabilities() reports, the values still right, and how many violation reports the probes cause.
 */
import { describe, expect, it } from 'vitest';
import { compile, random, type Capabilities } from '../src/index.js';
import { CASES, runCase, type CaseResult } from './browser/cases.js';
import { runPage } from './browser/harness.js';

const inNode = CASES.map((c, i) => runCase(c, 100 * i));

/** Browser and Node agree: float64 to 1e-12 and float32 to 1e-5 of the result's scale (summation order may differ), int32 exactly. */
function expectSame(got: readonly CaseResult[]): void {
  expect(got).toHaveLength(CASES.length);
  CASES.forEach((c, i) => {
    const want = inNode[i];
    const what = `${c.subscripts} ${c.dtype}`;
    expect(got[i].shape, what).toEqual(want.shape);
    expect(got[i].values.length, what).toBe(want.values.length);
    if (c.dtype === 'int32') return expect(got[i].values, what).toEqual(want.values);
    const scale = Math.max(1, ...want.values.map(Math.abs));
    const tolerance = (c.dtype === 'float64' ? 1e-12 : 1e-5) * scale;
    const worst = Math.max(0, ...want.values.map((v, k) => Math.abs(v - got[i].values[k])));
    expect(worst, what).toBeLessThanOrEqual(tolerance);
  });
}

interface CpuPage {
  results: CaseResult[];
  compiled: { kernel: string; values: number[] };
  capabilities: Capabilities;
  ownership: { detached: number[]; received: boolean; untouched: boolean; later: boolean };
}

describe('in the browser', () => {
  it('computes what Node computes, on the WebAssembly SIMD kernel, with the JIT; a transferred result disturbs nothing', async () => {
    const { value } = await runPage<CpuPage>({ entry: 'test/browser/cpu.page.ts' });
    expect(value.capabilities).toMatchObject({ wasm: true, simd: true, jit: true });
    expectSame(value.results);
    const matvec = compile('ij,j->i', [3, 3], [3]);
    expect(value.compiled).toEqual({ kernel: 'jit', values: Array.from(matvec(random([3, 3], { seed: 1 }), random([3], { seed: 2 })).data) });
    expect(value.ownership).toEqual({ detached: [0, 0], received: true, untouched: true, later: true });
  });
});

interface CspPage {
  off: { capabilities: Capabilities; kernel: string; result: CaseResult };
  violationsWhileOff: number;
  on: { capabilities: Capabilities; kernel: string };
  results: CaseResult[];
  violations: string[];
}

describe('under a Content-Security-Policy', () => {
  const policies = [
    { policy: "script-src 'self'", active: { wasm: false, simd: true, jit: false }, violations: ['script-src eval', 'script-src wasm-eval'] },
    { policy: "script-src 'self' 'wasm-unsafe-eval'", active: { wasm: true, simd: true, jit: false }, violations: ['script-src eval'] },
    { policy: "script-src 'self' 'unsafe-eval'", active: { wasm: true, simd: true, jit: true }, violations: [] },
  ];
  for (const { policy, active, violations } of policies) {
    it(`${policy}: capabilities() says ${JSON.stringify(active)}, results are right, one report per refused feature at most`, async () => {
      const { value } = await runPage<CspPage>({ entry: 'test/browser/csp.page.ts', headers: { 'content-security-policy': policy } });
      expect(value.off.capabilities).toMatchObject({ wasm: false, simd: true, jit: false });
      expect(value.off.kernel).toBe('engine');
      expectSame([value.off.result, ...value.results.slice(1)]);
      expect(value.violationsWhileOff).toBe(0); // switched off before first use: nothing probed
      expect(value.on.capabilities).toMatchObject(active);
      expect(value.on.kernel).toBe(active.jit ? 'jit' : 'engine');
      expectSame(value.results);
      expect(value.violations.sort()).toEqual(violations);
    });
  }
});
