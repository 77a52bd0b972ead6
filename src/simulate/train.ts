// A few steps of full-batch SGD on a teacher–student regression: the student is the simulated
// network, the target a random linear map T of the same input, y = T h⁰. It shows whether an
// initialisation trains at all and whether it ever breaks the symmetry between neurons.
import { activeKernels } from '../kernels/backend.js';
import type { Generator } from '../random/generator.js';
import type { TrainOptions, TrainResult } from './config.js';
import type { Net } from './network.js';
import { backward, forward } from './passes.js';
import { distinctNeurons } from './statistics.js';

/**
 * Runs `opts.steps` SGD steps on the loss (1/2B) Σ ‖hᴸ − T h⁰‖², T ~ N(0, 1/n⁰) from `teacherGen`,
 * updating the workspace's weights and `net.biases` in place (nothing reads them afterwards), layer
 * l with learning rate lr·lrScale[l − 1] (biases lr·biasLrScale[l − 1]) when those are given.
 * Calls `tick` after each layer of each pass.
 */
export function runTrain(net: Net, x: Float32Array, teacherGen: Generator, opts: TrainOptions, tick: () => void): TrainResult {
  const { depth, widths, batch: B, ws, layout } = net;
  const n0 = widths[0]!, nL = widths[depth]!;
  const T = teacherGen.normal(nL * n0, { std: 1 / Math.sqrt(n0) });
  const y = new Float32Array(nL * B);
  activeKernels().sgemm(nL, B, n0, T, n0, 1, x, B, 1, y);
  const loss: number[] = [];
  const distinct: number[][] = [];
  const l1: number[][] = [], l1Change: number[][] = [];
  // With `l1`: every layer's hˡ at initialisation, to measure how far each step has moved it.
  const initial: Float32Array[] = [];
  for (let s = 0; s <= opts.steps; s++) {
    const counts: number[] = [], l1s: number[] = [], changes: number[] = [];
    const fw = forward(net, x, false, (l, h) => {
      const hl = ws.f32().subarray(h, h + widths[l]! * B);
      counts.push(distinctNeurons(hl, widths[l]!, B));
      if (opts.l1 === true) {
        if (s === 0) initial.push(hl.slice());
        l1s.push(meanAbs(hl));
        changes.push(meanAbsChange(hl, initial[l]!));
      }
      tick();
    });
    const out = ws.f32().subarray(fw.H, fw.H + nL * B);
    // δᴸ = ∂loss/∂hᴸ = (hᴸ − y)/B.
    const delta = new Float32Array(out.length);
    let sum = 0;
    for (let i = 0; i < out.length; i++) {
      const e = out[i]! - y[i]!;
      sum += e * e;
      delta[i] = e / B;
    }
    loss.push(sum / (2 * B));
    distinct.push(counts);
    if (opts.l1 === true) { l1.push(l1s); l1Change.push(changes); }
    if (s === opts.steps) break;
    backward(net, fw, delta, true, (l, d, _g, dW) => {
      if (l >= 1 && dW !== undefined) {
        const v = ws.f32(), w = layout.W[l]!, bias = net.biases[l]!;
        // Without the per-layer scales lr is opts.lr itself, so plain runs keep their bits.
        const lr = opts.lrScale === undefined ? opts.lr : opts.lr * opts.lrScale[l - 1]!;
        const biasScale = opts.biasLrScale ?? opts.lrScale;
        const biasLr = biasScale === undefined ? opts.lr : opts.lr * biasScale[l - 1]!;
        const size = widths[l]! * widths[l - 1]!;
        for (let i = 0; i < size; i++) v[w + i] = v[w + i]! - Math.fround(lr * v[dW + i]!);
        // ∂loss/∂bˡ is δˡ summed over the batch.
        for (let i = 0; i < bias.length; i++) {
          let g = 0;
          for (let b = 0; b < B; b++) g += v[d + i * B + b]!;
          bias[i] = bias[i]! - biasLr * g;
        }
      }
      tick();
    });
  }
  const result: TrainResult = { loss, distinctNeurons: distinct };
  if (opts.l1 === true) { result.l1 = l1; result.l1Change = l1Change; }
  return result;
}

/** Mean |x − x₀| in float64, summed in index order. */
function meanAbsChange(x: Float32Array, x0: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.abs(x[i]! - x0[i]!);
  return s / x.length;
}

/** Mean |x| in float64, summed in index order (the same bits on every engine). */
function meanAbs(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.abs(x[i]!);
  return s / x.length;
}
