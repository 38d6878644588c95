/**
 * typed-einsum/vite: the plugin's transform on sample sources (what it rewrites, what it leaves,
 * positions kept), then one real Vite pipeline — a dev server in middleware mode loads a module
 * written in the type-argument form through the plugin and runs it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { typedEinsum } from '../codegen/vite.js';

const plugin = typedEinsum();
const transform = (code: string, id = '/app/main.ts'): string | undefined => plugin.transform(code, id)?.code;

describe('typed-einsum/vite transform', () => {
  it('is a Vite plugin that runs before the types are stripped', () => {
    const asVite: Plugin = typedEinsum();
    expect(asVite.name).toBe('typed-einsum');
    expect(asVite.enforce).toBe('pre');
  });

  it('rewrites type-argument calls however einsum is imported, keeping every position', () => {
    const source = [
      `import { einsum, einsum as e2, tensor } from 'typed-einsum';`,
      `import * as te from 'typed-einsum';`,
      `const alias = e2;`,
      `export const a = einsum<'ij,jk->ik'>(m, n);`,
      `export const b = te.einsum<"ij,j->i">(m, /* keep */ e2<'ij,j->i'>(m, v));`,
      `export const c = alias<'ii'>(m);`,
      `export const d = (einsum as Function)<'i->'>  (v);`,
      `export const s = einsum<'->'>();`,
      `export const v1 = einsum('ij->ji', m);`,
      `function local(einsum: Function) { return einsum; }`,
      ``,
    ].join('\n');
    const out = transform(source)!;
    expect(out.split('\n').slice(3, 9)).toEqual([
      `export const a = einsum('ij,jk->ik', m, n);`,
      `export const b = te.einsum("ij,j->i", m, /* keep */ e2('ij,j->i', m, v));`,
      `export const c = alias('ii', m);`,
      `export const d = (einsum as Function)('i->',   v);`,
      `export const s = einsum('->'  );`,
      `export const v1 = einsum('ij->ji', m);`,
    ]);
    expect(out.length).toBe(source.length); // no source map needed
    expect(out.split('\n').map((l) => l.length)).toEqual(source.split('\n').map((l) => l.length));
  });

  it('leaves files alone that do not import typed-einsum, or are not TypeScript', () => {
    const other = `import { einsum } from 'other-lib';\nexport const a = einsum<'ij'>(m);\n`;
    expect(plugin.transform(other, '/app/a.ts')).toBeNull();
    const mine = `import { einsum } from 'typed-einsum';\nexport const a = einsum<'ij'>(m);\n`;
    expect(plugin.transform(mine, '/app/a.js')).toBeNull();
    expect(plugin.transform(mine, '/app/node_modules/x/a.ts')).toBeNull();
    expect(plugin.transform(`import { tensor } from 'typed-einsum';\nexport const t = tensor([1], [1]);\n`, '/app/a.ts')).toBeNull();
    expect(transform(mine, '/app/a.ts?v=123')).toContain(`einsum('ij', m)`);
    expect(transform(`import { einsum } from 'typed-einsum';\nexport const A = () => <div>{einsum<'i->'>(v).size}</div>;\n`, '/app/a.tsx')).toContain(`einsum('i->', v)`);
  });

  it('does not rewrite what it cannot see from the file alone (left to --emit-sources)', () => {
    const source = `import { contract } from './lib.js';\nimport { einsum } from 'typed-einsum';\nexport const a = contract<'ij'>(m);\nexport const b = einsum('ij', m);\n`;
    expect(plugin.transform(source, '/app/a.ts')).toBeNull();
  });

  it('fails the build at a type alias as the type argument, naming the place and the way out', () => {
    const source = `import { einsum } from 'typed-einsum';\ntype Spec = 'ij';\nexport const b =  einsum<Spec>(m);\n`;
    expect(() => plugin.transform(source, '/app/a.ts')).toThrow(
      "/app/a.ts:3:26 - error: einsum<Spec>: the typed-einsum Vite plugin reads one file's syntax and cannot resolve a type to its subscripts; " +
        "write them in place (einsum<'ij,jk->ik'>(a, b)) or rewrite the sources with `npx typed-einsum codegen --emit-sources <dir>`, which has the type checker",
    );
  });

  it('takes other module names for typed-einsum (path aliases)', () => {
    const aliased = typedEinsum({ modules: ['typed-einsum', '~/einsum'] });
    expect(aliased.transform(`import { einsum } from '~/einsum';\nexport const a = einsum<'ij'>(m);\n`, '/app/a.ts')?.code).toContain(`einsum('ij', m)`);
  });
});

describe('typed-einsum/vite in a real Vite pipeline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'typed-einsum-vite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads and runs a module written in the type-argument form', async () => {
    const { createServer } = await import('vite');
    writeFileSync(
      join(dir, 'main.ts'),
      `import { einsum, tensor } from 'typed-einsum';\n` +
        `const m = tensor([1, 2, 3, 4], [2, 2]);\n` +
        `const v = tensor([1, 1], [2]);\n` +
        `export const result = Array.from((einsum as (...a: unknown[]) => { data: Float64Array })<'ij,j->i'>(m, v).data);\n`,
    );
    const server = await createServer({
      configFile: false,
      root: dir,
      logLevel: 'silent',
      plugins: [typedEinsum()],
      resolve: { alias: { 'typed-einsum': fileURLToPath(new URL('../src/index.ts', import.meta.url)) } },
      server: { middlewareMode: true, hmr: false, watch: null },
      optimizeDeps: { noDiscovery: true },
    });
    try {
      const module = await server.ssrLoadModule(join(dir, 'main.ts'));
      expect(module.result).toEqual([3, 7]);
    } finally {
      await server.close();
    }
  });
});
