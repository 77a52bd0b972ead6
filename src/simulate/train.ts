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
 * updating the workspace's weights and `net.biases` in place (nothing reads them afterwards).
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
  for (let s = 0; s <= opts.steps; s++) {
    const counts: number[] = [];
    const fw = forward(net, x, false, (l, h) => { counts.push(distinctNeurons(ws.f32().subarray(h, h + widths[l]! * B), widths[l]!, B)); tick(); });
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
    if (s === opts.steps) break;
    backward(net, fw, delta, true, (l, d, _g, dW) => {
      if (l >= 1 && dW !== undefined) {
        const v = ws.f32(), w = layout.W[l]!, bias = net.biases[l]!, lr = opts.lr;
        const size = widths[l]! * widths[l - 1]!;
        for (let i = 0; i < size; i++) v[w + i] = v[w + i]! - Math.fround(lr * v[dW + i]!);
        // ∂loss/∂bˡ is δˡ summed over the batch.
        for (let i = 0; i < bias.length; i++) {
          let g = 0;
          for (let b = 0; b < B; b++) g += v[d + i * B + b]!;
          bias[i] = bias[i]! - lr * g;
        }
      }
      tick();
    });
  }
  return { loss, distinctNeurons: distinct };
}
