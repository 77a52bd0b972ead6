// `weight-init init-model --hf` and `weight-init describe` as a user runs them (the built dist/, so
// `npm run build` first): the model directory's keys written from GPT-2's modeling code (not from
// huggingFaceSpec), its config.json, three tensors read back by the independent reader against
// initModel (float32 exactly, bfloat16 as round-to-nearest-even of those bits), the recipe metadata
// in the header; describe's JSON shape and --compare; one-line errors naming the argument.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { huggingFaceSpec, initModel } from '../../src/index.js';
import { readSafetensorsFile, readShardedCheckpoint } from '../support/safetensors-reader.js';

const CLI = resolve('dist/cli/weight-init.js');
const dir = mkdtempSync(join(tmpdir(), 'weight-init-hf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the built command with a clean launcher environment; stdout, stderr and the exit code. */
function cli(args: string[]): { out: string; err: string; code: number } {
  if (!existsSync(CLI)) throw new Error(`${CLI} does not exist: run \`npm run build\` first (the CLI tests run the built command)`);
  const env = { ...process.env };
  for (const k of ['RANK', 'WORLD_SIZE', 'LOCAL_RANK', 'SLURM_PROCID', 'SLURM_NTASKS', 'OMPI_COMM_WORLD_RANK', 'OMPI_COMM_WORLD_SIZE', 'PMI_RANK', 'PMI_SIZE', 'JOB_COMPLETION_INDEX']) delete env[k];
  const r = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', timeout: 120_000 });
  return { out: r.stdout, err: r.stderr, code: r.status ?? -1 };
}

/** The published GPT-2 config with the sizes shrunk: 2 layers, width 64, 1000 tokens, 128 positions. */
const gpt2 = JSON.parse(readFileSync('examples/gpt2/config.json', 'utf8')) as Record<string, unknown>;
const small = { ...gpt2, n_layer: 2, n_embd: 64, n_head: 4, vocab_size: 1000, n_positions: 128 };
const smallFile = join(dir, 'gpt2-small-config.json');
writeFileSync(smallFile, JSON.stringify(small, null, 2));

/**
 * GPT2LMHeadModel's state dict for a config, written from transformers' modeling_gpt2.py: GPT2Model
 * registers wte, wpe, h, ln_f; each GPT2Block ln_1, attn (c_attn = Conv1D(3·d, d), c_proj), ln_2,
 * mlp (c_fc = Conv1D(4·d, d), c_proj); Conv1D stores its weight [in, out]; lm_head is tied (unsaved).
 */
function gpt2Keys(c: { n_layer: number; n_embd: number; vocab_size: number; n_positions: number }): Map<string, number[]> {
  const d = c.n_embd, keys = new Map<string, number[]>([['transformer.wte.weight', [c.vocab_size, d]], ['transformer.wpe.weight', [c.n_positions, d]]]);
  for (let i = 0; i < c.n_layer; i++) {
    const h = `transformer.h.${i}.`;
    for (const [k, s] of [['ln_1.weight', [d]], ['ln_1.bias', [d]], ['attn.c_attn.weight', [d, 3 * d]], ['attn.c_attn.bias', [3 * d]],
      ['attn.c_proj.weight', [d, d]], ['attn.c_proj.bias', [d]], ['ln_2.weight', [d]], ['ln_2.bias', [d]],
      ['mlp.c_fc.weight', [d, 4 * d]], ['mlp.c_fc.bias', [4 * d]], ['mlp.c_proj.weight', [4 * d, d]], ['mlp.c_proj.bias', [d]]] as const) keys.set(h + k, [...s]);
  }
  keys.set('transformer.ln_f.weight', [d]).set('transformer.ln_f.bias', [d]);
  return keys;
}

/** float32 → bfloat16 bits, round to nearest even (NaN aside), written here from the format. */
function bf16(x: Float32Array): Uint16Array {
  const u = new Uint32Array(x.buffer, x.byteOffset, x.length);
  return Uint16Array.from(u, (w) => (w + 0x7fff + ((w >>> 16) & 1)) >>> 16);
}

const CHECKED = ['transformer.wte.weight', 'transformer.h.1.attn.c_proj.weight', 'transformer.h.0.ln_2.bias'];

describe('init-model --hf', () => {
  const expected = initModel(huggingFaceSpec(small).parameters, { seed: 3 });

  test.each([
    ['float32 (the config has no torch_dtype)', [], 'float32'],
    ['--dtype bf16', ['--dtype', 'bf16'], 'bfloat16'],
  ] as const)('%s: the keys of GPT2LMHeadModel in several files, config.json beside, three tensors as initModel', (_, extra, dtype) => {
    const out = join(dir, `gpt2-${dtype}`);
    const r = cli(['init-model', '--hf', smallFile, '--out', out, '--seed', '3', '--max-shard-size', '100KB', '--quiet', ...extra]);
    expect(r.code, r.err).toBe(0);
    const { index, tensors } = readShardedCheckpoint(out);
    const keys = gpt2Keys(small);
    expect(Object.keys(index.weight_map).sort()).toEqual([...keys.keys()].sort());
    expect(new Set(Object.values(index.weight_map)).size).toBeGreaterThan(2);
    for (const [k, shape] of keys) expect(tensors.get(k)!.shape, k).toEqual(shape);
    // config.json: the input, with torch_dtype the dtype written, and nothing else changed.
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'))).toEqual({ ...small, torch_dtype: dtype });
    expect(readdirSync(out).filter((f) => f.includes('partial'))).toEqual([]);
    for (const name of CHECKED) {
      const t = tensors.get(name)!;
      if (dtype === 'float32') expect(t.data, name).toEqual(expected.get(name));
      else expect(t.data, name).toEqual(bf16(expected.get(name)!));
    }
    const meta = readSafetensorsFile(join(out, index.weight_map['transformer.wte.weight']!)).metadata;
    expect(meta['weight_init.recipe']).toBe('hf');
    expect(meta['weight_init.dtype']).toBe(dtype);
  });

  test('--recipe mup --base-width 16: μP metadata (attention scale 1/head_dim) in every shard header, torch_dtype from the config', () => {
    const file = join(dir, 'gpt2-bf16-config.json');
    writeFileSync(file, JSON.stringify({ ...small, torch_dtype: 'bfloat16' }));
    const out = join(dir, 'gpt2-mup');
    const r = cli(['init-model', '--hf', file, '--recipe', 'mup', '--base-width', '16', '--out', out, '--quiet']);
    expect(r.code, r.err).toBe(0);
    const { tensors, metadata } = readSafetensorsFile(join(out, 'model.safetensors'));
    expect(metadata['mup.attn_scale']).toBe(String(1 / 16));
    expect(metadata['mup.width_mult']).toBe('4');
    expect(tensors.get('transformer.wte.weight')!.dtype).toBe('BF16');
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).torch_dtype).toBe('bfloat16');
  });
});

describe('describe', () => {
  test('gpt2: the published count and bytes, one group per parameter pattern', () => {
    const r = cli(['describe', '--hf', 'examples/gpt2/config.json']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('total: 148 tensors, 124,439,808 parameters; float32 497,759,232 B');
    expect(r.out).toMatch(/^transformer\.h\.\*\.attn\.c_proj\.weight +12 +7,077,888 +normal\(mean=0, std=0\.00408248\) +0 +0\.00408248 +unbounded/m);
  });

  test('--json: stable field names', () => {
    const r = cli(['describe', '--hf', smallFile, '--dtype', 'fp16', '--json']);
    expect(r.code, r.err).toBe(0);
    const d = JSON.parse(r.out) as Record<string, unknown> & { groups: Record<string, unknown>[]; totals: Record<string, unknown> };
    expect(Object.keys(d).sort()).toEqual(['dtype', 'groups', 'metadata', 'totals']);
    expect(d.dtype).toBe('float16');
    expect(Object.keys(d.totals).sort()).toEqual(['bytes', 'parameters', 'tensors']);
    expect(Object.keys(d.groups[0]!).sort()).toEqual(['bytes', 'inits', 'name', 'parameters', 'tensors']);
    expect(Object.keys((d.groups[0]!.inits as object[])[0]!).sort()).toEqual(['bounds', 'init', 'mean', 'options', 'paddingRows', 'parameters', 'std', 'tensors']);
    expect(d.groups.map((g) => g.name)).toContain('transformer.h.*.mlp.c_fc.weight');
    expect(d.totals.parameters).toBe([...gpt2Keys(small).values()].reduce((s, shape) => s + shape.reduce((a, b) => a * b, 1), 0));
  });

  test('--compare hf vs mup on a Llama: exactly the groups μP changes, the rest counted identical', () => {
    const llama = JSON.parse(readFileSync('examples/llama/config.json', 'utf8')) as Record<string, unknown>;
    const file = join(dir, 'llama-small.json');
    writeFileSync(file, JSON.stringify({ ...llama, hidden_size: 64, intermediate_size: 176, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 2, vocab_size: 500 }));
    const r = cli(['describe', '--hf', file, '--recipe', 'hf', '--compare', 'mup', '--base-width', '16', '--json']);
    expect(r.code, r.err).toBe(0);
    const c = JSON.parse(r.out) as { differing: { name: string }[]; identical: number };
    // μP (docs/recipes.md): hidden matrices std/√m, output projections also /√(2L), readout zero;
    // embeddings and RMSNorm weights as hf.
    expect(c.differing.map((g) => g.name)).toEqual([
      'model.layers.*.self_attn.q_proj.weight', 'model.layers.*.self_attn.k_proj.weight', 'model.layers.*.self_attn.v_proj.weight',
      'model.layers.*.self_attn.o_proj.weight', 'model.layers.*.mlp.gate_proj.weight', 'model.layers.*.mlp.up_proj.weight',
      'model.layers.*.mlp.down_proj.weight', 'lm_head.weight',
    ]);
    expect(c.identical).toBe(4);
    const text = cli(['describe', '--hf', file, '--recipe', 'mup', '--base-width', '16', '--compare', 'hf']);
    expect(text.out).toContain('8 groups differ; 4 groups are identical under mup and hf');
  });
});

describe('errors: exit code ≠ 0 and one line naming the argument', () => {
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{ "model_type": "gpt2", ');
  const spec = join(dir, 'spec.json');
  writeFileSync(spec, JSON.stringify([{ name: 'w', shape: [2, 2], init: 'zeros' }]));
  test.each([
    ['unknown recipe', ['--hf', smallFile, '--recipe', 'xavier'], /--recipe must be one of hf, megatron, olmo-mitchell, gpt-neox-small-init, timm-vit, mup/],
    ['--hf missing file', ['--hf', join(dir, 'nope.json')], /--hf .*nope\.json: no such file/],
    ['bad JSON', ['--hf', bad], /--hf .*bad\.json: not valid JSON/],
    ['spec and --hf together', [spec, '--hf', smallFile], /spec file or --hf config\.json, not both \(got spec .*spec\.json and --hf .*gpt2-small-config\.json\)/],
    ['unknown dtype', ['--hf', smallFile, '--dtype', 'fp8'], /--dtype must be one of/],
    ['--base-width without mup', ['--hf', smallFile, '--base-width', '16'], /--base-width applies to recipe mup only/],
  ])('%s', (_, args, message) => {
    for (const command of [['describe'], ['init-model', '--out', join(dir, 'never')]]) {
      const r = cli([...command, ...args]);
      expect(r.code, command[0]).not.toBe(0);
      const lines = r.err.trim().split('\n');
      expect(lines, command[0]).toHaveLength(1);
      expect(lines[0]).toMatch(message);
    }
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });
});
