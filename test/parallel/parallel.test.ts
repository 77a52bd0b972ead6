// Parallel fill: `threads: n` gives bit for bit the single-thread values for any n (workers take
// disjoint Philox block ranges), for every output type, offsets near a counter-word wrap, row
// shards and SharedArrayBuffer outputs; bad `threads` values throw errors naming `threads`.
// The pool's workers run dist/parallel/worker.js (npm test builds first).
import { describe, expect, test } from 'vitest';
import { Generator, TorchGenerator, availableBackends, setBackend, kaimingNormal, normal, orthogonal, truncatedNormal, uniform, zeros } from '../../src/index.js';
import { lastParallelFill } from '../../src/parallel/pool.js';
import { initModel, writeSafetensors } from '../../src/node.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const N = 2 ** 24;

function same(a: ArrayBufferView, b: ArrayBufferView): boolean {
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength), y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return x.length === y.length && Buffer.compare(x, y) === 0;
}

type Draw = (threads: number) => Float32Array | Float64Array;
const kinds: [string, Draw][] = [
  ['uniform', (threads) => new Generator(3).at(5).uniform(N, { low: -2, high: 3, threads })],
  ['normal', (threads) => new Generator(3).at(5).normal(N, { std: 0.02, threads })],
  ['truncatedNormal', (threads) => new Generator(3).at(5).truncatedNormal(N, { a: -1, b: 3, threads })],
  ['truncatedNormal tail', (threads) => new Generator(3).truncatedNormal(N / 4, { a: 5, b: 6, threads })],
  ['kaimingNormal', (threads) => kaimingNormal([4096, 4096], { seed: 9, threads })],
];

describe('parallel fill', () => {
  for (const [name, draw] of kinds) {
    test(`${name}: threads 1, 2, 3, 7 are bit-identical to one thread`, () => {
      const ref = draw(1);
      for (const n of [1, 2, 3, 7]) expect(same(draw(n), ref), `${name}, threads ${n}`).toBe(true);
    });
  }

  test('the workers do take chunks (the pool is not a no-op)', () => {
    let theirs = 0;
    for (let i = 0; i < 10 && theirs === 0; i++) {
      new Generator(1).normal(N, { threads: 2 });
      const s = lastParallelFill()!;
      expect(s.threads).toBe(2);
      theirs = s.chunks - s.caller;
    }
    expect(theirs).toBeGreaterThan(0);
  });

  test('odd lengths, Float64Array and Uint32Array outputs, a counter-word wrap, positions', () => {
    const n = 3 * 2 ** 19 + 3;
    const start = 2n ** 32n - 12345n; // the span carries into counter word 1 inside a chunk
    const a = new Generator(7n).at(start), b = new Generator(7n).at(start);
    expect(same(a.normal(n, { threads: 3 }), b.normal(n))).toBe(true);
    expect(a.position).toBe(b.position);
    expect(same(a.normal(new Float64Array(n), { threads: 2 }), b.normal(new Float64Array(n)))).toBe(true);
    expect(same(a.uint32(n, { threads: 2 }), b.uint32(n))).toBe(true);
    expect(same(a.uniform(n, { threads: 'auto' }), b.uniform(n))).toBe(true);
    expect(a.position).toBe(b.position);
  });

  test('every backend, in the caller and the workers, gives the same bits', () => {
    const n = 2 ** 20 + 1;
    const ref = new Generator(8).normal(n);
    try {
      for (const b of availableBackends()) {
        setBackend(b);
        expect(same(new Generator(8).normal(n, { threads: 2 }), ref), b).toBe(true);
      }
    } finally {
      setBackend(availableBackends()[0]!);
    }
  });

  test('a Float32Array on a SharedArrayBuffer is written in place', () => {
    const n = 2 ** 21 + 5;
    const shared = new Float32Array(new SharedArrayBuffer(4 * (n + 8)), 16, n); // a non-zero byteOffset
    const out = new Generator(2).truncatedNormal(shared, { threads: 3 });
    expect(out).toBe(shared);
    expect(same(shared, new Generator(2).truncatedNormal(n))).toBe(true);
    expect(new Float32Array(shared.buffer, 0, 4)).toEqual(new Float32Array(4)); // before the view: untouched
  });

  test('a result the call allocates is shared exactly when the fill runs in parallel', () => {
    const n = 2 ** 20 + 3;
    const isShared = (a: ArrayBufferView) => a.buffer instanceof SharedArrayBuffer;
    const par = new Generator(5).normal(n, { threads: 2 });
    expect(isShared(par)).toBe(true);
    expect(isShared(new Generator(5).normal(n))).toBe(false);
    expect(isShared(new Generator(5).normal(n, { threads: 1 }))).toBe(false);
    expect(isShared(new Generator(5).normal(2 ** 19 - 1, { threads: 2 }))).toBe(false); // one chunk: one thread
    expect(same(par, new Generator(5).normal(n))).toBe(true);
    expect(isShared(new Generator(5).uint32(n, { threads: 2 }))).toBe(true);
    const w = kaimingNormal([1024, 1024], { seed: 3, threads: 2, dtype: 'float64' });
    expect(w).toBeInstanceOf(Float64Array);
    expect(isShared(w)).toBe(true);
    expect(same(w, kaimingNormal([1024, 1024], { seed: 3, dtype: 'float64' }))).toBe(true);
    // The caller's own array is used as given.
    const mine = new Float32Array(n);
    expect(new Generator(5).normal(mine, { threads: 2 })).toBe(mine);
    expect(same(mine, par)).toBe(true);
  });

  test('initializers: threads with rows, dtype float64, default generator; constants and orthogonal accept it', () => {
    const whole = kaimingNormal([1024, 1536], { seed: 4 });
    const rows = kaimingNormal([1024, 1536], { seed: 4, rows: [301, 1000], threads: 2 });
    expect(same(rows, whole.subarray(301 * 1536, 1000 * 1536))).toBe(true);
    expect(same(uniform([1024, 1024], { seed: 1, dtype: 'float64', threads: 3 }), uniform([1024, 1024], { seed: 1, dtype: 'float64' }))).toBe(true);
    const g = new Generator(6), h = new Generator(6);
    expect(same(truncatedNormal([2048, 1024], { generator: g, threads: 'auto' }), truncatedNormal([2048, 1024], { generator: h }))).toBe(true);
    expect(g.position).toBe(h.position);
    expect(zeros([4, 4], { threads: 2 })).toEqual(new Float32Array(16));
    expect(same(orthogonal([64, 32], { seed: 1, threads: 2 }), orthogonal([64, 32], { seed: 1 }))).toBe(true);
  });

  test('bad threads values throw errors naming threads, before anything moves', () => {
    const g = new Generator(1);
    for (const bad of [0, -1, 1.5, NaN, Infinity, 65]) {
      expect(() => g.normal(8, { threads: bad }), String(bad)).toThrow(RangeError);
      expect(() => g.normal(8, { threads: bad }), String(bad)).toThrow(/threads/);
    }
    for (const bad of ['2', 'max', null, {}, 2n]) {
      expect(() => g.uniform(8, { threads: bad as never }), String(bad)).toThrow(TypeError);
      expect(() => g.uniform(8, { threads: bad as never }), String(bad)).toThrow(/threads/);
    }
    expect(() => g.uint32(8, { threads: 0 })).toThrow(/threads/);
    expect(() => g.truncatedNormal(8, { threads: 'all' as never })).toThrow(/threads/);
    expect(() => normal([8], { threads: 0 })).toThrow(/threads/);
    expect(() => kaimingNormal([8, 8], { threads: -2 })).toThrow(/threads/);
    expect(g.position).toBe(0n);
    expect(() => normal([8], { generator: new TorchGenerator(0), threads: 2 })).toThrow(TypeError);
    expect(() => normal([8], { generator: new TorchGenerator(0), threads: 2 })).toThrow(/threads/);
    expect(normal([8], { generator: new TorchGenerator(0), threads: 1 })).toEqual(normal([8], { generator: new TorchGenerator(0) }));
  });

  test('writeSafetensors with threads writes the same file; bad threads named', async () => {
    const spec = [
      { name: 'a', shape: [1024, 1100], init: 'normal', options: { std: 0.02 } },
      { name: 'b', shape: [700, 1500], init: 'kaiming_uniform' },
    ];
    const dir = mkdtempSync(join(tmpdir(), 'wi-par-'));
    try {
      await writeSafetensors(spec, join(dir, 'one.safetensors'), { seed: 3, threads: 1 });
      await writeSafetensors(spec, join(dir, 'two.safetensors'), { seed: 3, threads: 2, bufferBytes: 2 ** 22 });
      const one = readFileSync(join(dir, 'one.safetensors')), two = readFileSync(join(dir, 'two.safetensors'));
      expect(Buffer.compare(one, two)).toBe(0);
      const a = initModel(spec, { seed: 3 }).get('a')!;
      const n = Number(one.readBigUInt64LE(0));
      expect(same(new Uint8Array(one.buffer, one.byteOffset + 8 + n, a.byteLength), a)).toBe(true);
      await expect(writeSafetensors(spec, join(dir, 'x.safetensors'), { seed: 3, threads: 0 })).rejects.toThrow(/threads/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
