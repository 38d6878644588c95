/**
 * What the typed layer costs the compiler: `npm run bench:types`.
 *
 * 1. Cold, as `tsc` runs in CI: 300 varied einsum calls (bench/types-corpus.ts) in a file that
 *    imports the package's declarations, beside the same calls over an untyped
 *    `declare function einsum(s: string, ...o: unknown[])` that loads no package
 *    (bench/types-setup.ts), and both files with no call; and the floor: the package's `zeros`
 *    beside that untyped einsum, what typed operands cost before einsum's own types (the rest is
 *    einsum's share). TypeScript 5.9 (`tsc`) and 7 (native),
 *    `--extendedDiagnostics`, median of 5 runs interleaved so a busy moment of the shared machine
 *    hits all programs alike; beside wall times, each tsc process's CPU time, which a busy
 *    machine disturbs far less.
 * 2. The editor: a language service holding a file of 50 calls; after an edit, the time until its
 *    diagnostics are back (what a user waits for on each keystroke), typed vs untyped vs floor, median of
 *    interleaved edits.
 * 3. Per call: instantiations of each call in one program, the heaviest listed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { typeCorpus } from './types-corpus.js';
import { compilerOptions, declarations, median, programText, root, writeProject, type Kind } from './types-setup.js';

const dir = mkdtempSync(join(tmpdir(), 'typed-einsum-types-'));
const compilers = { 'TypeScript 5.9': join(root, 'node_modules/typescript/bin/tsc'), 'TypeScript 7': join(root, 'node_modules/ts7/bin/tsc') };
const rounds = Number(process.env.ROUNDS ?? 5);

interface Stats {
  check: number;
  total: number;
  /** CPU seconds of the tsc process (user + system): waiting for a busy core is not counted, so it varies far less than wall time on a shared machine. */
  cpu: number;
  instantiations: number;
  errors: string;
}

/** CPU seconds used by this process's finished children (Linux /proc; NaN elsewhere). */
function childrenCpu(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // cutime, cstime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

function extendedDiagnostics(tsc: string, project: string): Stats {
  let out: string;
  const cpuBefore = childrenCpu();
  try {
    out = execFileSync(process.execPath, [tsc, '-p', project, '--extendedDiagnostics'], { encoding: 'utf8' });
  } catch (error) {
    out = String((error as { stdout?: string }).stdout);
  }
  const cpu = childrenCpu() - cpuBefore;
  const read = (label: string) => Number(new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(out)?.[1] ?? NaN);
  return {
    check: read('Check time'),
    total: read('Total time'),
    cpu,
    instantiations: read('Instantiations'),
    errors: out.split('\n').filter((l) => l.includes('error TS')).slice(0, 3).join('\n'),
  };
}

const corpus = typeCorpus(300).map((c) => c.text);
declarations();
const projects = {
  typed: writeProject(dir, 'typed', 'typed', corpus),
  untyped: writeProject(dir, 'untyped', 'untyped', corpus),
  'floor (zeros only)': writeProject(dir, 'floor', 'floor', corpus),
  'typed, 0 calls': writeProject(dir, 'typed-empty', 'typed', []),
  'untyped, 0 calls': writeProject(dir, 'untyped-empty', 'untyped', []),
};
type Name = keyof typeof projects;
const names = Object.keys(projects) as Name[];

const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
console.log(`${corpus.length} einsum calls, cold tsc --extendedDiagnostics, median of ${rounds} interleaved runs (${stamp} UTC)\n`);
for (const [compiler, tsc] of Object.entries(compilers)) {
  const runs = new Map<Name, Stats[]>(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) for (const name of names) runs.get(name)!.push(extendedDiagnostics(tsc, projects[name]));
  const m = (name: Name, key: 'check' | 'total' | 'cpu' | 'instantiations') => median(runs.get(name)!.map((s) => s[key]));
  const errors = runs.get('typed')![0].errors || runs.get('untyped')![0].errors;
  if (errors) throw new Error(`${compiler}: the corpus does not type-check:\n${errors}`);
  console.log(compiler);
  for (const name of names) {
    console.log(
      `  ${name.padEnd(18)} total ${m(name, 'total').toFixed(2).padStart(5)} s   check ${m(name, 'check').toFixed(2).padStart(5)} s   cpu ${m(name, 'cpu').toFixed(2).padStart(5)} s   instantiations ${String(m(name, 'instantiations')).padStart(8)}`,
    );
  }
  const perCall = ((m('typed', 'total') - m('untyped', 'total')) * 1000) / corpus.length;
  const callsOnly = ((m('typed', 'total') - m('typed, 0 calls', 'total') - (m('untyped', 'total') - m('untyped, 0 calls', 'total'))) * 1000) / corpus.length;
  console.log(
    `  typed / untyped: total ${(m('typed', 'total') / m('untyped', 'total')).toFixed(2)}x, check ${(m('typed', 'check') / m('untyped', 'check')).toFixed(2)}x;` +
      ` per call over the no-package baseline ${perCall.toFixed(2)} ms (${callsOnly.toFixed(2)} ms without the one-time import,` +
      ` which costs ${(m('typed, 0 calls', 'total') - m('untyped, 0 calls', 'total')).toFixed(2)} s)`,
  );
  const cpuPerCall = ((m('typed', 'cpu') - m('untyped', 'cpu')) * 1000) / corpus.length;
  console.log(`  CPU time, typed / untyped: ${(m('typed', 'cpu') / m('untyped', 'cpu')).toFixed(2)}x; per call over the no-package baseline ${cpuPerCall.toFixed(2)} ms`);
  const floor = 'floor (zeros only)';
  const share = (key: 'total' | 'cpu') => (((m('typed', key) - m(floor, key)) * 1000) / corpus.length).toFixed(2);
  console.log(
    `  the floor (the package's zeros, einsum untyped) / untyped: total ${(m(floor, 'total') / m('untyped', 'total')).toFixed(2)}x, CPU ${(m(floor, 'cpu') / m('untyped', 'cpu')).toFixed(2)}x;` +
      ` einsum's own types per call over the floor: ${share('total')} ms total, ${share('cpu')} ms CPU\n`,
  );
}

// 2. The editor: diagnostics after an edit, through the language service.
function editorService(kind: Kind, calls: readonly string[]) {
  const file = join(dir, `editor-${kind}.ts`);
  let version = 0;
  let text = programText(kind, calls);
  const options = ts.convertCompilerOptionsFromJson(compilerOptions, dir).options;
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [file],
    getScriptVersion: (name) => (name === file ? String(version) : '0'),
    getScriptSnapshot: (name) => {
      if (name === file) return ts.ScriptSnapshot.fromString(text);
      const content = ts.sys.readFile(name);
      return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content);
    },
    getCurrentDirectory: () => dir,
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  service.getSemanticDiagnostics(file); // open the file: the first check is not an edit
  return {
    /** One keystroke at the end of the file (a new comment character), then the diagnostics. */
    edit(): number {
      text += ' ';
      version++;
      const start = performance.now();
      const diagnostics = [...service.getSyntacticDiagnostics(file), ...service.getSemanticDiagnostics(file)];
      const ms = performance.now() - start;
      if (diagnostics.length) throw new Error(`${kind} editor file has errors: ${ts.flattenDiagnosticMessageText(diagnostics[0].messageText, ' ')}`);
      return ms;
    },
  };
}

const editorCalls = corpus.slice(0, 50);
const kinds = ['typed', 'untyped', 'floor'] as const;
const editors = Object.fromEntries(kinds.map((kind) => [kind, editorService(kind, editorCalls)])) as Record<Kind, ReturnType<typeof editorService>>;
const edits: Record<Kind, number[]> = { typed: [], untyped: [], floor: [] };
for (let round = 0; round < 15; round++) for (const kind of kinds) edits[kind].push(editors[kind].edit());
const [typedMs, untypedMs, floorMs] = kinds.map((kind) => median(edits[kind]));
console.log(
  `editor (TypeScript ${ts.version} language service, ${editorCalls.length} calls): diagnostics after an edit ${typedMs.toFixed(0)} ms typed vs ${untypedMs.toFixed(0)} ms untyped (${(typedMs / untypedMs).toFixed(2)}x),` +
    ` ${floorMs.toFixed(0)} ms for the floor (the package's zeros, einsum untyped: ${(floorMs / untypedMs).toFixed(2)}x), median of 15`,
);

// 3. Instantiations per call, in one program, in source order (later calls reuse what earlier ones cached).
const program = ts.createProgram([join(dir, 'typed.ts')], ts.convertCompilerOptionsFromJson(compilerOptions, dir).options);
const checker = program.getTypeChecker();
const perCall: { text: string; instantiations: number }[] = [];
program.getSourceFile(join(dir, 'typed.ts'))!.forEachChild((node) => {
  const declaration = ts.isVariableStatement(node) ? node.declarationList.declarations[0] : undefined;
  const index = declaration && /^r(\d+)$/.exec(declaration.name.getText())?.[1];
  if (!declaration?.initializer || index === undefined) return;
  const before = program.getInstantiationCount();
  checker.getTypeAtLocation(declaration.initializer);
  perCall.push({ text: corpus[Number(index)], instantiations: program.getInstantiationCount() - before });
});
perCall.sort((a, b) => b.instantiations - a.instantiations);
console.log(`\ninstantiations per call in one program: median ${perCall[perCall.length >> 1].instantiations}, max ${perCall[0].instantiations}`);
for (const p of perCall.slice(0, 5)) console.log(`  ${String(p.instantiations).padStart(6)}  ${p.text.slice(0, 100)}`);
