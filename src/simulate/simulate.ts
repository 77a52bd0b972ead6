// The deep signal-propagation simulator: forward and backward passes of a random fully connected
// network through depth on the active backend (SIMD GEMM), per-layer statistics, the input–output
// Jacobian's spectrum moments, mean-field theory beside the measurements, and a few SGD steps.
// This file only orchestrates: check the config → lay out the workspace and draw the network →
// run the passes → assemble the result. The pieces:
//   config.ts      the public types and parseConfig (init/bias specs parsed in init-spec.ts)
//   network.ts     the workspace layout, the drawn network, residual update, layer norm
//   passes.ts      forward and backward passes
//   jacobian.ts    Jacobian spectrum moments      train.ts    teacher–student SGD
//   statistics.ts  per-layer statistics           theory.ts   mean-field q and g for the network
//   ensemble.ts    the `networks` option: K networks (on worker threads too), summarised
//
// Convention: h⁰ is the input; layer l = 1..L computes hˡ = Wˡ φ(hˡ⁻¹) + bˡ (with `residual`,
// hˡ = hˡ⁻¹ + α(Wˡ φ(hˡ⁻¹) + bˡ); with `norm: 'layer'`, φ is applied to LayerNorm(hˡ⁻¹)); the
// backward pass starts from δᴸ ~ N(0, I) and applies δˡ⁻¹ = φ′(hˡ⁻¹) ⊙ Wˡᵀ δˡ.
import { activeKernels, backend } from '../kernels/backend.js';
import { simulateEnsemble } from './ensemble.js';
import { parseConfig, type JacobianStats, type LayerStats, type SimulateConfig, type SimulateResult, type SimulationPlan } from './config.js';
import { jacobianMoments } from './jacobian.js';
import { buildNetwork, workspaceLayout } from './network.js';
import { backward, forward } from './passes.js';
import { layerStatsOf } from './statistics.js';
import { theoryFor } from './theory.js';
import { runTrain } from './train.js';

/** h⁰ neuron-major: drawn from `fork('input')`, or the caller's example-major input transposed. */
function inputOf(plan: SimulationPlan): Float32Array {
  const n0 = plan.widths[0]!, B = plan.batch;
  if (plan.input === 'gaussian') return plan.root.fork('input').normal(n0 * B, { std: Math.sqrt(plan.q0) });
  const input = plan.input, h0 = new Float32Array(n0 * B);
  for (let b = 0; b < B; b++) for (let i = 0; i < n0; i++) h0[i * B + b] = input[b * n0 + i]!;
  return h0;
}

/**
 * Simulates signal and gradient propagation through a deep random fully connected network (see
 * docs/simulator.md). Synchronous; call `await init()` first in browsers. Deterministic: every
 * draw comes from `new Generator(seed).fork(label)` (labels: 'input', 'weights'→l, 'bias'→l,
 * 'backward', 'jacobian', 'teacher'), and the kernels give identical bits on every backend.
 * With `networks: K`, K such networks, network k from `new Generator(seed).fork('network').fork(k)`,
 * summarised in `result.ensemble` (on `threads` threads, the same bits for any count).
 *
 * @throws TypeError / RangeError naming the offending option (before any work is done).
 * @example
 * const r = simulate({ depth: 50, width: 512, batch: 256, activation: 'relu', init: 'kaimingNormal' });
 * r.layers.map((s) => s.q); // ≈ 1 at every depth
 */
export function simulate(config: SimulateConfig): SimulateResult {
  const plan = parseConfig(config);
  return plan.networks === undefined ? runPlan(plan) : simulateEnsemble(plan, config, runPlan);
}

/**
 * One network of a checked plan, drawn from `plan.root`: everything {@link simulate} does for a
 * single run. The ensemble runs it once per network, with that network's root.
 * @internal
 */
export function runPlan(plan: SimulationPlan): SimulateResult {
  const { depth, widths, batch: B, train, onLayer } = plan;
  const h0 = inputOf(plan);

  // Progress: one unit per layer (depth + 1 of them) of each pass that runs: the forward pass, the
  // backward pass unless turned off, then train's steps + 1 forward and steps backward passes.
  const trainWork = train === undefined ? 0 : (depth + 1) * (2 * train.steps + 1);
  const total = (plan.backward ? 2 : 1) * (depth + 1) + trainWork;
  let done = 0;
  const tick = (): void => { done++; plan.onProgress?.(done, total); };

  // Weight gradients read every layer's φ(hˡ), the backward pass every φ′ (and LayerNorm output):
  // only then are they kept per layer rather than in alternating slots.
  const backwardRuns = plan.backward || train !== undefined;
  const weightGrads = (plan.backward && plan.weightGradNorm) || train !== undefined;
  const layout = workspaceLayout(widths, B, {
    keepA: weightGrads, keepD: backwardRuns, layerNorm: plan.layerNorm, deltas: backwardRuns, dW: weightGrads,
    probes: plan.backward ? plan.jacobianProbes : 0,
  });
  const ws = activeKernels().workspace(layout.floats);
  try {
    const net = buildNetwork(plan, ws, layout);
    const layers: LayerStats[] = [];
    const fw = forward(net, h0, true, (l, h, sums) => {
      const len = widths[l]! * B;
      layers.push(layerStatsOf(sums!, ws.f32().subarray(h, h + len), widths[l]!, B));
      if (onLayer !== undefined) {
        const v = ws.f32(), a = layout.A[l]!;
        onLayer(l, v.slice(h, h + len), v.slice(a, a + len));
      }
      tick();
    });
    let jacobian: JacobianStats | undefined;
    if (plan.backward) {
      const deltaL = plan.root.fork('backward').normal(widths[depth]! * B);
      backward(net, fw, deltaL, plan.weightGradNorm, (l, _delta, g, dW, dWSquares) => {
        layers[l]!.g = g;
        if (dW !== undefined) layers[l]!.weightGradNorm = Math.sqrt(dWSquares);
        tick();
      });
      if (plan.jacobianProbes > 0) jacobian = jacobianMoments(net, fw, plan.root.fork('jacobian'), plan.jacobianProbes);
    }
    const result: SimulateResult = { depth, widths, batch: B, activation: plan.activation.name, backend: backend(), layers };
    if (jacobian !== undefined) result.jacobian = jacobian;
    const theory = theoryFor(plan);
    if (theory !== undefined) result.theory = theory;
    if (train !== undefined) result.train = runTrain(net, h0, plan.root.fork('teacher'), train, tick);
    return result;
  } finally {
    ws.release();
  }
}
