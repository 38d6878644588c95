/**
 * The scanner: every call of typed-einsum's `einsum` in a ts-morph Project, however it is reached —
 * a renamed import, a namespace import (`te.einsum`), a re-export through the user's own modules,
 * a `const e = einsum` alias. Identity comes from the type checker: a callee counts when its
 * symbol, followed through aliases, is the declaration that the module 'typed-einsum' exports as
 * `einsum`. Calls that look like einsum but can't be resolved to it, and einsum calls whose
 * subscripts aren't a literal, become notes: they run through the engine, and the user is told.
 */
import { Node, SyntaxKind, type CallExpression, type Project, type SourceFile, type Type } from 'ts-morph';
import { EinsumError } from '../src/errors.js';
import { fromSublists, type SublistLabel } from '../src/sublist.js';
import { diagnosticAt, type Diagnostic } from './diagnostics.js';
import { PACKAGE } from './rewrite.js';

export interface EinsumCall {
  readonly node: CallExpression;
  readonly subscripts: string;
  /** 'value': einsum('spec', a, b); 'type-argument': einsum<'spec'>(a, b); 'sublist': einsum(a, [0, 1], b, [1, 2]). */
  readonly form: 'value' | 'type-argument' | 'sublist';
  /** The operands (then maybe the options): the arguments after the subscripts, or between the lists. */
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
  if (first !== undefined && typeArg === undefined && args[1] !== undefined && labelList(args[1]) !== undefined) return readSublist(call, args, notes);
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

/**
 * numpy's sublist form: the lists must be literal (array literals, or `as const` tuples); the
 * subscripts they spell come from the runtime's own conversion, so a bad label number is the same
 * SYNTAX error, reported at the call.
 */
function readSublist(call: CallExpression, args: readonly Node[], notes: Diagnostic[]): EinsumCall | undefined {
  const values: unknown[] = args.map((arg, i) => {
    if (i % 2 === 0 && i !== args.length - 1) return arg; // an operand: kept as its node
    const list = labelList(arg);
    return list ?? arg;
  });
  let converted;
  try {
    converted = fromSublists(values, (value) => Node.isNode(value) && !value.getType().isArray() && !value.getType().isTuple() && !value.getType().getProperty('shape'));
  } catch (e) {
    if (!(e instanceof EinsumError)) throw e;
    notes.push(diagnosticAt(call, e.code === 'ARGUMENT' ? 'note' : 'error', e.code === 'ARGUMENT' ? `the label lists of this einsum call are not all literal; it is not specialized and runs through the engine` : e.message));
    return undefined;
  }
  return { node: call, subscripts: converted.subscripts, form: 'sublist', args: converted.args as Node[] };
}

/** The label list an argument spells: an array literal of numbers and '...', or a tuple type of such literals. */
function labelList(arg: Node): SublistLabel[] | undefined {
  let expr: Node = arg;
  while (Node.isParenthesizedExpression(expr) || Node.isAsExpression(expr) || Node.isSatisfiesExpression(expr)) expr = expr.getExpression();
  if (Node.isArrayLiteralExpression(expr)) {
    const items: SublistLabel[] = [];
    for (const element of expr.getElements()) {
      const value = literalLabel(element.getType());
      if (value === undefined) return undefined;
      items.push(value);
    }
    return items;
  }
  const type = arg.getType();
  if (!type.isTuple()) return undefined;
  const items = type.getTupleElements().map(literalLabel);
  return items.every((item) => item !== undefined) ? (items as SublistLabel[]) : undefined;
}

function literalLabel(type: Type): SublistLabel | undefined {
  if (type.isNumberLiteral()) return type.getLiteralValue() as number;
  if (type.isStringLiteral() && type.getLiteralValue() === '...') return '...';
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
