/**
 * A tiny code writer (after Zod v4's Doc): lines at an indentation level, then one text.
 * The emitter writes JavaScript that is also valid TypeScript, so the same text goes to a
 * `.generated.ts` file and to `new Function`.
 */
export class CodeWriter {
  private readonly lines: string[] = [];
  private depth: number;

  constructor(depth = 0) {
    this.depth = depth;
  }

  line(text: string): this {
    this.lines.push(text === '' ? '' : '  '.repeat(this.depth) + text);
    return this;
  }

  /** Write `open`, the block one level deeper, then `close`. */
  block(open: string, body: () => void, close = '}'): this {
    this.line(open);
    this.depth++;
    body();
    this.depth--;
    return this.line(close);
  }

  text(): string {
    return this.lines.join('\n');
  }
}
