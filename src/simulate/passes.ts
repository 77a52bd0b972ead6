// The forward and backward passes through the network in the workspace. Layer l = 1..L computes
// hˡ = Wˡ φ(hˡ⁻¹) + bˡ (with a residual, hˡ = hˡ⁻¹ + α(Wˡ φ(hˡ⁻¹) + bˡ); with layer norm, φ reads
// LayerNorm(hˡ⁻¹)); the backward pass applies δˡ⁻¹ = φ′(hˡ⁻¹) ⊙ Wˡᵀ δˡ (through the same residual
// and layer norm). Both are shared by the measurements and by `train`.
import { addResidual, layerNorm, layerNormJacobian, normalises, type Net } from './network.js';

/** What the forward pass leaves for the backward pass besides the workspace. */
export interface Forward {
  /** Offset of hᴸ. */
  H: number;
  /** 1/σ per example of each layer's LayerNorm (empty where a layer is not normalised). */
  invStd: Float64Array[];
}

const EMPTY64 = new Float64Array(0);

/**
 * Forward pass from h⁰ (neuron-major); calls each(l, hˡ) with hˡ's workspace offset and, with
 * `stats`, the layer's 8 sums from `layerStats` (computed in the same pass as φ and φ′).
 */
export function forward(net: Net, h0: Float32Array, stats: boolean, each: (l: number, h: number, sums: Float64Array | undefined) => void): Forward {
  const { depth, widths, batch: B, ws, layout, act } = net;
  const invStd: Float64Array[] = [];
  let h = layout.H[0];
  ws.f32().set(h0, h);
  for (let l = 0; l <= depth; l++) {
    const n = widths[l]!, len = n * B;
    const a = layout.A[l]!, d = layout.D[l]!;
    let x = h, kind = act.kind;
    if (l === 0 && !net.activateInput) {
      // φ is the identity here: A = h⁰, φ′ = 1, and kind −1 tells layerStats so.
      const v = ws.f32();
      v.copyWithin(a, h, h + len);
      v.fill(1, d, d + len);
      kind = -1;
      invStd.push(EMPTY64);
    } else if (net.layerNorm) {
      x = layout.U[l]!;
      invStd.push(layerNorm(ws.f32(), h, x, n, B));
    } else {
      invStd.push(EMPTY64);
    }
    if (stats) {
      ws.layerStats(kind, act.param, x, h, a, d, n, B, layout.statsScratch, layout.statsSums);
      each(l, h, ws.f64().subarray(layout.statsSums, layout.statsSums + 8));
    } else {
      if (kind >= 0) ws.activate(kind, act.param, x, a, d, len);
      each(l, h, undefined);
    }
    if (l === depth) break;
    const m = widths[l + 1]!;
    const next = layout.H[(l + 1) & 1]!;
    ws.sgemm(m, B, n, layout.W[l + 1]!, n, 1, a, B, 1, next);
    addBias(ws.f32(), next, net.biases[l + 1]!, B, net.alpha !== undefined);
    if (net.alpha !== undefined) addResidual(ws.f32(), h, next, m * B, net.alpha);
    h = next;
  }
  return { H: h, invStd };
}

/**
 * Adds bias[i] to row i (B values) of the matrix at x[at]. Zero biases (the default) are skipped
 * unless `always`. The residual branch adds every bias: adding 0 turns a −0 from the GEMM into +0
 * before the α scaling, so skipping there could flip the sign of a zero in hˡ (the golden hashes
 * pin these bits).
 */
function addBias(x: Float32Array, at: number, bias: Float32Array, B: number, always: boolean): void {
  for (let i = 0; i < bias.length; i++) {
    const bi = bias[i]!, row = at + i * B;
    if (bi !== 0 || always) for (let b = 0; b < B; b++) x[row + b] = x[row + b]! + bi;
  }
}

/**
 * Backward pass from δᴸ: calls each(l, δˡ, mean((δˡ)²), dWˡ?, ‖dWˡ‖²) for l = L … 0 (δ and
 * dWˡ = δˡ φ(hˡ⁻¹)ᵀ as workspace offsets; dWˡ when `weightGrads`, l ≥ 1). δˡ⁻¹ is computed before
 * each(l) runs, so an update of Wˡ there (train's SGD step) does not reach it.
 */
export function backward(net: Net, fw: Forward, deltaL: Float32Array, weightGrads: boolean,
  each: (l: number, delta: number, g: number, dW: number | undefined, dWSquares: number) => void): void {
  const { depth, widths, batch: B, ws, layout } = net;
  let delta = layout.delta[0];
  ws.f32().set(deltaL, delta);
  let squares = ws.sumSquares(delta, -1, deltaL.length);
  for (let l = depth; l >= 0; l--) {
    let dW: number | undefined, dWSquares = NaN;
    if (l >= 1 && weightGrads) {
      const m = widths[l]!, n = widths[l - 1]!;
      dW = layout.dW;
      ws.sgemm(m, n, B, delta, B, 1, layout.A[l - 1]!, 1, B, dW);
      dWSquares = ws.sumSquares(dW, -1, m * n);
    }
    let prev: number | undefined, prevSquares = NaN;
    if (l >= 1) {
      const m = widths[l]!, n = widths[l - 1]!, len = n * B;
      prev = delta === layout.delta[0] ? layout.delta[1] : layout.delta[0];
      ws.sgemm(n, B, m, layout.W[l]!, 1, n, delta, B, 1, prev);
      // δˡ⁻¹ = φ′ ⊙ Wᵀδˡ and its sum of squares in one pass; recomputed below when layer norm or
      // the residual change δˡ⁻¹ after it.
      prevSquares = ws.sumSquares(prev, layout.D[l - 1]!, len);
      const ln = normalises(net, l - 1);
      if (ln || net.alpha !== undefined) {
        if (ln) layerNormJacobian(ws.f32(), prev, B, layout.U[l - 1]!, fw.invStd[l - 1]!, n, B);
        if (net.alpha !== undefined) addResidual(ws.f32(), delta, prev, len, net.alpha);
        prevSquares = ws.sumSquares(prev, -1, len);
      }
    }
    each(l, delta, squares / (widths[l]! * B), dW, dWSquares);
    if (prev !== undefined) { delta = prev; squares = prevSquares; }
  }
}
