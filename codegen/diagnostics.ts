/** Codegen diagnostics, printed as typia and tsc do: `file:line:col - error: message`. */
import { relative } from 'node:path';
import type { Node } from 'ts-morph';

export type Severity = 'error' | 'note';

export interface Diagnostic {
  readonly severity: Severity;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export function diagnosticAt(node: Node, severity: Severity, message: string): Diagnostic {
  const file = node.getSourceFile();
  const { line, column } = file.getLineAndColumnAtPos(node.getStart());
  return { severity, file: file.getFilePath(), line, column, message };
}

export function formatDiagnostic(d: Diagnostic, cwd = process.cwd()): string {
  const file = d.file.startsWith('/') ? relative(cwd, d.file) || d.file : d.file;
  return `${file}:${d.line}:${d.column} - ${d.severity}: ${d.message}`;
}
