/**
 * capabilities(): what is active, following configure(). The first test runs before anything in
 * this file touched wasm or eval: a feature switched off before its first use is never probed (under
 * a strict CSP a probe is a violation report). The browser test checks the CSP side.
 */
import { describe, expect, it } from 'vitest';
import { capabilities, compile, configure, einsum, random } from '../src/index.js';

describe('capabilities()', () => {
  it('never probes a feature switched off before its first use', () => {
    const realFunction = globalThis.Function;
    const wasm = globalThis.WebAssembly;
    const realModule = wasm.Module;
    const probes: string[] = [];
    const spyFunction = new Proxy(realFunction, { construct: (target, args) => (probes.push('Function'), Reflect.construct(target, args)) });
    const spyModule = new Proxy(realModule, { construct: (target, args) => (probes.push('WebAssembly.Module'), Reflect.construct(target, args)) });
    globalThis.Function = spyFunction;
    Object.defineProperty(wasm, 'Module', { value: spyModule, configurable: true, writable: true });
    try {
      configure({ jit: false, wasm: false, threads: 1 }); // worker threads compile modules of their own
      expect(capabilities()).toMatchObject({ wasm: false, simd: true, jit: false });
      const a = random([256, 256], { seed: 1 });
      einsum('ij,jk->ik', a, a);
      const matvec = compile('ij,j->i', [3, 3], [3]);
      matvec(random([3, 3], { seed: 2 }), random([3], { seed: 3 }));
      expect(matvec.kernel).toBe('engine');
      expect(probes).toEqual([]);
      configure({ jit: true, wasm: true });
      expect(capabilities()).toMatchObject({ wasm: true, simd: true, jit: true });
      expect(probes.sort()).toEqual(['Function', 'WebAssembly.Module']); // once each
      einsum('ij,jk->ik', a, a);
      compile('ij,j->i', [3, 3], [3]);
      capabilities();
      expect(probes.filter((p) => p === 'WebAssembly.Module')).toHaveLength(1);
    } finally {
      globalThis.Function = realFunction;
      Object.defineProperty(wasm, 'Module', { value: realModule, configurable: true, writable: true });
      configure({ jit: true, wasm: true, threads: 'auto' });
    }
  });

  it('follows configure(): each switch turns its features off and on again', () => {
    expect(capabilities()).toMatchObject({ wasm: true, simd: true, jit: true });
    configure({ wasm: false });
    expect(capabilities()).toMatchObject({ wasm: false, simd: true, jit: true });
    configure({ jit: false });
    expect(capabilities()).toMatchObject({ wasm: false, simd: true, jit: false });
    configure({ wasm: true, jit: true });
    expect(capabilities()).toMatchObject({ wasm: true, simd: true, jit: true });
  });

  it('configure() reads each option once: what it checked is what it sets', () => {
    let reads = 0;
    const options = Object.defineProperty({}, 'threads', { enumerable: true, get: () => (reads++ === 0 ? 1 : 'many') });
    configure(options); // was: checked 1, then set 'many' (capabilities().threads.count became 'many')
    expect(reads).toBe(1);
    expect(capabilities().threads).toMatchObject({ count: 1, reason: 'configure({ threads: 1 })' });
    configure({ threads: 'auto' });
  });

  it('is a fresh plain object (changing it changes nothing)', () => {
    const caps = capabilities() as { wasm: boolean };
    caps.wasm = false;
    expect(capabilities().wasm).toBe(true);
    const { threads, ...switches } = capabilities();
    for (const value of Object.values(switches)) expect(typeof value).toBe('boolean');
    expect(typeof threads.count).toBe('number');
  });
});
