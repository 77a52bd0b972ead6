// Sharded safetensors checkpoints (Hugging Face layout) written by 1 and by 3 independent
// processes, read back with an independent reader (test/support/safetensors-reader.ts); the plan's
// greedy split, the rank assignment, launcher detection and the errors.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { Generator, getInitializer, huggingFaceSpec, initModel, type ModelSpec, type ParamSpec } from '../../src/index.js';
import { assignShards, detectLauncher, parseSize, planShards, writeSafetensors, writeSafetensorsSharded } from '../../src/node.js';
import { initModelCommand } from '../../src/cli/init-model.js';
import { readSafetensorsFile, readShardedCheckpoint } from '../support/safetensors-reader.js';

const CLI = resolve('dist/cli/weight-init.js');
const dir = mkdtempSync(join(tmpdir(), 'weight-init-sharded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** GPT-2's parameters (examples/gpt2/config.json through huggingFaceSpec), shrunk: 3 layers, hidden 64, vocabulary 1000. */
function smallGpt2(): ParamSpec[] {
  const config = JSON.parse(readFileSync('examples/gpt2/config.json', 'utf8')) as Record<string, unknown>;
  return huggingFaceSpec({ ...config, n_layer: 3, n_embd: 64, n_head: 4, vocab_size: 1000, n_positions: 128 }).parameters;
}
const spec = smallGpt2();
const specFile = join(dir, 'gpt2-tiny.json');
writeFileSync(specFile, JSON.stringify({ parameters: spec }));
const MAX = 100_000; // bytes: wte alone is 256 000, so it gets a file of its own

/** sha256 of every file in a checkpoint directory, by name (partials would show up here too). */
function hashes(d: string): Record<string, string> {
  return Object.fromEntries(readdirSync(d).sort().map((f) => [f, createHash('sha256').update(readFileSync(join(d, f))).digest('hex')]));
}

/** A clean environment: no launcher variables inherited from whatever runs the tests. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ['RANK', 'WORLD_SIZE', 'SLURM_PROCID', 'SLURM_NTASKS', 'OMPI_COMM_WORLD_RANK', 'OMPI_COMM_WORLD_SIZE', 'PMI_RANK', 'PMI_SIZE', 'JOB_COMPLETION_INDEX']) delete env[k];
  return { ...env, ...extra };
}

/** Runs the built CLI; resolves with stderr, rejects with it on a non-zero exit. */
function run(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [CLI, 'init-model', ...args], { env: cleanEnv(env) });
    let err = '';
    child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
    child.stdout.resume();
    child.on('close', (code) => (code === 0 ? ok(err) : fail(new Error(`exit ${code}: ${err}`))));
  });
}

describe('planShards and assignShards', () => {
  const tiny = (sizes: number[]): ModelSpec => sizes.map((n, i) => ({ name: `t${i}`, shape: [n], init: 'zeros' }));

  test('greedy split in spec order, as Hugging Face splits (hand-computed)', () => {
    // bytes 40, 120, 20, 400, 8, 8 with at most 160: [40+120=160] [20] (20+400 > 160) [400 alone] [8+8]
    const plan = planShards(tiny([10, 30, 5, 100, 2, 2]), { maxShardBytes: 160 });
    expect(plan.files.map((f) => f.tensors)).toEqual([['t0', 't1'], ['t2'], ['t3'], ['t4', 't5']]);
    expect(plan.files.map((f) => f.bytes)).toEqual([160, 20, 400, 16]);
    expect(plan.files.map((f) => f.file)).toEqual([1, 2, 3, 4].map((i) => `model-0000${i}-of-00004.safetensors`));
    expect(plan.totalSize).toBe(596);
    // largest first to the least-loaded rank: 400 -> r0; 160 -> r1; 20 -> r1 (160 < 400); 16 -> r1
    expect(assignShards(plan, 2)).toEqual([[2], [0, 1, 3]]);
    // ties go to the lower rank; more ranks than files leave some idle
    expect(assignShards(planShards(tiny([4, 4]), { maxShardBytes: 16 }), 3)).toEqual([[0], [1], []]);
    expect(planShards(tiny([10, 10])).files.map((f) => f.file)).toEqual(['model.safetensors']);
    expect(() => planShards(tiny([1]), { maxShardBytes: 0 })).toThrow(/maxShardBytes/);
  });

  test('the GPT-2-shaped test spec splits into at least 5 files', () => {
    expect(planShards(spec, { maxShardBytes: MAX }).files.length).toBeGreaterThanOrEqual(5);
  });
});

describe('writeSafetensorsSharded', () => {
  const one = join(dir, 'one');

  test('1 process: the index and every tensor read back equal initModel', async () => {
    const seen: number[] = [];
    const s = await writeSafetensorsSharded(spec, one, { seed: 7, maxShardBytes: MAX, onProgress: (w, t) => seen.push(w / t) });
    expect(s.files.length).toBe(s.plan.files.length);
    expect(seen.at(-1)).toBe(1);
    const { index, tensors } = readShardedCheckpoint(one);
    expect(index.metadata['weight_init.plan_sha256']).toBe(s.planSha256);
    expect(Object.keys(index.weight_map)).toEqual(spec.map((p) => p.name).sort());
    const want = initModel(spec, { seed: 7 });
    for (const p of spec) {
      const got = tensors.get(p.name)!;
      expect(got.shape, p.name).toEqual(p.shape);
      expect(Buffer.from(got.data.buffer).equals(Buffer.from(want.get(p.name)!.buffer)), p.name).toBe(true);
    }
    // Hugging Face's index text: sorted keys, 2-space indent, trailing newline.
    const text = readFileSync(join(one, 'model.safetensors.index.json'), 'utf8');
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    expect(text.startsWith('{\n  "metadata": {\n    "total_size": ')).toBe(true);
  });

  test('a one-file plan holds the same tensor bytes as writeSafetensors', async () => {
    const d = join(dir, 'single');
    await writeSafetensorsSharded(spec, d, { seed: 7 });
    expect(readdirSync(d)).toEqual(['model.safetensors']);
    await writeSafetensors(spec, join(dir, 'plain.safetensors'), { seed: 7 });
    expect(readSafetensorsFile(join(d, 'model.safetensors')).dataBytes.equals(readSafetensorsFile(join(dir, 'plain.safetensors')).dataBytes)).toBe(true);
  });

  test.each([
    ['torchrun', (r: number) => ({ RANK: String(r), WORLD_SIZE: '3' }), /torchrun/],
    ['Slurm', (r: number) => ({ SLURM_PROCID: String(r), SLURM_NTASKS: '3' }), /Slurm/],
  ])('3 independent CLI processes under %s: byte-identical to 1 process', async (_, env, source) => {
    const cli1 = join(dir, `cli1-${_}`), cli3 = join(dir, `cli3-${_}`);
    await run([specFile, '--out', cli1, '--seed', '7', '--max-shard-size', '100KB'], {});
    const logs = await Promise.all([0, 1, 2].map((r) => run([specFile, '--out', cli3, '--seed', '7', '--max-shard-size', '100KB'], env(r))));
    for (const [r, log] of logs.entries()) expect(log).toMatch(new RegExp(`rank ${r} of 3 from .*${source.source}`));
    const want = hashes(one);
    expect(Object.keys(want).length).toBeGreaterThanOrEqual(6); // >= 5 shards + the index
    expect(hashes(cli1)).toEqual(want);
    expect(hashes(cli3)).toEqual(want);
  }, 60_000);

  // The case at full size: GPT-2 small (124,439,808 parameters, bfloat16) from its
  // config.json, split at 50 MB into 6 files, by 1 process and by 3 under each launcher.
  test.each([
    ['torchrun', (r: number) => ({ RANK: String(r), WORLD_SIZE: '3' })],
    ['Slurm', (r: number) => ({ SLURM_PROCID: String(r), SLURM_NTASKS: '3' })],
  ])('GPT-2 small in bfloat16, 3 processes under %s: byte-identical to 1, every tensor equal to initModel', async (name, env) => {
    const args = (out: string) => ['--hf', 'examples/gpt2/config.json', '--out', out, '--seed', '11', '--dtype', 'bf16', '--max-shard-size', '50MB'];
    const full1 = join(dir, `gpt2-1-${name}`), full3 = join(dir, `gpt2-3-${name}`);
    await run(args(full1), {});
    await Promise.all([0, 1, 2].map((r) => run(args(full3), env(r))));
    const want = hashes(full1);
    expect(Object.keys(want).filter((f) => f.endsWith('.safetensors')).length).toBeGreaterThanOrEqual(5);
    expect(hashes(full3)).toEqual(want);
    if (name !== 'torchrun') return; // the values once: the files are the same bytes
    const { index, tensors } = readShardedCheckpoint(full1);
    const config = JSON.parse(readFileSync('examples/gpt2/config.json', 'utf8')) as Record<string, unknown>;
    const full = huggingFaceSpec(config).parameters;
    expect(index.metadata.total_size).toBe(2 * 124_439_808);
    const values = initModel(full, { seed: 11, dtype: 'bfloat16' });
    expect(tensors.size).toBe(full.length);
    for (const p of full) {
      const got = tensors.get(p.name)!;
      expect(got.dtype, p.name).toBe('BF16');
      expect(Buffer.from(got.data.buffer, got.data.byteOffset, got.data.byteLength).equals(Buffer.from(values.get(p.name)!.buffer)), p.name).toBe(true);
    }
  }, 120_000);

  test('a rank whose plan differs from the index on disk fails naming both hashes', async () => {
    const d = join(dir, 'clash');
    const a = await writeSafetensorsSharded(spec, d, { seed: 1, maxShardBytes: MAX, rank: 0, worldSize: 2 });
    const err = await writeSafetensorsSharded(spec, d, { seed: 2, maxShardBytes: MAX, rank: 1, worldSize: 2 }).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(a.planSha256);
    expect((err as Error).message).toMatch(/this rank's is [0-9a-f]{64}/);
    expect(readdirSync(d).some((f) => f.includes('partial'))).toBe(false);
  });

  test('validation errors name the argument', async () => {
    await expect(writeSafetensorsSharded(spec, join(dir, 'bad'), { seed: 0, rank: 3, worldSize: 3 })).rejects.toThrow(/rank/);
    await expect(writeSafetensorsSharded(spec, join(dir, 'bad'), { seed: 0, rank: 0.5, worldSize: 3 })).rejects.toThrow(/rank/);
    await expect(writeSafetensorsSharded(spec, join(dir, 'bad'), { seed: 0, worldSize: 0 })).rejects.toThrow(/worldSize/);
    await expect(writeSafetensorsSharded(spec, join(dir, 'bad'), { seed: 0, maxShardBytes: -1 })).rejects.toThrow(/maxShardBytes/);
    expect(existsSync(join(dir, 'bad'))).toBe(false);
    const out = ['--out', join(dir, 'bad-cli')];
    await expect(initModelCommand([specFile, ...out, '--rank', '3', '--world-size', '3'])).rejects.toThrow(/rank/);
    await expect(initModelCommand([specFile, ...out, '--rank', '1.5', '--world-size', '3'])).rejects.toThrow(/--rank/);
    await expect(initModelCommand([specFile, ...out, '--world-size', 'x'])).rejects.toThrow(/--world-size/);
    await expect(initModelCommand([specFile, ...out, '--max-shard-size', '5XB'])).rejects.toThrow(/--max-shard-size.*5XB/);
    await expect(initModelCommand([specFile, '--out', join(dir, 'x.safetensors'), '--max-shard-size', '5GB'])).rejects.toThrow(/--max-shard-size/);
  });
});

describe('parseSize and detectLauncher', () => {
  test('sizes as Hugging Face writes them', () => {
    expect(parseSize('5GB')).toBe(5_000_000_000);
    expect(parseSize('10GiB')).toBe(10 * 2 ** 30);
    expect(parseSize('500mb')).toBe(500_000_000);
    expect(parseSize('1.5GB')).toBe(1_500_000_000);
    expect(parseSize('4096')).toBe(4096);
    for (const bad of ['5XB', '', '-1GB', '0', 'GB']) expect(() => parseSize(bad, '--max-shard-size')).toThrow(/--max-shard-size/);
  });

  test('each launcher, precedence, overrides and errors', () => {
    expect(detectLauncher({})).toMatchObject({ rank: 0, worldSize: 1, source: 'none (one process)' });
    expect(detectLauncher({ RANK: '2', WORLD_SIZE: '4' })).toMatchObject({ rank: 2, worldSize: 4 });
    expect(detectLauncher({ SLURM_PROCID: '5', SLURM_NTASKS: '64' })).toMatchObject({ rank: 5, worldSize: 64, source: expect.stringMatching(/Slurm/) as unknown });
    expect(detectLauncher({ OMPI_COMM_WORLD_RANK: '1', OMPI_COMM_WORLD_SIZE: '2' })).toMatchObject({ rank: 1, worldSize: 2, source: expect.stringMatching(/Open MPI/) as unknown });
    expect(detectLauncher({ PMI_RANK: '0', PMI_SIZE: '3' })).toMatchObject({ rank: 0, worldSize: 3, source: expect.stringMatching(/PMI/) as unknown });
    expect(detectLauncher({ JOB_COMPLETION_INDEX: '7' }, { worldSize: 8 })).toMatchObject({ rank: 7, worldSize: 8, source: expect.stringMatching(/Kubernetes/) as unknown });
    // srun torchrun: torchrun's per-process variables win over Slurm's per-node ones
    expect(detectLauncher({ RANK: '9', WORLD_SIZE: '16', SLURM_PROCID: '1', SLURM_NTASKS: '2' })).toMatchObject({ rank: 9, worldSize: 16 });
    expect(detectLauncher({ RANK: '9', WORLD_SIZE: '16' }, { rank: 1, worldSize: 2 })).toMatchObject({ rank: 1, worldSize: 2, source: '--rank, --world-size' });
    expect(() => detectLauncher({ JOB_COMPLETION_INDEX: '7' })).toThrow(/--world-size/);
    expect(() => detectLauncher({ RANK: 'abc', WORLD_SIZE: '2' })).toThrow(/RANK/);
    expect(() => detectLauncher({ RANK: '2', WORLD_SIZE: '2' })).toThrow(/rank 2, world size 2/);
    expect(() => detectLauncher({}, { rank: 1 })).toThrow(/--world-size/);
  });
});

describe('initModel shard (tensor-parallel slices)', () => {
  // GPT-2-shaped spec plus an orthogonal weight (made whole, then sliced) and a 3-d weight.
  const tp: ParamSpec[] = [...spec.slice(0, 8), { name: 'q.weight', shape: [10, 7], init: 'orthogonal' }, { name: 'e.weight', shape: [4, 5, 3], init: 'uniform' }];
  const whole = initModel(tp, { seed: 3 });

  /** Concatenates the ranks' parts of a [outer, n, inner] view along the middle axis. */
  function gather(name: string, shape: readonly number[], dim: number, parts: Float32Array[]): Float32Array {
    const outer = shape.slice(0, dim).reduce((x, y) => x * y, 1), inner = shape.slice(dim + 1).reduce((x, y) => x * y, 1);
    const out: number[] = [];
    for (let o = 0; o < outer; o++) {
      for (const part of parts) {
        const len = part.length / outer;
        out.push(...part.subarray(o * len, (o + 1) * len));
      }
    }
    expect(out.length, name).toBe(outer * shape[dim]! * inner);
    return Float32Array.from(out);
  }

  test.each([[0, 3], [1, 3], [1, 4], [2, 2], [0, 16]])('dim %i over %i ranks: the parts concatenate to initModel, tensor_split lengths', (dim, world) => {
    const parts = Array.from({ length: world }, (_, rank) => initModel(tp, { seed: 3, shard: { rank, worldSize: world, dim } }));
    for (const p of tp) {
      const all = parts.map((m) => m.get(p.name)!);
      if (p.shape.length <= dim) {
        for (const a of all) expect(Buffer.from(a.buffer).equals(Buffer.from(whole.get(p.name)!.buffer)), p.name).toBe(true);
        continue;
      }
      const n = p.shape[dim]!;
      const lens = all.map((a) => (a.length * n) / whole.get(p.name)!.length);
      expect(lens, p.name).toEqual(Array.from({ length: world }, (_, r) => Math.floor(n / world) + (r < n % world ? 1 : 0)));
      expect(Buffer.from(gather(p.name, p.shape, dim, all).buffer).equals(Buffer.from(whole.get(p.name)!.buffer)), p.name).toBe(true);
    }
  });

  test('shard errors name the field', () => {
    expect(() => initModel(tp, { seed: 0, shard: { rank: 2, worldSize: 2, dim: 0 } })).toThrow(/shard\.rank/);
    expect(() => initModel(tp, { seed: 0, shard: { rank: 0, worldSize: 0, dim: 0 } })).toThrow(/shard\.worldSize/);
    expect(() => initModel(tp, { seed: 0, shard: { rank: 0, worldSize: 2, dim: -1 } })).toThrow(/shard\.dim/);
    expect(() => initModel(tp, { seed: 0, shard: { rank: 0, worldSize: 2, dim: 0, x: 1 } as never })).toThrow(/shard: unknown field 'x'/);
  });
});

describe('half-precision checkpoints (dtype)', () => {
  /** bfloat16 bits of a float32 value, rounded to nearest even (finite values), written here from the format. */
  const bf16 = (x: Float32Array): Uint16Array => {
    const u = new Uint32Array(x.buffer, x.byteOffset, x.length);
    return Uint16Array.from(u, (b) => (b + 0x7fff + ((b >>> 16) & 1)) >>> 16);
  };

  test('bfloat16: 2 bytes an element in the plan, every tensor is initModel rounded to nearest even, 1 process = 2 ranks', async () => {
    const plan = planShards(spec, { maxShardBytes: MAX / 2, dtype: 'bfloat16' });
    expect(plan.totalSize).toBe(planShards(spec, { maxShardBytes: MAX }).totalSize / 2);
    expect(plan.files.map((f) => f.tensors)).toEqual(planShards(spec, { maxShardBytes: MAX }).files.map((f) => f.tensors));
    const one = join(dir, 'bf16-1'), two = join(dir, 'bf16-2');
    await writeSafetensorsSharded(spec, one, { seed: 5, maxShardBytes: MAX / 2, dtype: 'bfloat16' });
    await run([specFile, '--out', two, '--seed', '5', '--max-shard-size', '50KB', '--dtype', 'bfloat16'], { RANK: '0', WORLD_SIZE: '2' });
    await run([specFile, '--out', two, '--seed', '5', '--max-shard-size', '50KB', '--dtype', 'bfloat16'], { RANK: '1', WORLD_SIZE: '2' });
    expect(hashes(two)).toEqual(hashes(one));
    const { tensors } = readShardedCheckpoint(one);
    const want = initModel(spec, { seed: 5 });
    for (const p of spec) {
      const got = tensors.get(p.name)!;
      expect(got.dtype).toBe('BF16');
      expect(Buffer.from(got.data.buffer).equals(Buffer.from(bf16(want.get(p.name)!).buffer)), p.name).toBe(true);
    }
    // A different dtype is a different plan: the index on disk names both hashes.
    await expect(writeSafetensorsSharded(spec, one, { seed: 5, maxShardBytes: MAX / 2, dtype: 'float16' })).rejects.toThrow(/different plan/);
  }, 30_000);

  test('float16 one file: the initializer\'s own float16 bits (orthogonal included); bad dtype names it', async () => {
    const small: ParamSpec[] = [{ name: 'w', shape: [16, 8], init: 'normal', options: { std: 0.02 } }, { name: 'q', shape: [6, 6], init: 'orthogonal' }];
    const file = join(dir, 'f16.safetensors');
    await writeSafetensors(small, file, { seed: 1, dtype: 'float16', bufferBytes: 64 });
    const read = readSafetensorsFile(file);
    const root = new Generator(1);
    for (const p of small) {
      const want = getInitializer(p.init, p.options)(p.shape, { generator: root.fork(p.name), dtype: 'float16' }) as Uint16Array;
      expect(read.tensors.get(p.name)!.dtype).toBe('F16');
      expect(Buffer.from(read.tensors.get(p.name)!.data.buffer).equals(Buffer.from(want.buffer, want.byteOffset, want.byteLength)), p.name).toBe(true);
    }
    await expect(writeSafetensors(small, file, { seed: 1, dtype: 'int8' as never })).rejects.toThrow(/dtype/);
    await expect(initModelCommand([specFile, '--out', join(dir, 'bad-dtype'), '--dtype', 'fp8'])).rejects.toThrow(/--dtype/);
  });
});
