/**
 * The main job: real contractions, their shapes and values, a path report and timings.
 * Run with `npm run demo`.
 */
import { contractPath, einsum, einsumVjp, random, tensor, type Tensor } from '../src/index.js';
import { formatTime, measure, QUICK } from './harness.js';

const round = (x: number) => Math.round(x * 1000) / 1000;
const show = (t: Tensor) => JSON.stringify(t.toArray(), (_, v) => (typeof v === 'number' ? round(v) : v));

function report(title: string, subscripts: string, operands: Tensor[], flops?: number): Tensor {
  const result = einsum(subscripts, ...operands);
  const seconds = measure(() => einsum(subscripts, ...operands), QUICK).median;
  const shapes = operands.map((o) => `[${o.shape.join(', ')}]`).join(' x ');
  const speed = flops ? `, ${(flops / seconds / 1e9).toFixed(2)} GFLOP/s` : '';
  console.log(`\n## ${title}\neinsum('${subscripts}', ${shapes}) -> [${result.shape.join(', ')}]   ${formatTime(seconds)} per call (median)${speed}`);
  if (result.size <= 24) console.log(`  = ${show(result)}`);
  return result;
}

console.log(`typed-einsum demo — Node ${process.version}`);

// The seed example: attention energies, q and k laid out (n, seq, h, d).
const q = tensor([1.0, 0.5, 0.2, 1.5, 0.9, 0.4, 1.2, 0.5, 0.3, 0.7, 0.6, 0.8, 0.2, 0.6, 0.8, 0.7], [1, 2, 2, 4]);
const k = tensor([0.1, 1.0, 0.3, 0.5, 0.1, 0.5, 0.2, 0.8, 0.2, 0.4, 0.6, 0.7, 0.3, 0.4, 0.7, 0.9, 0.8, 1.0, 0.9, 0.5, 0.6, 0.8, 1.0, 0.2], [1, 3, 2, 4]);
const energy = report('Attention energies (the seed example)', 'nqhd,nkhd->nhqk', [q, k]);
console.log("  q and k are the worked example of a popular blog-post explanation of PyTorch's torch.einsum('nqhd,nkhd->nhqk', [queries, keys]),");
console.log('  the attention-energy line of the "transformer from scratch" tutorials, which adds up the dot products by hand.');
/** energy[0, h, qi, ki] written out as its dot product over d, so the sum can be checked by hand. */
const dot = (h: number, qi: number, ki: number) =>
  [0, 1, 2, 3].map((d) => `${q.get(0, qi, h, d)}·${k.get(0, ki, h, d)}`).join(' + ') + ` = ${round(energy.get(0, h, qi, ki))}`;
console.log(`  energy[0,0,0,:] = ${[0, 1, 2].map((j) => round(energy.get(0, 0, 0, j))).join(', ')}`);
console.log(`  energy[0,0,1,:] = ${[0, 1, 2].map((j) => round(energy.get(0, 0, 1, j))).join(', ')}`);
console.log('  The blog post prints 1.41, 1.59, 2.23 and 1.31, 1.23, 1.88 for these rows; its 1.59 and 1.23 are misadditions:');
console.log(`    energy[0,0,0,1] = ${dot(0, 0, 1)}`);
console.log(`    energy[0,0,1,1] = ${dot(0, 1, 1)}`);

report('Matrix product', 'ij,jk->ik', [tensor([[1, 2, 3], [4, 5, 6]]), tensor([[1, 0], [0, 1], [1, 1]])]);
const n = 256;
report(`Matrix product ${n}x${n}x${n}`, 'ij,jk->ik', [random([n, n], { seed: 1 }), random([n, n], { seed: 2 })], 2 * n ** 3);

const [B, S, H, D] = [2, 128, 8, 64];
const Q = random([B, S, H, D], { seed: 3, dtype: 'float32' });
const K = random([B, S, H, D], { seed: 4, dtype: 'float32' });
report('Attention scores, float32 (batch 2, seq 128, 8 heads of 64)', 'nqhd,nkhd->nhqk', [Q, K], 2 * B * H * S * S * D);

report('Trace', 'ii->', [tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]])]);
report('Diagonal', 'ii->i', [tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]])]);
report('Implicit mode (output: labels seen once, in ASCII order)', 'Ba,aC', [random([2, 3], { seed: 5 }), random([3, 2], { seed: 6 })]);
// The '...' dimensions [2, 1] and [3] broadcast to [2, 3]: six 2x3 by 3x2 products in one call.
const batchA = random([2, 1, 2, 3], { seed: 7 });
const batchB = random([3, 3, 2], { seed: 8 });
const batched = report('Broadcasting with ...', '...ij,...jk->...ik', [batchA, batchB]);
// batched[1, 2] is the plain product of batchA[1, 0] and batchB[2] (views into their data):
const a10 = tensor(batchA.data, [2, 3], { offset: 6 });
const b2 = tensor(batchB.data, [3, 2], { offset: 12 });
console.log(`  batched[1, 2] = ${show(einsum('ij,jk->ik', a10, b2))} = einsum('ij,jk->ik', batchA[1, 0], batchB[2])`);

const [b, i] = [1024, 256];
const x = random([b, i], { seed: 9 });
const W = random([i, i], { seed: 10 });
const y = random([b, i], { seed: 11 });
report('Bilinear form, three operands', 'bi,ij,bj->b', [x, W, y], 2 * b * i * i + 2 * b * i);
console.log('\n## The path the optimizer chose for it\n' + contractPath('bi,ij,bj->b', x, W, y).toString());

const chain = [random([64, 512], { seed: 12 }), random([512, 512], { seed: 13 }), random([512, 8], { seed: 14 })];
report('A chain where the order matters', 'ij,jk,kl->il', chain);
console.log('\n' + contractPath('ij,jk,kl->il', ...chain).toString());

// Gradients: einsumVjp returns the result and a pullback; each gradient is one more einsum.
{
  const a = tensor([[1, 2, 3], [4, 5, 6]]);
  const b = tensor([[1, 0], [0, 1], [1, 1]]);
  const [y, pullback] = einsumVjp('ij,jk->ik', a, b);
  const dy = tensor([[1, 0], [0, 1]]);
  const [da, db] = pullback(dy);
  console.log(`\n## A gradient (einsumVjp)\ny = einsum('ij,jk->ik', a, b) = ${show(y)}; with dy = ${show(dy)}:`);
  console.log(`  dL/da = ${show(da)}   (shape [${da.shape.join(', ')}], = dy · bᵀ: '${pullback.gradients[0].subscripts}')`);
  console.log(`  dL/db = ${show(db)}   (shape [${db.shape.join(', ')}], = aᵀ · dy: '${pullback.gradients[1].subscripts}')`);
  const [, trace] = einsumVjp('ii->', tensor([[1, 2], [3, 4]]));
  console.log(`  the gradient of a trace lives on the diagonal: d trace(m)/dm = ${show(trace(1)[0])}`);
  console.log('  (the pullback against the forward, measured side by side: npm run bench:grad)');
}
