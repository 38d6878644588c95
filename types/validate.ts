/**
 * Stage 3, the twin of `validateOutput` in src/parse.ts: an explicit output may name a label once,
 * and only a label that some input has. Tail-recursive over the output's labels; "seen before" and
 * "some input has it" are template-literal searches of strings, no unions or tuples to build.
 */
import type { Failure } from './errors.js';
import type { Term } from './labels.js';
import type { OutputLabelTwice, OutputLabelUnknown } from './messages.js';

/** `true`, or the Failure of the first bad output label. `InputText`: the inputs' tokens. */
export type ValidateOutput<Source extends string, InputText extends string, Output extends Term> = ValidateHelper<
  Source,
  InputText,
  Output,
  ''
>;

type ValidateHelper<Source extends string, InputText extends string, Rest extends string, Seen extends string> =
  Rest extends `${infer Label}${infer After}`
    ? Label extends '.'
      ? ValidateHelper<Source, InputText, After, Seen>
      : Seen extends `${string}${Label}${string}`
        ? Failure<'subscripts', OutputLabelTwice<Source, Label>>
        : InputText extends `${string}${Label}${string}`
          ? ValidateHelper<Source, InputText, After, `${Seen}${Label}`>
          : Failure<'subscripts', OutputLabelUnknown<Source, Label>>
    : true;
