// ViT as ViTForImageClassification saves it (transformers models/vit/modeling_vit.py): prefix
// `vit.`, ViTModel built with add_pooling_layer=False (so no pooler), no mask_token
// (use_mask_token=False), and a `classifier` Linear of num_labels outputs.
import { flag, headDimOf, ONES, ParamList, positiveInt, positiveNumber, truncNormalInit, ZEROS, type Family, type HFConfig } from '../config.js';
import { describe } from '../../validate.js';
import type { Architecture, ArchParam, ParamInit } from '../types.js';

/** image_size / patch_size: an int, or a [height, width] pair (ViTPatchEmbeddings accepts both). */
function pair(config: HFConfig, key: string, fallback: number): [number, number] {
  const v = config[key];
  if (Array.isArray(v)) {
    if (v.length !== 2) throw new RangeError(`config.${key} must be a positive integer or a pair [height, width], got ${describe(v)}`);
    return [positiveInt({ [`${key}[0]`]: v[0] }, `${key}[0]`), positiveInt({ [`${key}[1]`]: v[1] }, `${key}[1]`)];
  }
  const n = positiveInt(config, key, fallback);
  return [n, n];
}

/**
 * The labels of a classification head, as PretrainedConfig reads them: len(id2label) when given,
 * else num_labels, else 2.
 */
function numLabels(config: HFConfig): number {
  const labels = config.id2label;
  if (labels !== undefined && labels !== null) {
    if (typeof labels !== 'object' || Array.isArray(labels)) throw new TypeError(`config.id2label must be an object { id: label }, got ${describe(labels)}`);
    return Object.keys(labels).length;
  }
  const n = config.num_labels;
  if (n === undefined || n === null) return 2;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new RangeError(`config.num_labels must be a non-negative integer, got ${describe(n)}`);
  return n;
}

/**
 * The parameters of ViTForImageClassification, in state-dict order: vit.embeddings.cls_token and
 * position_embeddings (ViTEmbeddings' own parameters come before its submodule's), the patch
 * projection Conv2d; per layer attention.attention.query/key/value, attention.output.dense,
 * intermediate.dense, output.dense, layernorm_before, layernorm_after; vit.layernorm; classifier
 * (absent when num_labels is 0: HF uses nn.Identity).
 * @throws TypeError/RangeError naming the config key.
 */
export function vitArchitecture(config: HFConfig): Architecture {
  const hidden = positiveInt(config, 'hidden_size');
  const numLayers = positiveInt(config, 'num_hidden_layers');
  const numHeads = positiveInt(config, 'num_attention_heads');
  const intermediate = positiveInt(config, 'intermediate_size');
  const headDim = headDimOf(hidden, 'hidden_size', numHeads, 'num_attention_heads');
  const [imageH, imageW] = pair(config, 'image_size', 224);
  const [patchH, patchW] = pair(config, 'patch_size', 16);
  if (imageH < patchH || imageW < patchW) throw new RangeError(`config.image_size (${imageH}x${imageW}) must be at least config.patch_size (${patchH}x${patchW})`);
  const channels = positiveInt(config, 'num_channels', 3);
  const qkvBias = flag(config, 'qkv_bias', true);
  const labels = numLabels(config);
  // ViTPatchEmbeddings: num_patches = (image_size[1] // patch_size[1]) * (image_size[0] // patch_size[0]).
  const numPatches = Math.floor(imageW / patchW) * Math.floor(imageH / patchH);
  const list = new ParamList();
  list.add('vit.embeddings.cls_token', [1, 1, hidden], 'classToken', 1, hidden);
  list.add('vit.embeddings.position_embeddings', [1, numPatches + 1, hidden], 'positionEmbedding', numPatches + 1, hidden);
  // Conv2d(num_channels, hidden, kernel=stride=patch): each patch's C·p·p pixels to hidden.
  const patchFanIn = channels * patchH * patchW;
  list.add('vit.embeddings.patch_embeddings.projection.weight', [hidden, channels, patchH, patchW], 'patchEmbedding', patchFanIn, hidden);
  list.add('vit.embeddings.patch_embeddings.projection.bias', [hidden], 'bias', patchFanIn, hidden);
  for (let i = 0; i < numLayers; i++) {
    list.layer = i;
    const l = `vit.encoder.layer.${i}`;
    list.linear(`${l}.attention.attention.query`, hidden, hidden, 'attentionIn', qkvBias);
    list.linear(`${l}.attention.attention.key`, hidden, hidden, 'attentionIn', qkvBias);
    list.linear(`${l}.attention.attention.value`, hidden, hidden, 'attentionIn', qkvBias);
    list.linear(`${l}.attention.output.dense`, hidden, hidden, 'attentionOut', true);
    list.linear(`${l}.intermediate.dense`, hidden, intermediate, 'mlpIn', true);
    list.linear(`${l}.output.dense`, intermediate, hidden, 'mlpOut', true);
    list.norm(`${l}.layernorm_before`, hidden, true);
    list.norm(`${l}.layernorm_after`, hidden, true);
  }
  list.layer = undefined;
  list.norm('vit.layernorm', hidden, true);
  if (labels > 0) list.linear('classifier', hidden, labels, 'classifier', true);
  return {
    modelType: 'vit', headClass: 'ViTForImageClassification', params: list.params,
    hiddenSize: hidden, numLayers, numHeads, headDim, numKeyValueHeads: numHeads, intermediateSize: intermediate,
    initializerRange: positiveNumber(config, 'initializer_range', 0.02), tiedEmbeddings: false,
  };
}

/**
 * ViTPreTrainedModel._init_weights: Linear and Conv2d weights — the classifier included, it is
 * a plain Linear, not zero-initialised — `nn.init.trunc_normal_(std=initializer_range)` (drawn in
 * float32, bounds ±2 absolute), biases 0, LayerNorm 1 and 0, and ViTEmbeddings' cls_token and
 * position_embeddings trunc_normal_ the same way.
 */
export function vitInit(p: ArchParam, arch: Architecture): ParamInit {
  if (p.role === 'norm') return ONES;
  if (p.role === 'bias') return ZEROS;
  return truncNormalInit(arch.initializerRange);
}

/** The ViT family. */
export const VIT: Family = { headClass: () => 'ViTForImageClassification', architecture: vitArchitecture, hfInit: vitInit };
