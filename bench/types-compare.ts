/**
 * Type-checking cost of this tree against another commit, side by side: `npm run bench:types:compare -- <ref>`
 * (default main), or of one commit against another: `npm run bench:types:compare -- <ref> <other>`. Both trees' declarations are emitted with the same tsc (the other one from
 * `git archive <ref>`), the 300 calls of bench/types-corpus.ts are checked against each, cold,
 * with TypeScript 5.9 and 7 (`--extendedDiagnostics`), the two interleaved round by round so a
 * busy moment of the shared machine hits both alike; medians and the ratio this / ref.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { typeCorpus } from './types-corpus.js';
import { compilerOptions, median, root } from './types-setup.js';

const ref = process.argv[2] ?? 'main';
const other = process.argv[3];
const rounds = Number(process.env.ROUNDS ?? 7);
const dir = mkdtempSync(join(tmpdir(), 'typed-einsum-compare-'));
const compilers = { 'TypeScript 5.9': join(root, 'node_modules/typescript/bin/tsc'), 'TypeScript 7': join(root, 'node_modules/ts7/bin/tsc') };

/** The tree's declarations, emitted as `npm run build` writes them. */
function declarations(tree: string, name: string): string {
  const out = join(dir, `${name}-decl`);
  const args = ['-p', join(tree, 'tsconfig.build.json'), '--emitDeclarationOnly', '--outDir', out, '--sourceMap', 'false', '--inlineSources', 'false', '--declarationMap', 'false'];
  execFileSync(process.execPath, [compilers['TypeScript 5.9'], ...args], { cwd: tree, stdio: 'inherit' });
  if (!existsSync(join(out, 'src/index.d.ts'))) throw new Error(`no declarations for ${name}`);
  return out;
}

/** The tree of a commit, unpacked beside this one's node_modules. */
function tree(commit: string, name: string): string {
  const path = join(dir, name);
  mkdirSync(path);
  execFileSync('sh', ['-c', `git -C '${root}' archive '${commit}' | tar -x -C '${path}'`]);
  symlinkSync(join(root, 'node_modules'), join(path, 'node_modules'));
  return path;
}
const base = tree(ref, 'base');
const mine = other === undefined ? root : tree(other, 'other');
const commit = execFileSync('git', ['-C', root, 'rev-parse', '--short', ref], { encoding: 'utf8' }).trim();
const calls = typeCorpus(300).map((c) => c.text);
const projects = Object.entries({ [other ?? 'this']: declarations(mine, 'this'), [ref]: declarations(base, 'base') }).map(([name, decl]) => {
  const file = join(dir, `${name.replace(/\W/g, '_')}.ts`);
  writeFileSync(file, [`import { einsum, zeros } from '${decl}/src/index.js';`, ...calls.map((call, i) => `export const r${i} = ${call}`), 'export {};', ''].join('\n'));
  const project = `${file}.json`;
  writeFileSync(project, JSON.stringify({ compilerOptions, files: [file] }));
  return { name, project };
});

function run(tsc: string, project: string): { check: number; instantiations: number } {
  let out: string;
  try {
    out = execFileSync(process.execPath, [tsc, '-p', project, '--extendedDiagnostics'], { encoding: 'utf8' });
  } catch (error) {
    throw new Error(`${project} does not type-check:\n${String((error as { stdout?: string }).stdout).slice(0, 2000)}`);
  }
  const read = (label: string) => Number(new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(out)?.[1] ?? NaN);
  return { check: read('Check time'), instantiations: read('Instantiations') };
}

console.log(`${calls.length} calls, ${other ?? 'this tree'} against ${ref} (${commit}), check time, median of ${rounds} interleaved cold runs (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)`);
for (const [compiler, tsc] of Object.entries(compilers)) {
  const checks = projects.map(() => [] as number[]);
  const counts = projects.map(() => 0);
  for (let round = 0; round < rounds; round++)
    projects.forEach(({ project }, i) => {
      const { check, instantiations } = run(tsc, project);
      checks[i].push(check);
      counts[i] = instantiations;
    });
  const ratios = checks[0].map((c, round) => c / checks[1][round]);
  console.log(`${compiler}`);
  projects.forEach(({ name }, i) => console.log(`  ${name.padEnd(8)} check ${median(checks[i]).toFixed(2)} s   instantiations ${counts[i]}`));
  console.log(`  ${other ?? 'this'} / ${ref}: check ${(median(checks[0]) / median(checks[1])).toFixed(3)}x (per-round ratios ${ratios.map((r) => r.toFixed(2)).join(' ')}), instantiations ${(counts[0] / counts[1]).toFixed(3)}x`);
}
