/**
 * Stage 2, the twin of `parseTokens` in src/parse.ts: tokens -> terms (the inputs, and the output
 * when '->' was written), refusing a second '->', a ',' in the output and '...' twice in a term.
 * Tail-recursive over the tokens with the finished inputs and the current term as accumulators.
 */
import type { Failure } from './errors.js';
import type { Term } from './labels.js';
import type { ArrowTwice, CommaInOutput, EllipsisTwice } from './messages.js';
import type { Token } from './scan.js';

/** Parsed subscripts: `Output` is `undefined` in implicit mode (no '->'). */
/** Unconstrained parameters: a constraint here makes tsc compare deep inferred terms against it. */
export interface Parsed<Inputs = readonly Term[], Output = Term | undefined> {
  readonly inputs: Inputs;
  readonly output: Output;
}

export type ParseTokens<Source extends string, Tokens extends readonly Token[]> = ParseHelper<Source, Tokens, [], [], false>;

type ParseHelper<
  Source extends string,
  Tokens extends readonly Token[],
  Inputs extends readonly Term[],
  Current extends Term,
  InOutput extends boolean,
> = Tokens extends readonly [infer Next extends Token, ...infer Rest extends readonly Token[]]
  ? Next extends string
    ? ParseHelper<Source, Rest, Inputs, [...Current, Next], InOutput>
    : Next extends readonly ['...', infer Position extends number]
      ? '...' extends Current[number]
        ? Failure<'subscripts', EllipsisTwice<Source, Position>>
        : ParseHelper<Source, Rest, Inputs, [...Current, '...'], InOutput>
      : Next extends readonly [infer Kind, infer Position extends number]
        ? InOutput extends true
          ? Failure<'subscripts', Kind extends ',' ? CommaInOutput<Source, Position> : ArrowTwice<Source, Position>>
          : ParseHelper<Source, Rest, [...Inputs, Current], [], Kind extends '->' ? true : false>
        : never // unreachable: Token has no other shape
  : InOutput extends true
    ? Parsed<Inputs, Current>
    : Parsed<[...Inputs, Current], undefined>;
