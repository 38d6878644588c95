/**
 * The subscripts parser, shared by the runtime engine, contractPath, compile() and the codegen.
 * Four stages, mirrored one for one by the type-level parser in types/parse.ts:
 *   scan     characters -> tokens (label, ellipsis, comma, arrow), refusing bad characters
 *   parse    tokens -> terms (inputs, optional output), refusing a second '->' or '...'
 *   validate the output: no label twice, none that no input has
 *   infer    the implicit output: labels seen exactly once, in ASCII order, after '...'
 * Labels are numbered in ASCII order, 'A'..'Z' = 0..25 and 'a'..'z' = 26..51, so sorting the
 * numbers sorts the letters the way numpy does.
 */
import { EinsumError } from './errors.js';
import { labelChar, messages } from './messages.js';

/** Marks where '...' stands in a term's `labels`. */
export const ELLIPSIS = -1;
export const LABEL_COUNT = 52;

export type Token =
  | { readonly kind: 'label'; readonly label: number; readonly position: number }
  | { readonly kind: 'ellipsis'; readonly position: number }
  | { readonly kind: 'comma'; readonly position: number }
  | { readonly kind: 'arrow'; readonly position: number };

export interface Term {
  /** Label numbers in order, with ELLIPSIS where '...' stands. */
  readonly labels: readonly number[];
  /** The position in the subscripts of each entry of `labels`. */
  readonly positions: readonly number[];
  /** The index of ELLIPSIS in `labels`, or -1. */
  readonly ellipsis: number;
  /** The term as letters, without spaces: 'ij', '...k'. */
  readonly text: string;
}

export interface Subscripts {
  readonly source: string;
  readonly inputs: readonly Term[];
  readonly output: Term;
  /** Whether the caller wrote '->' (explicit mode) or the output was inferred (implicit mode). */
  readonly explicit: boolean;
}

export function labelOf(char: string): number {
  const code = char.charCodeAt(0);
  if (code >= 65 && code <= 90) return code - 65;
  if (code >= 97 && code <= 122) return code - 97 + 26;
  return -2;
}

export function scan(source: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === ' ') continue;
    const label = labelOf(char);
    if (label >= 0) tokens.push({ kind: 'label', label, position: i });
    else if (char === ',') tokens.push({ kind: 'comma', position: i });
    else if (char === '.') {
      if (source[i + 1] !== '.' || source[i + 2] !== '.') {
        const stray = source[i + 1] !== '.' ? i : source[i + 2] !== '.' ? i + 1 : i;
        throw new EinsumError('SYNTAX', messages.strayDot(source, stray), source, stray);
      }
      tokens.push({ kind: 'ellipsis', position: i });
      i += 2;
    } else if (char === '-') {
      if (source[i + 1] !== '>') throw new EinsumError('SYNTAX', messages.loneArrowPart(source, '-', i), source, i);
      tokens.push({ kind: 'arrow', position: i });
      i += 1;
    } else if (char === '>') {
      throw new EinsumError('SYNTAX', messages.loneArrowPart(source, '>', i), source, i);
    } else {
      throw new EinsumError('SYNTAX', messages.invalidCharacter(source, char, i), source, i);
    }
  }
  return tokens;
}

class TermBuilder {
  labels: number[] = [];
  positions: number[] = [];
  ellipsis = -1;

  build(): Term {
    const text = this.labels.map((l) => (l === ELLIPSIS ? '...' : labelChar(l))).join('');
    return { labels: this.labels, positions: this.positions, ellipsis: this.ellipsis, text };
  }
}

export function parseTokens(source: string, tokens: readonly Token[]): { inputs: Term[]; output: Term | undefined } {
  const inputs: Term[] = [];
  let output: TermBuilder | undefined;
  let term = new TermBuilder();
  for (const token of tokens) {
    switch (token.kind) {
      case 'label':
        term.labels.push(token.label);
        term.positions.push(token.position);
        break;
      case 'ellipsis':
        if (term.ellipsis >= 0) throw new EinsumError('SYNTAX', messages.ellipsisTwice(source, token.position), source, token.position);
        term.ellipsis = term.labels.length;
        term.labels.push(ELLIPSIS);
        term.positions.push(token.position);
        break;
      case 'comma':
        if (output) throw new EinsumError('SYNTAX', messages.commaInOutput(source, token.position), source, token.position);
        inputs.push(term.build());
        term = new TermBuilder();
        break;
      case 'arrow':
        if (output) throw new EinsumError('SYNTAX', messages.arrowTwice(source, token.position), source, token.position);
        inputs.push(term.build());
        output = term = new TermBuilder();
        break;
    }
  }
  if (output) return { inputs, output: output.build() };
  inputs.push(term.build());
  return { inputs, output: undefined };
}

export function validateOutput(source: string, inputs: readonly Term[], output: Term): void {
  const seen = new Set<number>();
  for (const label of output.labels) {
    if (label === ELLIPSIS) continue;
    if (seen.has(label)) throw new EinsumError('OUTPUT', messages.outputLabelTwice(source, labelChar(label)), source);
    seen.add(label);
    if (!inputs.some((t) => t.labels.includes(label))) {
      throw new EinsumError('OUTPUT', messages.outputLabelUnknown(source, labelChar(label)), source);
    }
  }
}

export function inferOutput(inputs: readonly Term[]): Term {
  const counts = new Array<number>(LABEL_COUNT).fill(0);
  let anyEllipsis = false;
  for (const term of inputs) {
    for (const label of term.labels) {
      if (label === ELLIPSIS) anyEllipsis = true;
      else counts[label]++;
    }
  }
  const builder = new TermBuilder();
  if (anyEllipsis) {
    builder.ellipsis = 0;
    builder.labels.push(ELLIPSIS);
    builder.positions.push(-1);
  }
  counts.forEach((count, label) => {
    if (count === 1) {
      builder.labels.push(label);
      builder.positions.push(-1);
    }
  });
  return builder.build();
}

export function parse(source: string): Subscripts {
  if (typeof source !== 'string') {
    throw new EinsumError('ARGUMENT', `subscripts must be a string such as 'ij,jk->ik', got ${typeof source}`);
  }
  const { inputs, output } = parseTokens(source, scan(source));
  if (output) {
    validateOutput(source, inputs, output);
    return { source, inputs, output, explicit: true };
  }
  return { source, inputs, output: inferOutput(inputs), explicit: false };
}
