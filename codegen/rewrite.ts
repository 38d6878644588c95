/**
 * The one rewrite of the type-argument form, shared by `--emit-sources DIR` (a transformed copy of
 * the sources, typia's model) and the Vite/Vitest plugin (codegen/vite.ts): every call
 * `einsum<'spec'>(a, b)` becomes the value form `einsum('spec', a, b)`, which at run time
 * dispatches to a registered kernel (or the engine).
 *
 * The edit keeps every other character where it was: the span `<'spec'>(` is replaced by
 * `('spec', ` — exactly as long when the `(` follows the `>` — padded with spaces when it is
 * shorter (comments or spaces in the span, no operands). So nested calls rewrite independently,
 * comments and formatting survive, and a bundler needs no source map for the change (positions
 * only move when a type argument spans lines, which pads to one line).
 *
 * Which calls to rewrite is the caller's: --emit-sources takes the scanner's (type checker:
 * re-exports, aliases across files); the plugin finds them per file from the syntax alone
 * (`findTypeArgumentCalls` in syntax.ts).
 */
import type { SourceFile } from 'ts-morph';
import type { EinsumCall } from './scan.js';

/** The module specifier that means typed-einsum (the plugin takes more: path aliases). */
export const PACKAGE = 'typed-einsum';

/**
 * The parts of a call expression the rewrite reads: the same in every TypeScript version, so the
 * codegen (ts-morph's bundled compiler) and the plugin (the project's `typescript`) share it.
 */
export interface CallSyntax {
  readonly typeArguments?: { readonly pos: number; readonly end: number };
  readonly arguments: { readonly length: number };
}

/** A type-argument call to rewrite, and the subscripts to pass as its first argument. */
export interface TypeArgumentCall {
  readonly node: CallSyntax;
  /** The literal text to insert, quotes included (`'ij,jk->ik'`). */
  readonly literal: string;
}

/** `text` with each call's `<...>(` rewritten to `('spec', ` (positions of everything else kept). */
export function rewriteCalls(text: string, calls: readonly TypeArgumentCall[]): string {
  const edits: { start: number; end: number; text: string }[] = [];
  for (const { node, literal } of calls) {
    const typeArguments = node.typeArguments;
    if (typeArguments === undefined) continue;
    const less = typeArguments.pos - 1; // NodeArray.pos is just past the `<`
    const open = text.indexOf('(', typeArguments.end);
    if (open < 0 || text[less] !== '<') continue;
    const start = less;
    const end = open + 1;
    let replacement = `(${literal}${node.arguments.length > 0 ? ', ' : ''}`;
    if (replacement.length < end - start) replacement += ' '.repeat(end - start - replacement.length);
    edits.push({ start, end, text: replacement });
  }
  edits.sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** --emit-sources: the scanner's type-argument calls in `file` (resolved by the type checker), rewritten. */
export function rewriteSource(file: SourceFile, calls: readonly EinsumCall[]): string {
  const mine: TypeArgumentCall[] = [];
  for (const call of calls) {
    if (call.form !== 'type-argument' || call.node.getSourceFile() !== file) continue;
    const node = call.node.compilerNode;
    mine.push({ node, literal: literalFor(node.typeArguments?.[0]?.getText(file.compilerNode), call.subscripts) });
  }
  return rewriteCalls(file.getFullText(), mine);
}

/**
 * The literal to insert for `subscripts`: the type argument's own text (its quotes kept) when it is
 * a plain string literal of exactly these subscripts, else a single-quoted literal.
 */
export function literalFor(typeArgumentText: string | undefined, subscripts: string): string {
  const quoted = typeArgumentText === undefined ? null : /^(['"`])(.*)\1$/s.exec(typeArgumentText);
  if (quoted !== null && quoted[2] === subscripts) return typeArgumentText!;
  return `'${subscripts.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
