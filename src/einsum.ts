/**
 * einsum at run time: sort out the arguments, find (or make) the plan, run it.
 * Every check numpy makes happens while the plan is built (parse, bind, path), before anything is
 * allocated; which engine runs the plan is chosen once per plan (src/engines/index.ts).
 * numpy's sublist format, einsum(a, [0, 1], b, [1, 2]), is turned into subscripts first (sublist.ts).
 */
import { describe, EinsumError } from './errors.js';
import { messages } from './messages.js';
import { checkOptions, checkOut, isOptionsObject, NO_OPTIONS, onlyOut, toOperand } from './operands.js';
import { preparedFor } from './engines/index.js';
import { hotPlan, planFor, plansAsNone } from './plan/cache.js';
import { isTensor, sameNumbers, Tensor } from './tensor.js';
import { fromSublists, isLabelList } from './sublist.js';

export function einsumImpl(subscripts: unknown, ...args: unknown[]): Tensor;
export function einsumImpl(subscripts: unknown, a?: unknown, b?: unknown, c?: unknown, d?: unknown): Tensor {
  // The hot cases first, in functions small enough for V8 to inline whole into the caller's loop
  // (its budget is ~920 bytes of bytecode for everything inlined, kernel included): one to three
  // tensors, then nothing (no options to check) or a plain `{ out }`. They take named parameters,
  // not a rest array, and find their plan by one identity compare per operand (cache.ts); anything
  // else, or a plan not made yet, takes the checked path below. An operand that is not there is
  // passed as undefined, which only a plan of fewer operands matches.
  if (typeof subscripts === 'string' && isTensor(a)) {
    const given = arguments.length;
    let result: Tensor | undefined;
    if (given === 2) result = hotFresh(subscripts, a, undefined, undefined);
    else if (!isTensor(b)) result = given === 3 ? hotInto(subscripts, a, undefined, undefined, b) : undefined;
    else if (given === 3) result = hotFresh(subscripts, a, b, undefined);
    else if (!isTensor(c)) result = given === 4 ? hotInto(subscripts, a, b, undefined, c) : undefined;
    else result = given === 4 ? hotFresh(subscripts, a, b, c) : given === 5 ? hotInto(subscripts, a, b, c, d) : undefined;
    if (result !== undefined) return result;
  }
  const args = new Array<unknown>(arguments.length - 1);
  for (let i = 0; i < args.length; i++) args[i] = arguments[i + 1];
  return einsumChecked(subscripts, args);
}

/** Allocating, with no options: the plan's own entry, if a plan of these layouts is ready. */
function hotFresh(subscripts: string, a: Tensor, b: Tensor | undefined, c: Tensor | undefined): Tensor | undefined {
  const plan = hotPlan(subscripts, a, b, c);
  return plan === undefined ? undefined : plan.call(a, b, c);
}

/**
 * Into `out`, when the options are `{ out }` alone and `out` has the result's exact layout (so its
 * dtype, shape and strides are right) and was found apart from these operands before: what the
 * checked path would do, without re-checking what identity settles.
 */
function hotInto(subscripts: string, a: Tensor, b: Tensor | undefined, c: Tensor | undefined, options: unknown): Tensor | undefined {
  const out = onlyOut(options);
  if (out === undefined) return undefined;
  const plan = hotPlan(subscripts, a, b, c);
  if (plan === undefined || out.layout !== plan.layout || !plan.apartFrom(out, a, b, c)) return undefined;
  plan.callInto(a, b, c, out.data, out.offset);
  return out;
}

/** Everything but the hot case: other argument forms, operands to convert, options, `out`. */
function einsumChecked(subscripts: unknown, args: unknown[]): Tensor {
  if (typeof subscripts !== 'string') {
    if (isLabelList(args[0])) {
      const call = fromSublists([subscripts, ...args], isOptionsObject);
      return einsumImpl(call.subscripts, ...call.args);
    }
    if (subscripts instanceof Tensor || Array.isArray(subscripts)) {
      throw new EinsumError('ARGUMENT', messages.typeArgumentForm());
    }
    throw new EinsumError('ARGUMENT', `einsum's first argument must be the subscripts string, such as 'ij,jk->ik', got ${describe(subscripts)}`);
  }
  const given = args.length;
  const last = args[given - 1];
  const hasOptions = given > 0 && !(last instanceof Tensor) && isOptionsObject(last);
  const options = checkOptions(subscripts, hasOptions ? last : undefined);
  const count = hasOptions ? given - 1 : given;
  const operands = new Array<Tensor>(count);
  for (let i = 0; i < count; i++) {
    const arg = args[i];
    operands[i] = arg instanceof Tensor ? arg : toOperand(subscripts, arg, i);
  }
  const plan = planFor(subscripts, operands, plansAsNone(options) ? NO_OPTIONS : options);
  preparedFor(plan);
  const out = options.out;
  if (out === undefined) return plan.fresh(operands);

  checkOut(subscripts, out, plan.shape, plan.dtype);
  if ((out.strides === plan.strides || sameNumbers(out.strides, plan.strides) || out.contiguous) && plan.apart(out, operands)) {
    plan.into(operands, out.data, out.offset);
    return out;
  }
  // A strided `out`, or one that shares memory with an operand: compute aside, then copy in.
  const result = plan.fresh(operands);
  copyInto(result, out);
  return out;
}

function copyInto(src: Tensor, dst: Tensor): void {
  const rank = src.shape.length;
  const index = new Array<number>(rank).fill(0);
  for (let flat = 0; flat < src.size; flat++) {
    let at = dst.offset;
    for (let axis = 0; axis < rank; axis++) at += index[axis] * dst.strides[axis];
    dst.data[at] = src.data[flat];
    for (let axis = rank - 1; axis >= 0; axis--) {
      if (++index[axis] < src.shape[axis]) break;
      index[axis] = 0;
    }
  }
}
