/**
 * The type tests, run by `npm test`: tsd (TypeScript 5.9) checks every file in type-tests/ with
 * exact type identity and expectError; TypeScript 7's native tsc checks the positive files, and
 * must report an error on exactly the expectError lines of the negative file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import tsdModule from 'tsd';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const typeTests = join(root, 'type-tests');
const ts7 = join(root, 'node_modules/ts7/bin/tsc');

type Tsd = typeof tsdModule;
// tsd is CommonJS: under ESM its default export may arrive wrapped once more.
const tsd = ((tsdModule as unknown as { default?: Tsd }).default ?? tsdModule) as Tsd;

/** Runs ts7 and returns its errors, but those inside src/ (the runtime's own typecheck covers them). */
function ts7Errors(project: string): string[] {
  let output = '';
  try {
    execFileSync(process.execPath, [ts7, '--noEmit', '-p', project], { cwd: root, encoding: 'utf8' });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? error);
  }
  return output.split('\n').filter((line) => / error TS\d+/.test(line) && !line.startsWith('src/'));
}

describe('type tests', () => {
  it('pass tsd (exact types, expected errors)', async () => {
    const diagnostics = await tsd({ cwd: typeTests, typingsFile: '../types/index.ts', testFiles: ['*.test-d.ts'] });
    const report = diagnostics.map((d) => `${d.fileName}:${d.line}:${d.column} ${d.message}`);
    expect(report).toEqual([]);
  }, 90_000);

  it('compile with TypeScript 7 (positive files)', () => {
    expect(ts7Errors(join(typeTests, 'tsconfig.json'))).toEqual([]);
  }, 60_000);

  it('fail with TypeScript 7 on exactly the expectError lines', () => {
    const file = join(typeTests, 'errors.test-d.ts');
    const expected = readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (line.startsWith('expectError(') ? [i + 1] : []));
    const dir = mkdtempSync(join(tmpdir(), 'typed-einsum-ts7-'));
    const project = join(dir, 'tsconfig.json');
    const config = {
      extends: join(typeTests, 'tsconfig.json'),
      compilerOptions: { typeRoots: [join(root, 'node_modules/@types')] }, // "types": ["node"] from a temp dir
      include: [file],
      exclude: [],
    };
    writeFileSync(project, JSON.stringify(config));
    const lines = ts7Errors(project).map((line) => Number(/\((\d+),/.exec(line)?.[1]));
    expect([...new Set(lines)]).toEqual(expected);
  }, 60_000);
});
