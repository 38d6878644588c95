/**
 * The einsum calls that bench/types.ts type-checks: 300 varied, seeded calls (chains of 2-8
 * operands, attention, batched '...', implicit mode with both cases, diagonals, traces, size-1
 * broadcasting, nested-array operands, scalars, options with `out`, and one call with all 52
 * labels), each a line of source text over `zeros([...])` operands.
 */
import { mulberry32 } from '../src/create.js';

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

export interface CorpusCall {
  readonly kind: string;
  readonly text: string;
}

export function typeCorpus(count = 300, seed = 7): CorpusCall[] {
  const next = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)];
  const letters = (n: number) => {
    const pool = LETTERS.split('');
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(pool.splice(int(0, pool.length - 1), 1)[0]);
    return out;
  };
  const zeros = (shape: readonly number[]) => `zeros([${shape.join(', ')}])`;
  const call = (subscripts: string, operands: readonly string[], options = '') =>
    `einsum('${subscripts}', ${operands.join(', ')}${options ? `, ${options}` : ''});`;

  const makers: Record<string, () => string> = {
    chain: () => {
      const n = int(2, 8);
      const ls = letters(n + 1);
      const sizes = ls.map(() => int(1, 9));
      const terms = Array.from({ length: n }, (_, i) => ls[i] + ls[i + 1]);
      const explicit = next() < 0.5;
      return call(terms.join(',') + (explicit ? `->${ls[0]}${ls[n]}` : ''), terms.map((_, i) => zeros([sizes[i], sizes[i + 1]])));
    },
    attention: () => {
      const [b, q, k, h, d] = [int(1, 4), int(2, 16), int(2, 16), int(1, 8), int(8, 64)];
      return call('nqhd,nkhd->nhqk', [zeros([b, q, h, d]), zeros([b, k, h, d])]);
    },
    batched: () => {
      const [x, y, i, j, k] = [int(1, 5), int(1, 5), int(2, 9), int(2, 9), int(2, 9)];
      const spec = pick(['...ij,...jk->...ik', '...ij,...jk', '...ij,jk->...ik']);
      return call(spec, [zeros([x, y, i, j]), zeros(spec.includes(',jk') ? [j, k] : [y, j, k])]);
    },
    implicit: () => {
      const ls = letters(4);
      const sizes = ls.map(() => int(1, 9));
      return call(`${ls[0]}${ls[1]},${ls[1]}${ls[2]}${ls[3]}`, [zeros([sizes[0], sizes[1]]), zeros([sizes[1], sizes[2], sizes[3]])]);
    },
    diagonal: () => {
      const [n, m] = [int(2, 9), int(2, 9)];
      const spec = pick(['ii->i', 'ii', 'ii->', 'iij->ij']);
      return call(spec, [zeros(spec.startsWith('iij') ? [n, n, m] : [n, n])]);
    },
    broadcast: () => {
      const [i, j, k] = [int(2, 9), int(2, 9), int(2, 9)];
      return call('ij,jk->ik', [zeros([i, 1]), zeros([j, k])]);
    },
    nested: () => call('ij,jk', ['[[1, 2, 3], [4, 5, 6]]', zeros([3, int(1, 9)])]),
    scalar: () => pick([call(',->', ['2', '3']), call('', ['5']), call('i,i', [zeros([4]), zeros([4])])]),
    options: () => {
      const [i, j, k] = [int(2, 9), int(2, 9), int(2, 9)];
      return call('ij,jk->ik', [zeros([i, j]), zeros([j, k])], `{ out: zeros([${i}, ${k}]), optimize: 'greedy' }`);
    },
    outer: () => call('i,j,k->ijk', [zeros([int(1, 9)]), zeros([int(1, 9)]), zeros([int(1, 9)])]),
  };
  const kinds = Object.keys(makers);
  const calls: CorpusCall[] = [];
  for (let n = 0; n < count - 1; n++) {
    const kind = kinds[n % kinds.length];
    calls.push({ kind, text: makers[kind]() });
  }
  calls.push({ kind: 'labels52', text: allLabels() });
  return calls;
}

/** The longest legal single-term subscripts: all 52 labels, a transpose of them (a 52-d tensor of 1s). */
export function allLabels(): string {
  const reversed = LETTERS.split('').reverse().join('');
  return `einsum('${LETTERS}->${reversed}', zeros([${new Array(52).fill(1).join(', ')}]));`;
}
