/**
 * Training an einsum model with einsumVjp: a low-rank bilinear form s(x, z) = xᵀ U Vᵀ z, fitted by
 * gradient descent to samples of a hidden one (W* = A Bᵀ, rank 3) until U Vᵀ recovers W*.
 * Run: npm run example:train
 *
 * One step: the forward pass and its pullback from einsumVjp, the loss gradient as the cotangent,
 * the pullback writing dL/dU and dL/dV into reused buffers (x and z are data: `wrt` leaves them
 * out), and an in-place update. Every einsum in the loop is planned once, in the first step.
 */
import { einsum, einsumVjp, random, zeros, type Tensor } from 'typed-einsum';

const batch = 512, dim = 16, rank = 3;
const steps = 200, learningRate = 0.2;

/** Uniform in [-scale, scale): seeded, so every run prints the same numbers. */
function uniform<const S extends readonly number[]>(shape: S, seed: number, scale = 1): Tensor<S, 'float64'> {
  const t = random(shape, { seed });
  for (let k = 0; k < t.size; k++) t.data[k] = (2 * t.data[k] - 1) * scale;
  return t;
}

// The hidden form and its samples.
const A = uniform([dim, rank], 1), B = uniform([dim, rank], 2);
const x = uniform([batch, dim], 3), z = uniform([batch, dim], 4);
const target = einsum('bi,ir,jr,bj->b', x, A, B, z); // Tensor<readonly [512], 'float64'>

// The model's parameters, a small random start.
const U = uniform([dim, rank], 5, 0.3), V = uniform([dim, rank], 6, 0.3);
const residual = zeros([batch]);
const dU = zeros([dim, rank]), dV = zeros([dim, rank]);

function relativeError(): number {
  const fit = einsum('ir,jr->ij', U, V), hidden = einsum('ir,jr->ij', A, B);
  let diff = 0, norm = 0;
  for (let k = 0; k < fit.size; k++) {
    diff += (fit.data[k] - hidden.data[k]) ** 2;
    norm += hidden.data[k] ** 2;
  }
  return Math.sqrt(diff / norm);
}

console.log(`fitting s(x, z) = xᵀ U Vᵀ z, U and V ${dim}×${rank}, to ${batch} samples of a hidden rank-${rank} form`);
for (let step = 0; step <= steps; step++) {
  const [s, pullback] = einsumVjp('bi,ir,jr,bj->b', x, U, V, z, { wrt: [1, 2] });
  // L = mean((s - target)²); its gradient with respect to s is the cotangent.
  let loss = 0;
  for (let b = 0; b < batch; b++) {
    const r = s.data[b] - target.data[b];
    loss += (r * r) / batch;
    residual.data[b] = (2 * r) / batch;
  }
  if (step % 20 === 0) console.log(`step ${String(step).padStart(3)}  loss ${loss.toExponential(3)}  |UVᵀ - W*| / |W*| = ${relativeError().toExponential(2)}`);
  if (step === steps) break;
  const [, gradU, gradV] = pullback(residual, { out: [undefined, dU, dV, undefined] }); // Tensor<readonly [16, 3], 'float64'> each
  for (let k = 0; k < U.size; k++) {
    U.data[k] -= learningRate * gradU.data[k];
    V.data[k] -= learningRate * gradV.data[k];
  }
}
