// Row shards: the rows [r0, r1) of a tensor's first dimension, drawn on their own with exactly the
// values the whole tensor has there. Elementwise draws take 4 values per Philox block, so value i
// of a tensor whose draw starts at block p is value i % 4 of block p + ⌊i/4⌋: a shard starting at
// flat index s draws from block p + ⌊s/4⌋ and drops the first s % 4 values.
import { U128, type FloatArray, type NormalOptions, type PositionalSampler, type Sampler, type TruncatedNormalOptions, type UniformOptions } from '../random/types.js';


/**
 * The draws of `length` values starting at flat index `start` of a `total`-value tensor whose draw
 * starts at `g`'s position; afterwards `g` is where it would be after drawing the whole tensor.
 * One draw per sampler (an elementwise initializer makes exactly one). Needs block positions
 * ({@link PositionalSampler}); the draws keep `g`'s parallel capability (options pass through).
 */
export class ShardSampler implements Sampler {
  readonly #g: PositionalSampler;
  readonly #start: number;
  readonly #total: number;
  #spent = false;

  constructor(g: PositionalSampler, start: number, total: number) {
    this.#g = g;
    this.#start = start;
    this.#total = total;
  }

  #draw<T extends FloatArray | Uint32Array>(out: T, draw: (src: PositionalSampler, o: T) => unknown): T {
    if (this.#spent) throw new Error('internal: a ShardSampler serves one draw');
    const lead = this.#start % 4;
    {
      const src = this.#g.at((this.#g.position + BigInt(Math.floor(this.#start / 4))) % U128);
      // An empty slice still validates the options (the generator checks before it draws).
      if (lead === 0 || out.length === 0) draw(src, out);
      else {
        // The first block on its own (this also validates the options before `out` is touched).
        const head = new (out.constructor as new (n: number) => T)(4);
        draw(src, head);
        const k = Math.min(4 - lead, out.length);
        for (let i = 0; i < k; i++) out[i] = head[lead + i]!;
        if (out.length > k) draw(src, out.subarray(k) as T);
      }
    }
    this.#spent = true;
    this.#g.skip(Math.ceil(this.#total / 4));
    return out;
  }

  uint32(nOrOut: number | Uint32Array): Uint32Array {
    return this.#draw(typeof nOrOut === 'number' ? new Uint32Array(nOrOut) : nOrOut, (s, o) => s.uint32(o));
  }

  uniform(n: number, opts?: UniformOptions): Float32Array;
  uniform<T extends FloatArray>(out: T, opts?: UniformOptions): T;
  uniform(nOrOut: number | FloatArray, opts?: UniformOptions): FloatArray {
    return this.#draw(typeof nOrOut === 'number' ? new Float32Array(nOrOut) : nOrOut, (s, o) => s.uniform(o, opts));
  }

  normal(n: number, opts?: NormalOptions): Float32Array;
  normal<T extends FloatArray>(out: T, opts?: NormalOptions): T;
  normal(nOrOut: number | FloatArray, opts?: NormalOptions): FloatArray {
    return this.#draw(typeof nOrOut === 'number' ? new Float32Array(nOrOut) : nOrOut, (s, o) => s.normal(o, opts));
  }

  truncatedNormal(n: number, opts?: TruncatedNormalOptions): Float32Array;
  truncatedNormal<T extends FloatArray>(out: T, opts?: TruncatedNormalOptions): T;
  truncatedNormal(nOrOut: number | FloatArray, opts?: TruncatedNormalOptions): FloatArray {
    return this.#draw(typeof nOrOut === 'number' ? new Float32Array(nOrOut) : nOrOut, (s, o) => s.truncatedNormal(o, opts));
  }
}
