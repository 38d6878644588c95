/**
 * Label ids as text for messages and reports. Letters print as themselves; the '...' dimensions
 * (ids 52 + j) print as one '...'. Binding numbers '...' dimensions right-aligned, so every
 * operand and every intermediate holds a suffix of them, and '...' in a step's subscripts means
 * exactly what numpy would take it to mean.
 */
import { LABEL_COUNT } from '../parse.js';
import { labelChar } from '../messages.js';

export function labelsText(labels: readonly number[]): string {
  let text = '';
  let inEllipsis = false;
  for (const label of labels) {
    if (label >= LABEL_COUNT) {
      if (!inEllipsis) text += '...';
      inEllipsis = true;
    } else {
      text += labelChar(label);
      inEllipsis = false;
    }
  }
  return text;
}

/** Element counts the way people read them: 4096, 3.2e9. */
export function countText(count: number): string {
  if (!Number.isFinite(count)) return String(count);
  if (Math.abs(count) < 1e6) return String(Math.round(count * 1000) / 1000);
  return count.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e');
}
