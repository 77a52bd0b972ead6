// The family builders on the config options the published fixtures do not exercise (GQA with an
// explicit head_dim, Llama's attention_bias / mlp_bias, Qwen2's q/k/v biases, GPT-2's n_inner and
// cross-attention, BERT's relative positions, ViT's label maps and rectangular images), the roles,
// fans and layers recipes read, and ParamSpec.paddingIdx / spec documents in planModel.
import { describe, expect, test } from 'vitest';
import { huggingFaceArchitecture, huggingFaceSpec, initModel } from '../../src/index.js';
import { planModel } from '../../src/interop/model-init.js';

const names = (c: Record<string, unknown>) => huggingFaceSpec(c).parameters.map((p) => p.name);
const shapeOf = (c: Record<string, unknown>, name: string) => huggingFaceSpec(c).parameters.find((p) => p.name === name)?.shape;

const LLAMA = { model_type: 'llama', vocab_size: 50, hidden_size: 64, num_hidden_layers: 2, num_attention_heads: 8, intermediate_size: 96 };

describe('Llama structure', () => {
  test('GQA: k/v rows num_key_value_heads · head_dim; head_dim from the config key when given (o_proj takes heads · head_dim)', () => {
    const c = { ...LLAMA, num_key_value_heads: 2, head_dim: 4 };
    expect(shapeOf(c, 'model.layers.0.self_attn.q_proj.weight')).toEqual([32, 64]);
    expect(shapeOf(c, 'model.layers.0.self_attn.k_proj.weight')).toEqual([8, 64]);
    expect(shapeOf(c, 'model.layers.0.self_attn.v_proj.weight')).toEqual([8, 64]);
    expect(shapeOf(c, 'model.layers.0.self_attn.o_proj.weight')).toEqual([64, 32]);
    expect(huggingFaceArchitecture(c)).toMatchObject({ headDim: 4, numKeyValueHeads: 2, numHeads: 8 });
    // head_dim: null falls back to hidden / heads (Mistral's `config.head_dim or …`).
    expect(huggingFaceArchitecture({ ...c, head_dim: null }).headDim).toBe(8);
    // num_key_value_heads absent: multi-head attention.
    expect(shapeOf(LLAMA, 'model.layers.1.self_attn.k_proj.weight')).toEqual([64, 64]);
  });

  test("attention_bias puts biases on q, k, v and o; mlp_bias on gate, up, down (Llama only)", () => {
    const layer0 = (c: Record<string, unknown>) => names(c).filter((n) => n.startsWith('model.layers.0.')).map((n) => n.slice('model.layers.0.'.length));
    expect(layer0({ ...LLAMA, attention_bias: true, mlp_bias: true })).toEqual([
      'self_attn.q_proj.weight', 'self_attn.q_proj.bias', 'self_attn.k_proj.weight', 'self_attn.k_proj.bias',
      'self_attn.v_proj.weight', 'self_attn.v_proj.bias', 'self_attn.o_proj.weight', 'self_attn.o_proj.bias',
      'mlp.gate_proj.weight', 'mlp.gate_proj.bias', 'mlp.up_proj.weight', 'mlp.up_proj.bias', 'mlp.down_proj.weight', 'mlp.down_proj.bias',
      'input_layernorm.weight', 'post_attention_layernorm.weight',
    ]);
    // Qwen2 has q/k/v biases whatever the config says; Mistral none.
    const qwen = layer0({ ...LLAMA, model_type: 'qwen2', attention_bias: false, mlp_bias: true });
    expect(qwen.filter((n) => n.endsWith('.bias'))).toEqual(['self_attn.q_proj.bias', 'self_attn.k_proj.bias', 'self_attn.v_proj.bias']);
    expect(layer0({ ...LLAMA, model_type: 'mistral', attention_bias: true, mlp_bias: true }).filter((n) => n.endsWith('.bias'))).toEqual([]);
  });

  test('head classes and roles', () => {
    for (const [t, head] of [['llama', 'LlamaForCausalLM'], ['mistral', 'MistralForCausalLM'], ['qwen2', 'Qwen2ForCausalLM']]) {
      expect(huggingFaceArchitecture({ ...LLAMA, model_type: t }).headClass).toBe(head);
    }
    const a = huggingFaceArchitecture({ ...LLAMA, attention_bias: true });
    const role = (n: string) => a.params.find((p) => p.name === n);
    expect(role('model.embed_tokens.weight')).toMatchObject({ role: 'tokenEmbedding', fanIn: 50, fanOut: 64 });
    expect(role('model.layers.1.self_attn.o_proj.weight')).toMatchObject({ role: 'attentionOut', layer: 1, fanIn: 64, fanOut: 64 });
    expect(role('model.layers.1.self_attn.o_proj.bias')).toMatchObject({ role: 'bias', layer: 1 });
    expect(role('model.layers.0.mlp.down_proj.weight')).toMatchObject({ role: 'mlpOut', fanIn: 96, fanOut: 64 });
    expect(role('model.layers.0.input_layernorm.weight')).toMatchObject({ role: 'norm', layer: 0 });
    expect(role('lm_head.weight')).toMatchObject({ role: 'lmHead', fanIn: 64, fanOut: 50 });
    expect(role('model.norm.weight')!.layer).toBeUndefined();
  });
});

describe('GPT-2', () => {
  const GPT2 = { model_type: 'gpt2', vocab_size: 40, n_positions: 16, n_embd: 32, n_layer: 2, n_head: 4 };
  test('n_inner sets the MLP width; Conv1D weights are [in, out] with fans of the map', () => {
    const a = huggingFaceArchitecture({ ...GPT2, n_inner: 48 });
    expect(a.params.find((p) => p.name === 'transformer.h.0.mlp.c_fc.weight')).toMatchObject({ shape: [32, 48], fanIn: 32, fanOut: 48, role: 'mlpIn' });
    expect(a.params.find((p) => p.name === 'transformer.h.0.mlp.c_proj.weight')).toMatchObject({ shape: [48, 32], fanIn: 48, fanOut: 32, role: 'mlpOut' });
    expect(a.intermediateSize).toBe(48);
    expect(huggingFaceArchitecture({ ...GPT2, n_inner: null }).intermediateSize).toBe(128);
  });
  test('hidden_size / num_hidden_layers aliases are read like n_embd / n_layer', () => {
    const { n_embd: _e, n_layer: _l, ...rest } = GPT2;
    expect(names({ ...rest, hidden_size: 32, num_hidden_layers: 2 })).toEqual(names(GPT2));
  });
  test('add_cross_attention: crossattention.{c_attn [E, 2E], q_attn, c_proj} and ln_cross_attn after ln_2, c_proj scaled', () => {
    const spec = huggingFaceSpec({ ...GPT2, add_cross_attention: true });
    const block = spec.parameters.filter((p) => p.name.startsWith('transformer.h.0.')).map((p) => p.name.slice('transformer.h.0.'.length));
    expect(block).toEqual([
      'ln_1.weight', 'ln_1.bias', 'attn.c_attn.weight', 'attn.c_attn.bias', 'attn.c_proj.weight', 'attn.c_proj.bias',
      'ln_2.weight', 'ln_2.bias',
      'crossattention.c_attn.weight', 'crossattention.c_attn.bias', 'crossattention.q_attn.weight', 'crossattention.q_attn.bias',
      'crossattention.c_proj.weight', 'crossattention.c_proj.bias', 'ln_cross_attn.weight', 'ln_cross_attn.bias',
      'mlp.c_fc.weight', 'mlp.c_fc.bias', 'mlp.c_proj.weight', 'mlp.c_proj.bias',
    ]);
    expect(spec.parameters.find((p) => p.name === 'transformer.h.0.crossattention.c_attn.weight')!.shape).toEqual([32, 64]);
    expect(spec.parameters.find((p) => p.name === 'transformer.h.0.crossattention.c_proj.weight')!.options).toEqual({ mean: 0, std: 0.02 / Math.sqrt(4) });
  });
});

describe('BERT', () => {
  const BERT = { model_type: 'bert', vocab_size: 30, hidden_size: 32, num_hidden_layers: 1, num_attention_heads: 4, intermediate_size: 64, max_position_embeddings: 20 };
  test('relative_key: attention.self.distance_embedding [2·positions − 1, head size] after value', () => {
    const n = names({ ...BERT, position_embedding_type: 'relative_key' });
    const i = n.indexOf('encoder.layer.0.attention.self.distance_embedding.weight');
    expect(n[i - 1]).toBe('encoder.layer.0.attention.self.value.bias');
    expect(shapeOf({ ...BERT, position_embedding_type: 'relative_key_query' }, n[i]!)).toEqual([39, 8]);
  });
  test('add_cross_attention: a crossattention block between attention and intermediate', () => {
    const n = names({ ...BERT, add_cross_attention: true });
    expect(n.indexOf('encoder.layer.0.crossattention.self.query.weight')).toBe(n.indexOf('encoder.layer.0.attention.output.LayerNorm.bias') + 1);
    expect(n.indexOf('encoder.layer.0.intermediate.dense.weight')).toBe(n.indexOf('encoder.layer.0.crossattention.output.LayerNorm.bias') + 1);
  });
  test('type_vocab_size defaults to 2; pooler last', () => {
    expect(shapeOf(BERT, 'embeddings.token_type_embeddings.weight')).toEqual([2, 32]);
    expect(names(BERT).slice(-2)).toEqual(['pooler.dense.weight', 'pooler.dense.bias']);
    expect(huggingFaceArchitecture(BERT).params.find((p) => p.name === 'pooler.dense.weight')!.role).toBe('pooler');
  });
});

describe('ViT', () => {
  const VIT = { model_type: 'vit', hidden_size: 32, num_hidden_layers: 1, num_attention_heads: 4, intermediate_size: 64, image_size: 16, patch_size: 4 };
  test('num_labels from id2label first, then num_labels, else 2; 0 labels: no classifier (nn.Identity)', () => {
    expect(shapeOf({ ...VIT, id2label: { 0: 'cat', 1: 'dog', 2: 'eel' }, num_labels: 7 }, 'classifier.weight')).toEqual([3, 32]);
    expect(shapeOf({ ...VIT, num_labels: 7 }, 'classifier.weight')).toEqual([7, 32]);
    expect(shapeOf(VIT, 'classifier.bias')).toEqual([2]);
    expect(names({ ...VIT, num_labels: 0 }).at(-1)).toBe('vit.layernorm.bias');
  });
  test('rectangular image and patch pairs; channels; qkv_bias false drops the q/k/v biases', () => {
    const c = { ...VIT, image_size: [16, 24], patch_size: [4, 8], num_channels: 1, qkv_bias: false };
    expect(shapeOf(c, 'vit.embeddings.position_embeddings')).toEqual([1, 4 * 3 + 1, 32]);
    expect(shapeOf(c, 'vit.embeddings.patch_embeddings.projection.weight')).toEqual([32, 1, 4, 8]);
    expect(names(c).filter((n) => /attention\.attention\.\w+\.bias$/.test(n))).toEqual([]);
    const a = huggingFaceArchitecture(c);
    expect(a.params.find((p) => p.name === 'vit.embeddings.patch_embeddings.projection.weight')).toMatchObject({ role: 'patchEmbedding', fanIn: 32, fanOut: 32 });
    expect(a.params.find((p) => p.name === 'vit.embeddings.cls_token')).toMatchObject({ role: 'classToken' });
    expect(a.params.at(-2)).toMatchObject({ name: 'classifier.weight', role: 'classifier' });
    expect(() => huggingFaceSpec({ ...VIT, image_size: [16] })).toThrow(/config\.image_size must be a positive integer or a pair \[height, width\]/);
  });
});

describe('planModel: paddingIdx and spec documents', () => {
  const param = { name: 'emb.weight', shape: [6, 4], init: 'normal' };
  test('paddingIdx must be an integer in [0, shape[0]) of a rank ≥ 1 shape', () => {
    expect(() => planModel([{ ...param, paddingIdx: 6 }])).toThrow(RangeError);
    expect(() => planModel([{ ...param, paddingIdx: 6 }])).toThrow(/spec\[0\]\.paddingIdx must be an integer in \[0, shape\[0\] = 6\), got 6/);
    expect(() => planModel([{ ...param, paddingIdx: -1 }])).toThrow(RangeError);
    expect(() => planModel([{ ...param, paddingIdx: 1.5 }])).toThrow(RangeError);
    expect(() => planModel([{ ...param, paddingIdx: '1' }])).toThrow(TypeError);
    expect(() => planModel([{ name: 's', shape: [], init: 'normal', paddingIdx: 0 }])).toThrow(/spec\[0\]\.paddingIdx: a shape of rank 0 has no rows/);
    expect(() => planModel([{ ...param, padding: 1 }])).toThrow(/unknown field 'padding' \(allowed: name, shape, init, options, paddingIdx\)/);
  });
  test('a { parameters, metadata } document is read like its array; errors name spec.parameters[i]', () => {
    const arr = initModel([{ ...param, paddingIdx: 2 }], { seed: 3 }).get('emb.weight')!;
    const doc = initModel({ parameters: [{ ...param, paddingIdx: 2 }], metadata: { a: 'b' } }, { seed: 3 }).get('emb.weight')!;
    expect(doc).toEqual(arr);
    expect([...arr.subarray(8, 12)]).toEqual([0, 0, 0, 0]);
    expect(() => planModel({ parameters: [{ ...param, shape: [-1] }] })).toThrow(/spec\.parameters\[0\]/);
    expect(() => planModel({ parameters: [], extra: 1 })).toThrow(/spec: unknown field 'extra' \(allowed: parameters, metadata\)/);
    expect(() => planModel({ parameters: [], metadata: { n: 1 } })).toThrow(/spec\.metadata\.n must be a string/);
    expect(() => planModel({ params: [] })).toThrow(/spec must be an array of \{ name, shape, init, options \} or a document \{ parameters, metadata \}/);
  });
});
