/**
 * Stage 4, the twin of `inferOutput` in src/parse.ts: the implicit output is every label that
 * appears exactly once across the inputs, in ASCII order (uppercase first), after '...' when any
 * input has one. One pass over the inputs' tokens keeps the labels seen once (a string, in order
 * of appearance) and those seen more; the survivors are put in ASCII order by an insertion sort
 * when they are few (under 9), by SortLabels (linear: 52 steps) when more.
 */
import type { Chars, Lower, Upper } from './labels.js';

export type InferOutput<InputText extends string> = CountHelper<InputText, '', ''> extends infer Once extends string
  ? `${InputText extends `${string}.${string}` ? '.' : ''}${InAsciiOrder<Once>}`
  : never;

/** Labels (each once) in ASCII order: an insertion sort when they are few (under 9), SortLabels when more. */
export type InAsciiOrder<Labels extends string> = Labels extends `${string}${string}${string}${string}${string}${string}${string}${string}${string}`
  ? SortLabels<Chars<Labels>>
  : Sort<Labels, ''>;

type CountHelper<Rest extends string, Once extends string, Twice extends string> = Rest extends `${infer Label}${infer After}`
  ? Label extends ',' | '.'
    ? CountHelper<After, Once, Twice>
    : Twice extends `${string}${Label}${string}`
      ? CountHelper<After, Once, Twice>
      : Once extends `${infer Before}${Label}${infer Behind}`
        ? CountHelper<After, `${Before}${Behind}`, `${Twice}${Label}`>
        : CountHelper<After, `${Once}${Label}`, Twice>
  : Once;

/**
 * Labels in ASCII order (uppercase first): one conditional per letter of the alphabet, in order,
 * each keeping its letter when it is one of `Labels` (a union). Linear: the same 52 steps for 2
 * labels or 52, where an insertion sort of 52 labels costs ~16,000 instantiations.
 */
export type SortLabels<Labels extends string> = [Labels] extends [infer Set extends string] // deferred until instantiated
  ? `${"A" extends Set ? "A" : ""}${"B" extends Set ? "B" : ""}${"C" extends Set ? "C" : ""}${"D" extends Set ? "D" : ""}${"E" extends Set ? "E" : ""}${"F" extends Set ? "F" : ""}${"G" extends Set ? "G" : ""}${"H" extends Set ? "H" : ""}${"I" extends Set ? "I" : ""}${"J" extends Set ? "J" : ""}${"K" extends Set ? "K" : ""}${"L" extends Set ? "L" : ""}${"M" extends Set ? "M" : ""}${"N" extends Set ? "N" : ""}${"O" extends Set ? "O" : ""}${"P" extends Set ? "P" : ""}${"Q" extends Set ? "Q" : ""}${"R" extends Set ? "R" : ""}${"S" extends Set ? "S" : ""}${"T" extends Set ? "T" : ""}${"U" extends Set ? "U" : ""}${"V" extends Set ? "V" : ""}${"W" extends Set ? "W" : ""}${"X" extends Set ? "X" : ""}${"Y" extends Set ? "Y" : ""}${"Z" extends Set ? "Z" : ""}${"a" extends Set ? "a" : ""}${"b" extends Set ? "b" : ""}${"c" extends Set ? "c" : ""}${"d" extends Set ? "d" : ""}${"e" extends Set ? "e" : ""}${"f" extends Set ? "f" : ""}${"g" extends Set ? "g" : ""}${"h" extends Set ? "h" : ""}${"i" extends Set ? "i" : ""}${"j" extends Set ? "j" : ""}${"k" extends Set ? "k" : ""}${"l" extends Set ? "l" : ""}${"m" extends Set ? "m" : ""}${"n" extends Set ? "n" : ""}${"o" extends Set ? "o" : ""}${"p" extends Set ? "p" : ""}${"q" extends Set ? "q" : ""}${"r" extends Set ? "r" : ""}${"s" extends Set ? "s" : ""}${"t" extends Set ? "t" : ""}${"u" extends Set ? "u" : ""}${"v" extends Set ? "v" : ""}${"w" extends Set ? "w" : ""}${"x" extends Set ? "x" : ""}${"y" extends Set ? "y" : ""}${"z" extends Set ? "z" : ""}`
  : never;

/** Insertion sort of a few labels; one template match against the alphabet compares two. */
type Sort<Labels extends string, Sorted extends string> = Labels extends `${infer Label}${infer Rest}`
  ? Sort<Rest, Insert<Label, Sorted, ''>>
  : Sorted;

type Insert<Label extends string, Sorted extends string, Before extends string> = Sorted extends `${infer First}${infer Rest}`
  ? `${Upper}${Lower}` extends `${string}${Label}${string}${First}${string}`
    ? `${Before}${Label}${Sorted}`
    : Insert<Label, Rest, `${Before}${First}`>
  : `${Before}${Label}`;
