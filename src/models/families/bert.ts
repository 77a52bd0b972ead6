// BERT as BertModel saves it (transformers models/bert/modeling_bert.py): the base model's
// save_pretrained writes no `bert.` prefix (that prefix belongs to the head classes such as
// BertForMaskedLM), the position_ids / token_type_ids buffers are non-persistent (since v4.31),
// and the pooler is there because add_pooling_layer defaults to True.
import { choice, flag, headDimOf, normalInit, ONES, ParamList, positiveInt, positiveNumber, tokenIndex, ZEROS, type Family, type HFConfig } from '../config.js';
import type { Architecture, ArchParam, ParamInit } from '../types.js';

/** BertAttention's parameters under `prefix` (self-attention or cross-attention). */
function attention(list: ParamList, prefix: string, hidden: number, headDim: number, positions: number, relative: boolean): void {
  list.linear(`${prefix}.self.query`, hidden, hidden, 'attentionIn', true);
  list.linear(`${prefix}.self.key`, hidden, hidden, 'attentionIn', true);
  list.linear(`${prefix}.self.value`, hidden, hidden, 'attentionIn', true);
  // relative_key(_query): nn.Embedding(2 * max_position_embeddings - 1, attention_head_size), registered after value.
  if (relative) list.embedding(`${prefix}.self.distance_embedding.weight`, 2 * positions - 1, headDim, 'positionEmbedding');
  list.linear(`${prefix}.output.dense`, hidden, hidden, 'attentionOut', true);
  list.norm(`${prefix}.output.LayerNorm`, hidden, true);
}

/**
 * The parameters of BertModel, in state-dict order: embeddings (word, position, token_type,
 * LayerNorm), per layer attention (self.query/key/value, output.dense, output.LayerNorm),
 * crossattention when add_cross_attention, intermediate.dense, output.dense, output.LayerNorm;
 * pooler.dense. The word embedding's row pad_token_id (BertConfig default 0) is the padding row.
 * @throws TypeError/RangeError naming the config key.
 */
export function bertArchitecture(config: HFConfig): Architecture {
  const vocabSize = positiveInt(config, 'vocab_size');
  const hidden = positiveInt(config, 'hidden_size');
  const numLayers = positiveInt(config, 'num_hidden_layers');
  const numHeads = positiveInt(config, 'num_attention_heads');
  const intermediate = positiveInt(config, 'intermediate_size');
  const positions = positiveInt(config, 'max_position_embeddings');
  const typeVocab = positiveInt(config, 'type_vocab_size', 2);
  const headDim = headDimOf(hidden, 'hidden_size', numHeads, 'num_attention_heads');
  const relative = choice(config, 'position_embedding_type', ['absolute', 'relative_key', 'relative_key_query'], 'absolute') !== 'absolute';
  const crossAttention = flag(config, 'add_cross_attention', false);
  // BertConfig's pad_token_id defaults to 0 (absent from the key list = 0; an explicit null = none).
  const padding = config.pad_token_id === undefined ? 0 : tokenIndex(config, 'pad_token_id', vocabSize, 'vocab_size');
  const list = new ParamList();
  list.embedding('embeddings.word_embeddings.weight', vocabSize, hidden, 'tokenEmbedding', padding);
  list.embedding('embeddings.position_embeddings.weight', positions, hidden, 'positionEmbedding');
  list.embedding('embeddings.token_type_embeddings.weight', typeVocab, hidden, 'typeEmbedding');
  list.norm('embeddings.LayerNorm', hidden, true);
  for (let i = 0; i < numLayers; i++) {
    list.layer = i;
    const l = `encoder.layer.${i}`;
    attention(list, `${l}.attention`, hidden, headDim, positions, relative);
    if (crossAttention) attention(list, `${l}.crossattention`, hidden, headDim, positions, relative);
    list.linear(`${l}.intermediate.dense`, hidden, intermediate, 'mlpIn', true);
    list.linear(`${l}.output.dense`, intermediate, hidden, 'mlpOut', true);
    list.norm(`${l}.output.LayerNorm`, hidden, true);
  }
  list.layer = undefined;
  list.linear('pooler.dense', hidden, hidden, 'pooler', true);
  return {
    modelType: 'bert', headClass: 'BertModel', params: list.params,
    hiddenSize: hidden, numLayers, numHeads, headDim, numKeyValueHeads: numHeads, intermediateSize: intermediate, vocabSize,
    initializerRange: positiveNumber(config, 'initializer_range', 0.02), tiedEmbeddings: false,
  };
}

/**
 * BertPreTrainedModel._init_weights: Linear and Embedding weights N(0, initializer_range²), the
 * padding row of the word embedding 0, biases 0, LayerNorm 1 and 0.
 */
export function bertInit(p: ArchParam, arch: Architecture): ParamInit {
  if (p.role === 'norm') return ONES;
  if (p.role === 'bias') return ZEROS;
  return normalInit(arch.initializerRange);
}

/** The BERT family. */
export const BERT: Family = { headClass: () => 'BertModel', architecture: bertArchitecture, hfInit: bertInit };
