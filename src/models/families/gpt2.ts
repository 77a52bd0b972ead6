// GPT-2 as GPT2LMHeadModel saves it (transformers models/gpt2/modeling_gpt2.py): prefix
// `transformer.`, Conv1D weights stored [in, out], the attention mask buffers `attn.bias` /
// `attn.masked_bias` non-persistent (not in the state dict) since v4.31, and `lm_head.weight`
// tied to `transformer.wte.weight` (so not saved) unless tie_word_embeddings is false.
import { flag, headDimOf, normalInit, ONES, ParamList, positiveInt, positiveNumber, presentKey, ZEROS, type Family, type HFConfig } from '../config.js';
import type { Architecture, ArchParam, ParamInit } from '../types.js';

/**
 * The parameters of GPT2LMHeadModel for a `model_type: 'gpt2'` config, in state-dict order:
 * wte, wpe, per block ln_1, attn.c_attn, attn.c_proj, ln_2, (crossattention, ln_cross_attn when
 * add_cross_attention), mlp.c_fc, mlp.c_proj; ln_f; lm_head only when untied.
 * @throws TypeError/RangeError naming the config key.
 */
export function gpt2Architecture(config: HFConfig): Architecture {
  // GPT2Config's attribute_map reads hidden_size as n_embd etc.; config.json files use the n_ names.
  const vocabSize = positiveInt(config, 'vocab_size');
  const positions = positiveInt(config, ['n_positions', 'max_position_embeddings']);
  const hidden = positiveInt(config, ['n_embd', 'hidden_size']);
  const numLayers = positiveInt(config, ['n_layer', 'num_hidden_layers']);
  const numHeads = positiveInt(config, ['n_head', 'num_attention_heads']);
  const headDim = headDimOf(hidden, presentKey(config, ['n_embd', 'hidden_size']), numHeads, presentKey(config, ['n_head', 'num_attention_heads']));
  // GPT2Block: inner_dim = n_inner if not None else 4 * hidden_size.
  const inner = positiveInt(config, 'n_inner', 4 * hidden);
  const crossAttention = flag(config, 'add_cross_attention', false);
  const tied = flag(config, 'tie_word_embeddings', true);
  const list = new ParamList();
  list.embedding('transformer.wte.weight', vocabSize, hidden, 'tokenEmbedding');
  list.embedding('transformer.wpe.weight', positions, hidden, 'positionEmbedding');
  for (let i = 0; i < numLayers; i++) {
    list.layer = i;
    const h = `transformer.h.${i}`;
    list.norm(`${h}.ln_1`, hidden, true);
    list.conv1d(`${h}.attn.c_attn`, hidden, 3 * hidden, 'attentionIn');
    list.conv1d(`${h}.attn.c_proj`, hidden, hidden, 'attentionOut');
    list.norm(`${h}.ln_2`, hidden, true);
    if (crossAttention) {
      // GPT2Attention(is_cross_attention=True) registers c_attn (k, v), q_attn, then c_proj.
      list.conv1d(`${h}.crossattention.c_attn`, hidden, 2 * hidden, 'attentionIn');
      list.conv1d(`${h}.crossattention.q_attn`, hidden, hidden, 'attentionIn');
      list.conv1d(`${h}.crossattention.c_proj`, hidden, hidden, 'attentionOut');
      list.norm(`${h}.ln_cross_attn`, hidden, true);
    }
    list.conv1d(`${h}.mlp.c_fc`, hidden, inner, 'mlpIn');
    list.conv1d(`${h}.mlp.c_proj`, inner, hidden, 'mlpOut');
  }
  list.layer = undefined;
  list.norm('transformer.ln_f', hidden, true);
  if (!tied) list.linear('lm_head', hidden, vocabSize, 'lmHead', false);
  return {
    modelType: 'gpt2', headClass: 'GPT2LMHeadModel', params: list.params,
    hiddenSize: hidden, numLayers, numHeads, headDim, numKeyValueHeads: numHeads, intermediateSize: inner, vocabSize,
    initializerRange: positiveNumber(config, 'initializer_range', 0.02), tiedEmbeddings: tied,
  };
}

/**
 * GPT2PreTrainedModel._init_weights: Linear/Conv1D and Embedding weights N(0, initializer_range²),
 * biases 0, LayerNorm 1 and 0; then every `c_proj.weight` (attention, cross-attention and MLP
 * output projections) redrawn at std initializer_range / √(2·n_layer), the GPT-2 paper's
 * residual scaling (two residual branches per block).
 */
export function gpt2Init(p: ArchParam, arch: Architecture): ParamInit {
  switch (p.role) {
    case 'norm': return ONES;
    case 'bias': return ZEROS;
    case 'attentionOut':
    case 'mlpOut': return normalInit(arch.initializerRange / Math.sqrt(2 * arch.numLayers));
    default: return normalInit(arch.initializerRange);
  }
}

/** The GPT-2 family. */
export const GPT2: Family = { headClass: () => 'GPT2LMHeadModel', architecture: gpt2Architecture, hfInit: gpt2Init };
