/**
 * `typed-einsum codegen` as a function: load the project, scan, check shapes, emit the generated
 * module (and, with emitSources, the rewritten copy of the sources). Nothing is written here;
 * the CLI writes `files`, or with --check compares them with the disk.
 *
 *   scan (ts-morph, scan.ts) -> static shapes + bind() (shapes.ts) -> lower/emit (src/emit)
 *   -> module text (generate.ts) | rewritten sources (rewrite.ts)
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Project, type SourceFile } from 'ts-morph';
import type { Diagnostic } from './diagnostics.js';
import { generateModule } from './generate.js';
import { rewriteSource } from './rewrite.js';
import { einsumDeclarations, scanFiles } from './scan.js';
import { readStatic, type KernelRequest } from './shapes.js';

export interface CodegenOptions {
  /** A tsconfig.json path (default ./tsconfig.json), or a ready ts-morph Project (tests). */
  readonly project?: string | Project;
  /** The tsconfig.json a ready `project` was loaded from (the watcher's): the default root, and named in the header. */
  readonly tsconfig?: string;
  /** The directory that the sources and the default output are relative to (default: the tsconfig's). */
  readonly root?: string;
  /** The generated module's path; must end in .generated.ts (default <root>/einsum-kernels.generated.ts). */
  readonly out?: string;
  /** Where to write the rewritten copy of the sources. */
  readonly emitSources?: string;
  /** The module the generated code imports the runtime from (default 'typed-einsum'). */
  readonly importFrom?: string;
}

export interface OutputFile {
  readonly path: string;
  readonly text: string;
}

export interface CodegenResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly OutputFile[];
  readonly kernels: readonly string[];
  readonly calls: number;
  readonly errors: number;
}

export const DEFAULT_OUT = 'einsum-kernels.generated.ts';

export function runCodegen(options: CodegenOptions = {}): CodegenResult {
  const given = typeof options.project === 'string' ? options.project : options.tsconfig;
  const tsconfig = resolve(given ?? 'tsconfig.json');
  const project = typeof options.project === 'object' ? options.project : new Project({ tsConfigFilePath: tsconfig });
  const root = resolve(options.root ?? dirname(tsconfig));
  const out = resolve(root, options.out ?? DEFAULT_OUT);
  if (!out.endsWith('.generated.ts')) throw new Error(`--out must name a file ending in .generated.ts, got ${options.out}`);
  const emitDir = options.emitSources === undefined ? undefined : resolve(options.emitSources);

  const files = project.getSourceFiles().filter((f) => scanned(f, root, emitDir));
  const { calls, notes } = scanFiles(files, einsumDeclarations(project));
  const diagnostics: Diagnostic[] = [...notes];
  const requests: KernelRequest[] = [];
  for (const call of calls) {
    const request = readStatic(call, diagnostics);
    if (request) requests.push(request);
  }
  const command = [given === undefined ? '' : ` --project ${rel(root, tsconfig)}`, ` --out ${rel(root, out)}`].join('');
  const module = generateModule(requests, out, command, diagnostics, options.importFrom);
  const outputs: OutputFile[] = [{ path: out, text: module.text }];
  if (emitDir) {
    const base = mirroredRoot(project, [...files.map((f) => f.getFilePath()), out]);
    for (const file of files) outputs.push({ path: join(emitDir, relative(base, file.getFilePath())), text: rewriteSource(file, calls) });
    if (!files.some((f) => f.getFilePath() === out)) outputs.push({ path: join(emitDir, relative(base, out)), text: module.text });
  }
  diagnostics.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  return {
    diagnostics,
    files: outputs,
    kernels: module.kernels,
    calls: calls.length,
    errors: diagnostics.filter((d) => d.severity === 'error').length,
  };
}

/** The files whose content on disk differs from what codegen would write, with what changed. */
export function staleFiles(files: readonly OutputFile[]): string[] {
  const stale: string[] = [];
  for (const f of files) {
    if (!existsSync(f.path)) {
      stale.push(`${f.path}: missing`);
      continue;
    }
    const old = readFileSync(f.path, 'utf8');
    if (old === f.text) continue;
    const before = exportedKernels(old);
    const after = exportedKernels(f.text);
    const added = after.filter((k) => !before.includes(k));
    const removed = before.filter((k) => !after.includes(k));
    const parts = [...added.map((k) => `+ ${k}`), ...removed.map((k) => `- ${k}`)];
    stale.push(`${f.path}: ${parts.length > 0 ? parts.join(', ') : 'kernel code differs'}`);
  }
  return stale;
}

function exportedKernels(text: string): string[] {
  return [...text.matchAll(/^export const (\w+) =/gm)].map((m) => m[1]);
}

function scanned(file: SourceFile, root: string, emitDir: string | undefined): boolean {
  const path = file.getFilePath();
  if (file.isDeclarationFile() || path.endsWith('.generated.ts')) return false;
  if (path.includes(`${sep}node_modules${sep}`)) return false;
  if (emitDir && (path === emitDir || path.startsWith(emitDir + sep))) return false;
  return path.startsWith(root + sep);
}

/**
 * The directory whose tree the emitted copy mirrors, as tsc's outDir mirrors its rootDir: the
 * tsconfig's `rootDir` when set, else the deepest directory holding every file (sources in src/
 * and `--emit-sources build/src` give build/src/main.ts, not build/src/src/main.ts).
 */
function mirroredRoot(project: Project, paths: readonly string[]): string {
  const rootDir = project.getCompilerOptions().rootDir;
  if (rootDir !== undefined) return resolve(rootDir);
  let common = dirname(paths[0]).split(sep);
  for (const path of paths.slice(1)) {
    const parts = dirname(path).split(sep);
    let n = 0;
    while (n < common.length && n < parts.length && common[n] === parts[n]) n++;
    common = common.slice(0, n);
  }
  return common.join(sep) || sep;
}

function rel(root: string, path: string): string {
  return relative(root, path) || '.';
}
