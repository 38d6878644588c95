/**
 * Stage 2, the twin of `parseTokens` in src/parse.ts: tokens -> terms (the inputs, and the output
 * when '->' was written), refusing '...' twice in a term, a ',' in the output and a second '->'.
 * The tokens are split with template literals, a term per step (not a token per step): the first
 * '>' splits inputs from output, ',' splits the inputs. Errors are reported in token order, as
 * the runtime meets them; a message finds its source position from the tokens before the error.
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

export type ParseTokens<Source extends string, Tokens extends string> = Tokens extends `${infer Text}>${infer Output}`
  ? SplitInputs<Source, Text, '', []> extends infer Inputs
    ? Inputs extends readonly Term[]
      ? CheckOutput<Source, Text, Output> extends infer Failed extends Failure<'subscripts', string>
        ? Failed
        : Parsed<Inputs, Output, Text>
      : Inputs // a Failure
    : never
  : SplitInputs<Source, Tokens, '', []> extends infer Inputs
    ? Inputs extends readonly Term[]
      ? Parsed<Inputs, undefined, Tokens>
      : Inputs
    : never;

/** The input terms, split at ','; `Before` is the tokens already split, for positions. */
type SplitInputs<Source extends string, Rest extends string, Before extends string, Inputs extends readonly Term[]> =
  Rest extends `${infer First},${infer After}`
    ? First extends `${infer A}.${infer B}.${string}`
      ? Failure<'subscripts', EllipsisTwice<Source, At<Source, `${Before}${A}.${B}`>>>
      : SplitInputs<Source, After, `${Before}${First},`, [...Inputs, First]>
    : Rest extends `${infer A}.${infer B}.${string}`
      ? Failure<'subscripts', EllipsisTwice<Source, At<Source, `${Before}${A}.${B}`>>>
      : [...Inputs, Rest];

/** The output term: the first of a second '...', a ',' or a second '->' is the error. */
type CheckOutput<Source extends string, Text extends string, Output extends string> = Output extends `${string}${',' | '>' | '.'}${string}`
  ? FirstBad<Source, `${Text}>`, Output, false>
  : true;

type FirstBad<Source extends string, Before extends string, Rest extends string, Dot extends boolean> = Rest extends `${infer Token}${infer After}`
  ? Token extends ','
    ? Failure<'subscripts', CommaInOutput<Source, At<Source, Before>>>
    : Token extends '>'
      ? Failure<'subscripts', ArrowTwice<Source, At<Source, Before>>>
      : Token extends '.'
        ? Dot extends true
          ? Failure<'subscripts', EllipsisTwice<Source, At<Source, Before>>>
          : FirstBad<Source, `${Before}${Token}`, After, true>
        : FirstBad<Source, `${Before}${Token}`, After, Dot>
  : true;

/** The source position of the token that follows the tokens `Before` (error path only). */
type At<Source extends string, Before extends string> = TokenPosition<Source, LengthOf<Before>>;
