/**
 * What the `typed-einsum` command says before it loads any project tooling: help (also for a bare
 * `typed-einsum`, which would otherwise generate into the working directory unasked) and
 * `--version`. Kept apart from cli.ts so that bin.ts answers these without ts-morph installed.
 */
import { createRequire } from 'node:module';

export const USAGE = `usage: typed-einsum codegen [--project tsconfig.json] [--out PATH.generated.ts] [--check] [--emit-sources DIR] [--watch]
       typed-einsum --version | --help

  --project PATH       the tsconfig.json of the sources to scan (default ./tsconfig.json)
  --out PATH           the generated module (default einsum-kernels.generated.ts beside the tsconfig)
  --check              write nothing; exit 1 listing what changed when the output is stale (for CI)
  --emit-sources DIR   also write a copy of the sources with einsum<'spec'>(a, b) rewritten to einsum('spec', a, b);
                       DIR mirrors the sources' root (the tsconfig's rootDir, else their common directory)
  --import-from NAME   the module the generated code imports the runtime from (default typed-einsum)
  --watch              keep running: regenerate when a source file of the project changes (Ctrl-C stops)`;

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** The installed package's version (its own package.json, through the package's exports). */
export function packageVersion(): string {
  return (createRequire(import.meta.url)('typed-einsum/package.json') as { version: string }).version;
}

/** The exit code when the arguments ask for help or the version, or name no command; else undefined. */
export function answerWithoutProject(argv: readonly string[], io: Io): number | undefined {
  if (argv.length === 0) return io.err(`typed-einsum: which command? To generate kernels: typed-einsum codegen\n${USAGE}`), 2;
  if (argv.includes('--version') || argv.includes('-v')) return io.out(packageVersion()), 0;
  if (argv.includes('--help') || argv.includes('-h')) return io.out(USAGE), 0;
  return undefined;
}
