/**
 * Memory by liveness: intermediates share scratch slots when their live ranges don't overlap, the
 * way a register allocator packs variables. A value lives from the step that writes it to the last
 * step that reads it, both included (a step never writes where it reads: the products read their
 * operands while they write), so two values may share a slot only when one's last read comes
 * strictly before the other's write. A long chain then needs two slots, not one per step.
 *
 * Linear scan over values by the step that writes them; a value takes the free slot of its dtype
 * whose length is closest to its size (growing the largest free one when none is big enough),
 * so the peak scratch stays near the sum of what is live at once.
 */
import type { DType } from '../dtype.js';
import type { PlanSlot } from './types.js';

export interface LiveValue {
  readonly kind: 'operand' | 'intermediate' | 'result';
  readonly size: number;
  readonly dtype: DType;
  /** The step that writes it and the last step that reads it. */
  readonly from: number;
  readonly to: number;
}

export interface SlotAssignment {
  readonly slots: PlanSlot[];
  /** The slot of each value id (-1 for operands and the result). */
  readonly of: number[];
}

export function assignSlots(values: readonly LiveValue[]): SlotAssignment {
  const of = values.map(() => -1);
  const slots: { dtype: DType; length: number; busyUntil: number }[] = [];
  const order = values.map((_, id) => id).filter((id) => values[id].kind === 'intermediate');
  order.sort((x, y) => values[x].from - values[y].from || x - y);
  for (const id of order) {
    const v = values[id];
    let best = -1;
    for (let s = 0; s < slots.length; s++) {
      const slot = slots[s];
      if (slot.dtype !== v.dtype || slot.busyUntil >= v.from) continue;
      if (best < 0) best = s;
      else {
        const b = slots[best];
        // Prefer a slot big enough and smallest; failing that, the biggest (least growth).
        const fits = slot.length >= v.size;
        const bestFits = b.length >= v.size;
        if (fits ? !bestFits || slot.length < b.length : !bestFits && slot.length > b.length) best = s;
      }
    }
    if (best < 0) {
      slots.push({ dtype: v.dtype, length: 0, busyUntil: -1 });
      best = slots.length - 1;
    }
    const slot = slots[best];
    slot.length = Math.max(slot.length, v.size);
    slot.busyUntil = v.to;
    of[id] = best;
  }
  return { slots: slots.map(({ dtype, length }) => ({ dtype, length })), of };
}
