/**
 * The programs that type-checking cost is measured on, shared by bench/types.ts and
 * test/type-cost.test.ts. Two files over the same einsum calls:
 *   typed    imports einsum and zeros from the package as a user gets it: the declarations
 *            (.d.ts, emitted from src/ and types/ into a temp dir), checked under skipLibCheck;
 *   untyped  does not load the package: `declare function einsum(s: string, ...o: unknown[])`,
 *            and a `zeros` that keeps nothing of its argument;
 *   floor    the package's own `zeros` (each operand's literal shape and dtype inferred, as in
 *            the typed file) beside that untyped einsum: what the operands cost before einsum's
 *            types do anything.
 * What the typed file costs over the untyped one is what the package's types cost a user; over the
 * floor, what einsum's signature costs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..');

export const compilerOptions = {
  strict: true,
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  lib: ['ES2022'],
  types: [] as string[],
  skipLibCheck: true,
  noEmit: true,
};

export type Kind = 'typed' | 'untyped' | 'floor';

let declarationsDir: string | undefined;

/** The package's declarations, as `npm run build` writes them (emitted once per process). */
export function declarations(): string {
  if (declarationsDir) return declarationsDir;
  const dir = mkdtempSync(join(tmpdir(), 'typed-einsum-decl-'));
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  execFileSync(
    process.execPath,
    [tsc, '-p', join(root, 'tsconfig.build.json'), '--emitDeclarationOnly', '--outDir', dir, '--sourceMap', 'false', '--inlineSources', 'false', '--declarationMap', 'false'],
    { cwd: root, stdio: 'inherit' },
  );
  if (!existsSync(join(dir, 'src/index.d.ts'))) throw new Error(`no declarations in ${dir}`);
  return (declarationsDir = dir);
}

export function header(kind: Kind): string[] {
  const untypedEinsum = 'declare function einsum(s: string, ...o: unknown[]): unknown;';
  if (kind === 'typed') return [`import { einsum, zeros } from '${declarations()}/src/index.js';`];
  if (kind === 'floor') return [`import { zeros } from '${declarations()}/src/index.js';`, untypedEinsum];
  return [untypedEinsum, 'declare function zeros(shape: readonly number[]): unknown;'];
}

/** The source text of a program: each call assigned to an exported constant. */
export function programText(kind: Kind, calls: readonly string[]): string {
  return [...header(kind), ...calls.map((call, i) => `export const r${i} = ${call}`), 'export {};', ''].join('\n');
}

/** Writes `name.ts` and `name.json` (a tsconfig for it) into `dir`; returns the tsconfig's path. */
export function writeProject(dir: string, name: string, kind: Kind, calls: readonly string[]): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.ts`);
  writeFileSync(file, programText(kind, calls));
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({ compilerOptions, files: [file] }));
  return join(dir, `${name}.json`);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
