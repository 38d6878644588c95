/** The four stages of src/parse.ts one by one: scan, parse, validate, infer. */
import { describe, expect, it } from 'vitest';
import { ELLIPSIS, inferOutput, labelOf, parse, parseTokens, scan, validateOutput, type Term } from '../src/parse.js';
import { refusal } from './refusal.js';

const id = (c: string): number => labelOf(c);
const labels = (term: Term): number[] => [...term.labels];


describe('labels', () => {
  it('numbers A-Z as 0..25 and a-z as 26..51, so numeric order is ASCII order', () => {
    expect([id('A'), id('Z'), id('a'), id('z')]).toEqual([0, 25, 26, 51]);
    expect(id('#')).toBeLessThan(0);
  });
});

describe('scan', () => {
  it('turns characters into label, ellipsis, comma and arrow tokens with their positions', () => {
    expect(scan('ab,...->b')).toEqual([
      { kind: 'label', label: id('a'), position: 0 },
      { kind: 'label', label: id('b'), position: 1 },
      { kind: 'comma', position: 2 },
      { kind: 'ellipsis', position: 3 },
      { kind: 'arrow', position: 6 },
      { kind: 'label', label: id('b'), position: 8 },
    ]);
  });
  it('skips spaces anywhere but keeps the original positions', () => {
    expect(scan(' i j ').map((t) => t.position)).toEqual([1, 3]);
    expect(scan('')).toEqual([]);
    expect(scan('   ')).toEqual([]);
  });
  it.each([
    ['i#j', 1, "invalid character '#'"],
    ['ij1', 2, "invalid character '1'"],
    ['i\tj', 1, 'invalid character'],
    ['i.j', 1, "'.' at position 1"],
    ['i..j', 2, "'.' at position 2"],
    ['ij-k', 2, "lone '-'"],
    ['ij>k', 2, "lone '>'"],
    ['ij-', 2, "lone '-'"],
  ])('refuses %j with SYNTAX at position %i', (source, position, words) => {
    const e = refusal(() => scan(source));
    expect(e.code).toBe('SYNTAX');
    expect(e.position).toBe(position);
    expect(e.subscripts).toBe(source);
    expect(e.message).toContain(words);
    // The caret line points at the position under the quoted subscripts.
    const lines = e.message.split('\n');
    expect(lines.at(-2)).toBe(`  ${source}`);
    expect(lines.at(-1)).toBe(`  ${' '.repeat(position)}^`);
  });
});

describe('parseTokens', () => {
  it('splits terms at commas and the output at the arrow', () => {
    const source = 'ij,jk->ik';
    const { inputs, output } = parseTokens(source, scan(source));
    expect(inputs.map(labels)).toEqual([[id('i'), id('j')], [id('j'), id('k')]]);
    expect(output && labels(output)).toEqual([id('i'), id('k')]);
    expect(inputs.map((t) => t.text)).toEqual(['ij', 'jk']);
  });
  it('has no output in implicit mode, and empty terms for scalars', () => {
    expect(parseTokens('ij', scan('ij')).output).toBeUndefined();
    const { inputs, output } = parseTokens(',->', scan(',->'));
    expect(inputs.map(labels)).toEqual([[], []]);
    expect(output && labels(output)).toEqual([]);
  });
  it('marks the place of ... with ELLIPSIS and its index', () => {
    const { inputs } = parseTokens('i...j', scan('i...j'));
    expect(labels(inputs[0])).toEqual([id('i'), ELLIPSIS, id('j')]);
    expect(inputs[0].ellipsis).toBe(1);
    expect(inputs[0].text).toBe('i...j');
    expect(inputs[0].positions).toEqual([0, 1, 4]);
  });
  it.each([
    ['i...j...', 5, 'only once'],
    ['ij->i->j', 5, "second '->'"],
    ['ij->i,j', 5, "','"],
  ])('refuses %j with SYNTAX at position %i', (source, position, words) => {
    const e = refusal(() => parseTokens(source, scan(source)));
    expect([e.code, e.position]).toEqual(['SYNTAX', position]);
    expect(e.message).toContain(words);
    expect(e.message.split('\n').at(-1)).toBe(`  ${' '.repeat(position)}^`);
  });
});

describe('validateOutput', () => {
  const check = (source: string): void => {
    const { inputs, output } = parseTokens(source, scan(source));
    validateOutput(source, inputs, output!);
  };
  it('accepts distinct output labels that inputs have, and ... anywhere', () => {
    expect(() => check('ij,jk->ki')).not.toThrow();
    expect(() => check('ij->...ij')).not.toThrow();
    expect(() => check('ij->')).not.toThrow();
  });
  it('refuses an output label twice, naming it', () => {
    const e = refusal(() => check('ij->ii'));
    expect(e.code).toBe('OUTPUT');
    expect(e.message).toContain("'i'");
    expect(e.message).toContain("'ij->ii'");
  });
  it('refuses an output label that no input has, naming it', () => {
    const e = refusal(() => check('ij,jk->iK'));
    expect(e.code).toBe('OUTPUT');
    expect(e.message).toContain("'K'");
    expect(e.message).toContain('no input');
  });
});

describe('inferOutput', () => {
  const infer = (source: string): string => inferOutput(parseTokens(source, scan(source)).inputs).text;
  it.each([
    ['ij,jk', 'ik'],
    ['ba', 'ab'],
    ['ii', ''],
    ['ij,ij', ''],
    ['zA,aZ', 'AZaz'],
    ['bB,Aa', 'ABab'],
    ['i...j', '...ij'],
    ['...ij,...jk', '...ik'],
    ['i,...', '...i'],
    ['', ''],
    [',', ''],
  ])('%j -> %j (labels seen once, uppercase first, after ...)', (source, output) => {
    expect(infer(source)).toBe(output);
  });
});

describe('parse', () => {
  it('records the mode', () => {
    expect(parse('ij').explicit).toBe(false);
    expect(parse('ij->j').explicit).toBe(true);
    expect(parse(' i j -> j ').output.text).toBe('j');
  });
  it('runs validation only in explicit mode and inference only in implicit mode', () => {
    expect(parse('ba').output.text).toBe('ab');
    expect(parse('ba->ba').output.text).toBe('ba');
    expect(refusal(() => parse('ab->c')).code).toBe('OUTPUT');
  });
  it('refuses a non-string with ARGUMENT', () => {
    expect(refusal(() => parse(42 as unknown as string)).code).toBe('ARGUMENT');
  });
});
