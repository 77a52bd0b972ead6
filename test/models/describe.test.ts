// describeSpec / initStats / compareSpecs: totals against published counts, the closed forms against
// values derived here by hand, and each reported std against the std of the values initModel draws
// (within 5 standard errors of a sample std: SE ≈ σ·√((κ − 1)/(4n)), κ the measured kurtosis).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { compareSpecs, describeSpec, groupName, huggingFaceSpec, initModel, initStats, type ModelSpec } from '../../src/index.js';

const config = (name: string): Record<string, unknown> => JSON.parse(readFileSync(`examples/${name}/config.json`, 'utf8')) as Record<string, unknown>;
const relErr = (x: number, y: number): number => Math.abs(x / y - 1);

/** Sample mean, std and kurtosis of an array. */
function moments(a: Float32Array): { mean: number; std: number; kurtosis: number; n: number } {
  let s = 0;
  for (const x of a) s += x;
  const mean = s / a.length;
  let m2 = 0, m4 = 0;
  for (const x of a) { const d = (x - mean) * (x - mean); m2 += d; m4 += d * d; }
  m2 /= a.length; m4 /= a.length;
  return { mean, std: Math.sqrt(m2), kurtosis: m4 / (m2 * m2), n: a.length };
}

/** |measured − reported| within 5 SE of a sample std. */
function expectStdWithin5SE(values: Float32Array, reported: number, label: string): void {
  const m = moments(values);
  const se = reported * Math.sqrt((m.kurtosis - 1) / (4 * m.n));
  expect(Math.abs(m.std - reported), `${label}: measured ${m.std}, reported ${reported}, SE ${se}`).toBeLessThan(5 * se);
}

describe('describeSpec', () => {
  test('gpt2: 124,439,808 parameters (the published count), 148 tensors, bytes per dtype; groups by pattern', () => {
    const d = describeSpec(huggingFaceSpec(config('gpt2')));
    expect(d.totals).toEqual({ tensors: 148, parameters: 124_439_808, bytes: { float32: 497_759_232, bfloat16: 248_879_616, float16: 248_879_616 } });
    expect(d.dtype).toBe('float32');
    expect(d.groups).toHaveLength(16);
    const proj = d.groups.find((g) => g.name === 'transformer.h.*.attn.c_proj.weight')!;
    expect(proj.tensors).toBe(12);
    expect(proj.inits).toHaveLength(1);
    expect(proj.inits[0]).toMatchObject({ init: 'normal', mean: 0, std: 0.02 / Math.sqrt(2 * 12), bounds: null });
    expect(describeSpec(huggingFaceSpec(config('llama'))).dtype).toBe('bfloat16'); // torch_dtype of the config
    expect(describeSpec(huggingFaceSpec(config('gpt2')), { dtype: 'float16' }).dtype).toBe('float16');
  });

  test('group names: numeric path components become *', () => {
    expect(groupName('transformer.h.11.attn.c_attn.weight')).toBe('transformer.h.*.attn.c_attn.weight');
    expect(groupName('layer1.0.conv1.weight')).toBe('layer1.*.conv1.weight');
    expect(groupName('blocks.2.experts.7.w1')).toBe('blocks.*.experts.*.w1');
  });

  test('truncated normal (olmo-mitchell, ±3 std): the truncated std, hand-derived; one line per distinct depth-scaled std', () => {
    const c = { ...config('llama'), hidden_size: 64, intermediate_size: 176, num_hidden_layers: 3, num_attention_heads: 4, num_key_value_heads: 2, vocab_size: 300 };
    const spec = huggingFaceSpec(c, { recipe: 'olmo-mitchell' });
    const d = describeSpec(spec);
    // std of N(0, 1) truncated to ±3: √(1 − 2·3·φ(3) / (1 − 2·Q(3))), Q(3) = 0.0013498980316300946 (tables).
    const phi3 = Math.exp(-4.5) / Math.sqrt(2 * Math.PI);
    const ratio = Math.sqrt(1 - (6 * phi3) / (1 - 2 * 0.0013498980316300946));
    const q = d.groups.find((g) => g.name === 'model.layers.*.self_attn.q_proj.weight')!;
    expect(q.inits).toHaveLength(1);
    expect(relErr(q.inits[0]!.std!, ratio / 8)).toBeLessThan(1e-14);
    expect(q.inits[0]!.mean).toBe(0);
    expect(q.inits[0]!.bounds).toEqual([-3 / 8, 3 / 8]);
    const o = d.groups.find((g) => g.name === 'model.layers.*.self_attn.o_proj.weight')!;
    expect(o.inits.map((i) => i.options.std)).toEqual([0, 1, 2].map((l) => 1 / Math.sqrt(2 * 64 * (l + 1))));
    expect(o.inits.map((i) => i.tensors)).toEqual([1, 1, 1]);
    const m = initModel(spec, { seed: 7 });
    expectStdWithin5SE(m.get('model.layers.0.self_attn.q_proj.weight')!, q.inits[0]!.std!, 'q_proj');
    const values = m.get('model.layers.2.self_attn.o_proj.weight')!;
    expectStdWithin5SE(values, o.inits[2]!.std!, 'o_proj layer 2');
    expect(values.every((x) => x >= o.inits[2]!.bounds![0] && x <= o.inits[2]!.bounds![1])).toBe(true);
  });

  test('kaiming uniform (timm-vit patch embedding, a = √5): bound 1/√fanIn, std bound/√3, hand-derived; measured within 5 SE', () => {
    const c = { ...config('vit'), hidden_size: 96, intermediate_size: 192, num_hidden_layers: 1, num_attention_heads: 4, image_size: 32, patch_size: 8, num_labels: 10 };
    const spec = huggingFaceSpec(c, { recipe: 'timm-vit' });
    const g = describeSpec(spec).groups.find((x) => x.name === 'vit.embeddings.patch_embeddings.projection.weight')!;
    const fanIn = 3 * 8 * 8; // [96, 3, 8, 8]
    // gain = √(2/(1 + a²)) = √(1/3); bound = √3·gain/√fanIn = 1/√fanIn.
    const [lo, hi] = g.inits[0]!.bounds!;
    expect(relErr(hi, 1 / Math.sqrt(fanIn))).toBeLessThan(1e-15);
    expect(lo).toBe(-hi);
    expect(relErr(g.inits[0]!.std!, 1 / Math.sqrt(3 * fanIn))).toBeLessThan(1e-15);
    const w = initModel(spec, { seed: 1 }).get('vit.embeddings.patch_embeddings.projection.weight')!;
    expectStdWithin5SE(w, g.inits[0]!.std!, 'patch embedding');
    expect(w.every((x) => x >= lo && x <= hi)).toBe(true);
  });

  test('initStats: presets, xavier, constants, eye, dirac, sparse, orthogonal against their definitions and draws', () => {
    expect(relErr(initStats('he_normal', [64, 128]).std!, Math.sqrt(2 / 128))).toBeLessThan(1e-15);
    expect(relErr(initStats('glorot_uniform', [64, 128]).bounds![1], Math.sqrt(6 / 192))).toBeLessThan(1e-15);
    expect(relErr(initStats('xavier_normal', [64, 128], { gain: 2 }).std!, 2 * Math.sqrt(2 / 192))).toBeLessThan(1e-15);
    expect(initStats('constant', [3], { value: 0.1 })).toMatchObject({ mean: Math.fround(0.1), std: 0, bounds: [Math.fround(0.1), Math.fround(0.1)] });
    expect(initStats('normal', [3], { stddev: 0.05 })).toMatchObject({ mean: 0, std: 0.05, bounds: null }); // Keras key
    expect(initStats('uniform', [3], { low: -1, high: 3 })).toMatchObject({ mean: 1, std: 4 / Math.sqrt(12), bounds: [-1, 3] });
    const eye = initStats('eye', [4, 6]); // 4 of 24 ones
    expect(eye.mean).toBe(4 / 24);
    expect(eye.std).toBeCloseTo(Math.sqrt((4 / 24) * (20 / 24)), 15);
    expect(initStats('dirac', [8, 4, 3, 3], { groups: 2 }).mean).toBe(8 / 288); // 2 groups × min(4, 4)
    for (const [id, shape, opts] of [['sparse', [200, 300], { sparsity: 0.3, std: 0.1 }], ['orthogonal', [128, 300], { gain: 1.5 }], ['truncated_normal', [256, 256], { mean: 1, std: 2, a: 0, b: 3, bounds: 'absolute' }]] as const) {
      const s = initStats(id, shape, opts);
      const spec: ModelSpec = [{ name: 'w', shape: [...shape], init: id, options: { ...opts } }];
      const values = initModel(spec, { seed: 5 }).get('w')!;
      expectStdWithin5SE(values, s.std!, id);
      if (id === 'truncated_normal') expect(Math.abs(moments(values).mean - s.mean!)).toBeLessThan(5 * s.std! / Math.sqrt(values.length));
    }
  });

  test('errors name the spec entry and the option', () => {
    expect(() => describeSpec([{ name: 'w', shape: [2], init: 'nope' }])).toThrow(/spec\[0\]\.init/);
    expect(() => describeSpec([], { dtype: 'float64' as never })).toThrow(/options\.dtype must be one of 'float32', 'bfloat16', 'float16'/);
  });
});

describe('compareSpecs', () => {
  test('what μP changes in GPT-2: the hidden and output matrices (the tied head is the embedding, unchanged)', () => {
    const c = { ...config('gpt2'), n_layer: 2, n_embd: 64, n_head: 4, vocab_size: 100, n_positions: 32 };
    const r = compareSpecs(huggingFaceSpec(c), huggingFaceSpec(c, { recipe: 'mup', baseWidth: 16 }));
    expect(r.differing.map((g) => g.name)).toEqual([
      'transformer.h.*.attn.c_attn.weight', 'transformer.h.*.attn.c_proj.weight', 'transformer.h.*.mlp.c_fc.weight', 'transformer.h.*.mlp.c_proj.weight',
    ]);
    expect(r.identical).toBe(12);
    const proj = r.differing[1]!;
    expect(proj.a!.inits[0]!.std).toBe(0.02 / Math.sqrt(4));
    expect(proj.b!.inits[0]!.std).toBe(0.02 / (Math.sqrt(4) * Math.sqrt(4)));
    expect(compareSpecs(huggingFaceSpec(c), huggingFaceSpec(c)).differing).toEqual([]);
  });
});
