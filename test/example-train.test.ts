/**
 * examples/train (npm run example:train) runs and its loss falls: gradient descent with einsumVjp's
 * gradients converges, which wrong gradients would not do.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

it('fits the low-rank bilinear form: the loss falls by orders of magnitude', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'examples/train/main.ts')], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'examples/train/tsconfig.json') },
  });
  expect(run.status, run.stderr).toBe(0);
  const losses = [...run.stdout.matchAll(/loss (\S+)/g)].map((m) => Number(m[1]));
  expect(losses.length).toBeGreaterThan(5);
  expect(losses[losses.length - 1]).toBeLessThan(losses[0] * 1e-9);
  const errors = [...run.stdout.matchAll(/= (\S+)$/gm)].map((m) => Number(m[1]));
  expect(errors[errors.length - 1]).toBeLessThan(1e-5);
}, 60_000);
