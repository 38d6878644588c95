/**
 * `typed-einsum codegen --watch`: run the codegen, then again whenever a source file of the project
 * changes. Two layers, so the logic is testable without timers or file events:
 *   - WatchSession.update(changed): the ts-morph Project kept between runs (a changed file is
 *     re-read, an added or deleted file or the tsconfig reloads the project), the codegen re-run,
 *     and only the output files whose text differs written; returns what it did, as lines.
 *   - watchCodegen(): the thin shell — fs.watch on the directories that hold the project's files,
 *     events filtered to sources (not the generated output) and debounced, one update per burst.
 */
import { existsSync, mkdirSync, readFileSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Project } from 'ts-morph';
import { formatDiagnostic } from './diagnostics.js';
import { runCodegen, type CodegenOptions, type CodegenResult } from './index.js';

export interface WatchOptions extends Omit<CodegenOptions, 'project' | 'tsconfig'> {
  /** The tsconfig.json (default ./tsconfig.json). */
  readonly project?: string;
}

export interface UpdateResult {
  readonly result: CodegenResult;
  /** Output files written (their text changed). */
  readonly written: readonly string[];
  /** What to print: diagnostics, then one summary line. */
  readonly lines: readonly string[];
}

const SOURCE = /\.[cm]?tsx?$/;

export class WatchSession {
  readonly tsconfig: string;
  private project: Project | undefined;
  private readonly options: WatchOptions;

  constructor(options: WatchOptions = {}) {
    this.options = options;
    this.tsconfig = resolve(options.project ?? 'tsconfig.json');
  }

  /** The directory the sources are relative to (where the output goes by default). */
  get root(): string {
    return resolve(this.options.root ?? dirname(this.tsconfig));
  }

  /** Whether a changed path can change the output: a TypeScript source (not generated, not emitted) or the tsconfig. */
  relevant(path: string): boolean {
    const full = resolve(path);
    if (full === this.tsconfig) return true;
    if (!SOURCE.test(full) || full.endsWith('.d.ts') || full.endsWith('.generated.ts')) return false;
    if (full.includes(`${sep}node_modules${sep}`)) return false;
    const emit = this.options.emitSources === undefined ? undefined : resolve(this.options.emitSources);
    return !(emit && (full === emit || full.startsWith(emit + sep)));
  }

  /** Run the codegen after `changed` (all of it on the first call), write what changed. */
  update(changed: readonly string[] = []): UpdateResult {
    const paths = changed.map((p) => resolve(p)).filter((p) => this.relevant(p));
    const project = this.project;
    const reload =
      project === undefined ||
      paths.some((p) => p === this.tsconfig || (project.getSourceFile(p) === undefined) === existsSync(p));
    if (reload) this.project = new Project({ tsConfigFilePath: this.tsconfig });
    else for (const p of paths) project.getSourceFile(p)?.refreshFromFileSystemSync();

    const result = runCodegen({ ...this.options, project: this.project, tsconfig: this.options.project });
    const lines = result.diagnostics.map((d) => formatDiagnostic(d));
    const written: string[] = [];
    const what = paths.length > 0 ? `${paths.map((p) => relative(process.cwd(), p)).join(', ')} changed: ` : '';
    if (result.errors > 0) {
      lines.push(`typed-einsum codegen: ${what}${result.errors} error${result.errors === 1 ? '' : 's'}; nothing written`);
      return { result, written, lines };
    }
    for (const f of result.files) {
      if (existsSync(f.path) && readFileSync(f.path, 'utf8') === f.text) continue;
      mkdirSync(dirname(f.path), { recursive: true });
      writeFileSync(f.path, f.text);
      written.push(f.path);
    }
    const kernels = `${result.kernels.length} kernel${result.kernels.length === 1 ? '' : 's'} for ${result.calls} einsum call${result.calls === 1 ? '' : 's'}`;
    const wrote = written.length > 0 ? `regenerated ${written.map((p) => relative(process.cwd(), p)).join(', ')}` : 'output unchanged';
    lines.push(`typed-einsum codegen: ${what}${kernels}; ${wrote}`);
    return { result, written, lines };
  }

  /** Directories to watch: those holding the project's source files, and the tsconfig's. */
  directories(): string[] {
    const dirs = new Set<string>([dirname(this.tsconfig)]);
    for (const file of this.project?.getSourceFiles() ?? []) {
      const path = file.getFilePath();
      if (this.relevant(path) && path.startsWith(this.root + sep)) dirs.add(dirname(path));
    }
    return [...dirs].sort();
  }
}

export interface Watching {
  readonly session: WatchSession;
  close(): void;
}

/** Run once, then on every burst of changes (debounced by `delay` ms), printing what happened. */
export function watchCodegen(options: WatchOptions, print: (line: string) => void, delay = 100): Watching {
  const session = new WatchSession(options);
  const watchers = new Map<string, FSWatcher>();
  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const run = (changed: readonly string[]): void => {
    try {
      for (const line of session.update(changed).lines) print(line);
    } catch (e) {
      print(`typed-einsum: ${(e as Error).message}`);
    }
    sync();
  };
  /** Watch the directories the project has now (new folders appear after a reload). */
  const sync = (): void => {
    const wanted = new Set(session.directories());
    for (const [dir, w] of watchers) if (!wanted.has(dir)) (w.close(), watchers.delete(dir));
    for (const dir of wanted) {
      if (watchers.has(dir) || !existsSync(dir)) continue;
      watchers.set(dir, watch(dir, (_event, name) => {
        if (name === null) return;
        const path = join(dir, name.toString());
        if (!session.relevant(path)) return;
        pending.add(path);
        clearTimeout(timer);
        timer = setTimeout(() => {
          const changed = [...pending];
          pending.clear();
          run(changed);
        }, delay);
      }));
    }
  };

  run([]);
  print(`typed-einsum codegen --watch: watching ${watchers.size} director${watchers.size === 1 ? 'y' : 'ies'}; Ctrl-C to stop`);
  return {
    session,
    close(): void {
      clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}
