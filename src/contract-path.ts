/**
 * contractPath(subscripts, ...operandsOrShapes, options?): the path einsum would take and what it
 * costs, without computing anything (opt_einsum's contract_path). Operands are Tensors or plain
 * shapes (number[]), so a path can be planned before the data exists. numpy's sublist format
 * works too: contractPath([2, 3], [0, 1], [3, 4], [1, 2], [0, 2]).
 */
import { bind, type OperandLayout } from './bind.js';
import { describe, EinsumError } from './errors.js';
import { parse } from './parse.js';
import { fromSublists } from './sublist.js';
import { pathInfo, type PathInfo } from './path/info.js';
import type { PathStrategy } from './path/index.js';
import { checkShape } from './create.js';
import { contiguousStrides, Tensor, type Shape } from './tensor.js';

export interface ContractPathOptions {
  /** 'auto' (default), 'auto-hq', 'greedy', 'dp' ('optimal'), 'random-greedy', false (left to right) or an explicit path. */
  readonly optimize?: PathStrategy;
  /** Most elements any intermediate or the result may have. */
  readonly memoryLimit?: number;
}

export type OperandOrShape = Tensor | Shape;

const isOptions = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Tensor);

const OPTION_NAMES = new Set(['optimize', 'memoryLimit']);

export function contractPath(
  subscripts: string | OperandOrShape,
  ...args: readonly unknown[]
): PathInfo {
  if (typeof subscripts !== 'string') {
    const call = fromSublists([subscripts, ...args], isOptions);
    return contractPath(call.subscripts, ...call.args);
  }
  const parsed = parse(subscripts);
  const last = args[args.length - 1];
  const hasOptions = isOptions(last);
  const options = (hasOptions ? last : {}) as ContractPathOptions;
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.has(name)) {
      throw new EinsumError('ARGUMENT', `unknown option '${name}' for contractPath('${subscripts}'); the options are optimize and memoryLimit`, subscripts);
    }
  }
  const operands = (hasOptions ? args.slice(0, -1) : args) as readonly unknown[];
  const layouts = operands.map((operand, i): OperandLayout => {
    if (operand instanceof Tensor) return { shape: operand.shape, strides: operand.strides };
    if (Array.isArray(operand)) {
      checkShape(operand, `the shape of operand ${i}`);
      return { shape: operand, strides: contiguousStrides(operand) };
    }
    throw new EinsumError('ARGUMENT', `operand ${i} of contractPath('${subscripts}') must be a Tensor or a shape (number[]); got ${describe(operand)}`, subscripts);
  });
  return pathInfo(bind(parsed, layouts), options.optimize ?? 'auto', options.memoryLimit);
}
