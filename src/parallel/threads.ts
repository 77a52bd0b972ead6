// The `threads` option: validation, 'auto', and a sampler wrapper that adds it to every draw.
import type { FloatArray, NormalOptions, Sampler, Threads, TruncatedNormalOptions, UniformOptions } from '../random/types.js';
import { describe } from '../validate.js';

/** Largest explicit thread count accepted. */
export const MAX_THREADS = 64;

/**
 * Validates a `threads` option (undefined stays undefined).
 * @throws TypeError naming `threads` unless an integer or 'auto'; RangeError unless in [1, MAX_THREADS].
 */
export function checkThreads(x: unknown): Threads | undefined {
  if (x === undefined || x === 'auto') return x;
  if (typeof x !== 'number') throw new TypeError(`threads must be a positive integer or 'auto', got ${describe(x)}`);
  if (!Number.isInteger(x) || x < 1 || x > MAX_THREADS) throw new RangeError(`threads must be an integer in [1, ${MAX_THREADS}] or 'auto', got ${x}`);
  return x;
}

/** Logical processors of this runtime (Node: os.availableParallelism; browsers: hardwareConcurrency). */
export function hardwareThreads(): number {
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof p?.getBuiltinModule === 'function') {
    const os = p.getBuiltinModule('node:os') as { availableParallelism?: () => number; cpus: () => unknown[] } | undefined;
    if (os !== undefined) return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  }
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof n === 'number' && n >= 1 ? Math.floor(n) : 1;
}

/** The thread count a validated `threads` option asks for ('auto' = hardwareThreads(), capped). */
export function resolveThreads(t: Threads | undefined): number {
  if (t === undefined) return 1;
  return t === 'auto' ? Math.min(MAX_THREADS, hardwareThreads()) : t;
}

/**
 * A sampler that passes `threads` to every float draw of a sampler with the parallel capability
 * (`Generator`, or a row-shard sampler over one). Raw `uint32` draws (sparse's position words, a
 * few per column) stay on one thread. The wrapped sampler's `orthogonal` hook, if any, is kept.
 */
export class ThreadedSampler implements Sampler {
  readonly #s: Sampler;
  readonly #threads: Threads;
  readonly orthogonal?: Sampler['orthogonal'];

  constructor(s: Sampler, threads: Threads) {
    this.#s = s;
    this.#threads = threads;
    if (s.orthogonal !== undefined) this.orthogonal = s.orthogonal.bind(s);
  }

  uint32(nOrOut: number | Uint32Array): Uint32Array {
    return this.#s.uint32(nOrOut);
  }

  uniform(n: number, opts?: UniformOptions): Float32Array;
  uniform<T extends FloatArray>(out: T, opts?: UniformOptions): T;
  uniform(nOrOut: number | FloatArray, opts?: UniformOptions): FloatArray {
    return this.#s.uniform(nOrOut as FloatArray, { ...opts, threads: this.#threads });
  }

  normal(n: number, opts?: NormalOptions): Float32Array;
  normal<T extends FloatArray>(out: T, opts?: NormalOptions): T;
  normal(nOrOut: number | FloatArray, opts?: NormalOptions): FloatArray {
    return this.#s.normal(nOrOut as FloatArray, { ...opts, threads: this.#threads });
  }

  truncatedNormal(n: number, opts?: TruncatedNormalOptions): Float32Array;
  truncatedNormal<T extends FloatArray>(out: T, opts?: TruncatedNormalOptions): T;
  truncatedNormal(nOrOut: number | FloatArray, opts?: TruncatedNormalOptions): FloatArray {
    return this.#s.truncatedNormal(nOrOut as FloatArray, { ...opts, threads: this.#threads });
  }
}
