/**
 * The codegen: scanner reach (renamed imports, namespace imports, re-exports, const aliases, the
 * type-argument form), notes for what it can't specialize, shape errors at file:line:col, the
 * generated module (golden text, and it type-checks), the --emit-sources rewrite, and the CLI
 * with --check. One in-memory Project for the scanner, one temp dir for the CLI.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Project, ts } from 'ts-morph';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../codegen/cli.js';
import { formatDiagnostic } from '../codegen/diagnostics.js';
import { runCodegen } from '../codegen/index.js';
import { WatchSession } from '../codegen/watch.js';

/** A stand-in for the package's declarations: what the scanner and the generated module need. */
const STUB = `
export type DType = 'float64' | 'float32' | 'int32';
export declare class Tensor<S extends readonly number[] = readonly number[], D extends DType = DType> {
  readonly shape: S; readonly dtype: D; readonly data: Float64Array | Float32Array | Int32Array;
}
export declare function einsum(...args: unknown[]): Tensor;
export declare function tensor<const S extends readonly number[]>(data: number[], shape: S): Tensor<S, 'float64'>;
export declare function tensor<const S extends readonly number[], D extends DType>(data: number[], shape: S, options: { dtype: D }): Tensor<S, D>;
export interface KernelSpec { subscripts: string; shapes: readonly (readonly (number | null)[])[]; dtypes: readonly DType[]; dtype?: DType; fn: (...args: never[]) => void }
export declare function registerKernels(specs: readonly KernelSpec[]): ((...args: Tensor[]) => Tensor)[];
`;

const SOURCES: Record<string, string> = {
  'lib.ts': `export { einsum as contract } from 'typed-einsum';\n`,
  'main.ts': [
    `import { einsum, einsum as e2, tensor, type Tensor } from 'typed-einsum';`,
    `import * as te from 'typed-einsum';`,
    `import { contract } from './lib.js';`,
    `const q = tensor([], [1, 2, 2, 4]);`,
    `const k = tensor([], [1, 3, 2, 4]);`,
    `const m = tensor([], [3, 3], { dtype: 'float32' });`,
    `const v = tensor([], [3], { dtype: 'float32' });`,
    `export const s1 = einsum('nqhd,nkhd->nhqk', q, k);`,
    `export const s2 = e2('nqhd,nkhd->nhqk', q, k);`,
    `export const s3 = te.einsum('ij,j->i', m, v);`,
    `export const s4 = contract('ij,j->i', m, v, { dtype: 'float64' });`,
    `const alias = einsum;`,
    `export const s5 = alias('ij,ij->', m, m);`,
    `export const s6 = (einsum as (...a: unknown[]) => Tensor)<'nqhd,nkhd->nhqk'>(q, k);`,
    `export const s7 = einsum<'ij,j->i'>(m, /* keep me */ einsum<'ij,j->i'>(m, v));`,
    `export function myEinsum<S extends string>(spec: S, a: Tensor, b: Tensor) { return einsum(spec, a, b); }`,
    `export const s8 = myEinsum('ij,j->i', m, v);`,
    `const dynamic: Tensor = m;`,
    `export const s9 = einsum('ij,j->i', dynamic, v);`,
    ``,
  ].join('\n'),
};

const project = new Project({
  useInMemoryFileSystem: true,
  compilerOptions: { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, paths: { 'typed-einsum': ['/lib/typed-einsum.ts'] } },
});
project.createSourceFile('/lib/typed-einsum.ts', STUB);
for (const [name, text] of Object.entries(SOURCES)) project.createSourceFile(`/project/${name}`, text);

describe('codegen on an in-memory project', () => {
  const result = runCodegen({ project, root: '/project', out: '/project/kernels.generated.ts', emitSources: '/out' });
  const lines = result.diagnostics.map((d) => formatDiagnostic(d, '/project'));

  it('finds einsum however it is imported, and both forms', () => {
    expect(result.errors).toBe(0);
    expect(result.calls).toBe(9); // s1-s7 (s7 twice), the wrapper's body, s9
    expect(result.kernels).toEqual([
      'einsum_ij_ij_to___3x3_3x3__f32',
      'einsum_ij_j_to_i__3x3_3__f32',
      'einsum_ij_j_to_i__3x3_3__f32f32_f64',
      'einsum_nqhd_nkhd_to_nhqk__1x2x2x4_1x3x2x4__f64',
    ]);
  });

  it('reports what it cannot specialize as notes, with file:line:col', () => {
    expect(lines).toContainEqual(expect.stringMatching(/^main\.ts:16:84 - note: the subscripts of this einsum call are not a literal \(spec: S\)/));
    expect(lines).toContainEqual(expect.stringMatching(/^main\.ts:17:19 - note: 'myEinsum' could not be resolved to typed-einsum's einsum/));
    // a type-argument call's result has number sizes: the outer call of s7 can't be specialized
    expect(lines).toContainEqual(expect.stringMatching(/^main\.ts:15:19 - note: operand 1 of 'ij,j->i' has no static shape/));
    expect(lines).toContainEqual(expect.stringMatching(/^main\.ts:19:19 - note: operand 0 of 'ij,j->i' has no static shape \(readonly number\[\]\)/));
  });

  it('writes a generated module that matches the golden text and type-checks', () => {
    const module = result.files[0];
    expect(module.path).toBe('/project/kernels.generated.ts');
    const golden = new URL('./golden-emit/codegen-module.generated.ts.txt', import.meta.url);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(golden)) writeFileSync(golden, module.text);
    expect(module.text).toBe(readFileSync(golden, 'utf8'));
    expect(module.text.startsWith('// DO NOT EDIT — generated by `typed-einsum codegen --out kernels.generated.ts`')).toBe(true);
    const file = project.createSourceFile('/check/kernels.generated.ts', module.text, { overwrite: true });
    expect(file.getPreEmitDiagnostics().map((d) => d.getMessageText())).toEqual([]);
  });

  it('rewrites the type-argument form to the value form in the emitted sources', () => {
    const main = result.files.find((f) => f.path === '/out/main.ts')!.text;
    expect(main).toContain(`export const s6 = (einsum as (...a: unknown[]) => Tensor)('nqhd,nkhd->nhqk', q, k);`);
    expect(main).toContain(`export const s7 = einsum('ij,j->i', m, /* keep me */ einsum('ij,j->i', m, v));`);
    expect(main).toContain(`export const s1 = einsum('nqhd,nkhd->nhqk', q, k);`);
    expect(result.files.map((f) => f.path)).toContain('/out/kernels.generated.ts');
  });

  it('mirrors the sources\' own root: sources in src/ and --emit-sources build/src give build/src/main.ts', () => {
    const nested = new Project({ useInMemoryFileSystem: true, compilerOptions: project.getCompilerOptions() });
    nested.createSourceFile('/lib/typed-einsum.ts', STUB);
    nested.createSourceFile('/app/src/main.ts', SOURCES['main.ts']);
    nested.createSourceFile('/app/src/util/more.ts', `export const x = 1;\n`);
    const emitted = runCodegen({ project: nested, root: '/app', out: '/app/src/kernels.generated.ts', emitSources: '/app/build/src' });
    expect(emitted.files.map((f) => f.path).sort()).toEqual(['/app/build/src/kernels.generated.ts', '/app/build/src/main.ts', '/app/build/src/util/more.ts', '/app/src/kernels.generated.ts']);
    const withRootDir = new Project({ useInMemoryFileSystem: true, compilerOptions: { ...project.getCompilerOptions(), rootDir: '/app' } });
    withRootDir.createSourceFile('/lib/typed-einsum.ts', STUB);
    withRootDir.createSourceFile('/app/src/main.ts', SOURCES['main.ts']);
    const kept = runCodegen({ project: withRootDir, root: '/app', out: '/app/src/kernels.generated.ts', emitSources: '/app/build' });
    expect(kept.files.map((f) => f.path).sort()).toEqual(['/app/build/src/kernels.generated.ts', '/app/build/src/main.ts', '/app/src/kernels.generated.ts']);
  });

  it('reports shape clashes as errors with the runtime words', () => {
    const file = project.createSourceFile('/project/clash.ts', `import { einsum, tensor } from 'typed-einsum';\nconst a = tensor([], [2, 4]);\nconst b = tensor([], [3, 5]);\nexport const c =\n  einsum('ij,jk->ik', a, b);\nexport const d = einsum('ij,jk->ik', a);\n`);
    try {
      const clash = runCodegen({ project, root: '/project', out: '/project/kernels.generated.ts' });
      const errors = clash.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d, '/project'));
      expect(errors).toEqual([
        "clash.ts:5:3 - error: label 'j' is 4 in operand 0 but 3 in operand 1 in 'ij,jk->ik'",
        "clash.ts:6:18 - error: 'ij,jk->ik' names 2 operands but 1 was given",
      ]);
    } finally {
      file.delete();
    }
  });
});

describe("numpy's sublist form in the codegen", () => {
  it('reads literal label lists (array literals and as-const tuples) as the subscripts they spell, and reports a bad label number', () => {
    const file = project.createSourceFile(
      '/project/sublist.ts',
      [
        `import { einsum, tensor } from 'typed-einsum';`,
        `const m = tensor([], [3, 3]);`,
        `const v = tensor([], [3]);`,
        `const rows = [0] as const;`,
        `export const a = einsum(m, [0, 1], v, [1], rows);`,
        `export const b = einsum(m, [26, 27], m, [27, 28], { optimize: 'greedy' });`,
        `export const c = einsum(m, ['...', 0], [0]);`,
        `export const d = einsum(m, [0, 1], v, [1, 60]);`,
        ``,
      ].join('\n'),
    );
    try {
      const found = runCodegen({ project, root: '/project', out: '/project/kernels.generated.ts' });
      const errors = found.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d, '/project'));
      expect(errors).toEqual([expect.stringMatching(/^sublist\.ts:8:18 - error: label 60 in the list of operand 1 of \[0, 1\], \[1, 60\] is not a label number/)]);
      expect(found.kernels).toEqual(expect.arrayContaining(['einsum_AB_B_to_A__3x3_3__f64', 'einsum_ab_bc__3x3_3x3__f64', 'einsum_EA_to_A__3x3__f64']));
    } finally {
      file.delete();
    }
  });
});

describe('rank-specialized kernels from the codegen', () => {
  it('emits one for operands of known rank and `number` sizes, registered with null sizes; known sizes still checked', () => {
    const file = project.createSourceFile(
      '/project/rows.ts',
      [
        `import { einsum, type Tensor } from 'typed-einsum';`,
        `export function projectRows(x: Tensor<readonly [number, 4], 'float64'>, w: Tensor<readonly [4, 3], 'float64'>) {`,
        `  return einsum<'nd,de->ne'>(x, w);`,
        `}`,
        `export function bad(x: Tensor<readonly [number, 4], 'float64'>, w: Tensor<readonly [5, number], 'float64'>) {`,
        `  return einsum('nd,de->ne', x, w);`,
        `}`,
        ``,
      ].join('\n'),
    );
    try {
      const result = runCodegen({ project, root: '/project', out: '/project/kernels.generated.ts' });
      const errors = result.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d, '/project'));
      expect(errors).toEqual(["rows.ts:6:10 - error: label 'd' is 4 in operand 0 but 5 in operand 1 in 'nd,de->ne'"]);
      expect(result.kernels).toContain('einsum_nd_de_to_ne__nx4_4x3__f64');
      const text = result.files[0].text;
      expect(text).toContain(`{ subscripts: 'nd,de->ne', shapes: [[null, 4], [4, 3]], dtypes: ['float64', 'float64'], dtype: 'float64', fn: nd_de_to_ne__nx4_4x3__f64 },`);
      expect(text).toContain(`(a: Tensor<readonly [number, 4], 'float64'>, b: Tensor<readonly [4, 3], 'float64'>, out?: Tensor<readonly [number, 3], 'float64'>) => Tensor<readonly [number, 3], 'float64'>`);
      expect(text).toContain('function nd_de_to_ne__nx4_4x3__f64(d0: Float64Array, o0: number, s0: ArrayLike<number>, d1: Float64Array, o1: number, s1: ArrayLike<number>, r: Float64Array, ro: number, n: ArrayLike<number>): void {');
      const generated = project.createSourceFile('/check/dynamic.generated.ts', text, { overwrite: true });
      try {
        expect(generated.getPreEmitDiagnostics().map((d) => d.getMessageText())).toEqual([]);
      } finally {
        generated.delete();
      }
    } finally {
      file.delete();
    }
  });
});

describe('the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'typed-einsum-codegen-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'lib'));
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'lib', 'typed-einsum.ts'), STUB);
  writeFileSync(join(dir, 'app', 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'ESNext', moduleResolution: 'Bundler', target: 'ES2022', paths: { 'typed-einsum': ['../lib/typed-einsum.ts'] } }, include: ['*.ts'] }));
  const source = (extra: string): void =>
    writeFileSync(join(dir, 'app', 'main.ts'), `import { einsum, tensor } from 'typed-einsum';\nconst m = tensor([], [3, 3]);\nconst v = tensor([], [3]);\nexport const a = einsum('ij,j->i', m, v);\n${extra}`);
  const run = (...args: string[]): { code: number; out: string; err: string } => {
    let out = '';
    let err = '';
    const code = main(['codegen', '--project', join(dir, 'app', 'tsconfig.json'), ...args], { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
    return { code, out, err };
  };

  it('writes the module, then --check passes on fresh output and fails on stale output', () => {
    source('');
    expect(run().code).toBe(0);
    const generated = join(dir, 'app', 'einsum-kernels.generated.ts');
    expect(readFileSync(generated, 'utf8')).toContain('export const einsum_ij_j_to_i__3x3_3__f64 =');
    expect(run('--check')).toMatchObject({ code: 0 });
    source(`export const b = einsum('ij,jk->ik', m, m);\n`);
    const stale = run('--check');
    expect(stale.code).toBe(1);
    expect(stale.err).toContain('einsum-kernels.generated.ts: + einsum_ij_jk_to_ik__3x3_3x3__f64');
  });

  it('prints shape errors as file:line:col and exits non-zero, writing nothing', () => {
    source(`export const b = einsum('ij,jk->ik', m, v);\n`);
    const failed = run('--out', join(dir, 'app', 'other.generated.ts'));
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/app\/main\.ts:5:18 - error: operand 1 \('jk'\) has rank 2 but its shape is \[3\] in 'ij,jk->ik'/);
    expect(existsSync(join(dir, 'app', 'other.generated.ts'))).toBe(false);
  });

  it('prints the usage for a bare command (exit 2) and --help, its version for --version; writes nothing', () => {
    const bare = withIo([]);
    expect(bare.code).toBe(2);
    expect(bare.err).toContain('usage: typed-einsum codegen');
    expect(withIo(['--help'])).toEqual({ code: 0, out: expect.stringContaining('--emit-sources DIR'), err: '' });
    const version = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version as string;
    expect(withIo(['--version'])).toEqual({ code: 0, out: version, err: '' });
    expect(withIo(['codegen', '--version']).out).toBe(version);
  });

  it('refuses bad usage with exit code 2', () => {
    expect(run('--frobnicate').code).toBe(2);
    expect(run('--out', join(dir, 'app', 'kernels.ts')).code).toBe(2);
    expect(run('--watch', '--check').code).toBe(2);
  });
});

describe('--watch: the session that re-runs on changed files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'typed-einsum-watch-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'lib'));
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'lib', 'typed-einsum.ts'), STUB);
  const tsconfig = join(dir, 'app', 'tsconfig.json');
  writeFileSync(tsconfig, JSON.stringify({ compilerOptions: { strict: true, module: 'ESNext', moduleResolution: 'Bundler', target: 'ES2022', paths: { 'typed-einsum': ['../lib/typed-einsum.ts'] } }, include: ['**/*.ts'] }));
  const header = `import { einsum, tensor } from 'typed-einsum';\nconst m = tensor([], [3, 3]);\nconst v = tensor([], [3]);\n`;
  const write = (name: string, body: string): string => {
    const path = join(dir, 'app', name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, header + body);
    return path;
  };
  const generated = join(dir, 'app', 'einsum-kernels.generated.ts');
  const kernels = (): string[] => [...readFileSync(generated, 'utf8').matchAll(/^export const (\w+) =/gm)].map((m) => m[1]);

  it('regenerates on an edit, a new file, a deleted file; skips its own output; keeps going after errors', () => {
    const main = write('main.ts', `export const a = einsum('ij,j->i', m, v);\n`);
    const session = new WatchSession({ project: tsconfig });
    const first = session.update();
    expect(first.written).toEqual([generated]);
    expect(first.lines.at(-1)).toMatch(/1 kernel for 1 einsum call; regenerated .*einsum-kernels\.generated\.ts$/);
    expect(session.directories()).toEqual([join(dir, 'app')]);

    // an edit that changes nothing in the output writes nothing
    write('main.ts', `export const a = einsum('ij,j->i', m, v); // same call\n`);
    expect(session.update([main]).written).toEqual([]);

    write('main.ts', `export const a = einsum('ij,jk->ik', m, m);\n`);
    const edited = session.update([main]);
    expect(edited.written).toEqual([generated]);
    expect(edited.lines.at(-1)).toContain('main.ts changed: 1 kernel');
    expect(kernels()).toEqual(['einsum_ij_jk_to_ik__3x3_3x3__f64']);

    const added = write('nested/more.ts', `export const b = einsum('i,i->', v, v);\n`);
    expect(session.update([added]).written).toEqual([generated]);
    expect(kernels()).toEqual(['einsum_i_i_to___3_3__f64', 'einsum_ij_jk_to_ik__3x3_3x3__f64']);
    expect(session.directories()).toEqual([join(dir, 'app'), join(dir, 'app', 'nested')]);

    rmSync(added);
    session.update([added]);
    expect(kernels()).toEqual(['einsum_ij_jk_to_ik__3x3_3x3__f64']);

    write('main.ts', `export const a = einsum('ij,jk->ik', m, v);\n`);
    const failed = session.update([main]);
    expect(failed.written).toEqual([]);
    expect(failed.lines.at(-1)).toContain('1 error; nothing written');
    expect(kernels()).toEqual(['einsum_ij_jk_to_ik__3x3_3x3__f64']); // the last good output stays

    // the same output as a one-shot run: --check agrees
    write('main.ts', `export const a = einsum('ij,j->i', m, v);\n`);
    session.update([main]);
    expect(main_(['codegen', '--project', tsconfig, '--check'])).toBe(0);
  });

  it('tells sources from the generated output, emitted copies and other files', () => {
    const session = new WatchSession({ project: tsconfig, emitSources: join(dir, 'app', 'build') });
    expect(session.relevant(join(dir, 'app', 'main.ts'))).toBe(true);
    expect(session.relevant(join(dir, 'app', 'view.tsx'))).toBe(true);
    expect(session.relevant(tsconfig)).toBe(true);
    expect(session.relevant(generated)).toBe(false);
    expect(session.relevant(join(dir, 'app', 'build', 'main.ts'))).toBe(false);
    expect(session.relevant(join(dir, 'app', 'types.d.ts'))).toBe(false);
    expect(session.relevant(join(dir, 'app', 'notes.md'))).toBe(false);
    expect(session.relevant(join(dir, 'app', 'node_modules', 'x', 'a.ts'))).toBe(false);
  });
});

function withIo(argv: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function main_(argv: string[]): number {
  return main(argv, { out: () => undefined, err: () => undefined });
}
