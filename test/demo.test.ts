/**
 * `npm run demo` is what a new user runs first: it must say where its worked example comes from,
 * print durations in units a reader takes in at a glance, and show values, '...' case included.
 * (What the timings are is the benchmarks' business, not a test's: only their format is checked.)
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('npm run demo', () => {
  const output = execFileSync(process.execPath, ['--import', 'tsx', 'bench/demo.ts'], { cwd: root, encoding: 'utf8', timeout: 240_000 });
  const lines = output.split('\n');

  it('names the source of the attention example and shows the checked sums', () => {
    expect(output).toContain("a popular blog-post explanation of PyTorch's torch.einsum('nqhd,nkhd->nhqk'");
    expect(output).toContain('energy[0,0,0,1] = 1·0.2 + 0.5·0.4 + 0.2·0.6 + 1.5·0.7 = 1.57');
    expect(output).not.toMatch(/the article/);
  });

  it('prints every duration as 1 to 999 of ns, µs or ms (or seconds)', () => {
    const durations = [...output.matchAll(/([\d.]+) (ns|µs|ms|s) per call/g)];
    expect(durations.length).toBeGreaterThanOrEqual(10);
    for (const [text, value, unit] of durations) {
      if (unit !== 's') expect(Number(value), text).toBeLessThan(1000);
      expect(Number(value), text).toBeGreaterThanOrEqual(unit === 'ns' ? 0 : 1);
    }
  });

  it("shows the '...' case's values, and one batch of it recomputed as a plain matrix product", () => {
    const at = lines.findIndex((l) => l.startsWith("einsum('...ij,...jk->...ik'"));
    expect(lines[at + 1]).toMatch(/^ {2}= \[\[\[\[/);
    const check = /^ {2}batched\[1, 2\] = (\[\[.*\]\]) = einsum\('ij,jk->ik', batchA\[1, 0\], batchB\[2\]\)$/.exec(lines[at + 2]);
    expect(check).not.toBeNull();
    const whole = JSON.parse(lines[at + 1].slice(4)) as number[][][][];
    expect(JSON.parse(check![1])).toEqual(whole[1][2]);
  });
});
