/**
 * The driver, the twin of `parse` in src/parse.ts: scan -> parse -> validate (explicit output) or
 * infer (implicit output). The result is Parsed with the output always filled in, a Failure at the
 * subscripts, or UnknownSubscripts when the text is not a single literal.
 */
import type { Failure } from './errors.js';
import type { InferOutput } from './infer.js';
import type { Term, UnknownSubscripts } from './labels.js';
import type { Parsed, ParseTokens } from './parse.js';
import type { Scan } from './scan.js';
import type { ValidateOutput } from './validate.js';

export type ParseSubscripts<Source extends string> = IsSingleLiteral<Source> extends true
  ? Scan<Source> extends infer Tokens
    ? Tokens extends string
      ? Resolve<Source, ParseTokens<Source, Tokens>>
      : Tokens // a Failure or UnknownSubscripts
    : never
  : UnknownSubscripts;

type Resolve<Source extends string, Result> = Result extends Parsed<infer Inputs, infer Output, infer Text extends string>
  ? Output extends Term
    ? ValidateOutput<Source, Text, Output> extends infer Valid
      ? Valid extends true
        ? Result
        : Valid
      : never
    : Parsed<Inputs, InferOutput<Text>, Text>
  : Result;

/** False for `string` and for unions of subscripts, which widen instead of being checked. */
type IsSingleLiteral<Source extends string> = string extends Source ? false : IsUnion<Source> extends false ? true : false;

type IsUnion<Member, Whole = Member> = Member extends unknown ? ([Whole] extends [Member] ? false : true) : never;

export type { Failure };
