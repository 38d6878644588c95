/**
 * Stage 1, the twin of `scan` in src/parse.ts: characters -> tokens, refusing bad characters.
 * A label token is the letter itself (the common case stays cheap); ',', '->' and '...' carry
 * their position, which the parse stage needs for its messages. Tail-recursive: one instantiation
 * per character, with the tokens and the position as accumulators.
 */
import type { Failure } from './errors.js';
import type { Letter, UnknownSubscripts } from './labels.js';
import type { InvalidCharacter, LoneArrowPart, StrayDot } from './messages.js';
import type { Next } from './text.js';

export type Token = string | readonly ['...' | ',' | '->', number];

export type Scan<Source extends string> = ScanHelper<Source, Source, 0, []>;

type ScanHelper<Source extends string, Rest extends string, Position extends number, Tokens extends readonly Token[]> =
  Rest extends `${infer Char}${infer After}`
    ? Char extends ' '
      ? ScanHelper<Source, After, Next<Position>, Tokens>
      : Char extends Letter
        ? ScanHelper<Source, After, Next<Position>, [...Tokens, Char]>
        : Char extends ','
          ? ScanHelper<Source, After, Next<Position>, [...Tokens, [',', Position]]>
          : Rest extends `->${infer Tail}`
            ? ScanHelper<Source, Tail, Next<Next<Position>>, [...Tokens, ['->', Position]]>
            : Rest extends `...${infer Tail}`
              ? ScanHelper<Source, Tail, Next<Next<Next<Position>>>, [...Tokens, ['...', Position]]>
              : ScanError<Source, Rest, Char, Position>
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
