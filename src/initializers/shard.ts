// Shards: rows, rectangular slices or flat ranges of a tensor, drawn on their own with exactly the
// values the whole tensor has there. Elementwise draws take 4 values per Philox block, so value i
// of a tensor whose draw starts at block p is value i % 4 of block p + ⌊i/4⌋: a contiguous run
// starting at flat index s draws from block p + ⌊s/4⌋ and drops the first s % 4 values. A slice is
// a sequence of such runs (one per row segment), so its cost is the slice's, not the tensor's.
import { U128, type FloatArray, type NormalOptions, type PositionalSampler, type Sampler, type TruncatedNormalOptions, type UniformOptions } from '../random/types.js';
import { count, describe } from '../validate.js';

/**
 * The part of a tensor a call returns (`rows`, `slice` or `range`, validated): the selected flat
 * indices in row-major order, as contiguous segments of the whole tensor's stream.
 */
export interface Selection {
  /** Elements selected: the length of the result. */
  readonly length: number;
  /** The first flat index when the selection is one contiguous run (always for rows and range), else undefined. */
  readonly offset: number | undefined;
  /** The option as the user wrote it, for error messages: `rows [1, 3)`, `slice [[0, 2], [1, 3]]`, `range [5, 9)`. */
  readonly label: string;
  /** Visits the contiguous runs in increasing order: flat start, index in the result, length (> 0). */
  segments(visit: (start: number, at: number, length: number) => void): void;
  /** The result index of flat index `flat`, or −1 when it is not selected (for sparse placements: eye, dirac). */
  indexOf(flat: number): number;
}

function pair(name: string, x: unknown, hi: number, what: string): [number, number] {
  if (!Array.isArray(x) || x.length !== 2) throw new TypeError(`${name} must be a pair [start, end], got ${describe(x)}`);
  const a = count(`${name}[0]`, x[0]);
  const b = count(`${name}[1]`, x[1]);
  if (!(a <= b && b <= hi)) throw new RangeError(`${name} must satisfy 0 <= start <= end <= ${what} = ${hi}, got [${a}, ${b}]`);
  return [a, b];
}

/**
 * Validates the selection options of a call (at most one of `rows`, `slice`, `range`) against the
 * validated shape; undefined when none is given.
 * @throws TypeError naming the option for a wrong type or rank, RangeError for bounds outside the shape.
 */
export function checkSelection(o: { rows?: unknown; slice?: unknown; range?: unknown }, dims: readonly number[]): Selection | undefined {
  const given = (['rows', 'slice', 'range'] as const).filter((k) => o[k] !== undefined);
  if (given.length > 1) throw new TypeError(`options: pass at most one of rows, slice and range, got ${given.join(' and ')}`);
  const size = dims.reduce((a, b) => a * b, 1);
  if (o.range !== undefined) {
    const [i0, i1] = pair('range', o.range, size, 'the size');
    return flatSelection(i0, i1, `range [${i0}, ${i1})`);
  }
  if (o.rows !== undefined) {
    if (!Array.isArray(o.rows) || o.rows.length !== 2) throw new TypeError(`rows must be an array [r0, r1], got ${describe(o.rows)}`);
    if (dims.length === 0) throw new RangeError('rows: a shape of rank 0 has no rows');
    const r = pair('rows', o.rows, dims[0]!, 'shape[0]');
    return block(dims, [r], `rows [${r[0]}, ${r[1]})`);
  }
  if (o.slice === undefined) return undefined;
  const s = o.slice;
  if (!Array.isArray(s)) throw new TypeError(`slice must be an array of [start, end] pairs, one per leading dimension, got ${describe(s)}`);
  if (s.length > dims.length) throw new RangeError(`slice has ${s.length} pairs but shape [${dims.join(', ')}] has rank ${dims.length}`);
  const bounds = s.map((x: unknown, k) => pair(`slice[${k}]`, x, dims[k]!, `shape[${k}]`));
  return block(dims, bounds, `slice [${bounds.map(([a, b]) => `[${a}, ${b}]`).join(', ')}]`);
}

/** The flat run [i0, i1) as a {@link Selection}. */
export function flatSelection(i0: number, i1: number, label = `range [${i0}, ${i1})`): Selection {
  return {
    length: i1 - i0, offset: i0, label,
    segments: (visit) => { if (i1 > i0) visit(i0, 0, i1 - i0); },
    indexOf: (f) => (f >= i0 && f < i1 ? f - i0 : -1),
  };
}

// A rectangular block: one [start, end) per dimension (the trailing ones whole). Past the last
// dimension that is not whole, every selected run is contiguous, so a run is (end_p − start_p)
// times the stride of that dimension p, and the runs are the odometer over the dimensions before p.
function block(dims: readonly number[], given: readonly (readonly [number, number])[], label: string): Selection {
  const n = dims.length;
  const b = dims.map((d, k) => given[k] ?? [0, d] as const);
  const stride = new Array<number>(n);
  for (let k = n - 1, s = 1; k >= 0; k--) { stride[k] = s; s *= dims[k]!; }
  const length = b.reduce((a, [s, e]) => a * (e - s), 1);
  let p = -1;
  for (let k = 0; k < n; k++) if (b[k]![0] !== 0 || b[k]![1] !== dims[k]) p = k;
  if (p < 0) return flatSelection(0, length, label);
  const run = (b[p]![1] - b[p]![0]) * stride[p]!;
  let first = 0;
  for (let k = 0; k <= p; k++) first += b[k]![0] * stride[k]!;
  const contiguous = length === 0 || b.slice(0, p).every(([s, e]) => e - s === 1);
  if (contiguous) return flatSelection(first, first + length, label);
  // Result strides: the selected block is itself row-major.
  const outStride = new Array<number>(n);
  for (let k = n - 1, s = 1; k >= 0; k--) { outStride[k] = s; s *= b[k]![1] - b[k]![0]; }
  return {
    length, offset: undefined, label,
    segments(visit) {
      const idx = b.slice(0, p).map(([s]) => s);
      for (let at = 0; at < length; at += run) {
        let start = first;
        for (let k = 0; k < p; k++) start += (idx[k]! - b[k]![0]) * stride[k]!;
        visit(start, at, run);
        for (let k = p - 1; k >= 0; k--) { // odometer
          if (++idx[k]! < b[k]![1]) break;
          idx[k] = b[k]![0];
        }
      }
    },
    indexOf(f) {
      let at = 0;
      for (let k = 0; k < n; k++) {
        const i = Math.floor(f / stride[k]!) % dims[k]!;
        if (i < b[k]![0] || i >= b[k]![1]) return -1;
        at += (i - b[k]![0]) * outStride[k]!;
      }
      return at;
    },
  };
}


/**
 * The draws of the selected values of a `total`-value tensor whose draw starts at `g`'s position
 * (the result has `sel.length` values); afterwards `g` is where it would be after drawing the whole tensor.
 * One draw per sampler (an elementwise initializer makes exactly one). Needs block positions
 * ({@link PositionalSampler}); the draws keep `g`'s parallel capability (options pass through).
 */
export class ShardSampler implements Sampler {
  readonly #g: PositionalSampler;
  readonly #sel: Selection;
  readonly #total: number;
  #spent = false;

  constructor(g: PositionalSampler, sel: Selection, total: number) {
    this.#g = g;
    this.#sel = sel;
    this.#total = total;
  }

  #draw<T extends FloatArray | Uint32Array>(out: T, draw: (src: Sampler, o: T) => unknown): T {
    if (this.#spent) throw new Error('internal: a ShardSampler serves one draw');
    const base = this.#g.position;
    const sel = this.#sel;
    if (sel.offset === undefined && sel.length > 0 && this.#g.gather !== undefined) {
      // Many runs (a column slice): one gathered draw, options read once, no object per run.
      draw(this.#g.gather((visit) => sel.segments(visit)), out);
      this.#spent = true;
      this.#g.skip(Math.ceil(this.#total / 4));
      return out;
    }
    const make = out.constructor as new (n: number) => T;
    let head: T | undefined;
    let drew = false;
    sel.segments((start, at, length) => {
      const src = this.#g.at((base + BigInt(Math.floor(start / 4))) % U128);
      const dst = out.subarray(at, at + length) as T;
      const lead = start % 4;
      // The first draw validates the options before `out` is touched (the head goes to scratch).
      if (lead === 0) draw(src, dst);
      else {
        head ??= new make(4);
        draw(src, head);
        const k = Math.min(4 - lead, length);
        for (let i = 0; i < k; i++) dst[i] = head[lead + i]!;
        if (length > k) draw(src, dst.subarray(k) as T);
      }
      drew = true;
    });
    // An empty selection still validates the options (the generator checks before it draws).
    if (!drew) draw(this.#g.at(base), out);
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
