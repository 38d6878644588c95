/**
 * Every refusal is an EinsumError with one of these codes. Message wording lives in
 * messages.ts so the runtime and the type-level checks say the same thing.
 */
export type EinsumErrorCode =
  | 'SYNTAX'
  | 'OPERAND_COUNT'
  | 'RANK'
  | 'SIZE'
  | 'OUTPUT'
  | 'DTYPE'
  | 'MEMORY'
  | 'ARGUMENT';

export class EinsumError extends Error {
  override readonly name = 'EinsumError';
  readonly code: EinsumErrorCode;
  /** The subscripts as the caller wrote them, when the error concerns a call of einsum. */
  readonly subscripts: string | undefined;
  /** 0-based character position in `subscripts`, for SYNTAX errors. */
  readonly position: number | undefined;

  constructor(code: EinsumErrorCode, message: string, subscripts?: string, position?: number) {
    super(message);
    this.code = code;
    this.subscripts = subscripts;
    this.position = position;
  }
}

/** The subscripts with a caret under `position`, for messages about one character. */
export function caret(subscripts: string, position: number): string {
  return `  ${subscripts}\n  ${' '.repeat(position)}^`;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

export function describe(value: unknown, within: readonly unknown[] = []): string {
  // An array that holds itself, or nests deeper than a message can show, is written '[...]' there.
  if (Array.isArray(value)) return within.includes(value) || within.length === 8 ? '[...]' : `[${value.map((item) => describe(item, [...within, value])).join(', ')}]`;
  if (typeof value === 'string') return `'${value}'`;
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  if (typeof value === 'bigint') return `${value}n`;
  return String(value);
}
