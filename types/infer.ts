/**
 * Stage 4, the twin of `inferOutput` in src/parse.ts: the implicit output is every label that
 * appears exactly once across the inputs, in ASCII order (uppercase first), after '...' when any
 * input has one. One pass over the inputs' tokens keeps the labels seen once (a string, in order
 * of appearance) and those seen more; a walk of the alphabet then writes the survivors in ASCII
 * order, stopping when none is left, and starting at 'a' when none is uppercase.
 */
import type { Lower, Upper, UpperLetter } from './labels.js';

export type InferOutput<InputText extends string> = CountHelper<InputText, '', '', false> extends [
  infer Once extends string,
  infer HasUpper extends boolean,
]
  ? OrderHelper<Once, HasUpper extends true ? `${Upper}${Lower}` : Lower, InputText extends `${string}.${string}` ? '.' : ''>
  : never; // unreachable: CountHelper always returns a pair

type CountHelper<Rest extends string, Once extends string, Twice extends string, HasUpper extends boolean> =
  Rest extends `${infer Label}${infer After}`
    ? Label extends ',' | '.'
      ? CountHelper<After, Once, Twice, HasUpper>
      : Twice extends `${string}${Label}${string}`
        ? CountHelper<After, Once, Twice, HasUpper>
        : Once extends `${infer Before}${Label}${infer Behind}`
          ? CountHelper<After, `${Before}${Behind}`, `${Twice}${Label}`, HasUpper>
          : CountHelper<After, `${Once}${Label}`, Twice, Label extends UpperLetter ? true : HasUpper>
    : [Once, HasUpper];

type OrderHelper<Left extends string, Alphabet extends string, Output extends string> = Left extends ''
  ? Output
  : Alphabet extends `${infer Letter}${infer Rest}`
    ? Left extends `${infer Before}${Letter}${infer Behind}`
      ? OrderHelper<`${Before}${Behind}`, Rest, `${Output}${Letter}`>
      : OrderHelper<Left, Rest, Output>
    : Output;
