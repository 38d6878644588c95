/**
 * The naive einsum: the slow, obviously-correct definition that the engine, every path optimizer,
 * the JIT and the generated kernels are checked against (and bench/'s baseline).
 *
 * Written without anything from src/ on purpose, so that a bug in the shared parser or binding
 * cannot hide in both sides of a differential test. Sketch:
 *   1. split the subscripts at '->' and ',' (spaces dropped); each '...' becomes the names
 *      '.0', '.1', ... of the broadcast dimensions, right-aligned across operands;
 *   2. one size per name: a size 1 gives way to any other size (broadcasting), other sizes must agree;
 *   3. the output is the explicit one ('...' omitted there means its dimensions are summed, SPEC §3)
 *      or numpy's implicit one ('...' first, then letters seen once, in ASCII order);
 *   4. an odometer over ALL names; each step multiplies one element of every operand (index 0 on a
 *      broadcast size-1 axis) and adds the product, in float64, to the output element.
 * It refuses malformed input with a plain Error: error codes are the engine's business, not its.
 */

export interface ReferenceOperand {
  readonly shape: readonly number[];
  readonly data: ArrayLike<number>;
  /** Optional strided layout (a Tensor view fits); row-major contiguous when absent. */
  readonly strides?: readonly number[];
  readonly offset?: number;
}

export interface ReferenceResult {
  shape: number[];
  data: Float64Array;
}

const LETTER = /^[A-Za-z]$/;

/** Axis names of one term for an operand of `rank`, '...' expanded to the last `ellRank` names. */
function expandTerm(term: string, rank: number, ellRank: number, operand: number): string[] {
  const at = term.indexOf('...');
  const letters = (at < 0 ? term : term.replace('...', '')).split('');
  for (const c of letters) if (!LETTER.test(c)) throw new Error(`reference: bad label '${c}' in term '${term}'`);
  if (at < 0) {
    if (letters.length !== rank) throw new Error(`reference: operand ${operand} ('${term}') has rank ${rank}`);
    return letters;
  }
  const dims = rank - letters.length;
  if (dims < 0) throw new Error(`reference: operand ${operand} ('${term}') has rank ${rank}`);
  const ellipsis: string[] = [];
  for (let j = 0; j < dims; j++) ellipsis.push(`.${ellRank - dims + j}`);
  return [...term.slice(0, at).split(''), ...ellipsis, ...term.slice(at + 3).split('')];
}

function ellipsisNames(ellRank: number): string[] {
  return Array.from({ length: ellRank }, (_, j) => `.${j}`);
}

export function referenceEinsum(subscripts: string, operands: readonly ReferenceOperand[]): ReferenceResult {
  const s = subscripts.replace(/ /g, '');
  const arrow = s.indexOf('->');
  const lhs = arrow < 0 ? s : s.slice(0, arrow);
  const rhs = arrow < 0 ? undefined : s.slice(arrow + 2);
  const terms = lhs.split(',');
  if (terms.length !== operands.length) throw new Error(`reference: ${terms.length} terms but ${operands.length} operands`);

  let ellRank = 0;
  terms.forEach((term, k) => {
    if (term.includes('...')) ellRank = Math.max(ellRank, operands[k].shape.length - (term.length - 3));
  });
  const axes = terms.map((term, k) => expandTerm(term, operands[k].shape.length, ellRank, k));

  const sizes = new Map<string, number>();
  axes.forEach((names, k) => {
    const own = new Map<string, number>();
    names.forEach((name, axis) => {
      const size = operands[k].shape[axis];
      if (own.has(name) && own.get(name) !== size) throw new Error(`reference: diagonal '${name}' of operand ${k} has sizes ${own.get(name)} and ${size}`);
      own.set(name, size);
      const known = sizes.get(name);
      if (known === undefined || known === 1) sizes.set(name, size);
      else if (size !== 1 && size !== known) throw new Error(`reference: '${name}' is ${known} and ${size}`);
    });
  });

  let output: string[];
  if (rhs === undefined) {
    const counts = new Map<string, number>();
    for (const names of axes) for (const n of names) if (!n.startsWith('.')) counts.set(n, (counts.get(n) ?? 0) + 1);
    const once = [...counts].filter(([, c]) => c === 1).map(([n]) => n);
    once.sort((a, b) => a.charCodeAt(0) - b.charCodeAt(0)); // ASCII: 'A'..'Z' before 'a'..'z'
    output = [...(terms.some((t) => t.includes('...')) ? ellipsisNames(ellRank) : []), ...once];
  } else {
    const at = rhs.indexOf('...');
    const letters = (at < 0 ? rhs : rhs.replace('...', '')).split('');
    for (const c of letters) {
      if (!LETTER.test(c) || !sizes.has(c)) throw new Error(`reference: bad output label '${c}'`);
    }
    if (new Set(letters).size !== letters.length) throw new Error(`reference: output label twice in '${rhs}'`);
    output = at < 0 ? letters : [...rhs.slice(0, at).split(''), ...ellipsisNames(ellRank), ...rhs.slice(at + 3).split('')];
  }

  // Every name, output first; names of '...' dimensions that no operand has are size 1.
  const names = [...output, ...[...sizes.keys()].filter((n) => !output.includes(n))];
  const size = names.map((n) => sizes.get(n) ?? 1);
  const outShape = output.map((n) => sizes.get(n) ?? 1);
  const outStrides = new Array<number>(output.length);
  let outSize = 1;
  for (let a = output.length - 1; a >= 0; a--) {
    outStrides[a] = outSize;
    outSize *= outShape[a];
  }
  const result = new Float64Array(outSize);
  if (size.some((n) => n === 0)) return { shape: outShape, data: result };

  // Per operand: for each axis, which name indexes it and the element stride (0 when broadcast).
  const plans = operands.map((op, k) => {
    const strides = op.strides ?? rowMajor(op.shape);
    return axes[k].map((name, axis) => ({
      name: names.indexOf(name),
      stride: op.shape[axis] === 1 ? 0 : strides[axis],
    }));
  });
  const index = new Array<number>(names.length).fill(0);
  for (;;) {
    let product = 1;
    for (let k = 0; k < operands.length; k++) {
      let at = operands[k].offset ?? 0;
      for (const { name, stride } of plans[k]) at += index[name] * stride;
      product *= Number(operands[k].data[at]);
    }
    let out = 0;
    for (let a = 0; a < output.length; a++) out += index[a] * outStrides[a];
    result[out] += product;
    let axis = names.length - 1;
    while (axis >= 0 && ++index[axis] === size[axis]) index[axis--] = 0;
    if (axis < 0) break;
  }
  return { shape: outShape, data: result };
}

function rowMajor(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let a = shape.length - 1; a >= 0; a--) {
    strides[a] = stride;
    stride *= shape[a];
  }
  return strides;
}
