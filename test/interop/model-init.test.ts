// initModel, writeSafetensors (read back by a minimal safetensors reader written here from the
// format spec) and the init-model CLI.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { Generator, getInitializer, huggingFaceSpec, initModel, normal, orthogonal, registerInitializer, type ModelSpec } from '../../src/index.js';
import { writeSafetensors } from '../../src/node.js';
import { initModelCommand, readSpec } from '../../src/cli/init-model.js';
import { planModel } from '../../src/interop/model-init.js';
import { initializerDescriptors } from '../../src/initializers/descriptors.js';

/** Bit equality of float arrays (fast, unlike a deep equality over millions of elements). */
function sameBits(a: Float32Array | undefined, b: Float32Array | undefined): boolean {
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

const dir = mkdtempSync(join(tmpdir(), 'weight-init-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A safetensors reader from the format description: 8 bytes little-endian u64 header length N,
 * N bytes of UTF-8 JSON { name: { dtype, shape, data_offsets: [begin, end] }, __metadata__? },
 * then the byte buffer; offsets are relative to the buffer's start.
 */
function readSafetensors(file: string): { tensors: Map<string, { shape: number[]; data: Float32Array }>; metadata: Record<string, string>; headerLength: number } {
  const bytes = readFileSync(file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, unknown>;
  const start = 8 + n;
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  let covered = 0;
  for (const [name, info] of Object.entries(json)) {
    if (name === '__metadata__') continue;
    const { dtype, shape, data_offsets: [b, e] } = info as { dtype: string; shape: number[]; data_offsets: [number, number] };
    expect(dtype).toBe('F32');
    expect(e - b).toBe(4 * shape.reduce((x, y) => x * y, 1));
    const data = new Float32Array((e - b) / 4);
    for (let i = 0; i < data.length; i++) data[i] = view.getFloat32(start + b + 4 * i, true);
    tensors.set(name, { shape, data });
    covered += e - b;
  }
  expect(start + covered).toBe(bytes.length); // no holes, nothing after
  return { tensors, metadata: (json.__metadata__ ?? {}) as Record<string, string>, headerLength: n };
}

const spec: ModelSpec = [
  { name: 'embed.weight', shape: [37, 11], init: 'normal', options: { std: 0.02 } },
  { name: 'conv.weight', shape: [7, 3, 3, 3], init: 'kaiming_normal', options: { mode: 'fanOut', nonlinearity: 'relu' } },
  { name: 'conv.bias', shape: [7], init: 'zeros' },
  { name: 'rnn.weight_hh', shape: [12, 12], init: 'orthogonal' },
  { name: 'sparse.weight', shape: [13, 9], init: 'sparse', options: { sparsity: 0.3 } },
  { name: 'fc.weight', shape: [5, 29], init: 'kaiming_uniform', options: { a: Math.sqrt(5) } },
  { name: 'fc.bias', shape: [5], init: 'uniform', options: { low: -0.1, high: 0.1 } },
  { name: 'proj.weight', shape: [9, 13], init: 'truncated_normal', options: { std: 0.5 } },
  { name: 'eye', shape: [6, 4], init: 'eye' },
  { name: 'dirac', shape: [4, 2, 3, 3], init: 'dirac' },
  { name: 'scale', shape: [], init: 'constant', options: { value: 0.5 } },
  { name: 'glorot', shape: [3, 3, 8, 16], init: 'glorot_uniform', options: { layout: 'tf' } },
  { name: 'empty', shape: [0, 4], init: 'normal' },
  { name: 'wide', shape: [2, 300], init: 'he_normal' },
];

describe('initModel', () => {
  test('each parameter is its initializer drawn from new Generator(seed).fork(name)', () => {
    const m = initModel(spec, { seed: 3 });
    expect([...m.keys()]).toEqual(spec.map((p) => p.name));
    expect(m.get('embed.weight')).toEqual(normal([37, 11], { std: 0.02, generator: new Generator(3).fork('embed.weight') }));
    expect(m.get('rnn.weight_hh')).toEqual(orthogonal([12, 12], { generator: new Generator(3).fork('rnn.weight_hh') }));
    expect(Array.from(m.get('scale')!)).toEqual([0.5]);
  });
  test('adding, removing or reordering parameters never changes the others', () => {
    const m = initModel(spec, { seed: 3 });
    const other = initModel([{ name: 'new', shape: [4, 4], init: 'normal' }, ...[...spec].reverse().filter((p) => p.name !== 'fc.bias')], { seed: 3 });
    for (const [name, v] of other) if (name !== 'new') expect(v).toEqual(m.get(name));
    expect(initModel(spec, { seed: 4 }).get('embed.weight')).not.toEqual(m.get('embed.weight'));
  });
  test('bad specs: errors name spec[i] and the field, before anything is drawn', () => {
    expect(() => initModel({} as never, { seed: 0 })).toThrow(/spec must be an array/);
    expect(() => initModel([{ name: '', shape: [1], init: 'zeros' }], { seed: 0 })).toThrow(/spec\[0\]\.name/);
    expect(() => initModel([{ name: 'a', shape: [1], init: 'zeros' }, { name: 'a', shape: [1], init: 'ones' }], { seed: 0 })).toThrow(/spec\[1\]\.name: duplicate/);
    expect(() => initModel([{ name: 'a', shape: [1], init: 'nope' }], { seed: 0 })).toThrow(/spec\[0\]\.init: unknown initializer id/);
    expect(() => initModel([{ name: 'a', shape: [-1], init: 'zeros' }], { seed: 0 })).toThrow(/spec\[0\] \(a\): shape\[0\]/);
    expect(() => initModel([{ name: 'a', shape: [2, 2], init: 'normal', options: { seed: 1 } }], { seed: 0 })).toThrow(/spec\[0\]\.options\.seed is not allowed/);
    expect(() => initModel([{ name: 'a', shape: [2, 2], init: 'normal', options: { std: -1 } }], { seed: 0 })).toThrow(/spec\[0\] \(a\): std must be > 0/);
    expect(() => initModel([{ name: 'a', shape: [2, 2], init: 'normal', extra: 1 } as never], { seed: 0 })).toThrow(/unknown field 'extra'/);
    expect(() => initModel([{ name: '__metadata__', shape: [1], init: 'zeros' }], { seed: 0 })).toThrow(/reserved/);
    expect(() => initModel(spec, {} as never)).toThrow(/seed is required/);
    expect(() => initModel(spec, { seed: -1 })).toThrow(/seed/);
  });

  test('row-sliceable parameters are the descriptors\' sliceable ones, by function, under any id', () => {
    for (const d of initializerDescriptors) {
      const options: Record<string, unknown> = {};
      for (const o of d.options) if (o.kind !== 'choice' && o.default === undefined) options[o.name] = o.example;
      const shape = new Array<number>(Math.max(d.ranks[0], 2)).fill(3);
      expect(planModel([{ name: 'w', shape, init: d.name, options }])[0]!.sliceable, d.name).toBe(d.sliceable);
    }
    // A built-in function registered under a new name is still elementwise; a function of one's own is made whole.
    registerInitializer('planTestNormal', normal);
    registerInitializer('planTestOwn', (shape: readonly number[]) => new Float32Array(shape.reduce((a, b) => a * b, 1)));
    const plan = planModel([{ name: 'a', shape: [4, 2], init: 'plan_test_normal' }, { name: 'b', shape: [4, 2], init: 'planTestOwn' }]);
    expect(plan.map((p) => p.sliceable)).toEqual([true, false]);
    // Rank 0 has no rows: made whole whatever the initializer.
    expect(planModel([{ name: 's', shape: [], init: 'zeros' }])[0]!.sliceable).toBe(false);
  });
});

describe('writeSafetensors', () => {
  test('small buffers (many chunks, odd row sizes) give exactly initModel; header spec-conformant', async () => {
    const expected = initModel(spec, { seed: 11 });
    for (const bufferBytes of [64, 200, 4096, undefined]) {
      const file = join(dir, `small-${bufferBytes}.safetensors`);
      const progress: number[] = [];
      const summary = await writeSafetensors(spec, file, { seed: 11, bufferBytes, metadata: { note: 'x' }, onProgress: (w, t) => progress.push(w / t) });
      const { tensors, metadata, headerLength } = readSafetensors(file);
      expect(headerLength % 8).toBe(0);
      expect(summary.bytes).toBe(readFileSync(file).length);
      expect(summary.tensors).toBe(spec.length);
      expect(metadata.note).toBe('x');
      expect(metadata['weight_init.seed']).toBe('11');
      expect(JSON.parse(metadata['weight_init.spec']!)).toEqual(spec);
      for (const p of spec) {
        const t = tensors.get(p.name)!;
        expect(t.shape).toEqual(p.shape);
        expect(t.data).toEqual(expected.get(p.name));
      }
      expect(progress.at(-1)).toBe(1);
      expect(progress.every((x, i) => i === 0 || x >= progress[i - 1]!)).toBe(true);
    }
  });
  test('examples/resnet18.json: every tensor equals initModel; recipes hold', async () => {
    const { parameters } = readSpec(new URL('../../examples/resnet18.json', import.meta.url).pathname);
    const file = join(dir, 'resnet18.safetensors');
    await writeSafetensors(parameters, file, { seed: 0, bufferBytes: 1 << 20 });
    const expected = initModel(parameters, { seed: 0 });
    const { tensors } = readSafetensors(file);
    expect(tensors.size).toBe(parameters.length);
    for (const [name, v] of expected) expect(sameBits(tensors.get(name)!.data, v), name).toBe(true);
    expect(tensors.get('layer1.0.bn2.weight')!.data.every((x) => x === 0)).toBe(true);
    expect(tensors.get('layer1.0.bn1.weight')!.data.every((x) => x === 1)).toBe(true);
    const w = tensors.get('layer4.1.conv2.weight')!.data; // kaiming fan_out: std sqrt(2 / (512 * 9))
    const std = Math.sqrt(w.reduce((s, x) => s + x * x, 0) / w.length);
    expect(Math.abs(std / Math.sqrt(2 / (512 * 9)) - 1)).toBeLessThan(0.01);
    rmSync(file);
  });
  test('examples/gpt2/config.json: 124,439,808 parameters; residual projections 0.02/sqrt(24)', () => {
    const config = JSON.parse(readFileSync(new URL('../../examples/gpt2/config.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    const { parameters } = huggingFaceSpec(config);
    expect(parameters.reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0)).toBe(124_439_808);
    const small = parameters.filter((p) => p.name.startsWith('transformer.h.0.'));
    const m = initModel(small, { seed: 0 });
    const std = (a: Float32Array) => Math.sqrt(a.reduce((s, x) => s + x * x, 0) / a.length);
    expect(Math.abs(std(m.get('transformer.h.0.attn.c_attn.weight')!) / 0.02 - 1)).toBeLessThan(0.01);
    expect(Math.abs(std(m.get('transformer.h.0.mlp.c_proj.weight')!) / (0.02 / Math.sqrt(24)) - 1)).toBeLessThan(0.01);
  });
  test('errors: nothing is left at the path (validation, or a failure mid-way)', async () => {
    const file = join(dir, 'bad.safetensors');
    await expect(writeSafetensors([{ name: 'a', shape: [2], init: 'nope' }], file, { seed: 0 })).rejects.toThrow(/spec\[0\]\.init/);
    await expect(writeSafetensors(spec, file, { seed: 0, bufferBytes: 100 })).rejects.toThrow(/bufferBytes/);
    await expect(writeSafetensors(spec, file, { seed: 0, bufferBytes: 2 ** 27 })).rejects.toThrow(/bufferBytes/);
    await expect(writeSafetensors(spec, file, { seed: 0, metadata: { n: 1 as never } })).rejects.toThrow(/metadata\.n/);
    await expect(writeSafetensors(spec, '', { seed: 0 })).rejects.toThrow(/path/);
    registerInitializer('failsLate', () => { throw new RangeError('boom'); });
    await expect(writeSafetensors([...spec, { name: 'late', shape: [3], init: 'failsLate' }], file, { seed: 0 })).rejects.toThrow(/late.*boom/);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('bad'))).toEqual([]);
  });
});

describe('weight-init init-model (CLI module)', () => {
  test('writes the file initModel describes', async () => {
    const specFile = join(dir, 'spec.json');
    writeFileSync(specFile, JSON.stringify({ parameters: spec, metadata: { model: 'test' } }));
    const out = join(dir, 'cli.safetensors');
    const log = console.log;
    const lines: string[] = [];
    console.log = (s: string) => lines.push(s);
    try {
      await initModelCommand([specFile, '--out', out, '--seed', '5', '--buffer-mb', '0.001']);
    } finally {
      console.log = log;
    }
    expect(lines.join('\n')).toMatch(/wrote .*cli\.safetensors: 14 tensors/);
    const { tensors, metadata } = readSafetensors(out);
    expect(metadata.model).toBe('test');
    const expected = initModel(spec, { seed: 5 });
    for (const [name, v] of expected) expect(sameBits(tensors.get(name)!.data, v), name).toBe(true);
    await expect(initModelCommand([specFile])).rejects.toThrow(/--out/);
    await expect(initModelCommand([specFile, '--out', out, '--seed', '-3'])).rejects.toThrow();
  });
});

describe('initModel dtype', () => {
  const spec: ModelSpec = [
    { name: 'w', shape: [40, 30], init: 'trunc_normal', options: { std: 0.5, a: -0.3, b: 0.7 } },
    { name: 'q', shape: [12, 9], init: 'orthogonal' },
    { name: 'b', shape: [40], init: 'zeros' },
  ];
  test.each(['bfloat16', 'float16'] as const)('%s: the initializers\' own half bits, whole and per tensor-parallel shard', (dtype) => {
    const got = initModel(spec, { seed: 5, dtype });
    const root = new Generator(5);
    for (const p of spec) {
      const want = getInitializer(p.init, p.options)(p.shape, { generator: root.fork(p.name), dtype });
      expect(got.get(p.name), p.name).toBeInstanceOf(Uint16Array);
      expect(Array.from(got.get(p.name)!), p.name).toEqual(Array.from(want));
    }
    // Shards along dim 1 are the columns of the whole, for elementwise and orthogonal alike.
    const parts = [0, 1].map((rank) => initModel(spec, { seed: 5, dtype, shard: { rank, worldSize: 2, dim: 1 } }));
    for (const name of ['w', 'q']) {
      const whole = got.get(name)!;
      const [rows, cols] = spec.find((p) => p.name === name)!.shape as [number, number];
      const half = Math.ceil(cols / 2);
      for (let r = 0; r < rows; r++) {
        expect(Array.from(parts[0]!.get(name)!.subarray(r * half, (r + 1) * half))).toEqual(Array.from(whole.subarray(r * cols, r * cols + half)));
      }
    }
  });

  test('a bad dtype names the option', () => {
    expect(() => initModel(spec, { seed: 0, dtype: 'int8' as never })).toThrow(/options\.dtype must be 'float32', 'bfloat16' or 'float16', got/);
  });
});
