/**
 * The fused multiply-add kernels (relaxed SIMD). Node 20 has relaxed SIMD behind a flag only, so
 * the FMA path is exercised in a child process started with it (test/fixtures/fma-child.ts);
 * this process checks what holds on any engine.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { capabilities, configure, EinsumError } from '../src/index.js';
import { fmaActive, relaxedSimdAvailable } from '../src/kernels/wasm/index.js';

const CHILD = fileURLToPath(new URL('./fixtures/fma-child.ts', import.meta.url));

describe('FMA (relaxed SIMD) kernels', () => {
  it('under --experimental-wasm-relaxed-simd: fused kernels in use, within rounding of the exact sums, and fma: false gives the plain bits', () => {
    const child = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--import', 'tsx', CHILD], { encoding: 'utf8', timeout: 60_000 });
    expect(child.status, child.stderr).toBe(0);
    const report = JSON.parse(child.stdout.trim().split('\n').at(-1)!);
    expect(report.relaxed).toBe(true);
    expect(report.fmaActive).toBe(true);
    expect(report.capabilities).toMatchObject({ simd: true, relaxedSimd: true, fma: true });
    for (const compute of ['float64', 'float32']) {
      expect(report[`${compute}FmaActiveWhenOff`]).toBe(false);
      const r = report[compute];
      expect(r.plainEqualsJs).toBe(true);
      expect(r.worstRelative).toBeLessThan(compute === 'float64' ? 1e-14 : 2e-5);
    }
    // float32 sums of 300 terms: fusing changes the last bits of many of them (x86 has FMA, and V8 uses it).
    expect(report.float32.fusedDiffersFromPlain).toBeGreaterThan(0);
    expect(report.einsumMaxDifference).toBeLessThan(1e-4);
  });

  it('configure({ fma }) takes booleans; with fma off no fused kernel runs', () => {
    expect(() => configure({ fma: 1 as unknown as boolean })).toThrow(EinsumError);
    configure({ fma: false });
    try {
      expect(fmaActive()).toBe(false);
    } finally {
      configure({ fma: true });
    }
    expect(fmaActive()).toBe(relaxedSimdAvailable());
  });

  it('capabilities() reports SIMD, relaxed SIMD and FMA as the kernels see them', () => {
    const caps = capabilities();
    expect(caps.simd).toBe(true); // Node >= 20 validates WebAssembly SIMD
    expect(caps.relaxedSimd).toBe(relaxedSimdAvailable());
    expect(caps.fma).toBe(fmaActive());
    configure({ fma: false });
    try {
      expect(capabilities()).toMatchObject({ fma: false, relaxedSimd: relaxedSimdAvailable(), simd: true });
    } finally {
      configure({ fma: true });
    }
  });
});
