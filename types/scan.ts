/**
 * Stage 1, the twin of `scan` in src/parse.ts: characters -> tokens, refusing bad characters.
 * The tokens are a string, one character each (see labels.ts): letters as they are, ',' , '>' for
 * '->', '.' for '...'; spaces dropped. Tail-recursive over the characters with the tokens as the
 * accumulator (ScanHelper and ScanChar call each other in tail position). No position counter on the way: a message finds its position from what is left.
 */
import type { Failure } from './errors.js';
import type { Letter, UnknownSubscripts } from './labels.js';
import type { InvalidCharacter, LoneArrowPart, StrayDot } from './messages.js';
import type { LengthOf, Next } from './text.js';

export type Scan<Source extends string> = ScanHelper<Source, Source, ''>;

/** Four characters a step while they are labels and commas (most subscripts), then one at a time. */
type ScanHelper<Source extends string, Rest extends string, Tokens extends string> = Rest extends `${infer A}${infer B}${infer C}${infer D}${infer After}`
  ? [A | B | C | D] extends [Letter | ',']
    ? ScanHelper<Source, After, `${Tokens}${A}${B}${C}${D}`>
    : ScanChar<Source, Rest, Tokens>
  : ScanChar<Source, Rest, Tokens>;

type ScanChar<Source extends string, Rest extends string, Tokens extends string> = Rest extends `${infer Char}${infer After}`
  ? Char extends Letter | ','
    ? ScanHelper<Source, After, `${Tokens}${Char}`>
    : Char extends ' '
      ? ScanHelper<Source, After, Tokens>
      : Rest extends `->${infer Tail}`
        ? ScanHelper<Source, Tail, `${Tokens}>`>
        : Rest extends `...${infer Tail}`
          ? ScanHelper<Source, Tail, `${Tokens}.`>
          : ScanError<Source, Rest, Char, PositionOf<Source, Rest>>
  : Rest extends ''
    ? Tokens
    : UnknownSubscripts; // `string` or a template hole: nothing more to check statically

type ScanError<Source extends string, Rest extends string, Char extends string, Position extends number> =
  string extends Char
    ? UnknownSubscripts
    : Char extends '.'
      ? Failure<'subscripts', StrayDot<Source, Rest extends `..${string}` ? Next<Position> : Position>>
      : Char extends '-' | '>'
        ? Failure<'subscripts', LoneArrowPart<Source, Char, Position>>
        : Failure<'subscripts', InvalidCharacter<Source, Char, Position>>;

/** The position in `Source` where its suffix `Rest` starts. */
type PositionOf<Source extends string, Rest extends string> = Source extends `${infer Consumed}${Rest}` ? LengthOf<Consumed> : number;

/** Where the token numbered `Index` (0-based) starts in the source: for the parse stage's messages. */
export type TokenPosition<Source extends string, Index extends number> = PositionHelper<Source, Index, 0, 0>;

type PositionHelper<Rest extends string, Index extends number, Count extends number, Position extends number> =
  Rest extends `${infer Char}${infer After}`
    ? Char extends ' '
      ? PositionHelper<After, Index, Count, Next<Position>>
      : Count extends Index
        ? Position
        : Rest extends `->${infer Tail}`
          ? PositionHelper<Tail, Index, Next<Count>, Next<Next<Position>>>
          : Rest extends `...${infer Tail}`
            ? PositionHelper<Tail, Index, Next<Count>, Next<Next<Next<Position>>>>
            : PositionHelper<After, Index, Next<Count>, Next<Position>>
    : Position;
