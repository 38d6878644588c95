/**
 * einsum at run time: sort out the arguments, find (or make) the plan, run it.
 * Every check numpy makes happens while the plan is built (parse, bind, path), before anything is
 * allocated; which engine runs the plan is chosen once per plan (src/engines/index.ts).
 * numpy's sublist format, einsum(a, [0, 1], b, [1, 2]), is turned into subscripts first (sublist.ts).
 */
import { describe, EinsumError } from './errors.js';
import { messages } from './messages.js';
import { checkOptions, checkOut, isOptionsObject, NO_OPTIONS, toOperand } from './operands.js';
import { preparedFor } from './engines/index.js';
import { planFor } from './plan/cache.js';
import { sameNumbers, Tensor } from './tensor.js';
import { fromSublists, isLabelList } from './sublist.js';

export function einsumImpl(subscripts: unknown, ...args: unknown[]): Tensor {
  // The hot case first, in a function small enough for V8 to optimize whole: the last argument is
  // a tensor, so there are no options to check, and every argument is one, so the arguments are
  // the operands (no array to build).
  if (typeof subscripts === 'string' && args[args.length - 1] instanceof Tensor && allTensors(args)) {
    const plan = planFor(subscripts, args as Tensor[], NO_OPTIONS);
    preparedFor(plan); // the engine chosen for this plan (a generated or JIT kernel, or the CPU's)
    return plan.fresh(args as Tensor[]);
  }
  return einsumChecked(subscripts, args);
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
  // Options that don't change the plan (only `out`) plan as none: such plans match by identity.
  const planned = options.optimize === undefined && options.memoryLimit === undefined && options.dtype === undefined && options.accumulate === undefined;
  const plan = planFor(subscripts, operands, planned ? NO_OPTIONS : options);
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

function allTensors(args: readonly unknown[]): boolean {
  for (let i = 0; i < args.length; i++) if (!(args[i] instanceof Tensor)) return false;
  return true;
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
