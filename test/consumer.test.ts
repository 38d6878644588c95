/**
 * What a user gets from npm: the package is packed from a clean copy of the sources (the files git
 * tracks or would track: no dist/, no build output), installed from the tarball into a fresh
 * project, then used the ways a project uses it — `import`, `require`, a type check with the oldest
 * TypeScript we support (`ts-min` in devDependencies) and `skipLibCheck: false`, a bundle with
 * tree-shaking (which honours `sideEffects`), the `typed-einsum` command without ts-morph.
 * Slow-ish (a build, a pack, an install, three type checks: ~30 s), so it all happens once.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { einsum, random } from '../src/index.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'typed-einsum-consumer-'));
const clean = join(work, 'clean');
const app = join(work, 'app');
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string; devDependencies: Record<string, string> };

const run = (cmd: string, args: readonly string[], cwd: string): string =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });
const tsc = (bin: string, project: string): string => {
  try {
    return run(process.execPath, [join(repo, 'node_modules', bin, 'bin', 'tsc'), '-p', project], app);
  } catch (e) {
    throw new Error(`${bin} -p ${project} failed:\n${(e as { stdout?: string }).stdout ?? ''}${(e as { stderr?: string }).stderr ?? ''}`);
  }
};

/** The README's first example, plus type assertions; must compile with the minimum TypeScript. */
const MAIN_TS = `import { einsum, tensor, random, zeros, contractPath, compile, capabilities, EinsumError, type Tensor } from 'typed-einsum';
import { onnxEngine } from 'typed-einsum/onnx';
import typedEinsum from 'typed-einsum/vite';

const q = random([1, 2, 2, 4], { seed: 1 });
const k = random([1, 3, 2, 4], { seed: 2 });
const energy: Tensor<readonly [1, 2, 2, 3], 'float64'> = einsum('nqhd,nkhd->nhqk', q, k);
const product = einsum('ij,jk->ik', tensor([[1, 2, 3], [4, 5, 6]]), tensor([[1, 0], [0, 1], [1, 1]]));
const trace = einsum('ii->', tensor([[1, 2], [3, 4]]));
const x = random([64, 16], { seed: 3 }), W = random([16, 16], { seed: 4 });
einsum('bi,ij,bj->b', x, W, x, { out: zeros([64]) });
const report: string = contractPath('bi,ij,bj->b', x, W, x).toString();
const matvec = compile('ij,j->i', [3, 3], [3]);
const mv: Tensor<readonly [3], 'float64'> = matvec(random([3, 3], { seed: 5 }), random([3], { seed: 6 }));
// @ts-expect-error: label 'j' is 3 in operand 0 but 4 in operand 1
einsum('ij,jk->ik', zeros([2, 3]), zeros([4, 5]));
const caps: { readonly wasm: boolean; readonly jit: boolean } = capabilities();
export const plugin = typedEinsum({ modules: ['typed-einsum'] }).name;
export const engine = typeof onnxEngine;
export const all = [energy.shape, product.toArray(), trace.toArray(), report.length, mv.shape, caps, EinsumError.name];
`;

/** A CommonJS TypeScript file: \`import\` compiles to require() of the ESM package (TypeScript ≥ 5.8 allows it). */
const CJS_TS = `import { einsum, tensor } from 'typed-einsum';
export const trace: number = einsum('ii->', tensor([[1, 2], [3, 4]])).toArray();
`;

const TSCONFIG = (files: string[]) =>
  JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2022'], // no DOM, no @types/node: the package must not need them
      types: [],
      strict: true,
      skipLibCheck: false,
      noEmit: true,
    },
    files,
  });

beforeAll(() => {
  // A clean checkout: the tracked and trackable files of the working tree, without anything ignored.
  const files = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], repo).split('\0').filter(Boolean);
  for (const file of files) {
    try {
      cpSync(join(repo, file), join(clean, file));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; // deleted but not yet committed
    }
  }
  symlinkSync(join(repo, 'node_modules'), join(clean, 'node_modules')); // the build's tools, as `npm ci` would give
  run('npm', ['pack', '--silent', '--pack-destination', work], clean); // runs prepack: the build
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(work, `typed-einsum-${pkg.version}.tgz`)], app);
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed package, installed from its tarball', () => {
  it('ships the build, the license and source maps that carry their sources', () => {
    const list = run('tar', ['-tzf', join(work, `typed-einsum-${pkg.version}.tgz`)], work).split('\n').filter(Boolean);
    expect(list).toContain('package/dist/src/index.js');
    expect(list).toContain('package/dist/src/index.d.ts');
    expect(list).toContain('package/dist/codegen/vite.js');
    expect(list).toContain('package/LICENSE');
    expect(list.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    const maps = list.filter((f) => f.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(10);
    for (const map of maps) {
      const path = map.slice('package/'.length); // dist/src/einsum.js.map, sources ['../../src/einsum.ts']
      const json = JSON.parse(readFileSync(join(app, 'node_modules/typed-einsum', path), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      expect(json.sourcesContent?.length, map).toBe(json.sources.length);
      expect(json.sourcesContent![0], map).toBe(readFileSync(join(repo, dirname(path), json.sources[0]), 'utf8'));
    }
    const manifest = JSON.parse(readFileSync(join(app, 'node_modules/typed-einsum/package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.dependencies ?? {}).toEqual({}); // nothing to download at run time
    expect(manifest.sideEffects).toBe(false);
    expect(manifest.keywords).toContain('einsum');
  });

  it('imports as ESM', () => {
    writeFileSync(
      join(app, 'esm.mjs'),
      `import { einsum, tensor, random, capabilities } from 'typed-einsum';
const a = random([256, 256], { seed: 1 });
const c = einsum('ij,jk->ik', a, a);
let want = 0;
for (let k = 0; k < 256; k++) want += a.get(3, k) * a.get(k, 5);
console.log(JSON.stringify({ trace: einsum('ii->', tensor([[1, 2], [3, 4]])).toArray(), diff: Math.abs(c.get(3, 5) - want), caps: capabilities() }));`,
    );
    const got = JSON.parse(run(process.execPath, ['esm.mjs'], app)) as { trace: number; diff: number; caps: object };
    expect(got.trace).toBe(5);
    expect(got.diff).toBeLessThan(1e-12);
    expect(got.caps).toMatchObject({ wasm: true, simd: true, jit: true });
  });

  it('loads with require() (Node ≥ 20.19), as the same module instance as import', () => {
    writeFileSync(
      join(app, 'cjs.cjs'),
      `const te = require('typed-einsum');
import('typed-einsum').then((esm) => console.log(JSON.stringify({
  trace: te.einsum('ii->', te.tensor([[1, 2], [3, 4]])).toArray(),
  same: esm.einsum === te.einsum && esm.configure === te.configure,
  vite: typeof require('typed-einsum/vite').typedEinsum,
  onnx: typeof require('typed-einsum/onnx').onnxEngine,
})));`,
    );
    expect(JSON.parse(run(process.execPath, ['cjs.cjs'], app))).toEqual({ trace: 5, same: true, vite: 'function', onnx: 'function' });
  });

  it('runs the Vite plugin with only typescript installed (no ts-morph), and the command without either', () => {
    symlinkSync(join(repo, 'node_modules/typescript'), join(app, 'node_modules/typescript'));
    writeFileSync(
      join(app, 'vite.mjs'),
      `import typedEinsum from 'typed-einsum/vite';
const out = typedEinsum().transform("import { einsum } from 'typed-einsum';\\nexport const r = einsum<'ij->'>(m);\\n", '/app/a.ts');
console.log(JSON.stringify(out));`,
    );
    expect(JSON.parse(run(process.execPath, ['vite.mjs'], app))).toEqual({ code: "import { einsum } from 'typed-einsum';\nexport const r = einsum('ij->', m);\n", map: null });
    const bin = join(app, 'node_modules/.bin/typed-einsum');
    expect(run(bin, ['--version'], app).trim()).toBe(pkg.version);
    const bare = spawnSync(bin, [], { cwd: app, encoding: 'utf8' });
    expect([bare.status, bare.stdout]).toEqual([2, '']);
    expect(bare.stderr).toContain('usage: typed-einsum codegen');
  });

  it(`type-checks with the minimum TypeScript (${pkg.devDependencies['ts-min']}) and skipLibCheck: false`, () => {
    writeFileSync(join(app, 'main.ts'), MAIN_TS);
    writeFileSync(join(app, 'tsconfig.json'), TSCONFIG(['main.ts']));
    tsc('ts-min', 'tsconfig.json');
    writeFileSync(join(app, 'cjs.cts'), CJS_TS);
    writeFileSync(join(app, 'tsconfig.cjs.json'), TSCONFIG(['main.ts', 'cjs.cts']));
    tsc('typescript', 'tsconfig.cjs.json');
  });

  it('bundles with tree-shaking (sideEffects: false) into a program that still works', async () => {
    const { build } = await import('esbuild');
    writeFileSync(join(app, 'bundle-entry.mjs'), `import { compile, einsum, random } from 'typed-einsum';
const a = random([128, 128], { seed: 2 });
const m = compile('ij,j->i', [3, 3], [3]);
console.log(JSON.stringify({ sum: einsum('ij,jk->', a, a).toArray(), kernel: m.kernel }));`);
    await build({ entryPoints: [join(app, 'bundle-entry.mjs')], bundle: true, format: 'esm', platform: 'node', outfile: join(app, 'bundle.mjs'), logLevel: 'silent' });
    const got = JSON.parse(run(process.execPath, ['bundle.mjs'], app)) as { sum: number; kernel: string };
    const a = random([128, 128], { seed: 2 });
    expect(got.sum).toBeCloseTo(einsum('ij,jk->', a, a).toArray(), 9);
    expect(got.kernel).toBe('jit');
  });
});
