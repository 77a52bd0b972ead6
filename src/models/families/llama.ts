// The Llama structure, shared by model_type 'llama', 'mistral' and 'qwen2' as their *ForCausalLM
// classes save it (transformers models/llama/modeling_llama.py; mistral/ and qwen2/ reuse it):
// prefix `model.`, grouped-query attention (k_proj/v_proj have num_key_value_heads · head_dim
// rows), RMSNorm weights only, no rotary buffers (inv_freq is non-persistent), and `lm_head.weight`
// saved only when tie_word_embeddings is false.
import { flag, headDimOf, normalInit, ONES, ParamList, positiveInt, positiveNumber, tokenIndex, ZEROS, type Family, type HFConfig } from '../config.js';
import type { Architecture, ArchParam, ParamInit } from '../types.js';

const HEAD_CLASS: Readonly<Record<string, string>> = { llama: 'LlamaForCausalLM', mistral: 'MistralForCausalLM', qwen2: 'Qwen2ForCausalLM' };

/** Which projections carry biases in each model type. */
function biases(config: HFConfig, modelType: string): { qkv: boolean; o: boolean; mlp: boolean } {
  if (modelType === 'qwen2') return { qkv: true, o: false, mlp: false }; // Qwen2Attention: bias=True on q, k, v only
  if (modelType === 'mistral') return { qkv: false, o: false, mlp: false }; // MistralAttention/MLP: bias=False
  // LlamaAttention: bias=config.attention_bias on all four; LlamaMLP: bias=config.mlp_bias.
  const attention = flag(config, 'attention_bias', false);
  return { qkv: attention, o: attention, mlp: flag(config, 'mlp_bias', false) };
}

/**
 * The parameters of LlamaForCausalLM / MistralForCausalLM / Qwen2ForCausalLM, in state-dict order:
 * model.embed_tokens; per layer self_attn.{q,k,v,o}_proj, mlp.{gate,up,down}_proj,
 * input_layernorm, post_attention_layernorm; model.norm; lm_head when untied.
 * head_dim is config.head_dim when given, else hidden_size / num_attention_heads.
 * @throws TypeError/RangeError naming the config key.
 */
export function llamaArchitecture(config: HFConfig, modelType: string): Architecture {
  const vocabSize = positiveInt(config, 'vocab_size');
  const hidden = positiveInt(config, 'hidden_size');
  const numLayers = positiveInt(config, 'num_hidden_layers');
  const numHeads = positiveInt(config, 'num_attention_heads');
  const intermediate = positiveInt(config, 'intermediate_size');
  // LlamaConfig: num_key_value_heads None means multi-head attention.
  const numKeyValueHeads = positiveInt(config, 'num_key_value_heads', numHeads);
  if (numHeads % numKeyValueHeads !== 0) {
    throw new RangeError(`config.num_attention_heads (${numHeads}) must be divisible by config.num_key_value_heads (${numKeyValueHeads}): each key/value head serves a whole group of query heads`);
  }
  const headDim = config.head_dim === undefined || config.head_dim === null
    ? headDimOf(hidden, 'hidden_size', numHeads, 'num_attention_heads')
    : positiveInt(config, 'head_dim');
  const tied = flag(config, 'tie_word_embeddings', false);
  const bias = biases(config, modelType);
  const list = new ParamList();
  // LlamaModel: nn.Embedding(vocab_size, hidden_size, padding_idx=config.pad_token_id).
  list.embedding('model.embed_tokens.weight', vocabSize, hidden, 'tokenEmbedding', tokenIndex(config, 'pad_token_id', vocabSize, 'vocab_size'));
  for (let i = 0; i < numLayers; i++) {
    list.layer = i;
    const l = `model.layers.${i}`;
    list.linear(`${l}.self_attn.q_proj`, hidden, numHeads * headDim, 'attentionIn', bias.qkv);
    list.linear(`${l}.self_attn.k_proj`, hidden, numKeyValueHeads * headDim, 'attentionIn', bias.qkv);
    list.linear(`${l}.self_attn.v_proj`, hidden, numKeyValueHeads * headDim, 'attentionIn', bias.qkv);
    list.linear(`${l}.self_attn.o_proj`, numHeads * headDim, hidden, 'attentionOut', bias.o);
    list.linear(`${l}.mlp.gate_proj`, hidden, intermediate, 'mlpIn', bias.mlp);
    list.linear(`${l}.mlp.up_proj`, hidden, intermediate, 'mlpIn', bias.mlp);
    list.linear(`${l}.mlp.down_proj`, intermediate, hidden, 'mlpOut', bias.mlp);
    list.norm(`${l}.input_layernorm`, hidden, false);
    list.norm(`${l}.post_attention_layernorm`, hidden, false);
  }
  list.layer = undefined;
  list.norm('model.norm', hidden, false);
  if (!tied) list.linear('lm_head', hidden, vocabSize, 'lmHead', false);
  return {
    modelType, headClass: HEAD_CLASS[modelType]!, params: list.params,
    hiddenSize: hidden, numLayers, numHeads, headDim, numKeyValueHeads, intermediateSize: intermediate, vocabSize,
    initializerRange: positiveNumber(config, 'initializer_range', 0.02), tiedEmbeddings: tied,
  };
}

/**
 * LlamaPreTrainedModel._init_weights (Mistral and Qwen2 inherit it): Linear and Embedding weights
 * N(0, initializer_range²), biases 0, the padding row of embed_tokens 0; RMSNorm weights are
 * `torch.ones` from the constructor (later versions also fill_(1.0) them).
 */
export function llamaInit(p: ArchParam, arch: Architecture): ParamInit {
  if (p.role === 'norm') return ONES;
  if (p.role === 'bias') return ZEROS;
  return normalInit(arch.initializerRange);
}

/** The Llama / Mistral / Qwen2 family. */
export const LLAMA: Family = { headClass: (t) => HEAD_CLASS[t]!, architecture: llamaArchitecture, hfInit: llamaInit };
