/**
 * Every result owns its memory: nothing a user does with one result's buffer (transfer it to a
 * worker, detach it with structuredClone, write through it) changes another result or breaks a
 * later call. Sizes cover each allocation class: on-heap (≤ 64 bytes), small (65 B – 1 KB), large.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { compile, einsum, random, type Tensor } from '../src/index.js';

/** Results of several sizes and dtypes, from einsum, a compiled function and a transpose. */
function results(): Tensor[] {
  const a = random([4, 6], { seed: 1 });
  const b = random([6, 5], { seed: 2 });
  const matvec = compile('ij,j->i', [12, 12], [12]);
  return [
    einsum('ij,jk->ik', a, b), // 20 f64: 160 bytes
    einsum('ij->ji', a), // 24 f64
    einsum('ij,jk->ik', random([2, 3], { seed: 3, dtype: 'float32' }), random([3, 4], { seed: 4, dtype: 'float32' })), // 8 f32: 32 bytes
    einsum('ij,jk->ik', random([16, 8], { seed: 5 }), random([8, 16], { seed: 6 })), // 256 f64: 2 KB
    matvec(random([12, 12], { seed: 7 }), random([12], { seed: 8 })), // 12 f64: 96 bytes
    einsum('i,j->ij', random([10], { seed: 9, dtype: 'int32' }), random([10], { seed: 10, dtype: 'int32' })), // 100 i32
  ];
}

const snapshot = (ts: readonly Tensor[]) => ts.map((t) => Array.from(t.data));

describe('each result owns its buffer', () => {
  it('no two results share an ArrayBuffer, and each view covers its whole buffer', () => {
    const rs = results();
    expect(new Set(rs.map((r) => r.data.buffer)).size).toBe(rs.length);
    for (const r of rs) {
      expect(r.data.byteOffset).toBe(0);
      expect(r.data.byteLength).toBe(r.data.buffer.byteLength);
    }
  });

  it('detaching one result with structuredClone leaves the others intact and later calls working', () => {
    for (let victim = 0; victim < 6; victim++) {
      const rs = results();
      const before = snapshot(rs);
      const moved = structuredClone(rs[victim].data, { transfer: [rs[victim].data.buffer] });
      expect(Array.from(moved)).toEqual(before[victim]);
      expect(rs[victim].data.length).toBe(0); // detached, as transfer does
      rs.forEach((r, i) => {
        if (i !== victim) expect(Array.from(r.data)).toEqual(before[i]);
      });
      expect(snapshot(results())).toEqual(before); // later calls work and compute the same
    }
  });

  it('writing through one result buffer changes no other result', () => {
    const rs = results();
    const before = snapshot(rs);
    new Uint8Array(rs[0].data.buffer).fill(255);
    new Uint8Array(rs[4].data.buffer).fill(255);
    rs.forEach((r, i) => {
      if (i !== 0 && i !== 4) expect(Array.from(r.data)).toEqual(before[i]);
    });
  });

  it('a result transferred to a worker arrives whole; the rest keep working', async () => {
    const rs = results();
    const before = snapshot(rs);
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       parentPort.once('message', (data) => parentPort.postMessage(Array.from(data)));`,
      { eval: true },
    );
    try {
      const echoed = new Promise<number[]>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      worker.postMessage(rs[0].data, [rs[0].data.buffer as ArrayBuffer]);
      expect(await echoed).toEqual(before[0]);
    } finally {
      await worker.terminate();
    }
    expect(rs[0].data.length).toBe(0);
    expect(snapshot(rs.slice(1))).toEqual(before.slice(1));
    expect(snapshot(results())).toEqual(before);
  });
});
