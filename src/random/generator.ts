// Generator: Philox4x32-10 with a 64-bit key from the seed and a 128-bit block counter.
// The stream is a contract (docs/stream-contract.md): block b's counter is b, little-endian
// words; every f32 kind takes 4 values from each block, so a request for n values consumes
// ceil(n / 4) blocks and requests whose sizes are multiples of 4 concatenate exactly.
// philoxBlock: fork() hashes its label with single Philox blocks on this thread, a pure function
// that needs no backend (the draws go through activeKernels().fill).
import { activeKernels, philoxBlock } from '../kernels/backend.js';
import { Kind, PER_BLOCK } from '../kernels/abi.js';
import { planTruncated } from './truncated.js';
import { count, describe, options, seed64 } from '../validate.js';
import { floatOut, normalParams, truncatedParams, uniformRange } from './sampling-options.js';
import { checkThreads, resolveThreads } from '../parallel/threads.js';
import { allocateOutput, parallelFill } from '../parallel/pool.js';
import { U128, type FloatArray, type NormalOptions, type PositionalSampler, type Runs, type Threads, type ThreadsOptions, type TruncatedNormalOptions, type UniformOptions } from './types.js';

/** The caller's array, or a new Float32Array of n (shared when the fill will run in parallel). */
function floatTarget(nOrOut: unknown, threads: Threads | undefined): FloatArray {
  return typeof nOrOut === 'number' ? allocateOutput(Float32Array, count('n', nOrOut), resolveThreads(threads)) : floatOut(nOrOut);
}

const FORK_TAG = 0x6b726f66; // "fork"
const encoder = new TextEncoder();
const words = new Uint32Array(4);

/** The Philox key (lo, hi) of a seed: its low and high 32 bits. */
function seedKey(seed: unknown): [number, number] {
  const s = seed64(seed);
  return [Number(s & 0xffffffffn), Number(s >> 32n)];
}

function blockIndex(name: string, x: unknown): bigint {
  if (typeof x === 'number') {
    if (!Number.isSafeInteger(x) || x < 0) throw new RangeError(`${name} must be a non-negative safe integer or a bigint below 2^128, got ${x}`);
    return BigInt(x);
  }
  if (typeof x === 'bigint') {
    if (x < 0n || x >= U128) throw new RangeError(`${name} must be in [0, 2^128), got ${x}n`);
    return x;
  }
  throw new TypeError(`${name} must be a non-negative integer or a bigint, got ${describe(x)}`);
}

/**
 * Derives a child key from (k0, k1) and a label. The label is encoded as bytes (a tag byte 0x73 and
 * its UTF-8 for strings; 0x6e and the decimal digits for integers), zero-padded to 8-byte chunks
 * m_i = (lo, hi) and absorbed with Philox4x32-10 as the block cipher, Matyas-Meyer-Oseas style:
 * h <- Philox_h(lo, hi, i, "fork") words (0^2, 1^3); a last block (byteLength, 0, 2^32-1, "fork")
 * gives the child key as its words 0 and 1.
 */
function forkKey(k0: number, k1: number, label: string | number): [number, number] {
  let body: Uint8Array;
  if (typeof label === 'string') {
    body = encoder.encode(label);
    body = Uint8Array.of(0x73, ...body);
  } else if (typeof label === 'number') {
    if (!Number.isSafeInteger(label)) throw new RangeError(`label must be a string or a safe integer, got ${label}`);
    body = Uint8Array.of(0x6e, ...encoder.encode(String(label)));
  } else {
    throw new TypeError(`label must be a string or a number, got ${describe(label)}`);
  }
  const padded = new Uint8Array(Math.ceil(body.length / 8) * 8);
  padded.set(body);
  const view = new DataView(padded.buffer);
  for (let i = 0; i < padded.length / 8; i++) {
    philoxBlock(k0, k1, view.getUint32(8 * i, true), view.getUint32(8 * i + 4, true), i, FORK_TAG, words);
    k0 = (words[0]! ^ words[2]!) >>> 0;
    k1 = (words[1]! ^ words[3]!) >>> 0;
  }
  philoxBlock(k0, k1, body.length, 0, 0xffffffff, FORK_TAG, words);
  return [words[0]!, words[1]!];
}

type Out<T extends FloatArray> = number | T;

/**
 * A counter-based Philox4x32-10 random stream. Same seed, same values — on every backend, platform,
 * chunking and thread count. `new Generator(0)` is as valid a seed as any other.
 *
 * @example
 * const g = new Generator(42);
 * const w = g.normal(1024, { std: 0.02 });
 * const again = new Generator(42).normal(1024, { std: 0.02 }); // identical bits
 */
export class Generator implements PositionalSampler {
  #k0: number;
  #k1: number;
  #position: bigint;
  // Set on the one-draw samplers `gather` returns: the runs their draw fills.
  #runs: Runs | undefined;

  /**
   * @param seed a non-negative safe integer or a bigint below 2^64. The Philox key is
   * (seed mod 2^32, floor(seed / 2^32)); the stream starts at block 0.
   */
  constructor(seed: number | bigint) {
    [this.#k0, this.#k1] = seedKey(seed);
    this.#position = 0n;
  }

  static #make(k0: number, k1: number, position: bigint): Generator {
    const g = new Generator(0);
    g.#k0 = k0;
    g.#k1 = k1;
    g.#position = position;
    return g;
  }

  /**
   * Capability (see `Sampler`): the float draws accept `threads` and give the same values for every
   * thread count, because each thread takes its own range of Philox blocks.
   */
  get parallel(): true {
    return true;
  }

  /** The Philox key words [k0, k1] (uint32 each). */
  get key(): readonly [number, number] {
    return [this.#k0, this.#k1];
  }

  /** The next block to be used, counted in 128-bit Philox blocks from 0. */
  get position(): bigint {
    return this.#position;
  }

  /** A generator with the same key, positioned at `block` (a non-negative integer below 2^128). */
  at(block: number | bigint): Generator {
    return Generator.#make(this.#k0, this.#k1, blockIndex('block', block));
  }

  /**
   * Advances this generator by `blocks` Philox blocks (mod 2^128), exactly as a draw of
   * 4·blocks values would, without computing them; returns `this`. A shard that made only its rows
   * of a tensor skips the rest, so the next tensor starts where it would after the whole one.
   */
  skip(blocks: number | bigint): this {
    this.#position = (this.#position + blockIndex('blocks', blocks)) % U128;
    return this;
  }

  /** An independent copy at the same key and position. */
  clone(): Generator {
    return Generator.#make(this.#k0, this.#k1, this.#position);
  }

  /**
   * Capability, gathered draws (see `PositionalSampler.gather`): a generator at this key and
   * position whose draws (options as usual) fill `out` run by run with the values a draw from here
   * would put at each run's flat positions, in one kernel pass; its position does not move, and it
   * draws on the calling thread. Slices of tensors use it (a column slice is one run per row).
   */
  gather(runs: Runs): Generator {
    const g = Generator.#make(this.#k0, this.#k1, this.#position);
    g.#runs = runs;
    return g;
  }

  /**
   * A child stream whose key is derived from this key and `label` (see docs/stream-contract.md, "fork").
   * Same label, same child; different labels, unrelated streams. The parent's position is not used
   * or changed, and the child starts at block 0. This is how a model gives each parameter its own
   * stream: adding or reordering parameters never changes the others.
   */
  fork(label: string | number): Generator {
    const [k0, k1] = forkKey(this.#k0, this.#k1, label);
    return Generator.#make(k0, k1, 0n);
  }

  /** Raw Philox words: block b gives its four words in order. */
  uint32(nOrOut: number | Uint32Array, opts?: ThreadsOptions): Uint32Array {
    const o = options('options', opts, ['threads']);
    const threads = checkThreads(o.threads);
    const out = typeof nOrOut === 'number' ? allocateOutput(Uint32Array, count('n', nOrOut), resolveThreads(threads)) : nOrOut;
    if (!(out instanceof Uint32Array)) throw new TypeError(`out must be a Uint32Array or a length, got ${describe(nOrOut)}`);
    return this.#fill(Kind.U32, out, [], threads);
  }

  /** Uniform values u * (high - low) + low, u = (word >>> 8) / 2^24 in [0, 1). */
  uniform(n: number, opts?: UniformOptions): Float32Array;
  uniform<T extends FloatArray>(out: T, opts?: UniformOptions): T;
  uniform(nOrOut: Out<FloatArray>, opts?: UniformOptions): FloatArray {
    const { low, high, o } = uniformRange(opts, ['threads']);
    const threads = checkThreads(o.threads);
    return this.#fill(Kind.Uniform, floatTarget(nOrOut, threads), [low, Math.fround(high) - Math.fround(low)], threads);
  }


  /** Normal values by Box-Muller, using both outputs of each pair (see docs/stream-contract.md). */
  normal(n: number, opts?: NormalOptions): Float32Array;
  normal<T extends FloatArray>(out: T, opts?: NormalOptions): T;
  normal(nOrOut: Out<FloatArray>, opts?: NormalOptions): FloatArray {
    // |z| <= 5.8 by construction (24-bit u1): parameters that would overflow float32 are rejected.
    const { mean, std, o } = normalParams(opts, 6, ['threads']);
    const threads = checkThreads(o.threads);
    return this.#fill(Kind.Normal, floatTarget(nOrOut, threads), [mean, std], threads);
  }


  /**
   * Normal values truncated to [a, b] by the inverse-CDF method: exact for any finite bounds within
   * 37 sigma, far tails and one-sided intervals included; never a rejection loop.
   */
  truncatedNormal(n: number, opts?: TruncatedNormalOptions): Float32Array;
  truncatedNormal<T extends FloatArray>(out: T, opts?: TruncatedNormalOptions): T;
  truncatedNormal(nOrOut: Out<FloatArray>, opts?: TruncatedNormalOptions): FloatArray {
    const { mean, std, lo, hi, o } = truncatedParams(opts, ['threads']);
    const threads = checkThreads(o.threads);
    const plan = planTruncated(mean, std, lo, hi, ['a', 'b']);
    return this.#fill(plan.kind, floatTarget(nOrOut, threads), plan.params, threads);
  }


  #fill<T extends Uint32Array | FloatArray>(kind: Kind, out: T, params: readonly number[], threads: Threads | undefined): T {
    if (this.#runs !== undefined) {
      if (out.length > 0) activeKernels().fillRuns(kind, this.#k0, this.#k1, this.#position, this.#runs, out, params);
      return out;
    }
    if (out.length > 0) {
      // threads > 1: the same activeKernels().fill on disjoint chunks of blocks (src/parallel/pool.ts);
      // it declines (false) where this thread cannot block or start workers.
      const n = resolveThreads(threads);
      if (n <= 1 || !parallelFill(kind, this.#k0, this.#k1, this.#position, out, params, n)) {
        activeKernels().fill(kind, this.#k0, this.#k1, this.#position, out.length, out, 0, params);
      }
      this.#position = (this.#position + BigInt(Math.ceil(out.length / PER_BLOCK))) % U128;
    }
    return out;
  }
}
