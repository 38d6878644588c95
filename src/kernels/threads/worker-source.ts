/**
 * What a worker thread runs, as source text started with `new Worker(source, { eval: true })`.
 * Text rather than a file: a worker file would have to be found next to the running module, which
 * differs between src/ under tsx or vitest (TypeScript that Node cannot load), dist/ and a user's
 * bundle; a string works the same in all of them. It is self-contained: the kernel arrives as a
 * compiled `WebAssembly.Module` (the shared-memory variant of gemm.wat, see shared-module.ts) and
 * the memory as the shared `WebAssembly.Memory`, both in `workerData`.
 *
 * The loop: sleep on Epoch until a job is published, claim tasks until none is left (control.ts),
 * each through the depth blocks as the main thread packs them, count each one in Done and wake the
 * main thread after the last, spin briefly for the next job, sleep again. A task that throws is counted too, with Error set, so the main thread never waits
 * for it; a worker that exits counts itself in Exited and wakes the main thread.
 */
import { CLOSED, CONTROL_WORDS, Failure, Fault, SPIN_MS, Word } from './control.js';

export const WORKER_SOURCE = `'use strict';
const { workerData } = require('node:worker_threads');
const { module, memory, kernels: names } = workerData;
const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
const kernels = names.map((name) => exports[name]);
const ctl = new Int32Array(memory.buffer, 0, ${CONTROL_WORDS});
let holding = false;
process.on('exit', () => {
  // Dying with a claimed task: that task will never be done, so the job fails now, not by timeout.
  if (holding) Atomics.store(ctl, ${Word.Error}, ${Failure.Exited});
  Atomics.add(ctl, ${Word.Exited}, 1);
  Atomics.notify(ctl, ${Word.Done});
});

function work(epoch) {
  const job = epoch & 0xffff;
  const tasks = ctl[${Word.Tasks}], taskRows = ctl[${Word.TaskRows}], kernel = kernels[ctl[${Word.Kernel}]];
  const bigTasks = ctl[${Word.BigTasks}], tailRows = ctl[${Word.TailRows}];
  const rows = ctl[${Word.Rows}], cols = ctl[${Word.Cols}], depth = ctl[${Word.Depth}], kcBlock = ctl[${Word.KcBlock}];
  const bytes = ctl[${Word.ElemBytes}], a = ctl[${Word.A}], b = ctl[${Word.B}], c = ctl[${Word.C}], ldc = ctl[${Word.Ldc}];
  const overwrite = ctl[${Word.Overwrite}], aDepth = ctl[${Word.ADepthBytes}], bDepth = ctl[${Word.BDepthBytes}], cRowBytes = ctl[${Word.CRowBytes}];
  for (;;) {
    const claim = Atomics.load(ctl, ${Word.Claim});
    const task = claim & 0xffff;
    if (claim >>> 16 !== job || task >= tasks || task === ${CLOSED}) return;
    if (Atomics.compareExchange(ctl, ${Word.Claim}, claim, claim + 1) !== claim) continue;
    const row = task < bigTasks ? task * taskRows : bigTasks * taskRows + (task - bigTasks) * tailRows;
    const n = Math.min(task < bigTasks ? taskRows : tailRows, rows - row);
    holding = true;
    try {
      const fault = Atomics.exchange(ctl, ${Word.Fault}, ${Fault.None});
      if (fault === ${Fault.Exit}) process.exit(1);
      if (fault === ${Fault.Throw}) throw new Error('injected fault');
      if (fault === ${Fault.Stall}) Atomics.wait(ctl, ${Word.Fault}, 0);
      // The same loop as Pool.task (pool.ts).
      for (let p = 0, pc = 0; pc < depth; p++, pc += kcBlock) {
        const need = p * rows + row + n; // its rows of depth block p (control.ts, Packed)
        for (let packed; (packed = Atomics.load(ctl, ${Word.Packed})) < need;) Atomics.wait(ctl, ${Word.Packed}, packed);
        const kc = Math.min(kcBlock, depth - pc);
        kernel(n, cols, kc, a + p * aDepth + row * kc * bytes, b + p * bDepth, c + row * cRowBytes, ldc, p === 0 ? overwrite : 0);
      }
    } catch {
      Atomics.store(ctl, ${Word.Error}, ${Failure.Threw});
    }
    holding = false;
    Atomics.add(ctl, ${Word.WorkerTasks}, 1);
    if (Atomics.add(ctl, ${Word.Done}, 1) + 1 === tasks) Atomics.notify(ctl, ${Word.Done});
  }
}

Atomics.add(ctl, ${Word.Ready}, 1);
let seen = Atomics.load(ctl, ${Word.Epoch});
for (;;) {
  const until = performance.now() + ${SPIN_MS};
  while (Atomics.load(ctl, ${Word.Epoch}) === seen && performance.now() < until);
  Atomics.wait(ctl, ${Word.Epoch}, seen);
  seen = Atomics.load(ctl, ${Word.Epoch});
  work(seen);
}
`;
