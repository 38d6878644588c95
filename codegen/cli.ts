#!/usr/bin/env node
/**
 * typed-einsum codegen [--project tsconfig.json] [--out PATH] [--check] [--emit-sources DIR] [--watch]
 * typed-einsum --version | --help (usage.ts; a bare `typed-einsum` prints the usage and exits 2)
 *
 * Exit codes: 0 done (or fresh with --check), 1 shape errors or stale output, 2 bad usage.
 * Diagnostics go to stderr as `file:line:col - error|note: message`.
 */
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatDiagnostic } from './diagnostics.js';
import { runCodegen, staleFiles, type CodegenOptions } from './index.js';
import { answerWithoutProject, USAGE, type Io } from './usage.js';
import { watchCodegen } from './watch.js';

export function main(argv: readonly string[], io: Io = { out: (t) => console.log(t), err: (t) => console.error(t) }): number {
  const early = answerWithoutProject(argv, io);
  if (early !== undefined) return early;
  const args = [...argv];
  if (args[0] === 'codegen') args.shift();
  const options: { -readonly [K in keyof CodegenOptions]: CodegenOptions[K] } = {};
  let check = false;
  let watching = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string | undefined => (arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i]);
    const flag = arg.split('=')[0];
    if (flag === '--check') check = true;
    else if (flag === '--watch' || flag === '-w') watching = true;
    else if (flag === '--project' || flag === '-p') options.project = value();
    else if (flag === '--out') options.out = value();
    else if (flag === '--emit-sources') options.emitSources = value();
    else if (flag === '--import-from') options.importFrom = value();
    else return io.err(`typed-einsum: unknown argument '${arg}'\n${USAGE}`), 2;
    if (flag !== '--check' && flag !== '--watch' && flag !== '-w' && (options as Record<string, unknown>)[flag === '-p' ? 'project' : camel(flag)] === undefined) {
      return io.err(`typed-einsum: ${flag} needs a value\n${USAGE}`), 2;
    }
  }
  if (options.out !== undefined) options.out = resolve(options.out); // relative to the working directory
  if (watching) {
    if (check) return io.err(`typed-einsum: --watch and --check don't go together\n${USAGE}`), 2;
    const project = typeof options.project === 'string' ? options.project : undefined;
    const watcher = watchCodegen({ ...options, project }, io.out);
    process.once('SIGINT', () => {
      watcher.close();
      process.exit(0);
    });
    return 0; // the watchers keep the process alive
  }
  let result;
  try {
    result = runCodegen(options);
  } catch (e) {
    io.err(`typed-einsum: ${(e as Error).message}`);
    return 2;
  }
  for (const d of result.diagnostics) io.err(formatDiagnostic(d));
  if (result.errors > 0) {
    io.err(`typed-einsum codegen: ${result.errors} error${result.errors === 1 ? '' : 's'}; nothing written`);
    return 1;
  }
  if (check) {
    const stale = staleFiles(result.files);
    if (stale.length > 0) {
      io.err(`typed-einsum codegen --check: the generated output is stale; run \`typed-einsum codegen\`:\n${stale.map((s) => `  ${s}`).join('\n')}`);
      return 1;
    }
    io.out(`typed-einsum codegen --check: up to date (${result.kernels.length} kernels)`);
    return 0;
  }
  for (const f of result.files) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.text);
  }
  io.out(`typed-einsum codegen: ${result.kernels.length} kernel${result.kernels.length === 1 ? '' : 's'} for ${result.calls} einsum call${result.calls === 1 ? '' : 's'} -> ${relative(process.cwd(), result.files[0].path)}`);
  return 0;
}

function camel(flag: string): string {
  return flag.replace(/^--/, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}

// Run when executed (node dist/codegen/cli.js, the npm bin symlink, or tsx codegen/cli.ts), not when imported.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
