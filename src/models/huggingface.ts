// huggingFaceSpec: a Hugging Face config.json to the spec initModel and the safetensors writers
// take. The family builder gives the parameters as save_pretrained names them; the recipe ('hf':
// what the family's _init_weights does) gives each its init. Browser-safe: no node: imports.
import type { ModelSpecDocument, ParamSpec } from '../interop/model-init.js';
import { describe } from '../validate.js';
import { checkConfig, type Family, type HFConfig } from './config.js';
import { BERT } from './families/bert.js';
import { GPT2 } from './families/gpt2.js';
import { LLAMA } from './families/llama.js';
import { VIT } from './families/vit.js';
import { RECIPE_NAMES, recipeInit, recipeMetadata, type RecipeName, type RecipeOptions } from './recipes.js';
import type { Architecture, ArchParam, ParamInit } from './types.js';

/**
 * The transformers release whose modeling files the families follow (names, shapes, registration
 * order, `_init_weights`); docs/models.md lists the files read. Recorded in the spec's metadata.
 */
export const TRANSFORMERS_VERSION = '4.48.0';

const FAMILIES: Readonly<Record<string, Family>> = { gpt2: GPT2, llama: LLAMA, mistral: LLAMA, qwen2: LLAMA, bert: BERT, vit: VIT };

/** The `model_type`s {@link huggingFaceSpec} reads. */
export const HF_MODEL_TYPES: readonly string[] = Object.keys(FAMILIES);

/**
 * The init recipes {@link huggingFaceSpec} offers: 'hf' is the family's own `_init_weights`; the
 * others (megatron, olmo-mitchell, gpt-neox-small-init, timm-vit, mup) are src/models/recipes.ts's.
 */
export const HF_RECIPES: readonly HuggingFaceRecipe[] = RECIPE_NAMES;

/** A recipe name of {@link HuggingFaceSpecOptions.recipe}. */
export type HuggingFaceRecipe = RecipeName;

/** Element types a checkpoint can be written in (the writers' `dtype`). */
export type HuggingFaceDType = 'float32' | 'bfloat16' | 'float16';

const DTYPES: readonly HuggingFaceDType[] = ['float32', 'bfloat16', 'float16'];

/** Options of {@link huggingFaceSpec}. */
export interface HuggingFaceSpecOptions extends RecipeOptions {
  /**
   * Which init rules: `'hf'` (default), what the family's `_init_weights` does, or one of the
   * recipes of docs/recipes.md (`'megatron'`, `'olmo-mitchell'`, `'gpt-neox-small-init'`,
   * `'timm-vit'`, `'mup'` with `baseWidth`). The padding row stays zero under every recipe: it is
   * the module's (nn.Embedding(padding_idx) keeps it), not the recipe's.
   */
  recipe?: HuggingFaceRecipe;
  /**
   * The checkpoint's element type, recorded as `weight_init.dtype` for the writer's `dtype` option:
   * default config.torch_dtype when it is 'float32', 'bfloat16' or 'float16', else 'float32'.
   */
  dtype?: HuggingFaceDType;
}

/**
 * The architecture a config.json describes: its parameters in state-dict order with their roles,
 * fans and layers, and the sizes recipes use.
 * @throws TypeError for a config that is not an object or an unknown `model_type`; TypeError/RangeError
 * naming the config key for missing or invalid sizes.
 */
export function huggingFaceArchitecture(config: unknown): Architecture {
  const c = checkConfig(config);
  return familyOf(c).architecture(c, c.model_type as string);
}

function familyOf(config: HFConfig): Family {
  const type = config.model_type;
  if (typeof type !== 'string' || !Object.hasOwn(FAMILIES, type)) {
    const err = `config.model_type must be one of ${HF_MODEL_TYPES.map((t) => `'${t}'`).join(', ')}, got ${describe(type)}`;
    throw typeof type === 'string' ? new RangeError(err) : new TypeError(err);
  }
  return FAMILIES[type]!;
}

/**
 * The weight-init model spec of a Hugging Face model: one entry per tensor of the usual head
 * class's state dict (GPT2LMHeadModel, LlamaForCausalLM / MistralForCausalLM / Qwen2ForCausalLM,
 * BertModel, ViTForImageClassification), named and shaped as `save_pretrained` writes them and in
 * that order, each with the init the family's `_init_weights` gives it (`'hf'`), e.g. GPT-2's
 * c_proj at initializer_range/√(2·n_layer) and BERT's padding row zero (`paddingIdx`).
 * `initModel(spec, { seed })` makes the tensors; `writeSafetensorsSharded(spec, dir, { seed,
 * dtype, metadata: spec.metadata })` writes a checkpoint `from_pretrained` loads.
 *
 * @param config the parsed config.json (`model_type` one of {@link HF_MODEL_TYPES}).
 * @returns `{ parameters, metadata }`; metadata holds `model_type`, `weight_init.recipe`,
 * `weight_init.parameters` (the count, decimal), `weight_init.transformers` (the version followed),
 * `weight_init.dtype`, `weight_init.head_class`, and the recipe's own entries (μP: `mup.base_width`,
 * `mup.width_mult`, `mup.attn_scale` — attention logits scaled by 1/head_dim — and `mup.output_mult`).
 * @throws TypeError/RangeError naming the config key (`config.n_layer must be a positive integer,
 * got -1`) or the option and what is allowed; RangeError for a recipe that does not apply to the
 * model type (timm-vit on a language model, …).
 * @example
 * const spec = huggingFaceSpec({ model_type: 'gpt2', vocab_size: 50257, n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12 });
 * spec.metadata['weight_init.parameters']; // '124439808'
 */
export function huggingFaceSpec(config: unknown, options: HuggingFaceSpecOptions = {}): ModelSpecDocument {
  const c = checkConfig(config);
  const { recipe, dtype, recipeOptions } = checkOptions(options, c);
  const family = familyOf(c);
  const arch = family.architecture(c, c.model_type as string);
  // Checks the recipe against the model type and its options (baseWidth for mup only) before any init.
  const recipeMeta = recipeMetadata(recipe, arch, recipeOptions);
  const initOf = (p: ArchParam): ParamInit => (recipe === 'hf' ? family.hfInit(p, arch) : recipeInit(recipe, p, arch, recipeOptions));
  let count = 0;
  const parameters = arch.params.map((p): ParamSpec => {
    const { init, options: o } = initOf(p);
    count += p.shape.reduce((a, b) => a * b, 1);
    return {
      name: p.name, shape: [...p.shape], init,
      ...(o !== undefined && { options: { ...o } }),
      ...(p.paddingIdx !== undefined && { paddingIdx: p.paddingIdx }),
    };
  });
  return {
    parameters,
    metadata: {
      model_type: arch.modelType,
      'weight_init.head_class': arch.headClass,
      'weight_init.recipe': recipe,
      'weight_init.parameters': String(count),
      'weight_init.transformers': TRANSFORMERS_VERSION,
      'weight_init.dtype': dtype,
      ...recipeMeta,
    },
  };
}

function checkOptions(options: unknown, config: HFConfig): { recipe: HuggingFaceRecipe; dtype: HuggingFaceDType; recipeOptions: RecipeOptions } {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new TypeError(`options must be an object { recipe, dtype, baseWidth }, got ${describe(options)}`);
  const allowed = ['recipe', 'dtype', 'baseWidth'];
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new TypeError(`options: unknown option '${key}' (allowed: ${allowed.join(', ')})`);
  }
  const o = options as HuggingFaceSpecOptions;
  const recipe = o.recipe ?? 'hf';
  if (!(HF_RECIPES as readonly unknown[]).includes(recipe)) throw new RangeError(`options.recipe must be one of ${HF_RECIPES.map((r) => `'${r}'`).join(', ')}, got ${describe(recipe)}`);
  // torch_dtype names the weights' type on the Hub; one this library cannot write falls back to float32.
  const fromConfig = (DTYPES as readonly unknown[]).includes(config.torch_dtype) ? config.torch_dtype as HuggingFaceDType : 'float32';
  const dtype = o.dtype ?? fromConfig;
  if (!(DTYPES as readonly unknown[]).includes(dtype)) throw new RangeError(`options.dtype must be one of ${DTYPES.map((d) => `'${d}'`).join(', ')}, got ${describe(dtype)}`);
  return { recipe, dtype, recipeOptions: o.baseWidth === undefined ? {} : { baseWidth: o.baseWidth } };
}
