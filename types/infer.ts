/**
 * Stage 4, the twin of `inferOutput` in src/parse.ts: the implicit output is every label that
 * appears exactly once across the inputs, in ASCII order (uppercase first), after '...' when any
 * input has one. One pass over the inputs' tokens keeps the labels seen once (a string, in order
 * of appearance) and those seen more; an insertion sort puts the survivors in ASCII order.
 */
import type { Lower, Upper } from './labels.js';

export type InferOutput<InputText extends string> = CountHelper<InputText, '', ''> extends infer Once extends string
  ? `${InputText extends `${string}.${string}` ? '.' : ''}${Sort<Once, ''>}`
  : never;

type CountHelper<Rest extends string, Once extends string, Twice extends string> = Rest extends `${infer Label}${infer After}`
  ? Label extends ',' | '.'
    ? CountHelper<After, Once, Twice>
    : Twice extends `${string}${Label}${string}`
      ? CountHelper<After, Once, Twice>
      : Once extends `${infer Before}${Label}${infer Behind}`
        ? CountHelper<After, `${Before}${Behind}`, `${Twice}${Label}`>
        : CountHelper<After, `${Once}${Label}`, Twice>
  : Once;

/** Insertion sort of a few labels; one template match against the alphabet compares two. */
type Sort<Labels extends string, Sorted extends string> = Labels extends `${infer Label}${infer Rest}`
  ? Sort<Rest, Insert<Label, Sorted, ''>>
  : Sorted;

type Insert<Label extends string, Sorted extends string, Before extends string> = Sorted extends `${infer First}${infer Rest}`
  ? `${Upper}${Lower}` extends `${string}${Label}${string}${First}${string}`
    ? `${Before}${Label}${Sorted}`
    : Insert<Label, Rest, `${Before}${First}`>
  : `${Before}${Label}`;
