/**
 * Stage 3, the twin of `validateOutput` in src/parse.ts: an explicit output may name a label once,
 * and only a label that some input has. Tail-recursive over the output's labels with the labels
 * seen so far as a union.
 */
import type { Failure } from './errors.js';
import type { Term } from './labels.js';
import type { OutputLabelTwice, OutputLabelUnknown } from './messages.js';

/** `true`, or the Failure of the first bad output label. */
export type ValidateOutput<Source extends string, Inputs extends readonly Term[], Output extends Term> = ValidateHelper<
  Source,
  Inputs[number][number],
  Output,
  never
>;

type ValidateHelper<Source extends string, InputLabels extends string, Output extends Term, Seen extends string> =
  Output extends readonly [infer Label extends string, ...infer Rest extends Term]
    ? Label extends '...'
      ? ValidateHelper<Source, InputLabels, Rest, Seen>
      : Label extends Seen
        ? Failure<'subscripts', OutputLabelTwice<Source, Label>>
        : Label extends InputLabels
          ? ValidateHelper<Source, InputLabels, Rest, Seen | Label>
          : Failure<'subscripts', OutputLabelUnknown<Source, Label>>
    : true;
