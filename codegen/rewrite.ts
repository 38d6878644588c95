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
 * (`findTypeArgumentCalls`).
 */
import { ts, type SourceFile } from 'ts-morph';
import { PACKAGE, type EinsumCall } from './scan.js';

/** A type-argument call to rewrite, and the subscripts to pass as its first argument. */
export interface TypeArgumentCall {
  readonly node: ts.CallExpression;
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
    mine.push({ node, literal: literalFor(node, call.subscripts, file.compilerNode) });
  }
  return rewriteCalls(file.getFullText(), mine);
}

/** The literal text for `subscripts`: the type argument's own text when it is a plain literal. */
export function literalFor(node: ts.CallExpression, subscripts: string, sourceFile: ts.SourceFile): string {
  const arg = node.typeArguments?.[0];
  if (arg && ts.isLiteralTypeNode(arg) && ts.isStringLiteral(arg.literal) && arg.literal.text === subscripts) {
    return arg.literal.getText(sourceFile);
  }
  return `'${subscripts.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * Type-argument calls of typed-einsum's einsum in one file, from the syntax alone (no type checker):
 *   - `import { einsum } from 'typed-einsum'`, renamed (`einsum as e`), or `import * as te` (`te.einsum`);
 *   - `const alias = einsum` (any scope, followed transitively), and `(einsum as X)<'spec'>(...)`;
 *   - the type argument must be a string literal type written in place (`einsum<'ij,jk->ik'>`).
 * Not seen from one file: re-exports through the user's own modules (`import { contract } from
 * './lib.js'`), a type alias as the type argument (`einsum<Spec>`), and a local that shadows the
 * imported name. `--emit-sources` (which has the type checker) handles all of them.
 */
export function findTypeArgumentCalls(sourceFile: ts.SourceFile, modules: readonly string[] = [PACKAGE]): TypeArgumentCall[] {
  const names = new Set<string>();
  const namespaces = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (!modules.includes(statement.moduleSpecifier.text)) continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly || !clause.namedBindings) continue;
    if (ts.isNamespaceImport(clause.namedBindings)) namespaces.add(clause.namedBindings.name.text);
    else {
      for (const element of clause.namedBindings.elements) {
        if (!element.isTypeOnly && (element.propertyName ?? element.name).text === 'einsum') names.add(element.name.text);
      }
    }
  }
  if (names.size === 0 && namespaces.size === 0) return [];

  const isEinsum = (expr: ts.Expression): boolean => {
    let e = expr;
    while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
    if (ts.isIdentifier(e)) return names.has(e.text);
    return ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && namespaces.has(e.expression.text) && e.name.text === 'einsum';
  };

  // `const alias = einsum` anywhere in the file; repeat until no new alias appears (chains).
  const consts: ts.VariableDeclaration[] = [];
  const collect = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && (node.parent.flags & ts.NodeFlags.Const) !== 0) consts.push(node);
    ts.forEachChild(node, collect);
  };
  collect(sourceFile);
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of consts) {
      const name = (d.name as ts.Identifier).text;
      if (!names.has(name) && isEinsum(d.initializer!)) {
        names.add(name);
        grew = true;
      }
    }
  }

  const calls: TypeArgumentCall[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.typeArguments?.length === 1 && isEinsum(node.expression)) {
      const arg = node.typeArguments[0];
      if (ts.isLiteralTypeNode(arg) && (ts.isStringLiteral(arg.literal) || ts.isNoSubstitutionTemplateLiteral(arg.literal))) {
        calls.push({ node, literal: literalFor(node, arg.literal.text, sourceFile) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return calls;
}

/** Rewrite one file's text from its syntax alone (the plugin's path); null when nothing changes. */
export function rewriteTypeArguments(text: string, fileName: string, modules: readonly string[] = [PACKAGE]): string | null {
  if (!modules.some((m) => text.includes(m))) return null;
  const kind = /\.[cm]?tsx$/.test(fileName) ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  const calls = findTypeArgumentCalls(sourceFile, modules);
  return calls.length === 0 ? null : rewriteCalls(text, calls);
}
