import { describe, expect, it } from 'vitest';
import { runPage } from './browser/harness.js';

describe('browser harness', () => {
  it('serves a bundled page to headless Chromium, cross-origin isolated, and returns its report', async () => {
    const { value } = await runPage<{ isolated: boolean; sum: number }>({ entry: 'test/browser/smoke.page.ts' });
    expect(value).toEqual({ isolated: true, sum: 6 });
  });

  it('turns a page failure into a rejected run with its message', async () => {
    await expect(runPage({ entry: 'test/browser/failing.page.ts', timeoutMs: 20_000 })).rejects.toThrow(/deliberate failure/);
  });
});
