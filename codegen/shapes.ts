/**
 * Static shapes: each operand's `shape` and `dtype` as the type checker sees them
 * (`Tensor<readonly [1, 2, 2, 4], 'float32'>`), checked with the runtime's own parse() and bind(),
 * so a clash is the same EinsumError message, reported at the call as `file:line:col - error`.
 */
import { Node, type Type } from 'ts-morph';
import { bind } from '../src/bind.js';
import { isDType, widest, type DType } from '../src/dtype.js';
import { EinsumError } from '../src/errors.js';
import { messages } from '../src/messages.js';
import { parse } from '../src/parse.js';
import { analyzeDynamic } from '../src/emit/dynamic.js';
import { contiguousStrides } from '../src/tensor.js';
import { diagnosticAt, type Diagnostic } from './diagnostics.js';
import type { EinsumCall } from './scan.js';

export interface StaticOperand {
  /** The sizes; null where the type says only `number` (a rank-specialized kernel takes it at run time). */
  readonly shape: readonly (number | null)[];
  readonly dtype: DType;
  /** The operand's type as written for the generated signature. */
  readonly type: string;
}

export interface KernelRequest {
  readonly call: EinsumCall;
  readonly subscripts: string;
  readonly operands: readonly StaticOperand[];
  readonly dtype: DType;
  /** The result's sizes; null where they depend on run-time sizes. */
  readonly outShape: readonly (number | null)[];
}

/** A request for a kernel, or undefined with an error (shape clash) or a note (not static) pushed. */
export function readStatic(call: EinsumCall, diagnostics: Diagnostic[]): KernelRequest | undefined {
  let terms: number;
  try {
    terms = parse(call.subscripts).inputs.length;
  } catch (e) {
    if (e instanceof EinsumError) diagnostics.push(diagnosticAt(call.node, 'error', e.message));
    else throw e;
    return undefined;
  }
  // A trailing argument without a `shape` is the options object; the rest are operands.
  const lastArg = call.args[call.args.length - 1];
  const hasOptions = lastArg !== undefined && !lastArg.getType().getProperty('shape') && !lastArg.getType().isArray() && !lastArg.getType().isTuple();
  const args = hasOptions ? call.args.slice(0, -1) : call.args;
  const options = hasOptions ? lastArg : undefined;
  if (args.length !== terms) {
    diagnostics.push(diagnosticAt(call.node, 'error', new EinsumError('OPERAND_COUNT', messages.operandCount(call.subscripts, terms, args.length)).message));
    return undefined;
  }
  const operands: StaticOperand[] = [];
  for (let i = 0; i < args.length; i++) {
    const found = staticOperand(args[i]);
    if (typeof found === 'string') {
      diagnostics.push(diagnosticAt(call.node, 'note', `operand ${i} of '${call.subscripts}' ${found}; this call is not specialized and runs through the engine`));
      return undefined;
    }
    operands.push(found);
  }
  let dtype: DType | undefined;
  if (options !== undefined) {
    const found = dtypeOption(options);
    if (found === null) {
      diagnostics.push(diagnosticAt(call.node, 'note', `the dtype option of this '${call.subscripts}' call is not a literal; not specialized`));
      return undefined;
    }
    dtype = found;
  }
  try {
    const request = { call, subscripts: call.subscripts, operands, dtype: dtype ?? widest(operands.map((o) => o.dtype)) };
    if (operands.some((o) => o.shape.includes(null))) {
      // Known rank, some sizes `number`: the known sizes are still checked against each other.
      const layout = analyzeDynamic({ subscripts: call.subscripts, shapes: operands.map((o) => o.shape), dtypes: operands.map((o) => o.dtype), dtype: request.dtype });
      return { ...request, outShape: layout.output.map((l) => (layout.sizes[l] >= 0 ? layout.sizes[l] : null)) };
    }
    const shapes = operands.map((o) => o.shape as readonly number[]);
    const binding = bind(parse(call.subscripts), shapes.map((shape) => ({ shape, strides: contiguousStrides(shape) })));
    return { ...request, outShape: binding.output.map((l) => binding.sizes[l]) };
  } catch (e) {
    if (!(e instanceof EinsumError)) throw e;
    diagnostics.push(diagnosticAt(call.node, 'error', e.message));
    return undefined;
  }
}

/** The literal `dtype` of an options argument; undefined when absent, null when not static. */
function dtypeOption(options: Node): DType | undefined | null {
  // In an object literal the property's type is widened to string: read the initializer itself.
  if (Node.isObjectLiteralExpression(options)) {
    const property = options.getProperty('dtype');
    if (property === undefined) return undefined;
    const init = Node.isPropertyAssignment(property) ? property.getInitializer() : undefined;
    const type = init?.getType();
    return type?.isStringLiteral() && isDType(type.getLiteralValue()) ? (type.getLiteralValue() as DType) : null;
  }
  const symbol = options.getType().getProperty('dtype');
  if (!symbol) return undefined;
  const type = symbol.getTypeAtLocation(options);
  if (type.isStringLiteral() && isDType(type.getLiteralValue())) return type.getLiteralValue() as DType;
  return type.isUndefined() ? undefined : null;
}

/** The static shape and dtype of an operand expression, or why there is none. */
function staticOperand(node: Node): StaticOperand | string {
  const type = node.getType();
  const shapeSymbol = type.getProperty('shape');
  const dtypeSymbol = type.getProperty('dtype');
  if (!shapeSymbol || !dtypeSymbol) return `(${node.getText()}) is not a Tensor with a static shape`;
  const shapeType = shapeSymbol.getTypeAtLocation(node);
  const shape = tupleOfNumbers(shapeType);
  if (!shape) return `has no static shape (${shapeType.getText(node)})`;
  const dtypeType = dtypeSymbol.getTypeAtLocation(node);
  const dtype = dtypeType.isStringLiteral() ? dtypeType.getLiteralValue() : undefined;
  if (!isDType(dtype)) return `has no static dtype (${dtypeType.getText(node)})`;
  return { shape, dtype, type: `Tensor<readonly [${shape.map((s) => s ?? 'number').join(', ')}], '${dtype}'>` };
}

/** A tuple type's sizes: a number literal, or null for `number`; undefined when not a tuple of those. */
function tupleOfNumbers(type: Type): (number | null)[] | undefined {
  if (!type.isTuple()) return undefined;
  const sizes: (number | null)[] = [];
  for (const element of type.getTupleElements()) {
    if (element.isNumberLiteral()) sizes.push(element.getLiteralValue() as number);
    else if (element.isNumber()) sizes.push(null);
    else return undefined;
  }
  return sizes;
}
