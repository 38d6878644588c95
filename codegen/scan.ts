/**
 * The scanner: every call of typed-einsum's `einsum` in a ts-morph Project, however it is reached —
 * a renamed import, a namespace import (`te.einsum`), a re-export through the user's own modules,
 * a `const e = einsum` alias. Identity comes from the type checker: a callee counts when its
 * symbol, followed through aliases, is the declaration that the module 'typed-einsum' exports as
 * `einsum`. Calls that look like einsum but can't be resolved to it, and einsum calls whose
 * subscripts aren't a literal, become notes: they run through the engine, and the user is told.
 */
import { Node, SyntaxKind, type CallExpression, type Project, type SourceFile } from 'ts-morph';
import { diagnosticAt, type Diagnostic } from './diagnostics.js';
import { PACKAGE } from './rewrite.js';

export interface EinsumCall {
  readonly node: CallExpression;
  readonly subscripts: string;
  /** 'value': einsum('spec', a, b); 'type-argument': einsum<'spec'>(a, b). */
  readonly form: 'value' | 'type-argument';
  /** The arguments after the subscripts (operands, then maybe options). */
  readonly args: readonly Node[];
}

export interface ScanResult {
  readonly calls: EinsumCall[];
  readonly notes: Diagnostic[];
}

/** The declarations that the module 'typed-einsum' exports as `einsum`, as the project resolves it. */
export function einsumDeclarations(project: Project): Set<Node> {
  const targets = new Set<Node>();
  for (const file of project.getSourceFiles()) {
    const specifiers = [...file.getImportDeclarations(), ...file.getExportDeclarations()];
    for (const decl of specifiers) {
      if (decl.getModuleSpecifierValue() !== PACKAGE) continue;
      const module = decl.getModuleSpecifierSourceFile();
      for (const d of module?.getExportedDeclarations().get('einsum') ?? []) targets.add(d);
    }
    if (targets.size > 0) break;
  }
  return targets;
}

export function scanFiles(files: readonly SourceFile[], targets: Set<Node>): ScanResult {
  const calls: EinsumCall[] = [];
  const notes: Diagnostic[] = [];
  for (const file of files) {
    for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      const callee = call.getExpression();
      if (!isEinsum(callee, targets, 0)) {
        const name = calleeName(callee);
        if (name !== undefined && /einsum/i.test(name)) {
          notes.push(diagnosticAt(call, 'note', `'${callee.getText()}' could not be resolved to ${PACKAGE}'s einsum (a wrapper, or an untyped value?); this call is not specialized and runs through the engine`));
        }
        continue;
      }
      const found = readCall(call, notes);
      if (found) calls.push(found);
    }
  }
  return { calls, notes };
}

function readCall(call: CallExpression, notes: Diagnostic[]): EinsumCall | undefined {
  const args = call.getArguments();
  const typeArg = call.getTypeArguments()[0];
  const first = args[0];
  if (first !== undefined) {
    const type = first.getType();
    if (type.isStringLiteral()) return { node: call, subscripts: type.getLiteralValue() as string, form: 'value', args: args.slice(1) };
    if (type.isString() || type.isUnion() || type.isTypeParameter()) {
      notes.push(diagnosticAt(call, 'note', `the subscripts of this einsum call are not a literal (${first.getText()}: ${type.getText(call)}); it is not specialized and runs through the engine`));
      return undefined;
    }
  }
  if (typeArg !== undefined) {
    const type = typeArg.getType();
    if (type.isStringLiteral()) return { node: call, subscripts: type.getLiteralValue() as string, form: 'type-argument', args };
    notes.push(diagnosticAt(call, 'note', `the type argument of this einsum call is not a string literal (${typeArg.getText()}); it is not specialized`));
    return undefined;
  }
  notes.push(diagnosticAt(call, 'note', 'this einsum call has no literal subscripts; it is not specialized'));
  return undefined;
}

/** Whether `expr` is typed-einsum's einsum, following import/export aliases and const aliases. */
function isEinsum(expr: Node, targets: Set<Node>, depth: number): boolean {
  if (targets.size === 0 || depth > 8) return false;
  let target: Node = expr;
  while (Node.isParenthesizedExpression(target) || Node.isAsExpression(target) || Node.isNonNullExpression(target)) target = target.getExpression();
  if (!Node.isIdentifier(target) && !Node.isPropertyAccessExpression(target)) return false;
  let symbol = target.getSymbol();
  if (!symbol) return false;
  if (symbol.isAlias()) symbol = symbol.getAliasedSymbol() ?? symbol;
  for (const decl of symbol.getDeclarations()) {
    if (targets.has(decl)) return true;
    if (Node.isVariableDeclaration(decl) && decl.getVariableStatement()?.getDeclarationKind() === 'const') {
      const init = decl.getInitializer();
      if (init && isEinsum(init, targets, depth + 1)) return true;
    }
  }
  return false;
}

function calleeName(expr: Node): string | undefined {
  if (Node.isIdentifier(expr)) return expr.getText();
  if (Node.isPropertyAccessExpression(expr)) return expr.getName();
  return undefined;
}
