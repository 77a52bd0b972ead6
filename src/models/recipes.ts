// Initialisation recipes beyond Hugging Face's own `_init_weights` (issue 14, part 2): Megatron-LM,
// OLMo's "mitchell", GPT-NeoX's small_init/wang_init, timm's ViT and μP. Each recipe is data — a
// descriptor with one rule per group of parameter roles — and each std formula is written once, as a
// `Scale` holding both its text (for the docs table and `describe --compare`) and its computation,
// so the table people read and the numbers the spec gets cannot drift apart. `recipeInit` only
// looks a rule up and renders it as an initializer id and options.
import type { ArchParam, Architecture, ParamInit, ParamRole } from './types.js';
import { describe, oneOf } from '../validate.js';

/** The recipe names: 'hf' is the model family's own `_init_weights` (the families, not this module). */
export type RecipeName = 'hf' | 'megatron' | 'olmo-mitchell' | 'gpt-neox-small-init' | 'timm-vit' | 'mup';

/** Every {@link RecipeName}, 'hf' first. */
export const RECIPE_NAMES: readonly RecipeName[] = Object.freeze(['hf', 'megatron', 'olmo-mitchell', 'gpt-neox-small-init', 'timm-vit', 'mup'] as const);

/** Options of a recipe. */
export interface RecipeOptions {
  /**
   * μP only: the hidden size of the base model the hyperparameters were tuned on. The width
   * multiplier is `hiddenSize / baseWidth`; a positive safe integer, smaller or larger than the
   * model's hidden size (μP is defined for both directions). Default: the model's own hidden size
   * (width multiplier 1), as Megatron-LM's `mup_base_hidden_size`. Other recipes refuse it.
   */
  baseWidth?: number;
}

/** What a std formula reads: the parameter, its architecture, and the recipe's resolved options. */
export interface RecipeContext {
  readonly param: ArchParam;
  readonly arch: Architecture;
  /** For a bias matched through `biasOf`: the weight of the same module. */
  readonly weight?: ArchParam;
  /** μP: hiddenSize / baseWidth (1 for the other recipes). */
  readonly widthMult: number;
}

/** One std (or bound) formula: its text as the docs show it, and its value in float64. */
export interface Scale {
  /** The formula in the docs' notation: σ = initializer_range, d = hidden size, L = layers, ℓ = layer index from 0, m = width multiplier. */
  readonly text: string;
  readonly value: (c: RecipeContext) => number;
}

/**
 * A rule's distribution, JAX-style: a preset name and its scale. `truncatedNormal` is cut at
 * ±`cutoff` std (`bounds: 'sigma'`) or at ±`cutoff` as values (`'absolute'`, PyTorch's / timm's
 * `trunc_normal_(a, b)`); `uniform` is U(−bound, bound); `kaimingUniform` is PyTorch's
 * `kaiming_uniform_(a)` on the weight's own fans (what `nn.Conv2d.reset_parameters` does).
 */
export type RuleInit =
  | { readonly distribution: 'normal'; readonly std: Scale }
  | { readonly distribution: 'truncatedNormal'; readonly std: Scale; readonly cutoff: number; readonly bounds: 'sigma' | 'absolute' }
  | { readonly distribution: 'uniform'; readonly bound: Scale }
  | { readonly distribution: 'kaimingUniform'; readonly a: number; readonly aText: string }
  | { readonly distribution: 'zeros' }
  | { readonly distribution: 'ones' };

/** One rule of a recipe: the init of every parameter with one of `roles`. */
export interface RecipeRule {
  readonly roles: readonly ParamRole[];
  /**
   * Only biases whose module's weight (the parameter of the same name with `weight` for the final
   * `bias`) has this role. Such rules come before the general rule of their role.
   */
  readonly biasOf?: ParamRole;
  /** The init in one line (rendered from `init`). */
  readonly formula: string;
  readonly init: RuleInit;
  /** Where the formula is: repository file and line at a named commit, or a paper's section. */
  readonly source: string;
}

/** One recipe as data. */
export interface RecipeDescriptor {
  readonly name: RecipeName;
  /** What it is, in a sentence. */
  readonly summary: string;
  /** The reference implementation (repository and commit) or paper the rules come from. */
  readonly source: string;
  /** The `Architecture.modelType`s it applies to; any other is a RangeError. */
  readonly modelTypes: readonly string[];
  /** What happens to the LM head when it is tied to the token embedding (it is then saved once, as the embedding). */
  readonly tiedHead: string;
  /** First match wins; 'hf' has none (its rules are the families'). */
  readonly rules: readonly RecipeRule[];
}

// ---- The formulas, each once. -------------------------------------------------------------------
// The arithmetic follows the source's own order of operations, so a std here has the bits of the
// Python float the reference computes (IEEE double, √ correctly rounded on both sides).

const sigma = (c: RecipeContext): number => c.arch.initializerRange;
const layerOf = (c: RecipeContext): number => {
  const l = c.param.layer;
  if (l === undefined) throw new RangeError(`parameter ${JSON.stringify(c.param.name)} (${c.param.role}): this recipe scales by the block index, but the parameter has no 'layer'`);
  return l;
};

const S = {
  sigma: { text: 'σ', value: sigma },
  // Megatron-LM megatron/core/utils.py scaled_init_method_normal: sigma / math.sqrt(multiplier * num_layers).
  sigmaDepth: { text: 'σ/√(2L)', value: (c) => sigma(c) / Math.sqrt(2.0 * c.arch.numLayers) },
  // OLMo: 1 / math.sqrt(d_model) for in-projections and embeddings.
  invSqrtD: { text: '1/√d', value: (c) => 1 / Math.sqrt(c.arch.hiddenSize) },
  // OLMo: 1 / math.sqrt(2 * d * (layer_id + 1)), d = d_model for attn_out, ff_out.in_features for ff_out.
  olmoAttnOut: { text: '1/√(2·d·(ℓ+1))', value: (c) => 1 / Math.sqrt(2 * c.arch.hiddenSize * (layerOf(c) + 1)) },
  olmoFfOut: { text: '1/√(2·fanIn·(ℓ+1))', value: (c) => 1 / Math.sqrt(2 * c.param.fanIn * (layerOf(c) + 1)) },
  // GPT-NeoX: math.sqrt(2 / (5 * dim)) and 2 / n_layers / math.sqrt(dim).
  smallInit: { text: '√(2/(5d))', value: (c) => Math.sqrt(2 / (5 * c.arch.hiddenSize)) },
  wangInit: { text: '2/(L·√d)', value: (c) => 2 / c.arch.numLayers / Math.sqrt(c.arch.hiddenSize) },
  // timm writes the 0.02 and 1e-6 literally; they do not follow config.initializer_range.
  timmStd: { text: '0.02', value: () => 0.02 },
  timmCls: { text: '1e-6', value: () => 1e-6 },
  // torch.nn.Conv2d.reset_parameters: bound = 1 / math.sqrt(fan_in) for the bias.
  convBias: { text: '1/√fanIn(weight)', value: (c) => 1 / Math.sqrt((c.weight ?? c.param).fanIn) },
  // Megatron-LM transformer_config.py (use_mup): init_method_std / math.sqrt(mup_width_mult), and
  // mup_scaled_init_method_normal: sigma / (math.sqrt(multiplier * num_layers) * math.sqrt(width_mult)).
  mupHidden: { text: 'σ/√m', value: (c) => sigma(c) / Math.sqrt(c.widthMult) },
  mupOut: { text: 'σ/(√(2L)·√m)', value: (c) => sigma(c) / (Math.sqrt(2.0 * c.arch.numLayers) * Math.sqrt(c.widthMult)) },
} satisfies Record<string, Scale>;

// ---- Presets --------------------------------------------------------------------------------------

const normal = (std: Scale): RuleInit => ({ distribution: 'normal', std });
const trunc = (std: Scale, cutoff: number, bounds: 'sigma' | 'absolute'): RuleInit => ({ distribution: 'truncatedNormal', std, cutoff, bounds });
const ZEROS: RuleInit = { distribution: 'zeros' };
const ONES: RuleInit = { distribution: 'ones' };

function formulaOf(i: RuleInit): string {
  switch (i.distribution) {
    case 'normal': return `N(0, std²), std = ${i.std.text}`;
    case 'truncatedNormal': return i.bounds === 'sigma'
      ? `N(0, std²) truncated to ±${i.cutoff}·std, std = ${i.std.text}`
      : `N(0, std²) truncated to [−${i.cutoff}, ${i.cutoff}], std = ${i.std.text}`;
    case 'uniform': return `U(−b, b), b = ${i.bound.text}`;
    case 'kaimingUniform': return `kaiming_uniform_(a = ${i.aText}): U(−b, b), b = √(6/((1+a²)·fanIn)) = 1/√fanIn`;
    case 'zeros': return '0';
    case 'ones': return '1';
  }
}

const rule = (roles: readonly ParamRole[], init: RuleInit, source: string, biasOf?: ParamRole): RecipeRule =>
  ({ roles, init, source, formula: formulaOf(init), ...(biasOf === undefined ? {} : { biasOf }) });

// The rules every non-hf recipe shares: LayerNorm/RMSNorm weight 1, every bias 0. Each source says
// where it does so; the norm reset is PyTorch's own (nn.LayerNorm.reset_parameters) everywhere.
const TEXT_TYPES = ['gpt2', 'llama', 'mistral', 'qwen2'] as const;

// Commits the line numbers refer to.
const MEGATRON = 'NVIDIA/Megatron-LM@d98e8a6';
const OLMO = 'allenai/OLMo@59a53e3';
const NEOX = 'EleutherAI/gpt-neox@ea7aefd';
const TIMM = 'huggingface/pytorch-image-models@aa4b585';
const MUP = 'microsoft/mup@1981497';

/** Freezes a descriptor and its parts. */
function frozen(d: RecipeDescriptor): RecipeDescriptor {
  for (const r of d.rules) { Object.freeze(r.roles); Object.freeze(r.init); Object.freeze(r); }
  Object.freeze(d.rules); Object.freeze(d.modelTypes);
  return Object.freeze(d);
}

/**
 * Every recipe as data, in {@link RECIPE_NAMES} order: summary, source, the model types it applies
 * to, what it does with a tied LM head, and its rules (roles → formula → source file and line).
 * Frozen. The docs' recipe table is checked against it, and the CLI's `describe --compare` reads it.
 * @example
 * RECIPES.find((r) => r.name === 'megatron')?.rules.map((r) => [r.roles.join(','), r.formula]);
 */
export const RECIPES: readonly RecipeDescriptor[] = Object.freeze([
  frozen({
    name: 'hf',
    summary: "Hugging Face's own _init_weights of the model family (the default).",
    source: 'huggingface/transformers modeling_*.py _init_weights, per family (src/models/families/)',
    modelTypes: ['gpt2', 'llama', 'mistral', 'qwen2', 'bert', 'vit'],
    tiedHead: 'the head is the token embedding, N(0, σ²)',
    rules: [],
  }),
  frozen({
    name: 'megatron',
    summary: "Megatron-LM's defaults: N(0, σ²) everywhere, the two residual output projections of each block N(0, (σ/√(2L))²).",
    source: `${MEGATRON} megatron/core/utils.py, megatron/core/transformer/transformer_config.py`,
    modelTypes: [...TEXT_TYPES, 'bert'],
    tiedHead: 'the head is the token embedding, N(0, σ²) (embedding_init_method)',
    rules: [
      rule(['tokenEmbedding', 'positionEmbedding', 'typeEmbedding'], normal(S.sigma),
        `${MEGATRON} megatron/core/models/common/embeddings/language_model_embedding.py:59-85 (embedding_init_method = init_method_normal(init_method_std): megatron/core/transformer/transformer_config.py:2571-2579)`),
      rule(['attentionIn', 'mlpIn', 'pooler', 'lmHead', 'classifier'], normal(S.sigma),
        `${MEGATRON} megatron/core/utils.py:862-864 init_method_normal; megatron/core/transformer/transformer_config.py:2587-2594; megatron/core/models/gpt/gpt_model.py:277-284 (untied output layer); megatron/core/models/bert/pooler.py:33-34, bert_model.py:163-164 (binary head), bert_lm_head.py:31-32`),
      rule(['attentionOut', 'mlpOut'], normal(S.sigmaDepth),
        `${MEGATRON} megatron/core/utils.py:867-871 scaled_init_method_normal; megatron/core/transformer/transformer_config.py:2596-2609; megatron/core/transformer/attention.py:417 (linear_proj), mlp.py:246 (linear_fc2)`),
      rule(['norm'], ONES, `${MEGATRON} megatron/core/fusions/fused_layer_norm.py:122-129 (reset_parameters: weight 1, bias 0; zero_centered_gamma off)`),
      rule(['bias'], ZEROS, `${MEGATRON} megatron/core/transformer/transformer_config.py:388-392 ("bias is always set to zero")`),
    ],
  }),
  frozen({
    name: 'olmo-mitchell',
    summary: "OLMo's init_fn 'mitchell': truncated normals at ±3 std, std 1/√d for inputs and embeddings, output projections also 1/√(2·(ℓ+1)) by depth.",
    source: `${OLMO} olmo/model.py, olmo/initialization.py`,
    modelTypes: [...TEXT_TYPES],
    tiedHead: 'the head is the token embedding (wte), N(0, 1/d) truncated to ±3·std',
    rules: [
      rule(['tokenEmbedding', 'positionEmbedding'], trunc(S.invSqrtD, 3, 'sigma'),
        `${OLMO} olmo/model.py:1183-1185 (wte, emb_init_std unset), 1202-1204 (wpe); initialization.py:14-16 (cutoff ±cutoff_factor·std)`),
      rule(['attentionIn', 'mlpIn', 'lmHead', 'classifier'], trunc(S.invSqrtD, 3, 'sigma'),
        `${OLMO} olmo/model.py:716-718 (att_proj, ff_proj), 874-876 (q/k/v_proj), 1221-1223 (untied ff_out)`),
      rule(['attentionOut'], trunc(S.olmoAttnOut, 3, 'sigma'), `${OLMO} olmo/model.py:493-496 (attn_out_std, cutoff_factor 3.0)`),
      rule(['mlpOut'], trunc(S.olmoFfOut, 3, 'sigma'), `${OLMO} olmo/model.py:495 (ff_out_std, d = ff_out.in_features)`),
      rule(['norm'], ONES, `${OLMO} olmo/model.py:190-194 (LayerNormBase.reset_parameters)`),
      rule(['bias'], ZEROS, `${OLMO} olmo/initialization.py:20-22; model.py:190-194`),
    ],
  }),
  frozen({
    name: 'gpt-neox-small-init',
    summary: "GPT-NeoX's init_method small_init (Nguyen & Salazar 2019) with output_layer_init_method wang_init, as its 1-3B/20B configs.",
    source: `${NEOX} megatron/model/init_functions.py`,
    modelTypes: [...TEXT_TYPES],
    tiedHead: 'the head is the token embedding, N(0, 2/(5d))',
    rules: [
      rule(['tokenEmbedding', 'positionEmbedding', 'attentionIn', 'mlpIn', 'lmHead', 'classifier'], normal(S.smallInit),
        `${NEOX} megatron/model/init_functions.py:146-149 small_init; word_embeddings.py:67, 94; transformer.py:149; gpt2_model.py:339 (untied head)`),
      rule(['attentionOut', 'mlpOut'], normal(S.wangInit),
        `${NEOX} megatron/model/init_functions.py:163-164 wang_init; transformer.py:159 (mlp linear2), 467 (attention dense)`),
      rule(['norm'], ONES, `${NEOX} megatron/model/norms.py:16 (torch.nn.LayerNorm: weight 1, bias 0), 79 (RMSNorm scale = ones)`),
      rule(['bias'], ZEROS, `${NEOX} megatron/mpu/layers.py:496, 706 (bias.zero_())`),
    ],
  }),
  frozen({
    name: 'timm-vit',
    summary: "timm's VisionTransformer default init (weight_init='', init_weights_vit_timm), not the 'jax' mode.",
    source: `${TIMM} timm/models/vision_transformer.py`,
    modelTypes: ['vit'],
    tiedHead: 'not applicable (no tied head in ViT)',
    rules: [
      rule(['classToken'], normal(S.timmCls), `${TIMM} timm/models/vision_transformer.py:933-934`),
      rule(['positionEmbedding'], trunc(S.timmStd, 2, 'absolute'),
        `${TIMM} timm/models/vision_transformer.py:931-932; timm/layers/weight_init.py:54 (a=-2, b=2 as values)`),
      rule(['patchEmbedding'], { distribution: 'kaimingUniform', a: Math.sqrt(5), aText: '√5' },
        `${TIMM} timm/layers/patch_embed.py:62 (nn.Conv2d, left at its reset_parameters: init_weights_vit_timm touches only nn.Linear, vision_transformer.py:1313)`),
      rule(['bias'], { distribution: 'uniform', bound: S.convBias },
        `${TIMM} timm/layers/patch_embed.py:62 (nn.Conv2d.reset_parameters bias)`, 'patchEmbedding'),
      rule(['attentionIn', 'attentionOut', 'mlpIn', 'mlpOut', 'pooler', 'classifier', 'lmHead'], trunc(S.timmStd, 2, 'absolute'),
        `${TIMM} timm/models/vision_transformer.py:1313-1316 (init_weights_vit_timm: nn.Linear)`),
      rule(['norm'], ONES, `${TIMM} timm/models/vision_transformer.py:1319-1320 (norms keep nn.LayerNorm.reset_parameters: weight 1, bias 0)`),
      rule(['bias'], ZEROS, `${TIMM} timm/models/vision_transformer.py:1315-1316`),
    ],
  }),
  frozen({
    name: 'mup',
    summary: 'μP (Yang et al. 2021, Tensor Programs V) on Megatron-LM\'s defaults: hidden matrices std ÷ √m, embeddings and biases constant in width, readout zero.',
    source: `${MEGATRON} megatron/core/transformer/transformer_config.py:2530-2609 (use_mup); ${MUP} mup/init.py, mup/layer.py, README.md; Yang et al. 2021 (Tensor Programs V, arXiv:2203.03466) §3`,
    modelTypes: [...TEXT_TYPES, 'bert', 'vit'],
    tiedHead: 'MuSharedReadout: the head is the token embedding, N(0, σ²), not width-scaled; the logits multiplier 1/m is metadata (mup.output_mult)',
    rules: [
      rule(['tokenEmbedding', 'positionEmbedding', 'typeEmbedding', 'patchEmbedding', 'classToken'], normal(S.sigma),
        `${MEGATRON} megatron/core/transformer/transformer_config.py:2566-2579 (embedding init unscaled under MuP); ${MUP} mup/init.py:22-25 (one infinite dimension: std unchanged)`),
      rule(['attentionIn', 'mlpIn', 'pooler'], normal(S.mupHidden),
        `${MEGATRON} megatron/core/transformer/transformer_config.py:2587-2591; ${MUP} mup/init.py:26-27 (two infinite dimensions: std·width_mult^-½)`),
      rule(['attentionOut', 'mlpOut'], normal(S.mupOut),
        `${MEGATRON} megatron/core/utils.py:874-890 mup_scaled_init_method_normal; megatron/core/transformer/transformer_config.py:2596-2603`),
      rule(['lmHead', 'classifier'], ZEROS,
        `${MUP} README.md:224-227 (readout_zero_init), mup/layer.py:19-23 (MuReadout), examples/Transformer/model.py:112-116`),
      rule(['norm'], ONES, `${MUP} mup/init.py:60-68 (ones_: one infinite dimension, unchanged)`),
      rule(['bias'], ZEROS, `${MEGATRON} megatron/core/transformer/transformer_config.py:388-392; ${MUP} examples/Transformer/model.py:307-309`),
    ],
  }),
]);

const RECIPE_ARGS = ['megatron', 'olmo-mitchell', 'gpt-neox-small-init', 'timm-vit', 'mup'] as const satisfies readonly Exclude<RecipeName, 'hf'>[];

/** The descriptor of a name (validated: a TypeError naming `recipe` and the allowed names). */
function descriptorOf(recipe: unknown, allowed: readonly RecipeName[]): RecipeDescriptor {
  const name = oneOf('recipe', recipe, allowed);
  return RECIPES.find((d) => d.name === name)!;
}

/** The width multiplier hiddenSize / baseWidth, after checking `opts` for this recipe. */
function widthMultOf(d: RecipeDescriptor, arch: Architecture, opts: unknown): { baseWidth: number; widthMult: number } {
  if (opts !== undefined && (opts === null || typeof opts !== 'object' || Array.isArray(opts))) {
    throw new TypeError(`recipe options must be an object { baseWidth? }, got ${describe(opts)}`);
  }
  const o = (opts ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (key !== 'baseWidth') throw new TypeError(`recipe options: unknown option '${key}' (allowed: baseWidth)`);
  }
  const hidden = arch.hiddenSize;
  if (o.baseWidth === undefined) return { baseWidth: hidden, widthMult: 1 };
  if (d.name !== 'mup') throw new TypeError(`baseWidth applies to recipe 'mup' only, not '${d.name}'`);
  const b = o.baseWidth;
  if (typeof b !== 'number') throw new TypeError(`baseWidth must be a number (the base model's hidden size), got ${describe(b)}`);
  if (!Number.isSafeInteger(b) || b <= 0) throw new RangeError(`baseWidth must be a positive integer (the base model's hidden size), got ${b}`);
  return { baseWidth: b, widthMult: hidden / b };
}

/** Checks the architecture sizes a recipe reads and that the recipe applies to its model type. */
function checkArch(d: RecipeDescriptor, arch: Architecture): void {
  if (arch === null || typeof arch !== 'object') throw new TypeError(`arch must be an Architecture, got ${describe(arch)}`);
  if (!d.modelTypes.includes(arch.modelType)) {
    throw new RangeError(`recipe '${d.name}' applies to model types ${d.modelTypes.join(', ')}; got model type ${describe(arch.modelType)}`);
  }
  for (const k of ['hiddenSize', 'numLayers', 'headDim'] as const) {
    if (!Number.isSafeInteger(arch[k]) || !(arch[k] > 0)) throw new RangeError(`arch.${k} must be a positive integer, got ${describe(arch[k])}`);
  }
  if (!(Number.isFinite(arch.initializerRange) && arch.initializerRange > 0)) {
    throw new RangeError(`arch.initializerRange must be a finite number > 0, got ${describe(arch.initializerRange)}`);
  }
}

/** The module weight of a bias: the parameter named like it with `weight` for the final `bias`. */
function weightOf(p: ArchParam, arch: Architecture): ArchParam | undefined {
  if (!p.name.endsWith('bias')) return undefined;
  const name = p.name.slice(0, -'bias'.length) + 'weight';
  return arch.params.find((q) => q.name === name);
}

/** A finite std (or bound) > 0, or a RangeError naming the parameter and the formula. */
function scaleValue(s: Scale, c: RecipeContext, recipe: string): number {
  const v = s.value(c);
  if (!(Number.isFinite(v) && v > 0)) {
    throw new RangeError(`recipe '${recipe}', parameter ${JSON.stringify(c.param.name)}: ${s.text} = ${v} is not a finite number > 0`);
  }
  return v;
}

/**
 * The init of one parameter under a recipe ('hf' is the families' own `_init_weights`, not here):
 * the first rule of the recipe whose roles hold the parameter's role (see {@link RECIPES}),
 * rendered as a {@link getInitializer} id and its options. Stds are float64, computed in the
 * reference implementation's order of operations.
 *
 * @param recipe any {@link RecipeName} but 'hf'.
 * @param p the parameter; recipes that scale by depth (olmo-mitchell's output projections) need
 * its `layer`.
 * @param arch its architecture (model type, sizes, initializerRange = σ).
 * @param opts `{ baseWidth }` for 'mup' (default: the model's hidden size); other recipes take none.
 * @throws TypeError for an unknown recipe or option, or a non-number baseWidth; RangeError for a
 * model type the recipe does not apply to, a baseWidth that is not a positive integer, a role the
 * recipe has no rule for, a missing layer, or arch sizes that give no finite positive std.
 * @example
 * recipeInit('megatron', { name: 'h.0.mlp.c_proj.weight', shape: [3072, 768], role: 'mlpOut', layer: 0, fanIn: 3072, fanOut: 768 }, arch, {});
 * // { init: 'normal', options: { mean: 0, std: 0.02 / Math.sqrt(2 * 12) } } for a 12-layer arch with σ 0.02
 */
export function recipeInit(recipe: Exclude<RecipeName, 'hf'>, p: ArchParam, arch: Architecture, opts: RecipeOptions): ParamInit {
  const d = descriptorOf(recipe, RECIPE_ARGS);
  checkArch(d, arch);
  const { widthMult } = widthMultOf(d, arch, opts);
  if (p === null || typeof p !== 'object') throw new TypeError(`parameter must be an ArchParam, got ${describe(p)}`);
  // Only a bias can be matched through its module's weight (biasOf); other roles skip the search.
  const weight = p.role === 'bias' ? weightOf(p, arch) : undefined;
  const r = d.rules.find((x) => x.roles.includes(p.role) && (x.biasOf === undefined || weight?.role === x.biasOf));
  if (r === undefined) {
    throw new RangeError(`recipe '${d.name}' has no rule for role '${p.role}' (parameter ${JSON.stringify(p.name)}); it covers ${[...new Set(d.rules.flatMap((x) => x.roles))].join(', ')}`);
  }
  const c: RecipeContext = { param: p, arch, widthMult, ...(weight === undefined ? {} : { weight }) };
  const i = r.init;
  switch (i.distribution) {
    case 'normal': return { init: 'normal', options: { mean: 0, std: scaleValue(i.std, c, d.name) } };
    case 'truncatedNormal': return { init: 'truncatedNormal', options: { mean: 0, std: scaleValue(i.std, c, d.name), a: -i.cutoff, b: i.cutoff, bounds: i.bounds } };
    case 'uniform': {
      const b = scaleValue(i.bound, c, d.name);
      return { init: 'uniform', options: { low: -b, high: b } };
    }
    case 'kaimingUniform': return { init: 'kaimingUniform', options: { a: i.a } };
    case 'zeros': return { init: 'zeros' };
    case 'ones': return { init: 'ones' };
  }
}

/**
 * Spec metadata a recipe records for the training code, as safetensors `__metadata__` strings.
 * μP: `mup.base_width`, `mup.width_mult` (hiddenSize / baseWidth), `mup.attn_scale` (1/headDim:
 * attention logits q·k/d instead of q·k/√d), `mup.output_mult` (1/width_mult: MuReadout's logits
 * multiplier); every other recipe: `{}` (its inits alone are the recipe).
 * @throws as {@link recipeInit} for the recipe name, the model type and the options.
 * @example
 * recipeMetadata('mup', arch, { baseWidth: 256 }); // { 'mup.base_width': '256', 'mup.width_mult': '4', … } for hiddenSize 1024
 */
export function recipeMetadata(recipe: RecipeName, arch: Architecture, opts: RecipeOptions): Record<string, string> {
  const d = descriptorOf(recipe, RECIPE_NAMES);
  checkArch(d, arch);
  const { baseWidth, widthMult } = widthMultOf(d, arch, opts);
  if (d.name !== 'mup') return {};
  return {
    'mup.base_width': String(baseWidth),
    'mup.width_mult': String(widthMult),
    'mup.attn_scale': String(1 / arch.headDim),
    'mup.output_mult': String(1 / widthMult),
  };
}
