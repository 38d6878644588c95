/**
 * The Vite plugin's half of the rewrite: type-argument calls of typed-einsum's einsum in ONE file,
 * from its syntax alone — no project, no type checker, so no ts-morph. The parser is the project's
 * own `typescript` package (an optional peer dependency: a project that type-checks einsum calls
 * has it), loaded on the first file that needs it, so merely loading a Vite config never fails.
 * The rewrite itself is rewrite.ts, shared with `--emit-sources`.
 */
import { createRequire } from 'node:module';
import type * as TS from 'typescript';
import { formatDiagnostic } from './diagnostics.js';
import { literalFor, PACKAGE, rewriteCalls, type TypeArgumentCall } from './rewrite.js';

let loaded: typeof TS | undefined;

function typescript(): typeof TS {
  if (loaded === undefined) {
    try {
      loaded = createRequire(import.meta.url)('typescript') as typeof TS;
    } catch {
      throw new Error("typed-einsum/vite parses your sources with TypeScript's parser, but the 'typescript' package is not installed: npm install --save-dev typescript");
    }
  }
  return loaded;
}

/** What the plugin found in a file: the calls to rewrite, and the ones it cannot (as diagnostics). */
export interface FileCalls {
  readonly calls: TypeArgumentCall[];
  readonly errors: string[];
}

/**
 * Type-argument calls of typed-einsum's einsum in one file, from the syntax alone:
 *   - `import { einsum } from 'typed-einsum'`, renamed (`einsum as e`), or `import * as te` (`te.einsum`);
 *   - `const alias = einsum` (any scope, followed transitively), and `(einsum as X)<'spec'>(...)`;
 *   - the type argument must be a string literal type written in place (`einsum<'ij,jk->ik'>`).
 * A type argument that is not (`einsum<Spec>`, a type alias) is an error: without the type checker
 * its subscripts are unknown here, and the call would throw at run time.
 * Not seen from one file: re-exports through the user's own modules (`import { contract } from
 * './lib.js'`), and a local that shadows the imported name. `--emit-sources` (which has the type
 * checker) handles all of these.
 */
export function findTypeArgumentCalls(sourceFile: TS.SourceFile, modules: readonly string[] = [PACKAGE]): FileCalls {
  const ts = typescript();
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
  if (names.size === 0 && namespaces.size === 0) return { calls: [], errors: [] };

  const isEinsum = (expr: TS.Expression): boolean => {
    let e = expr;
    while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
    if (ts.isIdentifier(e)) return names.has(e.text);
    return ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && namespaces.has(e.expression.text) && e.name.text === 'einsum';
  };

  // `const alias = einsum` anywhere in the file; repeat until no new alias appears (chains).
  const consts: TS.VariableDeclaration[] = [];
  const collect = (node: TS.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && (node.parent.flags & ts.NodeFlags.Const) !== 0) consts.push(node);
    ts.forEachChild(node, collect);
  };
  collect(sourceFile);
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of consts) {
      const name = (d.name as TS.Identifier).text;
      if (!names.has(name) && isEinsum(d.initializer!)) {
        names.add(name);
        grew = true;
      }
    }
  }

  const calls: TypeArgumentCall[] = [];
  const errors: string[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node) && node.typeArguments?.length === 1 && isEinsum(node.expression)) {
      const arg = node.typeArguments[0];
      if (ts.isLiteralTypeNode(arg) && (ts.isStringLiteral(arg.literal) || ts.isNoSubstitutionTemplateLiteral(arg.literal))) {
        calls.push({ node, literal: literalFor(arg.getText(sourceFile), arg.literal.text) });
      } else {
        const { line, character } = sourceFile.getLineAndCharacterOfPosition(arg.getStart(sourceFile));
        const message =
          `einsum<${arg.getText(sourceFile)}>: the typed-einsum Vite plugin reads one file's syntax and cannot resolve a type to its subscripts; ` +
          "write them in place (einsum<'ij,jk->ik'>(a, b)) or rewrite the sources with `npx typed-einsum codegen --emit-sources <dir>`, which has the type checker";
        errors.push(formatDiagnostic({ severity: 'error', file: sourceFile.fileName, line: line + 1, column: character + 1, message }));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { calls, errors };
}

/**
 * Rewrite one file's text from its syntax alone (the plugin's path); null when nothing changes.
 * Throws, naming each place, when a call's subscripts are given through a type it cannot read.
 */
export function rewriteTypeArguments(text: string, fileName: string, modules: readonly string[] = [PACKAGE]): string | null {
  if (!modules.some((m) => text.includes(m))) return null;
  const ts = typescript();
  const kind = /\.[cm]?tsx$/.test(fileName) ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  const { calls, errors } = findTypeArgumentCalls(sourceFile, modules);
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return calls.length === 0 ? null : rewriteCalls(text, calls);
}
