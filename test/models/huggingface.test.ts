// huggingFaceSpec against hand-written fixtures (test/fixtures/hf: published configs, the
// state-dict keys and shapes the transformers modeling code gives, the published parameter
// counts), the 'hf' inits read from each family's _init_weights, measured moments of initModel's
// tensors, the padding row through every draw path, and the errors of bad configs and options.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { huggingFaceSpec, initModel } from '../../src/index.js';
import { writeSafetensors, writeSafetensorsSharded } from '../../src/node.js';
import { planModel, type ParamSpec } from '../../src/interop/model-init.js';
import { huggingFaceArchitecture } from '../../src/models/huggingface.js';
import { RECIPES, recipeInit } from '../../src/models/recipes.js';
import { Generator } from '../../src/random/generator.js';

interface Fixture {
  source: { config: string; modeling: string; count: string };
  config: Record<string, unknown>;
  headClass: string;
  parameters: number;
  keys: {
    before: [string, number[]][];
    layer: { prefix: string; count: number; keys: [string, number[]][] };
    after: [string, number[]][];
  };
}

const fixtureDir = new URL('../fixtures/hf/', import.meta.url);
const fixtures = readdirSync(fixtureDir).filter((f) => f.endsWith('.json')).sort()
  .map((f) => [f, JSON.parse(readFileSync(new URL(f, fixtureDir), 'utf8')) as Fixture] as const);

/** The fixture's key list expanded: before, the layer template for every i, after. */
function expectedKeys(k: Fixture['keys']): [string, number[]][] {
  const layers = Array.from({ length: k.layer.count }, (_, i) =>
    k.layer.keys.map(([name, shape]): [string, number[]] => [k.layer.prefix.replace('{i}', String(i)) + name, shape]));
  return [...k.before, ...layers.flat(), ...k.after];
}

const numel = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

describe('published models: keys, shapes, order and counts', () => {
  test('every family has fixtures for at least two sizes', () => {
    const types = fixtures.map(([, f]) => f.config.model_type as string);
    const family = (t: string) => (['llama', 'mistral', 'qwen2'].includes(t) ? 'llama' : t);
    for (const fam of ['gpt2', 'llama', 'bert', 'vit']) expect(types.filter((t) => family(t) === fam).length).toBeGreaterThanOrEqual(2);
  });

  for (const [file, f] of fixtures) {
    test(`${file}: ${f.headClass}, ${f.parameters.toLocaleString('en-US')} parameters`, () => {
      const spec = huggingFaceSpec(f.config);
      const want = expectedKeys(f.keys);
      expect(spec.parameters.map((p) => [p.name, [...p.shape]])).toEqual(want);
      // The fixture's own list sums to the published count (the hand derivation in source.count) …
      expect(want.reduce((s, [, shape]) => s + numel(shape), 0)).toBe(f.parameters);
      // … and the spec's metadata says the same.
      expect(spec.metadata['weight_init.parameters']).toBe(String(f.parameters));
      expect(spec.metadata['weight_init.head_class']).toBe(f.headClass);
      expect(spec.metadata.model_type).toBe(f.config.model_type);
      expect(spec.metadata['weight_init.recipe']).toBe('hf');
      expect(spec.metadata['weight_init.transformers']).toMatch(/^4\.\d+\.\d+$/);
      const torchDtype = f.config.torch_dtype;
      expect(spec.metadata['weight_init.dtype']).toBe(typeof torchDtype === 'string' ? torchDtype : 'float32');
    });
  }

  test('the published counts quoted in the issue', () => {
    const counts = Object.fromEntries(fixtures.map(([file, f]) => [file.replace(/\.json$/, ''), Number(huggingFaceSpec(f.config).metadata['weight_init.parameters'])]));
    expect(counts).toMatchObject({
      gpt2: 124_439_808, 'gpt2-medium': 354_823_168, 'llama-2-7b': 6_738_415_616, 'tinyllama-1.1b': 1_100_048_384,
      'qwen2-0.5b': 494_032_768, 'mistral-7b-v0.1': 7_241_732_096, 'bert-base-uncased': 109_482_240,
      'bert-large-uncased': 335_141_888, 'vit-base-patch16-224': 86_567_656,
    });
  });
});

// Small configs of each family: fast to initialise, with every option the builders read.
const SMALL: Record<string, Record<string, unknown>> = {
  gpt2: { model_type: 'gpt2', vocab_size: 97, n_positions: 32, n_embd: 64, n_layer: 3, n_head: 4, initializer_range: 0.02 },
  llama: {
    model_type: 'llama', vocab_size: 101, hidden_size: 64, num_hidden_layers: 2, num_attention_heads: 8, num_key_value_heads: 2,
    intermediate_size: 160, attention_bias: true, mlp_bias: true, pad_token_id: 5, tie_word_embeddings: false, initializer_range: 0.05,
  },
  qwen2: { model_type: 'qwen2', vocab_size: 101, hidden_size: 48, num_hidden_layers: 2, num_attention_heads: 6, num_key_value_heads: 2, intermediate_size: 96, tie_word_embeddings: true },
  mistral: { model_type: 'mistral', vocab_size: 64, hidden_size: 96, head_dim: 16, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 2, intermediate_size: 128 },
  bert: { model_type: 'bert', vocab_size: 120, hidden_size: 64, num_hidden_layers: 2, num_attention_heads: 4, intermediate_size: 128, max_position_embeddings: 40, pad_token_id: 3, initializer_range: 0.03 },
  vit: { model_type: 'vit', hidden_size: 48, num_hidden_layers: 2, num_attention_heads: 4, intermediate_size: 96, image_size: 32, patch_size: 8, num_labels: 10 },
};

/**
 * The init each family's _init_weights gives a parameter, read from the modeling files by name
 * (independently of the builders' roles): GPT2PreTrainedModel, LlamaPreTrainedModel (Mistral and
 * Qwen2 inherit it), BertPreTrainedModel, ViTPreTrainedModel.
 */
function hfInitByName(modelType: string, name: string, r: number, numLayers: number): Pick<ParamSpec, 'init' | 'options'> {
  const isNormWeight = /(^|\.)(ln_\d|ln_f|ln_cross_attn|input_layernorm|post_attention_layernorm|norm|LayerNorm|layernorm|layernorm_before|layernorm_after)\.weight$/.test(name);
  if (isNormWeight) return { init: 'ones' };
  if (name.endsWith('.bias')) return { init: 'zeros' };
  if (modelType === 'vit') return { init: 'truncated_normal', options: { mean: 0, std: r, a: -2, b: 2, bounds: 'absolute' } };
  if (modelType === 'gpt2' && name.endsWith('c_proj.weight')) return { init: 'normal', options: { mean: 0, std: r / Math.sqrt(2 * numLayers) } };
  return { init: 'normal', options: { mean: 0, std: r } };
}

describe("the 'hf' recipe: each parameter's init is what _init_weights does", () => {
  for (const [type, config] of Object.entries(SMALL)) {
    test(type, () => {
      const spec = huggingFaceSpec(config);
      const r = (config.initializer_range as number | undefined) ?? 0.02;
      const layers = (config.n_layer ?? config.num_hidden_layers) as number;
      for (const p of spec.parameters) {
        const want = hfInitByName(type, p.name, r, layers);
        expect({ name: p.name, init: p.init, options: p.options }).toEqual({ name: p.name, ...want });
      }
    });
  }

  test('the published models too (GPT-2 c_proj at 0.02/√24, ViT classifier trunc_normal like any Linear)', () => {
    for (const [, f] of fixtures) {
      const spec = huggingFaceSpec(f.config);
      const r = f.config.initializer_range as number;
      const layers = (f.config.n_layer ?? f.config.num_hidden_layers) as number;
      for (const p of spec.parameters) expect({ name: p.name, init: p.init, options: p.options }).toEqual({ name: p.name, ...hfInitByName(f.config.model_type as string, p.name, r, layers) });
    }
    const gpt2 = huggingFaceSpec(fixtures.find(([file]) => file === 'gpt2.json')![1].config);
    expect(gpt2.parameters.find((p) => p.name === 'transformer.h.0.mlp.c_proj.weight')!.options).toEqual({ mean: 0, std: 0.02 / Math.sqrt(24) });
  });

  test('padding rows: BERT pad_token_id (default 0), Llama-structure pad_token_id when set, none for GPT-2 and ViT', () => {
    const pads = (c: Record<string, unknown>) => huggingFaceSpec(c).parameters.filter((p) => p.paddingIdx !== undefined).map((p) => [p.name, p.paddingIdx]);
    expect(pads(SMALL.bert!)).toEqual([['embeddings.word_embeddings.weight', 3]]);
    const { pad_token_id: _, ...bertDefault } = SMALL.bert!;
    expect(pads(bertDefault)).toEqual([['embeddings.word_embeddings.weight', 0]]);
    expect(pads({ ...SMALL.bert!, pad_token_id: null })).toEqual([]);
    expect(pads(SMALL.llama!)).toEqual([['model.embed_tokens.weight', 5]]);
    expect(pads(SMALL.qwen2!)).toEqual([]);
    expect(pads(SMALL.gpt2!)).toEqual([]);
    expect(pads(SMALL.vit!)).toEqual([]);
  });
});

/** The standard normal density and distribution function (test-side reference, float64). */
const phi = (x: number) => Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
function Phi(x: number): number {
  // erf by its Maclaurin series (|x| ≤ 3 here: 60 terms are far below float64 resolution).
  const z = x / Math.SQRT2;
  let term = z, sum = z;
  for (let n = 1; n < 60; n++) { term *= -z * z / n; sum += term / (2 * n + 1); }
  return 0.5 * (1 + (2 / Math.sqrt(Math.PI)) * sum);
}

/** Standard deviation of N(0, σ²) truncated to [a, b] (absolute bounds). */
function truncatedStd(sigma: number, a: number, b: number): number {
  const al = a / sigma, be = b / sigma;
  const Z = Phi(be) - Phi(al);
  const m = (phi(al) - phi(be)) / Z;
  return sigma * Math.sqrt(1 + (al * phi(al) - be * phi(be)) / Z - m * m);
}

describe('measured moments of initModel(huggingFaceSpec(config)) within 5 standard errors', () => {
  // For n draws of a distribution with std s: the sample mean has SE s/√n; the sample std has SE
  // ≈ s/√(2n) (the delta method on the sample variance, whose SE is s²·√(2/(n−1)) for a normal:
  // Var(s²) = 2s⁴/(n−1), and d√v/dv = 1/(2√v) gives s/√(2(n−1))). A truncated normal has lighter
  // tails than the normal, so that SE is an upper bound there.
  const cases: [string, Record<string, unknown>][] = [
    ...Object.entries(SMALL),
    // A ViT whose ±2 bounds bite: σ = 1 puts them at ±2σ.
    ['vit σ=1', { ...SMALL.vit!, initializer_range: 1 }],
  ];
  for (const [label, config] of cases) {
    test(label, () => {
      const spec = huggingFaceSpec(config);
      const values = initModel(spec, { seed: 7 });
      const groups = new Map<string, { p: ParamSpec; xs: number[] }>();
      for (const p of spec.parameters) {
        const x = values.get(p.name)!;
        expect(x.length).toBe(numel(p.shape));
        if (p.init === 'zeros' || p.init === 'ones') {
          const v = p.init === 'ones' ? 1 : 0;
          expect(x.every((y) => y === v), p.name).toBe(true);
          continue;
        }
        const rowSize = numel(p.shape.slice(1));
        // The padding row is exactly +0; it is not part of the sample.
        const kept = [...x].filter((_, i) => p.paddingIdx === undefined || Math.floor(i / rowSize) !== p.paddingIdx);
        const key = `${p.init} ${JSON.stringify(p.options)}`;
        const g = groups.get(key) ?? { p, xs: [] };
        g.xs.push(...kept);
        groups.set(key, g);
      }
      expect(groups.size).toBeGreaterThan(0);
      for (const [key, { p, xs }] of groups) {
        const o = p.options as { std: number; a?: number; b?: number };
        const s = p.init === 'normal' ? o.std : truncatedStd(o.std, o.a!, o.b!);
        const n = xs.length;
        const mean = xs.reduce((a, b) => a + b, 0) / n;
        const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) * (b - mean), 0) / (n - 1));
        expect(Math.abs(mean), `${key}: mean of ${n}`).toBeLessThan(5 * s / Math.sqrt(n));
        expect(Math.abs(std - s), `${key}: std of ${n} (expected ${s})`).toBeLessThan(5 * s / Math.sqrt(2 * n));
        if (p.init === 'truncated_normal') {
          expect(Math.min(...xs)).toBeGreaterThanOrEqual(o.a!);
          expect(Math.max(...xs)).toBeLessThanOrEqual(o.b!);
        }
      }
    });
  }

  test('σ = 1 truncation: the std the test expects is the truncated one (0.8796σ), not σ', () => {
    expect(truncatedStd(1, -2, 2)).toBeCloseTo(0.87962566, 7);
    expect(truncatedStd(0.02, -2, 2)).toBeCloseTo(0.02, 15);
  });
});

describe('Llama tie_word_embeddings', () => {
  const base = { ...SMALL.llama!, pad_token_id: null };
  test('false: lm_head.weight saved last, its own N(0, r²) tensor', () => {
    const spec = huggingFaceSpec({ ...base, tie_word_embeddings: false });
    const last = spec.parameters.at(-1)!;
    expect([last.name, last.shape]).toEqual(['lm_head.weight', [101, 64]]);
    expect(spec.metadata['weight_init.parameters']).toBe(String(spec.parameters.reduce((s, p) => s + numel(p.shape), 0)));
  });
  test('true: no lm_head.weight (save_pretrained drops the tied copy), 101·64 fewer parameters', () => {
    const untied = huggingFaceSpec({ ...base, tie_word_embeddings: false });
    const tied = huggingFaceSpec({ ...base, tie_word_embeddings: true });
    expect(tied.parameters.map((p) => p.name)).toEqual(untied.parameters.map((p) => p.name).filter((n) => n !== 'lm_head.weight'));
    expect(tied.parameters.at(-1)!.name).toBe('model.norm.weight');
    expect(Number(untied.metadata['weight_init.parameters']) - Number(tied.metadata['weight_init.parameters'])).toBe(101 * 64);
  });
  test('absent: LlamaConfig defaults to untied; GPT2Config to tied', () => {
    const { tie_word_embeddings: _, ...noKey } = base;
    expect(huggingFaceSpec(noKey).parameters.at(-1)!.name).toBe('lm_head.weight');
    expect(huggingFaceSpec(SMALL.gpt2!).parameters.some((p) => p.name === 'lm_head.weight')).toBe(false);
    expect(huggingFaceSpec({ ...SMALL.gpt2!, tie_word_embeddings: false }).parameters.at(-1)).toMatchObject({ name: 'lm_head.weight', shape: [97, 64], init: 'normal' });
  });
});

describe('BERT padding row through every draw path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'weight-init-hf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const spec = huggingFaceSpec(SMALL.bert!);
  const word = 'embeddings.word_embeddings.weight';
  const [rows, hidden] = [120, 64];
  const pad = 3;
  const whole = initModel(spec, { seed: 11 }).get(word)!;
  const isPlusZero = (x: number) => Object.is(x, 0);

  test('initModel: row pad_token_id is +0, every other row drawn (and unchanged by the padding)', () => {
    expect(whole.subarray(pad * hidden, (pad + 1) * hidden).every(isPlusZero)).toBe(true);
    const noPad = initModel([{ ...spec.parameters[0]!, paddingIdx: undefined }], { seed: 11 }).get(word)!;
    for (let r = 0; r < rows; r++) {
      if (r === pad) continue;
      expect(whole.subarray(r * hidden, (r + 1) * hidden)).toEqual(noPad.subarray(r * hidden, (r + 1) * hidden));
    }
    expect(noPad.subarray(pad * hidden, (pad + 1) * hidden).some((x) => x !== 0)).toBe(true);
  });

  test('initModel shard: tensor-parallel parts along dim 0 and dim 1 are slices of the whole, pad row zero', () => {
    for (const dim of [0, 1]) {
      const parts = [0, 1, 2].map((rank) => initModel(spec, { seed: 11, shard: { rank, worldSize: 3, dim } }).get(word)!);
      if (dim === 0) {
        expect(parts.flatMap((x) => [...x])).toEqual([...whole]);
      } else {
        // torch.tensor_split of 64 columns in 3: 22, 21, 21.
        const widths = [22, 21, 21];
        let c0 = 0;
        parts.forEach((part, k) => {
          for (let r = 0; r < rows; r++) expect(part.subarray(r * widths[k]!, (r + 1) * widths[k]!)).toEqual(whole.subarray(r * hidden + c0, r * hidden + c0 + widths[k]!));
          expect(part.subarray(pad * widths[k]!, (pad + 1) * widths[k]!).every(isPlusZero)).toBe(true);
          c0 += widths[k]!;
        });
      }
    }
  });

  test('planned init: rows, slice, range, out and bfloat16/float16 bits all zero the padding elements in their window', () => {
    const p = planModel(spec)[0]!;
    const gen = () => new Generator(11).fork(word);
    expect(p.init(p.shape, { generator: gen(), rows: [2, 5] })).toEqual(whole.subarray(2 * hidden, 5 * hidden));
    expect(p.init(p.shape, { generator: gen(), range: [pad * hidden - 7, pad * hidden + 9] })).toEqual(whole.subarray(pad * hidden - 7, pad * hidden + 9));
    const slice = p.init(p.shape, { generator: gen(), slice: [[1, 6], [10, 20]] }) as Float32Array;
    for (let r = 1; r < 6; r++) expect(slice.subarray((r - 1) * 10, r * 10)).toEqual(whole.subarray(r * hidden + 10, r * hidden + 20));
    const out = new Float32Array(3 * hidden).fill(Number.NaN);
    expect(p.init(p.shape, { generator: gen(), rows: [3, 6], out })).toBe(out);
    expect(out.subarray(0, hidden).every(isPlusZero)).toBe(true);
    for (const dtype of ['bfloat16', 'float16'] as const) {
      const bits = p.init(p.shape, { generator: gen(), rows: [2, 5], dtype }) as Uint16Array;
      expect(bits).toBeInstanceOf(Uint16Array);
      expect(bits.subarray(hidden, 2 * hidden).every((b) => b === 0)).toBe(true);
      expect(bits.subarray(0, hidden).some((b) => b !== 0)).toBe(true);
      const halfOut = new Uint16Array(hidden).fill(0xffff);
      p.init(p.shape, { generator: gen(), rows: [pad, pad + 1], dtype, out: halfOut });
      expect(halfOut.every((b) => b === 0)).toBe(true);
    }
  });

  /** The tensors of a safetensors file: name → raw bytes and dtype. */
  function readSafetensors(file: string): Map<string, { dtype: string; bytes: Buffer }> {
    const buf = readFileSync(file);
    const n = Number(buf.readBigUInt64LE(0));
    const header = JSON.parse(buf.subarray(8, 8 + n).toString('utf8')) as Record<string, { dtype: string; data_offsets: [number, number] }>;
    const out = new Map<string, { dtype: string; bytes: Buffer }>();
    for (const [name, t] of Object.entries(header)) {
      if (name !== '__metadata__') out.set(name, { dtype: t.dtype, bytes: buf.subarray(8 + n + t.data_offsets[0], 8 + n + t.data_offsets[1]) });
    }
    return out;
  }

  test('writeSafetensors in row chunks (a 256-byte buffer), float32 and bfloat16: the pad row is zero bytes, the rest initModel', async () => {
    const f32 = join(dir, 'bert.safetensors');
    await writeSafetensors(spec.parameters, f32, { seed: 11, bufferBytes: 256, metadata: spec.metadata, threads: 1 });
    const t = readSafetensors(f32).get(word)!;
    expect(t.dtype).toBe('F32');
    expect(Buffer.compare(t.bytes, Buffer.from(whole.buffer, whole.byteOffset, whole.byteLength))).toBe(0);
    const bf16 = join(dir, 'bert-bf16.safetensors');
    await writeSafetensors(spec, bf16, { seed: 11, bufferBytes: 256, dtype: 'bfloat16', threads: 1 });
    const h = readSafetensors(bf16).get(word)!;
    expect(h.dtype).toBe('BF16');
    expect(h.bytes.subarray(pad * hidden * 2, (pad + 1) * hidden * 2).every((b) => b === 0)).toBe(true);
    expect(h.bytes.subarray(0, hidden * 2).some((b) => b !== 0)).toBe(true);
  });

  test('writeSafetensorsSharded by 2 ranks from the spec document: the same bytes', async () => {
    const out = join(dir, 'sharded');
    for (let rank = 0; rank < 2; rank++) await writeSafetensorsSharded(spec, out, { seed: 11, maxShardBytes: 40_000, rank, worldSize: 2, bufferBytes: 512, metadata: spec.metadata });
    const index = JSON.parse(readFileSync(join(out, 'model.safetensors.index.json'), 'utf8')) as { weight_map: Record<string, string> };
    const t = readSafetensors(join(out, index.weight_map[word]!)).get(word)!;
    expect(Buffer.compare(t.bytes, Buffer.from(whole.buffer, whole.byteOffset, whole.byteLength))).toBe(0);
    expect(new Set(Object.values(index.weight_map)).size).toBeGreaterThan(1);
  });
});

describe('options', () => {
  test("dtype: default config.torch_dtype when writable, else 'float32'; an explicit one wins", () => {
    const dtype = (c: Record<string, unknown>, o = {}) => huggingFaceSpec(c, o).metadata['weight_init.dtype'];
    expect(dtype(SMALL.gpt2!)).toBe('float32');
    expect(dtype({ ...SMALL.gpt2!, torch_dtype: 'bfloat16' })).toBe('bfloat16');
    expect(dtype({ ...SMALL.gpt2!, torch_dtype: 'float16' })).toBe('float16');
    expect(dtype({ ...SMALL.gpt2!, torch_dtype: 'float64' })).toBe('float32');
    expect(dtype({ ...SMALL.gpt2!, torch_dtype: 'bfloat16' }, { dtype: 'float32' })).toBe('float32');
  });

  test('unknown option, recipe or dtype: errors naming it and what is allowed', () => {
    expect(() => huggingFaceSpec(SMALL.gpt2!, { seed: 1 } as never)).toThrow(TypeError);
    expect(() => huggingFaceSpec(SMALL.gpt2!, { seed: 1 } as never)).toThrow(/unknown option 'seed' \(allowed: recipe, dtype, baseWidth\)/);
    expect(() => huggingFaceSpec(SMALL.gpt2!, { recipe: 'xavier' } as never)).toThrow(RangeError);
    expect(() => huggingFaceSpec(SMALL.gpt2!, { recipe: 'xavier' } as never)).toThrow(/options\.recipe must be one of 'hf', 'megatron', 'olmo-mitchell', 'gpt-neox-small-init', 'timm-vit', 'mup', got "xavier"/);
    expect(() => huggingFaceSpec(SMALL.gpt2!, { baseWidth: 32 })).toThrow(/baseWidth applies to recipe 'mup' only/);
    expect(() => huggingFaceSpec(SMALL.gpt2!, { recipe: 'timm-vit' })).toThrow(RangeError);
    expect(() => huggingFaceSpec(SMALL.gpt2!, { recipe: 'timm-vit' })).toThrow(/recipe 'timm-vit' applies to model types vit/);
    expect(() => huggingFaceSpec(SMALL.gpt2!, { dtype: 'float64' } as never)).toThrow(/options\.dtype must be one of 'float32', 'bfloat16', 'float16', got "float64"/);
    expect(() => huggingFaceSpec(SMALL.gpt2!, null as never)).toThrow(TypeError);
  });
});

describe('other recipes (src/models/recipes.ts) through huggingFaceSpec', () => {
  for (const d of RECIPES.filter((r) => r.name !== 'hf')) {
    for (const [type, config] of Object.entries(SMALL).filter(([t]) => d.modelTypes.includes(t))) {
      test(`${d.name} on ${type}: every init is recipeInit's, names and padding rows are the architecture's`, () => {
        const opts = d.name === 'mup' ? { baseWidth: 16 } : {};
        const spec = huggingFaceSpec(config, { recipe: d.name, ...opts });
        const hf = huggingFaceSpec(config);
        const arch = huggingFaceArchitecture(config);
        expect(spec.parameters.map((p) => [p.name, p.shape, p.paddingIdx])).toEqual(hf.parameters.map((p) => [p.name, p.shape, p.paddingIdx]));
        spec.parameters.forEach((p, i) => {
          const want = recipeInit(d.name as Exclude<typeof d.name, 'hf'>, arch.params[i]!, arch, opts);
          expect({ init: p.init, options: p.options }).toEqual({ init: want.init, options: want.options });
        });
        expect(spec.metadata['weight_init.recipe']).toBe(d.name);
        if (d.name === 'mup') {
          expect(spec.metadata['mup.base_width']).toBe('16');
          expect(spec.metadata['mup.attn_scale']).toBe(String(1 / arch.headDim));
        }
      });
    }
  }
});

describe('bad configs: TypeError/RangeError naming the key and what is allowed', () => {
  const cases: [string, unknown, ErrorConstructor, RegExp][] = [
    ['not an object', 'gpt2', TypeError, /config must be the parsed object of a config\.json/],
    ['array', [], TypeError, /config must be the parsed object/],
    ['unknown model_type', { ...SMALL.gpt2!, model_type: 't5' }, RangeError, /config\.model_type must be one of 'gpt2', 'llama', 'mistral', 'qwen2', 'bert', 'vit', got "t5"/],
    ['missing model_type', { n_layer: 2 }, TypeError, /config\.model_type must be one of .*got undefined/],
    ['missing size', { ...SMALL.gpt2!, n_layer: undefined }, TypeError, /config\.n_layer is required \(a positive integer\)/],
    ['negative size', { ...SMALL.gpt2!, n_layer: -1 }, RangeError, /config\.n_layer must be a positive integer, got -1/],
    ['NaN size', { ...SMALL.llama!, hidden_size: Number.NaN }, RangeError, /config\.hidden_size must be a positive integer, got NaN/],
    ['fractional size', { ...SMALL.bert!, intermediate_size: 12.5 }, RangeError, /config\.intermediate_size must be a positive integer, got 12\.5/],
    ['string size', { ...SMALL.vit!, num_hidden_layers: '12' }, TypeError, /config\.num_hidden_layers must be a positive integer, got "12"/],
    ['zero size', { ...SMALL.vit!, hidden_size: 0 }, RangeError, /config\.hidden_size must be a positive integer, got 0/],
    ['hidden not divisible by heads (gpt2)', { ...SMALL.gpt2!, n_head: 5 }, RangeError, /config\.n_embd \(64\) must be divisible by config\.n_head \(5\)/],
    ['hidden not divisible by heads (bert)', { ...SMALL.bert!, num_attention_heads: 6 }, RangeError, /config\.hidden_size \(64\) must be divisible by config\.num_attention_heads \(6\)/],
    ['hidden not divisible by heads (llama, no head_dim)', { ...SMALL.llama!, num_attention_heads: 5, num_key_value_heads: 5 }, RangeError, /config\.hidden_size \(64\) must be divisible by config\.num_attention_heads \(5\)/],
    ['heads not divisible by kv heads', { ...SMALL.llama!, num_key_value_heads: 3 }, RangeError, /config\.num_attention_heads \(8\) must be divisible by config\.num_key_value_heads \(3\)/],
    ['pad_token_id outside the vocabulary', { ...SMALL.bert!, pad_token_id: 120 }, RangeError, /config\.pad_token_id must be an integer in \[0, config\.vocab_size = 120\) or null, got 120/],
    ['negative initializer_range', { ...SMALL.gpt2!, initializer_range: -0.02 }, RangeError, /config\.initializer_range must be a finite number > 0, got -0\.02/],
    ['non-boolean flag', { ...SMALL.llama!, tie_word_embeddings: 'yes' }, TypeError, /config\.tie_word_embeddings must be true or false, got "yes"/],
    ['unknown position_embedding_type', { ...SMALL.bert!, position_embedding_type: 'rotary' }, RangeError, /config\.position_embedding_type must be one of 'absolute', 'relative_key', 'relative_key_query', got "rotary"/],
    ['image smaller than a patch', { ...SMALL.vit!, image_size: 4 }, RangeError, /config\.image_size \(4x4\) must be at least config\.patch_size \(8x8\)/],
  ];
  for (const [label, config, kind, message] of cases) {
    test(label, () => {
      expect(() => huggingFaceSpec(config)).toThrow(kind);
      expect(() => huggingFaceSpec(config)).toThrow(message);
    });
  }
});
