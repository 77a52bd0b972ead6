// The writers' file sink: direct (O_DIRECT through aligned stages, where the filesystem allows it)
// and buffered output give the same bytes, whatever the working memory, dtype and thread count;
// zero tensors are holes that read as zeros; a failed write leaves nothing behind.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { initModel, type ModelSpec } from '../../src/index.js';
import { writeSafetensors } from '../../src/node.js';
import { openSink } from '../../src/interop/file-sink.js';
import { readSafetensorsFile } from '../support/safetensors-reader.js';

const dir = mkdtempSync(join(tmpdir(), 'weight-init-sink-'));
// tmpfs: it refuses O_DIRECT before Linux 6.6 (then the sink falls back to buffered writes).
const shm = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/weight-init-sink-') : undefined;
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  if (shm !== undefined) rmSync(shm, { recursive: true, force: true });
});

// Sizes chosen so stages fill mid-tensor and the file does not end on a page.
const spec: ModelSpec = [
  { name: 'emb.weight', shape: [1001, 37], init: 'normal', options: { std: 0.02 } },
  { name: 'q.weight', shape: [257, 129], init: 'orthogonal' },
  { name: 'fc.weight', shape: [333, 65], init: 'trunc_normal', options: { std: 0.02 } },
  { name: 'fc.bias', shape: [333], init: 'zeros' },
  { name: 'lora_B.weight', shape: [3001, 17], init: 'zeros' }, // a hole spanning pages and stages
  { name: 'out.weight', shape: [7, 1999], init: 'kaiming_uniform' },
  { name: 'head.bias', shape: [4099], init: 'zeros' }, // the file ends in zeros
];
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

describe('direct and buffered output are the same bytes', () => {
  test.each(['float32', 'bfloat16', 'float16'] as const)('%s, several working memories and thread counts', async (dtype) => {
    const cases: { where: string; bufferBytes?: number; threads?: number | 'auto' }[] = [
      { where: dir },
      { where: dir, bufferBytes: 3 * 4096 + 8 }, // direct, one-page stages: a flush every few rows
      { where: dir, bufferBytes: 64 }, // no room for a page: buffered
      { where: dir, threads: 2 },
      ...(shm === undefined ? [] : [{ where: shm }]),
    ];
    const files = await Promise.all(cases.map(async (c, i) => {
      const f = join(c.where, `${dtype}-${i}.safetensors`);
      await writeSafetensors(spec, f, { seed: 3, dtype, ...(c.bufferBytes !== undefined && { bufferBytes: c.bufferBytes }), ...(c.threads !== undefined && { threads: c.threads }) });
      return f;
    }));
    const first = sha(files[0]!);
    for (const f of files) expect(sha(f), f).toBe(first);
    if (dtype === 'float32') {
      const got = readSafetensorsFile(files[0]!);
      const want = initModel(spec, { seed: 3 });
      for (const [name, values] of want) expect(Array.from(got.tensors.get(name)!.data as Float32Array), name).toEqual(Array.from(values));
    }
    expect(readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
  });

  test('the mode: direct where the filesystem takes O_DIRECT, buffered for tiny memories', async () => {
    const probe = async (where: string, bytes: number) => {
      const sink = await openSink(join(where, `probe-${bytes}`), bytes, false);
      await sink.append(new Uint8Array([1, 2, 3]));
      await sink.close();
      expect(readFileSync(join(where, `probe-${bytes}`))).toEqual(Buffer.from([1, 2, 3]));
      return sink.mode;
    };
    expect(await probe(dir, 64)).toBe('buffered');
    // ext4/xfs (and tmpfs since Linux 6.6) take O_DIRECT on Linux; other systems are buffered.
    const direct = process.platform === 'linux' ? await probe(dir, 1 << 20) : 'buffered';
    expect(['direct', 'buffered']).toContain(direct);
    if (shm !== undefined) expect(['direct', 'buffered']).toContain(await probe(shm, 1 << 20));
  });

  test('an error mid-file leaves nothing at the path and no partial file', async () => {
    const f = join(dir, 'bad.safetensors');
    const bad: ModelSpec = [...spec, { name: 'late.weight', shape: [4, 4], init: 'constant', options: { value: Number.NaN } }];
    await expect(writeSafetensors(bad, f, { seed: 1 })).rejects.toThrow(/value/);
    expect(existsSync(f)).toBe(false);
    expect(readdirSync(dir).filter((x) => x.startsWith('bad.safetensors'))).toEqual([]);
  });
});
