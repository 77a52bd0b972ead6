// The simulated network as it lives in memory: one backend workspace (WASM: resident in the
// linear-algebra module's memory) addressed by f32 offsets, so the kernels run on it with no copies
// in or out; how it is laid out and filled; and the per-layer operations every pass shares — the
// residual update and layer norm with its Jacobian.
//
// Activations are stored neuron-major: x[i·batch + b] is neuron i on example b.
import type { Workspace } from '../kernels/backend.js';
import type { ResolvedActivation } from './activation.js';
import type { SimulationPlan } from './config.js';
import { drawArray, drawWeights } from './init-spec.js';

/** Where each array of the passes lives in the workspace (f32 offsets unless said otherwise). */
export interface WorkspaceLayout {
  /** Total f32 values. */
  floats: number;
  /** W[l], l = 1..L: [n_l, n_{l-1}] row-major (W[0] unused). */
  W: number[];
  /** Pre-activations hˡ, alternating between two slots. */
  H: [number, number];
  /** A[l] = φ(U[l]) (or h⁰ when not activated), D[l] = φ′, l = 0..L (shared slots when not kept). */
  A: number[];
  D: number[];
  /** LayerNorm outputs, when norm is on. */
  U: number[];
  /** δ, alternating. */
  delta: [number, number];
  /** Weight gradient of one layer. */
  dW: number;
  /** Jacobian probe slots (width × probes each). */
  probeSlots: number[];
  /** float64 offset of layerStats' column scratch (batch values). */
  statsScratch: number;
  /** float64 offset of layerStats' 8 sums. */
  statsSums: number;
}

/** What the workspace must hold beyond weights and the forward pass's working slots. */
export interface LayoutNeeds {
  /** Keep every layer's φ(hˡ) (weight gradients read them), not two alternating slots. */
  keepA: boolean;
  /** Keep every layer's φ′(hˡ) and LayerNorm output (the backward pass reads them). */
  keepD: boolean;
  /** Room for the LayerNorm outputs U. */
  layerNorm: boolean;
  /** Room for δ. */
  deltas: boolean;
  /** Room for one layer's weight gradient. */
  dW: boolean;
  /** Jacobian probes (0: none). */
  probes: number;
}

/** A network ready for the passes: its shape, its activation, and its weights in the workspace. */
export interface Net {
  depth: number;
  widths: number[];
  batch: number;
  act: ResolvedActivation;
  activateInput: boolean;
  layerNorm: boolean;
  /** Residual scale α; undefined = no residual connections. */
  alpha: number | undefined;
  /** biases[l], l = 1..L (kept in JS: only the forward pass's row loop and SGD read them). */
  biases: Float32Array[];
  ws: Workspace;
  layout: WorkspaceLayout;
}

/** Lays out the workspace for `widths` and batch `B`, each array 64-byte aligned. */
export function workspaceLayout(widths: number[], B: number, o: LayoutNeeds): WorkspaceLayout {
  let top = 0;
  const take = (n: number): number => { const at = top; top += Math.ceil(n / 16) * 16; return at; };
  const L = widths.length - 1;
  const maxW = Math.max(...widths), slot = maxW * B;
  const W = [0];
  let maxWeights = 0;
  for (let l = 1; l <= L; l++) { W.push(take(widths[l]! * widths[l - 1]!)); maxWeights = Math.max(maxWeights, widths[l]! * widths[l - 1]!); }
  const H: [number, number] = [take(slot), take(slot)];
  const perLayer = (keep: boolean, shared: number[]): number[] =>
    widths.map((w, l) => (keep ? take(w * B) : shared[l % shared.length]!));
  const A = perLayer(o.keepA, o.keepA ? [] : [take(slot), take(slot)]);
  const D = perLayer(o.keepD, o.keepD ? [] : [take(slot)]);
  const U = o.layerNorm ? perLayer(o.keepD, o.keepD ? [] : [take(slot)]) : [];
  const delta: [number, number] = o.deltas ? [take(slot), take(slot)] : [0, 0];
  const dW = o.dW ? take(maxWeights) : 0;
  const probeSlots = o.probes > 0 ? [take(maxW * o.probes), take(maxW * o.probes), take(maxW * o.probes)] : [];
  const statsScratch = take(2 * B) / 2, statsSums = take(16) / 2;
  return { floats: top, W, H, A, D, U, delta, dW, probeSlots, statsScratch, statsSums };
}

const EMPTY = new Float32Array(0);

/**
 * Draws the plan's weights into the workspace and its biases, layer by layer (weights of l, then
 * bias of l), each from its own fork: `root.fork('weights').fork(l)`, `root.fork('bias').fork(l)`.
 */
export function buildNetwork(plan: SimulationPlan, ws: Workspace, layout: WorkspaceLayout): Net {
  const { depth, widths } = plan;
  const biases: Float32Array[] = [EMPTY];
  const weights = plan.root.fork('weights'), bias = plan.root.fork('bias');
  for (let l = 1; l <= depth; l++) {
    const shape: [number, number] = [widths[l]!, widths[l - 1]!];
    const at = layout.W[l]!;
    if (plan.init === undefined) ws.f32().fill(0, at, at + shape[0] * shape[1]);
    else drawWeights(plan.init, shape, weights, l, ws, at);
    biases.push(drawArray('bias', plan.bias, [widths[l]!], bias.fork(l), l));
  }
  return {
    depth, widths, batch: plan.batch, act: plan.activation, activateInput: plan.activateInput, layerNorm: plan.layerNorm,
    alpha: plan.residual?.alpha, biases, ws, layout,
  };
}

/** Whether layer l's φ reads LayerNorm(hˡ) (the input is not normalised when it is not activated). */
export function normalises(net: Net, l: number): boolean {
  return net.layerNorm && !(l === 0 && !net.activateInput);
}

/**
 * The residual update x[branch] ← x[skip] + α·x[branch] over `len` floats, in float32 like the
 * network it simulates: α·branch is rounded to float32 first, then the sum is rounded by the store.
 * One helper for the forward pass (skip = hˡ⁻¹), the backward pass (skip = δˡ) and the Jacobian's
 * tangents and cotangents, so all of them round alike.
 */
export function addResidual(x: Float32Array, skip: number, branch: number, len: number, alpha: number): void {
  for (let i = 0; i < len; i++) x[branch + i] = x[skip + i]! + Math.fround(alpha * x[branch + i]!);
}

/** LayerNorm of the n × B columns of h (at x[h]) into x[u] (per example, no affine); returns 1/σ per example. */
export function layerNorm(x: Float32Array, h: number, u: number, n: number, B: number): Float64Array {
  const inv = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) { const v = x[h + i * B + b]!; s += v; s2 += v * v; }
    const mean = s / n;
    // The 1e-5 is PyTorch's default eps: a constant layer normalises to 0, not NaN.
    const r = 1 / Math.sqrt(Math.max(0, s2 / n - mean * mean) + 1e-5);
    inv[b] = r;
    for (let i = 0; i < n; i++) x[u + i * B + b] = (x[h + i * B + b]! - mean) * r;
  }
  return inv;
}

/**
 * LayerNorm Jacobian (symmetric) applied in place to the n × cols matrix at x[at]:
 * (1/σ)(v − mean(v) − u·mean(u·v)) per column, column k at example k (or every column at `example`).
 */
export function layerNormJacobian(x: Float32Array, at: number, cols: number, u: number, inv: Float64Array, n: number, B: number, example?: number): void {
  for (let k = 0; k < cols; k++) {
    const b = example ?? k;
    let s = 0, su = 0;
    for (let i = 0; i < n; i++) { const v = x[at + i * cols + k]!; s += v; su += v * x[u + i * B + b]!; }
    const m = s / n, mu = su / n, r = inv[b]!;
    for (let i = 0; i < n; i++) x[at + i * cols + k] = r * (x[at + i * cols + k]! - m - x[u + i * B + b]! * mu);
  }
}
