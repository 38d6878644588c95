/**
 * Stage 2, the twin of `parseTokens` in src/parse.ts: tokens -> terms (the inputs, and the output
 * when '->' was written), refusing a second '->', a ',' in the output and '...' twice in a term.
 * Tail-recursive over the token string with the finished inputs and the current term as
 * accumulators; a message finds its position from the tokens left.
 */
import type { Failure } from './errors.js';
import type { Term } from './labels.js';
import type { ArrowTwice, CommaInOutput, EllipsisTwice } from './messages.js';
import type { TokenPosition } from './scan.js';
import type { LengthOf } from './text.js';

/**
 * Parsed subscripts: `Output` is `undefined` in implicit mode (no '->'). `Text` is the inputs'
 * tokens (terms joined by ','), which later stages search with template literals.
 * Unconstrained parameters: a constraint here makes tsc compare deep inferred types against it.
 */
export interface Parsed<Inputs = readonly Term[], Output = Term | undefined, Text = string> {
  readonly inputs: Inputs;
  readonly output: Output;
  readonly text: Text;
}

export type ParseTokens<Source extends string, Tokens extends string> = ParseHelper<Source, Tokens, Tokens, [], '', false>;

type ParseHelper<
  Source extends string,
  Tokens extends string,
  Rest extends string,
  Inputs extends readonly Term[],
  Current extends Term,
  InOutput extends boolean,
> = Rest extends `${infer Token}${infer After}`
  ? Token extends '.'
    ? Current extends `${string}.${string}`
      ? Failure<'subscripts', EllipsisTwice<Source, At<Source, Tokens, Rest>>>
      : ParseHelper<Source, Tokens, After, Inputs, `${Current}.`, InOutput>
    : Token extends ',' | '>'
      ? InOutput extends true
        ? Failure<'subscripts', Token extends ',' ? CommaInOutput<Source, At<Source, Tokens, Rest>> : ArrowTwice<Source, At<Source, Tokens, Rest>>>
        : ParseHelper<Source, Tokens, After, [...Inputs, Current], '', Token extends '>' ? true : false>
      : ParseHelper<Source, Tokens, After, Inputs, `${Current}${Token}`, InOutput>
  : InOutput extends true
    ? Parsed<Inputs, Current, InputText<Inputs>>
    : Parsed<[...Inputs, Current], undefined, InputText<[...Inputs, Current]>>;

/** The source position of the token where `Rest` starts (error path only). */
type At<Source extends string, Tokens extends string, Rest extends string> = Tokens extends `${infer Consumed}${Rest}`
  ? TokenPosition<Source, LengthOf<Consumed>>
  : number;

type InputText<Inputs extends readonly Term[], Text extends string = ''> = Inputs extends readonly [
  infer First extends string,
  ...infer Rest extends readonly Term[],
]
  ? InputText<Rest, Text extends '' ? First : `${Text},${First}`>
  : Text;
