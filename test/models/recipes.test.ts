// The initialisation recipes (src/models/recipes.ts) against their sources, stated again here
// independently: small GPT-2-, Llama-, BERT- and ViT-like architectures are built by hand, every
// parameter is drawn with initModel, and each group of parameters with one formula is checked for
// its mean and std within 5 standard errors and for its exact bounds. Also: the descriptors, μP's
// width scaling, the metadata, the errors, and the docs table against the descriptors.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { initModel, type ModelSpec } from '../../src/index.js';
import { RECIPE_NAMES, RECIPES, recipeInit, recipeMetadata, type RecipeDescriptor, type RecipeName, type RecipeOptions } from '../../src/models/recipes.js';
import type { Architecture, ArchParam, ParamRole } from '../../src/models/types.js';
import { HF_RECIPES, huggingFaceArchitecture, huggingFaceSpec } from '../../src/models/huggingface.js';
import { Phi, phi } from '../support/stats.js';

type Recipe = Exclude<RecipeName, 'hf'>;

// ---- Architectures by hand ------------------------------------------------------------------------

class Params {
  readonly list: ArchParam[] = [];
  layer: number | undefined;
  add(name: string, shape: number[], role: ParamRole, fanIn: number, fanOut: number): void {
    this.list.push({ name, shape, role, fanIn, fanOut, ...(this.layer === undefined ? {} : { layer: this.layer }) });
  }
  /** nn.Linear(fanIn, fanOut): weight [out, in], bias [out]. */
  linear(name: string, fanIn: number, fanOut: number, role: ParamRole, bias: boolean): void {
    this.add(`${name}.weight`, [fanOut, fanIn], role, fanIn, fanOut);
    if (bias) this.add(`${name}.bias`, [fanOut], 'bias', fanIn, fanOut);
  }
  norm(name: string, d: number, bias: boolean): void {
    this.add(`${name}.weight`, [d], 'norm', d, d);
    if (bias) this.add(`${name}.bias`, [d], 'bias', d, d);
  }
}

const base = { numHeads: 4, initializerRange: 0.02 };

/** GPT-2-like: wte, wpe, per block ln_1, c_attn, c_proj, ln_2, c_fc, c_proj (Conv1D [in, out]), ln_f; lm_head when untied. */
function gpt2Like(o: { d?: number; layers?: number; tied?: boolean; sigma?: number } = {}): Architecture {
  const d = o.d ?? 64, L = o.layers ?? 3, V = 512, inner = 4 * d;
  const p = new Params();
  p.add('wte.weight', [V, d], 'tokenEmbedding', V, d);
  p.add('wpe.weight', [128, d], 'positionEmbedding', 128, d);
  for (let i = 0; i < L; i++) {
    p.layer = i;
    p.norm(`h.${i}.ln_1`, d, true);
    p.add(`h.${i}.attn.c_attn.weight`, [d, 3 * d], 'attentionIn', d, 3 * d);
    p.add(`h.${i}.attn.c_attn.bias`, [3 * d], 'bias', d, 3 * d);
    p.add(`h.${i}.attn.c_proj.weight`, [d, d], 'attentionOut', d, d);
    p.add(`h.${i}.attn.c_proj.bias`, [d], 'bias', d, d);
    p.norm(`h.${i}.ln_2`, d, true);
    p.add(`h.${i}.mlp.c_fc.weight`, [d, inner], 'mlpIn', d, inner);
    p.add(`h.${i}.mlp.c_fc.bias`, [inner], 'bias', d, inner);
    p.add(`h.${i}.mlp.c_proj.weight`, [inner, d], 'mlpOut', inner, d);
    p.add(`h.${i}.mlp.c_proj.bias`, [d], 'bias', inner, d);
  }
  p.layer = undefined;
  p.norm('ln_f', d, true);
  const tied = o.tied ?? true;
  if (!tied) p.linear('lm_head', d, V, 'lmHead', false);
  return { ...base, modelType: 'gpt2', headClass: 'GPT2LMHeadModel', params: p.list, hiddenSize: d, numLayers: L, headDim: d / 4, tiedEmbeddings: tied, initializerRange: o.sigma ?? 0.02 };
}

/** Llama-like: grouped-query attention (4 heads, 2 KV heads), SwiGLU MLP, RMSNorm, untied head, no biases. */
function llamaLike(modelType = 'llama'): Architecture {
  const d = 64, L = 4, V = 512, inter = 176, kv = 2 * 16;
  const p = new Params();
  p.add('model.embed_tokens.weight', [V, d], 'tokenEmbedding', V, d);
  for (let i = 0; i < L; i++) {
    p.layer = i;
    const l = `model.layers.${i}`;
    p.linear(`${l}.self_attn.q_proj`, d, d, 'attentionIn', false);
    p.linear(`${l}.self_attn.k_proj`, d, kv, 'attentionIn', false);
    p.linear(`${l}.self_attn.v_proj`, d, kv, 'attentionIn', false);
    p.linear(`${l}.self_attn.o_proj`, d, d, 'attentionOut', false);
    p.linear(`${l}.mlp.gate_proj`, d, inter, 'mlpIn', false);
    p.linear(`${l}.mlp.up_proj`, d, inter, 'mlpIn', false);
    p.linear(`${l}.mlp.down_proj`, inter, d, 'mlpOut', false);
    p.norm(`${l}.input_layernorm`, d, false);
    p.norm(`${l}.post_attention_layernorm`, d, false);
  }
  p.layer = undefined;
  p.norm('model.norm', d, false);
  p.linear('lm_head', d, V, 'lmHead', false);
  return { ...base, modelType, headClass: 'LlamaForCausalLM', params: p.list, hiddenSize: d, numLayers: L, headDim: 16, tiedEmbeddings: false };
}

/** BERT-like: word, position, token-type embeddings, post-norm blocks, pooler, a 3-label classifier. */
function bertLike(): Architecture {
  const d = 64, L = 2, inter = 256;
  const p = new Params();
  p.add('bert.embeddings.word_embeddings.weight', [300, d], 'tokenEmbedding', 300, d);
  p.add('bert.embeddings.position_embeddings.weight', [64, d], 'positionEmbedding', 64, d);
  p.add('bert.embeddings.token_type_embeddings.weight', [2, d], 'typeEmbedding', 2, d);
  p.norm('bert.embeddings.LayerNorm', d, true);
  for (let i = 0; i < L; i++) {
    p.layer = i;
    const l = `bert.encoder.layer.${i}`;
    for (const q of ['query', 'key', 'value']) p.linear(`${l}.attention.self.${q}`, d, d, 'attentionIn', true);
    p.linear(`${l}.attention.output.dense`, d, d, 'attentionOut', true);
    p.norm(`${l}.attention.output.LayerNorm`, d, true);
    p.linear(`${l}.intermediate.dense`, d, inter, 'mlpIn', true);
    p.linear(`${l}.output.dense`, inter, d, 'mlpOut', true);
    p.norm(`${l}.output.LayerNorm`, d, true);
  }
  p.layer = undefined;
  p.linear('bert.pooler.dense', d, d, 'pooler', true);
  p.linear('classifier', d, 3, 'classifier', true);
  return { ...base, modelType: 'bert', headClass: 'BertForSequenceClassification', params: p.list, hiddenSize: d, numLayers: L, headDim: 16, tiedEmbeddings: true };
}

/** ViT-like: cls token, position embeddings, an 8×8 patch Conv2d over 3 channels, pre-norm blocks, a 10-label classifier. */
function vitLike(): Architecture {
  const d = 64, L = 2, inter = 256, C = 3, patch = 8, n = 16;
  const p = new Params();
  p.add('vit.embeddings.cls_token', [1, 1, d], 'classToken', 1, d);
  p.add('vit.embeddings.position_embeddings', [1, n + 1, d], 'positionEmbedding', n + 1, d);
  p.add('vit.embeddings.patch_embeddings.projection.weight', [d, C, patch, patch], 'patchEmbedding', C * patch * patch, d);
  p.add('vit.embeddings.patch_embeddings.projection.bias', [d], 'bias', C * patch * patch, d);
  for (let i = 0; i < L; i++) {
    p.layer = i;
    const l = `vit.encoder.layer.${i}`;
    for (const q of ['query', 'key', 'value']) p.linear(`${l}.attention.attention.${q}`, d, d, 'attentionIn', true);
    p.linear(`${l}.attention.output.dense`, d, d, 'attentionOut', true);
    p.linear(`${l}.intermediate.dense`, d, inter, 'mlpIn', true);
    p.linear(`${l}.output.dense`, inter, d, 'mlpOut', true);
    p.norm(`${l}.layernorm_before`, d, true);
    p.norm(`${l}.layernorm_after`, d, true);
  }
  p.layer = undefined;
  p.norm('vit.layernorm', d, true);
  p.linear('classifier', d, 10, 'classifier', true);
  return { ...base, modelType: 'vit', headClass: 'ViTForImageClassification', params: p.list, hiddenSize: d, numLayers: L, headDim: 16, tiedEmbeddings: false };
}

// ---- The recipes, stated again from their sources -------------------------------------------------

type Expect =
  | { kind: 'const'; value: number }
  | { kind: 'normal'; std: number }
  /** N(0, std²) cut at ±c·std. */
  | { kind: 'trunc'; std: number; c: number }
  | { kind: 'uniform'; b: number };

const OUT: readonly ParamRole[] = ['attentionOut', 'mlpOut'];
const EMB: readonly ParamRole[] = ['tokenEmbedding', 'positionEmbedding', 'typeEmbedding', 'patchEmbedding', 'classToken'];

/** The init each source gives a parameter (σ = initializer_range, d = hidden, L = layers, ℓ = layer, m = d / baseWidth). */
function expected(recipe: Recipe, p: ArchParam, arch: Architecture, opts: RecipeOptions = {}): Expect {
  const σ = arch.initializerRange, d = arch.hiddenSize, L = arch.numLayers, ℓ = p.layer ?? -1;
  if (p.role === 'norm') return { kind: 'const', value: 1 };
  const patch = arch.params.find((q) => q.role === 'patchEmbedding');
  const patchBias = p.role === 'bias' && patch !== undefined && patch.name === p.name.replace(/bias$/, 'weight');
  if (p.role === 'bias' && !(recipe === 'timm-vit' && patchBias)) return { kind: 'const', value: 0 };
  switch (recipe) {
    case 'megatron': // init_method_normal(σ); scaled_init_method_normal(σ, L) for linear_proj / linear_fc2
      return { kind: 'normal', std: OUT.includes(p.role) ? σ / Math.sqrt(2 * L) : σ };
    case 'olmo-mitchell': // trunc_normal_(std, a=-3·std, b=3·std)
      if (p.role === 'attentionOut') return { kind: 'trunc', std: 1 / Math.sqrt(2 * d * (ℓ + 1)), c: 3 };
      if (p.role === 'mlpOut') return { kind: 'trunc', std: 1 / Math.sqrt(2 * p.fanIn * (ℓ + 1)), c: 3 };
      return { kind: 'trunc', std: 1 / Math.sqrt(d), c: 3 };
    case 'gpt-neox-small-init': // small_init √(2/(5d)); wang_init 2/(L·√d) for the output projections
      return { kind: 'normal', std: OUT.includes(p.role) ? 2 / (L * Math.sqrt(d)) : Math.sqrt(0.4 / d) };
    case 'timm-vit': {
      if (p.role === 'classToken') return { kind: 'normal', std: 1e-6 };
      // nn.Conv2d.reset_parameters: kaiming_uniform_(a=√5) = U(±1/√fanIn), bias U(±1/√fanIn).
      if (p.role === 'patchEmbedding' || patchBias) return { kind: 'uniform', b: 1 / Math.sqrt(patch!.fanIn) };
      // trunc_normal_(std=.02) with a = -2, b = 2 as values: ±100 std.
      return { kind: 'trunc', std: 0.02, c: 100 };
    }
    case 'mup': {
      const m = d / (opts.baseWidth ?? d);
      if (EMB.includes(p.role)) return { kind: 'normal', std: σ };
      if (p.role === 'lmHead' || p.role === 'classifier') return { kind: 'const', value: 0 };
      const v = (OUT.includes(p.role) ? σ * σ / (2 * L) : σ * σ) / m; // Var ∝ 1/m = baseWidth/d
      return { kind: 'normal', std: Math.sqrt(v) };
    }
  }
}

/** The spec of an architecture under a recipe. */
function specOf(recipe: Recipe, arch: Architecture, opts: RecipeOptions = {}): ModelSpec {
  return arch.params.map((p) => {
    const { init, options } = recipeInit(recipe, p, arch, opts);
    return { name: p.name, shape: [...p.shape], init, ...(options === undefined ? {} : { options: { ...options } }) };
  });
}

// ---- Statistics -----------------------------------------------------------------------------------

/** Variance factor and kurtosis of N(0, 1) cut at ±c: E[X²] = 1 − 2cφ(c)/Z, E[X⁴] = 3E[X²] − 2c³φ(c)/Z, Z = 2Φ(c) − 1. */
function truncatedShape(c: number): { v: number; kurtosis: number } {
  const Z = 2 * Phi(c) - 1, f = phi(c);
  const m2 = 1 - (2 * c * f) / Z;
  const m4 = 3 * m2 - (2 * c * c * c * f) / Z;
  return { v: m2, kurtosis: m4 / (m2 * m2) };
}

/** The t in [0, c] where N(0, 1) cut at ±c has P(|X| > t) = q (bisection; P falls with t). */
function tailPoint(c: number, q: number): number {
  const Z = 2 * Phi(c) - 1;
  let lo = 0, hi = c;
  for (let i = 0; i < 60; i++) {
    const t = (lo + hi) / 2;
    if ((2 * (Phi(c) - Phi(t))) / Z > q) lo = t; else hi = t;
  }
  return lo;
}

interface Checked { n: number; z: { mean: number; std: number } }

/**
 * Checks pooled values against an expectation: mean within 5 SE (σ/√n), sample std within 5 SE
 * (σ·√((κ−1)/(4n))), and the bounds exactly (inside, and reached to within a few spacings n⁻¹).
 */
function check(label: string, x: Float64Array, e: Expect): Checked {
  const n = x.length;
  if (e.kind === 'const') {
    for (let i = 0; i < n; i++) if (x[i] !== e.value) throw new Error(`${label}: element ${i} is ${x[i]}, not ${e.value}`);
    return { n, z: { mean: 0, std: 0 } };
  }
  let s = 0, lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) { s += x[i]!; lo = Math.min(lo, x[i]!); hi = Math.max(hi, x[i]!); }
  const mean = s / n;
  let s2 = 0;
  for (let i = 0; i < n; i++) s2 += (x[i]! - mean) * (x[i]! - mean);
  const std = Math.sqrt(s2 / (n - 1));
  let sd: number, kurtosis: number;
  if (e.kind === 'normal') { sd = e.std; kurtosis = 3; } else if (e.kind === 'trunc') {
    const t = truncatedShape(e.c);
    sd = e.std * Math.sqrt(t.v); kurtosis = t.kurtosis;
    // Bounds: the float32 of a value inside ±c·std is inside the float32 of ±c·std (rounding is monotone).
    expect(Math.max(-lo, hi), `${label}: |x| ≤ ${e.c}·std`).toBeLessThanOrEqual(Math.fround(e.c * e.std));
    // The cut is where it says, not narrower: the largest |x| passes the t with P(|X| > t) = 20/n
    // but for a probability (1 − 20/n)^n < e^−20. (A cut at ±100 std, timm's, is never reached.)
    if (e.c < 10) expect(Math.max(-lo, hi), `${label}: the cut is reached`).toBeGreaterThan(tailPoint(e.c, 20 / n) * e.std);
  } else {
    sd = e.b / Math.sqrt(3); kurtosis = 1.8;
    // U(−b, b): inside [−b, b) (the initializer's own b may differ from ours in the last bit), and
    // reaching it: the largest of n uniforms is within b·(1 − 20/n) but for a probability e^−20.
    expect(-lo, `${label}: x ≥ −b`).toBeLessThanOrEqual(e.b * (1 + 2 ** -20));
    expect(hi, `${label}: x < b`).toBeLessThan(e.b * (1 + 2 ** -20));
    expect(Math.min(-lo, hi), `${label}: the bounds are reached`).toBeGreaterThan(e.b * (1 - 20 / n));
  }
  const z = { mean: Math.abs(mean) / (sd / Math.sqrt(n)), std: Math.abs(std - sd) / (sd * Math.sqrt((kurtosis - 1) / (4 * n))) };
  expect(z.mean, `${label}: mean ${mean} vs 0 (n = ${n}, σ = ${sd})`).toBeLessThan(5);
  expect(z.std, `${label}: std ${std} vs ${sd} (n = ${n})`).toBeLessThan(5);
  return { n, z };
}

/** Draws an architecture under a recipe and checks every group of parameters sharing one expectation. */
function drawAndCheck(recipe: Recipe, arch: Architecture, opts: RecipeOptions = {}, seed = 7): Map<string, Checked> {
  const values = initModel(specOf(recipe, arch, opts), { seed });
  const groups = new Map<string, { e: Expect; parts: Float32Array[] }>();
  for (const p of arch.params) {
    const e = expected(recipe, p, arch, opts);
    const key = JSON.stringify(e);
    const g = groups.get(key) ?? { e, parts: [] };
    g.parts.push(values.get(p.name)!);
    groups.set(key, g);
  }
  const out = new Map<string, Checked>();
  for (const [key, { e, parts }] of groups) {
    const x = new Float64Array(parts.reduce((a, b) => a + b.length, 0));
    let k = 0;
    for (const part of parts) { x.set(part, k); k += part.length; }
    out.set(key, check(`${recipe} ${arch.modelType} ${key}`, x, e));
  }
  return out;
}

/** The std (or bound) in a ParamInit's options, for exact comparisons with the sources' arithmetic. */
function stdOf(recipe: Recipe, p: ArchParam, arch: Architecture, opts: RecipeOptions = {}): number | undefined {
  const o = recipeInit(recipe, p, arch, opts).options;
  return o === undefined ? undefined : (o.std as number | undefined) ?? (o.high as number | undefined);
}

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
const byName = (arch: Architecture, name: string): ArchParam => arch.params.find((p) => p.name === name)!;

// ---- Tests ----------------------------------------------------------------------------------------

const CASES: [Recipe, Architecture][] = [
  ['megatron', gpt2Like()], ['megatron', gpt2Like({ tied: false })], ['megatron', llamaLike()], ['megatron', bertLike()],
  ['olmo-mitchell', gpt2Like()], ['olmo-mitchell', gpt2Like({ tied: false })], ['olmo-mitchell', llamaLike('qwen2')],
  ['gpt-neox-small-init', gpt2Like({ tied: false })], ['gpt-neox-small-init', llamaLike('mistral')],
  ['timm-vit', vitLike()],
  ['mup', gpt2Like({ tied: false })], ['mup', llamaLike()], ['mup', bertLike()], ['mup', vitLike()],
];

describe('each recipe drawn: mean, std and bounds of every parameter group against its source', () => {
  for (const [recipe, arch] of CASES) {
    it(`${recipe} on a ${arch.modelType}-like model${arch.tiedEmbeddings ? ' (tied head)' : ''}`, () => {
      const groups = drawAndCheck(recipe, arch);
      expect(groups.size).toBeGreaterThanOrEqual(3);
    });
  }

  it('mup with a base width a quarter of the model (m = 4)', () => {
    drawAndCheck('mup', gpt2Like({ d: 128, tied: false }), { baseWidth: 32 });
  });

  it('stds are the sources\' own float64 arithmetic', () => {
    const g = gpt2Like({ layers: 12, d: 768 / 8 }), l = llamaLike();
    const σ = 0.02;
    expect(stdOf('megatron', byName(g, 'h.5.mlp.c_proj.weight'), g)).toBe(σ / Math.sqrt(2.0 * 12));
    expect(stdOf('megatron', byName(g, 'h.5.attn.c_attn.weight'), g)).toBe(σ);
    expect(stdOf('olmo-mitchell', byName(g, 'h.5.attn.c_proj.weight'), g)).toBe(1 / Math.sqrt(2 * 96 * (5 + 1)));
    expect(stdOf('olmo-mitchell', byName(g, 'h.5.mlp.c_proj.weight'), g)).toBe(1 / Math.sqrt(2 * 384 * (5 + 1)));
    expect(stdOf('olmo-mitchell', byName(l, 'model.layers.0.mlp.down_proj.weight'), l)).toBe(1 / Math.sqrt(2 * 176 * 1));
    expect(stdOf('olmo-mitchell', byName(g, 'wte.weight'), g)).toBe(1 / Math.sqrt(96));
    expect(stdOf('gpt-neox-small-init', byName(g, 'wte.weight'), g)).toBe(Math.sqrt(2 / (5 * 96)));
    expect(rel(stdOf('gpt-neox-small-init', byName(g, 'h.0.attn.c_proj.weight'), g)!, 2 / (12 * Math.sqrt(96)))).toBeLessThan(2 ** -51);
    expect(stdOf('mup', byName(g, 'h.0.attn.c_attn.weight'), g, { baseWidth: 24 })).toBe(σ / Math.sqrt(4));
    expect(stdOf('mup', byName(g, 'h.0.attn.c_proj.weight'), g, { baseWidth: 24 })).toBe(σ / (Math.sqrt(24) * Math.sqrt(4)));
    const v = vitLike();
    expect(stdOf('timm-vit', byName(v, 'vit.embeddings.patch_embeddings.projection.bias'), v)).toBe(1 / Math.sqrt(192));
    expect(stdOf('timm-vit', byName(v, 'vit.embeddings.cls_token'), v)).toBe(1e-6);
    expect(stdOf('timm-vit', byName(v, 'vit.embeddings.position_embeddings'), v)).toBe(0.02);
  });

  it('ParamInit ids and options are initModel-ready and say the distribution exactly', () => {
    const g = gpt2Like(), v = vitLike();
    expect(recipeInit('olmo-mitchell', byName(g, 'h.0.attn.c_attn.weight'), g, {})).toEqual({ init: 'truncatedNormal', options: { mean: 0, std: 1 / 8, a: -3, b: 3, bounds: 'sigma' } });
    expect(recipeInit('timm-vit', byName(v, 'vit.encoder.layer.0.intermediate.dense.weight'), v, {})).toEqual({ init: 'truncatedNormal', options: { mean: 0, std: 0.02, a: -2, b: 2, bounds: 'absolute' } });
    expect(recipeInit('timm-vit', byName(v, 'vit.embeddings.patch_embeddings.projection.weight'), v, {})).toEqual({ init: 'kaimingUniform', options: { a: Math.sqrt(5) } });
    expect(recipeInit('timm-vit', byName(v, 'vit.encoder.layer.0.intermediate.dense.bias'), v, {})).toEqual({ init: 'zeros' });
    expect(recipeInit('megatron', byName(g, 'ln_f.weight'), g, {})).toEqual({ init: 'ones' });
    expect(recipeInit('mup', byName(llamaLike(), 'lm_head.weight'), llamaLike(), {})).toEqual({ init: 'zeros' });
  });
});

describe('on the Hugging Face families\' own architectures (huggingFaceArchitecture)', () => {
  // Tiny config.json files; each recipe runs on every model type it applies to.
  const CONFIGS: Record<string, Record<string, unknown>> = {
    gpt2: { model_type: 'gpt2', vocab_size: 97, n_positions: 32, n_embd: 64, n_layer: 3, n_head: 4, tie_word_embeddings: false },
    llama: { model_type: 'llama', vocab_size: 101, hidden_size: 64, num_hidden_layers: 2, num_attention_heads: 8, num_key_value_heads: 2, intermediate_size: 160 },
    qwen2: { model_type: 'qwen2', vocab_size: 101, hidden_size: 48, num_hidden_layers: 2, num_attention_heads: 6, num_key_value_heads: 2, intermediate_size: 96, tie_word_embeddings: true },
    mistral: { model_type: 'mistral', vocab_size: 64, hidden_size: 96, head_dim: 16, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 2, intermediate_size: 128 },
    bert: { model_type: 'bert', vocab_size: 120, hidden_size: 64, num_hidden_layers: 2, num_attention_heads: 4, intermediate_size: 128, max_position_embeddings: 40, pad_token_id: 3, initializer_range: 0.03 },
    vit: { model_type: 'vit', hidden_size: 48, num_hidden_layers: 2, num_attention_heads: 4, intermediate_size: 96, image_size: 32, patch_size: 8, num_labels: 10 },
  };
  for (const r of RECIPES.filter((x) => x.name !== 'hf')) {
    for (const type of r.modelTypes) {
      it(`${r.name} on ${type}`, () => {
        const arch = huggingFaceArchitecture(CONFIGS[type]);
        const opts: RecipeOptions = r.name === 'mup' ? { baseWidth: 16 } : {};
        drawAndCheck(r.name as Recipe, arch, opts);
        // Once huggingFaceSpec offers the recipe, its spec is recipeInit's, parameter for parameter.
        if ((HF_RECIPES as readonly string[]).includes(r.name)) {
          const spec = huggingFaceSpec(CONFIGS[type], { recipe: r.name, ...opts } as Parameters<typeof huggingFaceSpec>[1]);
          expect(spec.parameters.map((p) => ({ init: p.init, options: p.options }))).toEqual(specOf(r.name as Recipe, arch, opts).map((p) => ({ init: p.init, options: p.options })));
        }
      });
    }
  }

  it('megatron on GPT-2 is what hf already is (GPT-2 scales c_proj by 1/√(2L) itself)', () => {
    const spec = huggingFaceSpec(CONFIGS.gpt2).parameters.map((p) => ({ name: p.name, init: p.init, options: p.options }));
    expect(spec).toEqual(specOf('megatron', huggingFaceArchitecture(CONFIGS.gpt2)).map((p) => ({ name: p.name, init: p.init, options: p.options })));
  });
});

describe('μP', () => {
  const HIDDEN: readonly ParamRole[] = ['attentionIn', 'mlpIn', 'attentionOut', 'mlpOut', 'pooler'];

  it('with baseWidth = hidden size the hidden matrices and embeddings are the standard parametrization (megatron), bit for bit', () => {
    for (const arch of [gpt2Like({ tied: false }), llamaLike(), bertLike()]) {
      const mup = initModel(specOf('mup', arch, { baseWidth: arch.hiddenSize }), { seed: 3 });
      const sp = initModel(specOf('megatron', arch), { seed: 3 });
      for (const p of arch.params) {
        const same = Buffer.from(mup.get(p.name)!.buffer).equals(Buffer.from(sp.get(p.name)!.buffer));
        // The readout is the one difference: zero under μP (readout_zero_init), N(0, σ²) under SP.
        expect(same, `${arch.modelType} ${p.name}`).toBe(p.role !== 'lmHead' && p.role !== 'classifier');
      }
      // No baseWidth: the model is its own base (m = 1), as Megatron-LM's default.
      expect(specOf('mup', arch)).toEqual(specOf('mup', arch, { baseWidth: arch.hiddenSize }));
    }
  });

  it('doubling the width at a fixed base halves the variance of every hidden matrix (SP keeps it), and nothing else changes', () => {
    const narrow = gpt2Like({ d: 64, tied: false }), wide = gpt2Like({ d: 128, tied: false });
    const a = initModel(specOf('mup', narrow, { baseWidth: 64 }), { seed: 11 });
    const b = initModel(specOf('mup', wide, { baseWidth: 64 }), { seed: 11 });
    const sp = initModel(specOf('megatron', wide), { seed: 11 });
    const variance = (x: Float32Array): number => x.reduce((s, v) => s + v * v, 0) / x.length;
    for (const p of narrow.params) {
      const q = byName(wide, p.name);
      const sa = stdOf('mup', p, narrow, { baseWidth: 64 }), sb = stdOf('mup', q, wide, { baseWidth: 64 });
      if (HIDDEN.includes(p.role)) {
        // The formula: Var(W) = σ²·baseWidth/d (output projections also ÷ 2L), so the ratio is 1/2.
        expect(rel((sb! * sb!) / (sa! * sa!), 0.5), p.name).toBeLessThan(2 ** -50);
        // Measured: the ratio of mean squares within 5 SE, SE ≈ r·√(2/n_a + 2/n_b) for normals.
        const r = variance(b.get(p.name)!) / variance(a.get(p.name)!);
        const se = 0.5 * Math.sqrt(2 / p.shape.reduce((x, y) => x * y) + 2 / q.shape.reduce((x, y) => x * y));
        expect(Math.abs(r - 0.5) / se, p.name).toBeLessThan(5);
        // Against the SP at the same width: μP's variance is the SP's times baseWidth/d = 1/2.
        const rs = variance(b.get(p.name)!) / variance(sp.get(p.name)!);
        expect(Math.abs(rs - 0.5) / (0.5 * Math.sqrt(4 / q.shape.reduce((x, y) => x * y))), p.name).toBeLessThan(5);
      } else {
        // Embeddings N(0, σ²), norms 1, biases 0, readout 0: constant in width.
        expect(recipeInit('mup', q, wide, { baseWidth: 64 }), p.name).toEqual(recipeInit('mup', p, narrow, { baseWidth: 64 }));
      }
    }
  });

  it('a base wider than the model (m < 1) is allowed and scales the other way', () => {
    const g = gpt2Like({ d: 64 });
    expect(stdOf('mup', byName(g, 'h.0.mlp.c_fc.weight'), g, { baseWidth: 256 })).toBe(0.02 / Math.sqrt(0.25));
    expect(recipeMetadata('mup', g, { baseWidth: 256 })['mup.width_mult']).toBe('0.25');
  });

  it('metadata: base width, width multiplier, attention scale 1/d_head, logits multiplier 1/m', () => {
    const g = gpt2Like({ d: 128 }); // headDim 32
    expect(recipeMetadata('mup', g, { baseWidth: 64 })).toEqual({ 'mup.base_width': '64', 'mup.width_mult': '2', 'mup.attn_scale': '0.03125', 'mup.output_mult': '0.5' });
    expect(recipeMetadata('mup', g, {})).toEqual({ 'mup.base_width': '128', 'mup.width_mult': '1', 'mup.attn_scale': '0.03125', 'mup.output_mult': '1' });
    for (const r of RECIPE_NAMES.filter((x) => x !== 'mup' && x !== 'timm-vit')) expect(recipeMetadata(r, g, {}), r).toEqual({});
    expect(recipeMetadata('timm-vit', vitLike(), {})).toEqual({});
  });
});

describe('errors name the option and what is allowed', () => {
  const g = gpt2Like(), p = byName(g, 'h.0.attn.c_proj.weight');
  const call = (recipe: unknown, opts: unknown = {}, arch: Architecture = g, param: ArchParam = p) =>
    () => recipeInit(recipe as Recipe, param, arch, opts as RecipeOptions);

  it('an unknown recipe, or hf where only the others are', () => {
    expect(call('jax')).toThrow(TypeError);
    expect(call('jax')).toThrow("recipe must be one of 'megatron', 'olmo-mitchell', 'gpt-neox-small-init', 'timm-vit', 'mup', got \"jax\"");
    expect(call('hf')).toThrow(/recipe must be one of 'megatron'/);
    expect(() => recipeMetadata('Megatron' as RecipeName, g, {})).toThrow("recipe must be one of 'hf', 'megatron', 'olmo-mitchell', 'gpt-neox-small-init', 'timm-vit', 'mup', got \"Megatron\"");
  });

  it('a model type the recipe does not apply to', () => {
    expect(call('timm-vit')).toThrow(RangeError);
    expect(call('timm-vit')).toThrow("recipe 'timm-vit' applies to model types vit; got model type \"gpt2\"");
    expect(call('olmo-mitchell', {}, vitLike(), vitLike().params[0]!)).toThrow("recipe 'olmo-mitchell' applies to model types gpt2, llama, mistral, qwen2; got model type \"vit\"");
    expect(call('gpt-neox-small-init', {}, bertLike(), bertLike().params[0]!)).toThrow(/applies to model types gpt2, llama, mistral, qwen2; got model type "bert"/);
    expect(call('megatron', {}, vitLike(), vitLike().params[0]!)).toThrow(/applies to model types gpt2, llama, mistral, qwen2, bert;/);
    expect(() => recipeMetadata('timm-vit', g, {})).toThrow(RangeError);
  });

  it('baseWidth: a positive integer, for mup only', () => {
    for (const bad of [0, -64, 0.5, 63.5, NaN, Infinity, 2 ** 60]) {
      expect(call('mup', { baseWidth: bad }), String(bad)).toThrow(RangeError);
      expect(call('mup', { baseWidth: bad }), String(bad)).toThrow(/^baseWidth must be a positive integer \(the base model's hidden size\), got /);
    }
    expect(call('mup', { baseWidth: '64' })).toThrow(new TypeError('baseWidth must be a number (the base model\'s hidden size), got "64"'));
    expect(call('megatron', { baseWidth: 64 })).toThrow(new TypeError("baseWidth applies to recipe 'mup' only, not 'megatron'"));
    expect(() => recipeMetadata('hf', g, { baseWidth: 64 })).toThrow(/baseWidth applies to recipe 'mup' only, not 'hf'/);
    expect(call('mup', { width: 64 })).toThrow(new TypeError("recipe options: unknown option 'width' (allowed: baseWidth)"));
    expect(call('mup', null)).toThrow(TypeError);
  });

  it('a parameter the recipe has no rule for, or a depth-scaled one without its layer', () => {
    const pooler = { name: 'pooler.dense.weight', shape: [64, 64], role: 'pooler', fanIn: 64, fanOut: 64 } as const;
    expect(call('olmo-mitchell', {}, g, pooler)).toThrow(/^recipe 'olmo-mitchell' has no rule for role 'pooler' \(parameter "pooler.dense.weight"\); it covers /);
    const { layer: _, ...noLayer } = p;
    expect(call('olmo-mitchell', {}, g, noLayer)).toThrow(new RangeError('parameter "h.0.attn.c_proj.weight" (attentionOut): this recipe scales by the block index, but the parameter has no \'layer\''));
    expect(call('megatron', {}, { ...g, initializerRange: 0 })).toThrow(/arch.initializerRange must be a finite number > 0, got 0/);
    expect(call('megatron', {}, { ...g, numLayers: 0 })).toThrow(/arch.numLayers must be a positive integer, got 0/);
  });
});

describe('the descriptors', () => {
  it('one per name, in RECIPE_NAMES order, frozen', () => {
    expect(RECIPES.map((r) => r.name)).toEqual([...RECIPE_NAMES]);
    expect(Object.isFrozen(RECIPES) && RECIPES.every((r) => Object.isFrozen(r) && Object.isFrozen(r.rules) && r.rules.every(Object.isFrozen))).toBe(true);
  });

  it('every recipe covers norms and biases, every rule cites a file:line or a paper section', () => {
    for (const r of RECIPES.filter((x) => x.name !== 'hf')) {
      const roles = new Set(r.rules.flatMap((x) => x.roles));
      for (const role of ['norm', 'bias', 'attentionIn', 'attentionOut', 'mlpIn', 'mlpOut'] as const) expect(roles.has(role), `${r.name} ${role}`).toBe(true);
      for (const rule of r.rules) expect(rule.source, `${r.name} ${rule.roles.join(',')}`).toMatch(/\.(py|md):\d+|§\d/);
      expect(r.tiedHead.length).toBeGreaterThan(0);
    }
  });

  it('a rule restricted by biasOf comes before the general rule of its role', () => {
    for (const r of RECIPES) {
      r.rules.forEach((rule, i) => {
        if (rule.biasOf === undefined) return;
        const general = r.rules.findIndex((x) => x.biasOf === undefined && x.roles.some((role) => rule.roles.includes(role)));
        expect(general, r.name).toBeGreaterThan(i);
      });
    }
  });
});

// ---- Docs ------------------------------------------------------------------------------------------

/** The recipe table's rows as the docs print them, from the descriptors. */
function tableRows(recipes: readonly RecipeDescriptor[]): string[] {
  return recipes.flatMap((r) => r.rules.map((rule) =>
    `| ${r.name} | ${rule.roles.join(', ')}${rule.biasOf === undefined ? '' : ` (of ${rule.biasOf})`} | ${rule.formula} | ${rule.source} |`));
}

describe('docs', () => {
  const page = ['docs/models.md', 'docs/recipes.md'].map((f) => new URL(`../../${f}`, import.meta.url)).find((u) => existsSync(u) && readFileSync(u, 'utf8').includes('## Recipes'));

  it('the recipe table is the descriptors\' rules, row for row', () => {
    expect(page, 'docs/models.md (or docs/recipes.md) has a ## Recipes section').toBeDefined();
    const text = readFileSync(page!, 'utf8');
    const section = text.slice(text.indexOf('## Recipes'));
    const rows = section.split('\n').filter((l) => /^\| (megatron|olmo-mitchell|gpt-neox-small-init|timm-vit|mup) \|/.test(l));
    expect(rows).toEqual(tableRows(RECIPES));
    for (const r of RECIPES) expect(section, r.name).toContain(`### ${r.name}`);
  });
});
