/**
 * `--emit-sources DIR`, the typia-generate model: a transformed copy of the sources in which every
 * type-argument call `einsum<'spec'>(a, b)` becomes the value form `einsum('spec', a, b)`; at run
 * time that call dispatches to the registered kernel (or the engine). Two text edits per call —
 * drop the `<...>`, insert the subscripts after `(` — so nested calls rewrite independently and
 * comments and formatting survive.
 */
import { SyntaxKind, type SourceFile } from 'ts-morph';
import type { EinsumCall } from './scan.js';

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export function rewriteSource(file: SourceFile, calls: readonly EinsumCall[]): string {
  const edits: Edit[] = [];
  for (const call of calls) {
    if (call.form !== 'type-argument' || call.node.getSourceFile() !== file) continue;
    const node = call.node;
    const less = node.getFirstChildByKind(SyntaxKind.LessThanToken);
    const greater = node.getFirstChildByKind(SyntaxKind.GreaterThanToken);
    const open = node.getFirstChildByKind(SyntaxKind.OpenParenToken);
    if (!less || !greater || !open) continue;
    edits.push({ start: less.getStart(), end: greater.getEnd(), text: '' });
    const literal = `'${call.subscripts}'`;
    edits.push({ start: open.getEnd(), end: open.getEnd(), text: call.args.length > 0 ? `${literal}, ` : literal });
  }
  edits.sort((a, b) => b.start - a.start);
  let text = file.getFullText();
  for (const e of edits) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  return text;
}
