/**
 * contractPath(subscripts, ...operandsOrShapes, options?): the path einsum would take and what it
 * costs, without computing anything (opt_einsum's contract_path). Operands are Tensors or plain
 * shapes (number[]), so a path can be planned before the data exists. numpy's sublist format
 * works too: contractPath([2, 3], [0, 1], [3, 4], [1, 2], [0, 2]).
 */
import { describe, EinsumError } from './errors.js';
import { checkOptions } from './operands.js';
import { parse } from './parse.js';
import { fromSublists } from './sublist.js';
import type { PathStrategy } from './path/index.js';
import { buildPlan } from './plan/build.js';
import { describePlan, type PathInfo } from './plan/report.js';
import type { OperandSignature } from './plan/types.js';
import { checkShape } from './view.js';
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
  parse(subscripts); // a syntax error is reported before anything about the operands
  const last = args[args.length - 1];
  const hasOptions = isOptions(last);
  const options = (hasOptions ? last : {}) as ContractPathOptions;
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.has(name)) {
      throw new EinsumError('ARGUMENT', `unknown option '${name}' for contractPath('${subscripts}'); the options are optimize and memoryLimit`, subscripts);
    }
  }
  // einsum's checks of optimize and memoryLimit, in einsum's order, so both refuse alike.
  const { optimize, memoryLimit } = checkOptions(subscripts, hasOptions ? options : undefined);
  const operands = (hasOptions ? args.slice(0, -1) : args) as readonly unknown[];
  const layouts = operands.map((operand, i): OperandSignature => {
    if (operand instanceof Tensor) return operand;
    if (Array.isArray(operand)) {
      checkShape(operand, `the shape of operand ${i}`);
      return { shape: operand, strides: contiguousStrides(operand), dtype: 'float64' };
    }
    throw new EinsumError('ARGUMENT', `operand ${i} of contractPath('${subscripts}') must be a Tensor or a shape (number[]); got ${describe(operand)}`, subscripts);
  });
  // The report reads the plan einsum would run: its path and each step's kind, as classified there.
  return describePlan(buildPlan(subscripts, layouts, { optimize, memoryLimit }));
}
