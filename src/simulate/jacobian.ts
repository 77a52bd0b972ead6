// Spectrum moments of the input–output Jacobian J = ∂hᴸ/∂h⁰ at example 0, without forming J:
// p unit random probes v are pushed forward (Jv, tangents) and pulled back (JᵀJv, cotangents)
// through the network the forward pass left in the workspace (its φ′ and LayerNorm factors).
import type { Generator } from '../random/generator.js';
import type { JacobianStats } from './config.js';
import { addResidual, layerNormJacobian, normalises, type Net } from './network.js';
import type { Forward } from './passes.js';

/**
 * Estimates mean λ and Var λ of the squared singular values λ of J at example 0 with `p` unit
 * random probes from `g`: mean λ = mean ‖Jv‖², and mean λ² = mean ‖JᵀJv‖² (E vvᵀ = I/n⁰ for unit
 * probes, so both are traces over n⁰).
 */
export function jacobianMoments(net: Net, fw: Forward, g: Generator, p: number): JacobianStats {
  const { depth, widths, batch: B, ws, layout } = net;
  const n0 = widths[0]!;
  const v = g.normal(n0 * p); // neuron-major [n0, p]
  for (let c = 0; c < p; c++) {
    let s = 0;
    for (let i = 0; i < n0; i++) s += v[i * p + c]! * v[i * p + c]!;
    const r = 1 / Math.sqrt(s);
    for (let i = 0; i < n0; i++) v[i * p + c] = v[i * p + c]! * r;
  }
  /** x[out] = φ′ ⊙ x[t] at example 0 (J_φ J_LN with layer norm), for layer l of width n. */
  const scaleByD = (t: number, l: number, n: number, out: number): void => {
    const x = ws.f32(), D = layout.D[l]!;
    let src = t;
    if (normalises(net, l)) {
      x.copyWithin(out, t, t + n * p);
      layerNormJacobian(x, out, p, layout.U[l]!, fw.invStd[l]!, n, B, 0);
      src = out;
    }
    for (let i = 0; i < n; i++) for (let c = 0; c < p; c++) x[out + i * p + c] = x[src + i * p + c]! * x[D + i * B]!;
  };
  // Three probe slots rotate: the current one, and two free ones for a layer's intermediate and result.
  const others = (t: number): number[] => layout.probeSlots.filter((o) => o !== t);
  const meanSquare = (at: number, len: number): number => {
    const x = ws.f32();
    let s = 0;
    for (let i = 0; i < len; i++) s += x[at + i]! * x[at + i]!;
    return s / p;
  };

  // Forward: tangents t ← Wˡ φ′ ⊙ t (plus the residual's skip), l = 1 … L.
  let t = layout.probeSlots[0]!;
  ws.f32().set(v, t);
  for (let l = 1; l <= depth; l++) {
    const n = widths[l - 1]!, m = widths[l]!;
    const [u, next] = others(t) as [number, number];
    scaleByD(t, l - 1, n, u);
    ws.sgemm(m, p, n, layout.W[l]!, n, 1, u, p, 1, next);
    if (net.alpha !== undefined) addResidual(ws.f32(), t, next, m * p, net.alpha);
    t = next;
  }
  const m1 = meanSquare(t, widths[depth]! * p);

  // Backward: cotangents s ← φ′ ⊙ Wˡᵀ s (then J_LN, symmetric; plus the skip), l = L … 1.
  let s = t;
  for (let l = depth; l >= 1; l--) {
    const n = widths[l - 1]!, m = widths[l]!;
    const r = others(s)[0]!;
    ws.sgemm(n, p, m, layout.W[l]!, 1, n, s, p, 1, r);
    const x = ws.f32(), D = layout.D[l - 1]!;
    for (let i = 0; i < n; i++) for (let c = 0; c < p; c++) x[r + i * p + c] = x[r + i * p + c]! * x[D + i * B]!;
    if (normalises(net, l - 1)) layerNormJacobian(x, r, p, layout.U[l - 1]!, fw.invStd[l - 1]!, n, B, 0);
    if (net.alpha !== undefined) addResidual(x, s, r, n * p, net.alpha);
    s = r;
  }
  const m2 = meanSquare(s, n0 * p);
  return { meanSquaredSingularValue: m1, singularValueVariance: m2 - m1 * m1, probes: p };
}
