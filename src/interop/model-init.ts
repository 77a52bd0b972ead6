// Whole-model initialisation from a spec: one independent stream per parameter,
// `new Generator(seed).fork(name)`, so adding, removing or reordering parameters never changes the
// others. Browser-safe; the streaming safetensors writer is in node.ts (`weight-init/node`).
import { Generator } from '../random/generator.js';
import { checkShape, sizeOf } from '../initializers/common.js';
import { checkSelection } from '../initializers/shard.js';
import { getInitializer, type BoundInitializer } from '../initializers/get-initializer.js';
import { lookupInitializer } from '../initializers/registry.js';
import { descriptorOfFunction } from '../initializers/descriptors.js';
import { describe, prefixed } from '../validate.js';

/** One parameter of a model spec. */
export interface ParamSpec {
  /** Unique name, e.g. `'h.0.attn.c_attn.weight'`; also the fork label of its stream. */
  name: string;
  /** Its shape (torch layout unless `options.layout` says otherwise). */
  shape: readonly number[];
  /** An initializer id for {@link getInitializer}: `'normal'`, `'kaiming_normal'`, `'zeros'`, … */
  init: string;
  /** Options bound to the initializer (`{ std: 0.02 }`, `{ mode: 'fanOut' }`, Keras keys too). */
  options?: Record<string, unknown>;
  /**
   * A row set to +0 after the init, as `nn.Embedding(padding_idx=…)` and Hugging Face's
   * `_init_weights` leave the padding token's embedding: the elements whose leading index is
   * `paddingIdx`. An integer in [0, shape[0]); rank ≥ 1. Every draw honours it — whole tensor,
   * `rows`, `slice`, `range`, tensor-parallel shards and the safetensors writers — within
   * whatever window it makes, so a sliced checkpoint holds the same zeros as the whole one.
   */
  paddingIdx?: number;
}

/**
 * A spec document: the parameters plus string metadata for the file header (the format of the
 * CLI's spec files and of `huggingFaceSpec`'s result). `initModel` and the writers read only
 * `parameters`; pass `metadata` to the writer's `metadata` option to keep it in the file.
 */
export interface ModelSpecDocument {
  parameters: ParamSpec[];
  metadata?: Record<string, string>;
}

/** A model spec: its parameters in file order, as an array or as a {@link ModelSpecDocument}. */
export type ModelSpec = readonly ParamSpec[] | ModelSpecDocument;

/** Options of {@link initModel}. */
export interface ModelInitOptions {
  /** Root seed: parameter `name` draws from `new Generator(seed).fork(name)`. */
  seed: number | bigint;
  /**
   * `'float32'` (default): Float32Arrays. `'bfloat16'` / `'float16'`: Uint16Arrays of the raw bits,
   * each the float32 value rounded to nearest even (truncated normals kept inside their bounds), the
   * very bits the safetensors writers write for that dtype.
   */
  dtype?: 'float32' | 'bfloat16' | 'float16';
  /**
   * Only this rank's part of each parameter (tensor parallelism): a parameter with more than `dim`
   * dimensions is split along `dim` into `worldSize` contiguous parts as `torch.tensor_split` splits
   * (length n: the first n % worldSize parts have ⌈n / worldSize⌉ entries, the rest ⌊n / worldSize⌋),
   * and part `rank` is returned, its shape the parameter's with `dim` replaced by the part's length;
   * parameters with `dim` or fewer dimensions are returned whole (replicated). The values are
   * exactly that slice of the whole model's tensor. Elementwise initializers draw only the slice;
   * orthogonal and user-registered initializers make the whole tensor and copy the slice.
   */
  shard?: { rank: number; worldSize: number; dim: number };
}

/** A validated parameter: its bound initializer and whether it can be made in parts (rows, slices, ranges). */
export interface PlannedParam {
  readonly name: string;
  readonly shape: readonly number[];
  readonly size: number;
  readonly init: BoundInitializer;
  /** Elementwise initializers (descriptor `sliceable`) accept `rows`; others (orthogonal) need the whole tensor at once. */
  readonly sliceable: boolean;
  /** All +0 (the `zeros` initializer): the writers leave such a tensor's bytes as a hole in the file. */
  readonly zeros: boolean;
}

// Options a spec may not bind: the generator, the output and the range are the model's business.
const RESERVED = ['generator', 'seed', 'out', 'dtype', 'rows', 'slice', 'range'];

/**
 * Validates a spec (names unique and non-empty, shapes, init ids, reserved option names) and binds
 * each initializer. Errors are TypeError/RangeError naming `spec[i]` and the field. Elementwise
 * parameters are also dry-run with an empty row range, which checks all their options without
 * drawing anything.
 * @internal shared by initModel and writeSafetensors
 */
export function planModel(spec: unknown): PlannedParam[] {
  const [list, label] = specParameters(spec);
  const seen = new Set<string>();
  const probe = new Generator(0);
  return list.map((p: unknown, i) => {
    const at = `${label}[${i}]`;
    if (p === null || typeof p !== 'object' || Array.isArray(p)) throw new TypeError(`${at} must be an object { name, shape, init, options, paddingIdx }, got ${describe(p)}`);
    for (const key of Object.keys(p)) {
      if (!PARAM_FIELDS.includes(key)) throw new TypeError(`${at}: unknown field '${key}' (allowed: ${PARAM_FIELDS.join(', ')})`);
    }
    const { name, shape, init, options, paddingIdx } = p as Partial<ParamSpec>;
    if (typeof name !== 'string' || name === '') throw new TypeError(`${at}.name must be a non-empty string, got ${describe(name)}`);
    if (name === '__metadata__') throw new RangeError(`${at}.name: '__metadata__' is reserved by the safetensors format`);
    if (seen.has(name)) throw new RangeError(`${at}.name: duplicate parameter name ${JSON.stringify(name)}`);
    seen.add(name);
    const dims = prefixed(at + ' (' + name + ')', () => checkShape(shape));
    if (typeof init !== 'string') throw new TypeError(`${at}.init must be an initializer id string, got ${describe(init)}`);
    if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
      throw new TypeError(`${at}.options must be an object, got ${describe(options)}`);
    }
    for (const key of RESERVED) {
      if (options !== undefined && key in options) throw new TypeError(`${at}.options.${key} is not allowed: the model sets the generator (fork of the seed), the output and the rows`);
    }
    const bound = prefixed(`${at}.init`, () => getInitializer(init, options));
    // Sliceable by the function, whatever id it is registered under: a built-in function registered
    // again under a new name is still elementwise; user-written initializers are made whole.
    const descriptor = descriptorOfFunction(lookupInitializer(init)!.fn);
    const sliceable = dims.length > 0 && descriptor?.sliceable === true;
    if (sliceable) prefixed(`${at} (${name})`, () => bound(dims, { generator: probe.clone(), rows: [0, 0] }));
    const pad = checkPaddingIdx(`${at}.paddingIdx`, paddingIdx, dims);
    return { name, shape: dims, size: sizeOf(dims), init: pad === undefined ? bound : withPaddingRow(bound, pad), sliceable, zeros: descriptor?.name === 'zeros' };
  });
}

const PARAM_FIELDS = ['name', 'shape', 'init', 'options', 'paddingIdx'];

/** The parameter list of an array spec or a spec document, and the label its errors use. */
function specParameters(spec: unknown): [readonly unknown[], string] {
  if (Array.isArray(spec)) return [spec, 'spec'];
  if (spec === null || typeof spec !== 'object' || !Array.isArray((spec as { parameters?: unknown }).parameters)) {
    throw new TypeError(`spec must be an array of { name, shape, init, options } or a document { parameters, metadata }, got ${describe(spec)}`);
  }
  for (const key of Object.keys(spec)) {
    if (key !== 'parameters' && key !== 'metadata') throw new TypeError(`spec: unknown field '${key}' (allowed: parameters, metadata)`);
  }
  const { parameters, metadata } = spec as { parameters: unknown[]; metadata?: unknown };
  if (metadata !== undefined) {
    if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) throw new TypeError(`spec.metadata must be an object of strings, got ${describe(metadata)}`);
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new TypeError(`spec.metadata.${k} must be a string, got ${describe(v)}`);
    }
  }
  return [parameters, 'spec.parameters'];
}

function checkPaddingIdx(name: string, x: unknown, dims: readonly number[]): number | undefined {
  if (x === undefined) return undefined;
  if (typeof x !== 'number') throw new TypeError(`${name} must be an integer, got ${describe(x)}`);
  if (dims.length === 0) throw new RangeError(`${name}: a shape of rank 0 has no rows`);
  if (!Number.isSafeInteger(x) || x < 0 || x >= dims[0]!) throw new RangeError(`${name} must be an integer in [0, shape[0] = ${dims[0]}), got ${x}`);
  return x;
}

/**
 * The bound initializer with row `paddingIdx` set to +0 in every result. The zeroing is applied
 * here, once, after the draw, to whatever window the call made (the whole tensor, `rows`,
 * `slice` or `range`, into a new array or the caller's `out`, float or half bits — +0 is all-zero
 * bits in each), so every path through the plan (initModel, its shards, the writers' ranges)
 * gets the same zeros without knowing about padding.
 */
function withPaddingRow(bound: BoundInitializer, paddingIdx: number): BoundInitializer {
  return (shape, more) => {
    const result = bound(shape, more);
    const dims = checkShape(shape);
    const row = sizeOf(dims.slice(1));
    const lo = paddingIdx * row, hi = lo + row;
    const selection = checkSelection(more ?? {}, dims);
    if (selection === undefined) {
      result.fill(0, lo, hi);
    } else {
      // Each contiguous run of the window: flat [start, start + length) lands at result[at…].
      selection.segments((start, at, length) => {
        const a = Math.max(start, lo), b = Math.min(start + length, hi);
        if (a < b) result.fill(0, at + a - start, at + b - start);
      });
    }
    return result;
  };
}

/** The root generator of a model (validates the seed, naming `seed`). @internal */
export function modelRoot(opts: unknown): Generator {
  if (opts === null || typeof opts !== 'object') throw new TypeError(`options must be an object { seed }, got ${describe(opts)}`);
  const seed = (opts as Partial<ModelInitOptions>).seed;
  if (seed === undefined) throw new TypeError('seed is required: initModel(spec, { seed })');
  return new Generator(seed);
}

/**
 * Initialises every parameter of a model: parameter `name` is `init(shape, options)` drawn from
 * `new Generator(seed).fork(name)`, so each parameter's values depend only on the seed, its name,
 * shape, init and options — adding, removing or reordering parameters never changes the others,
 * and `writeSafetensors` (from `weight-init/node`) writes the very same values.
 *
 * @param spec `[{ name, shape, init, options, paddingIdx }]` or a document `{ parameters, metadata }`
 * (as `huggingFaceSpec` returns); `init` is any {@link getInitializer} id.
 * @returns a Map from name to Float32Array (Uint16Array of raw bits with a half `dtype`), in spec order.
 * @throws TypeError/RangeError naming `spec[i]` and the field, or `seed`; all parameters are
 * validated before any is drawn (orthogonal's options when it is drawn).
 * @example
 * const params = initModel([
 *   { name: 'fc.weight', shape: [256, 784], init: 'kaiming_normal' },
 *   { name: 'fc.bias', shape: [256], init: 'zeros' },
 * ], { seed: 0 });
 */
export function initModel(spec: ModelSpec | ModelSpecDocument, opts: ModelInitOptions & { dtype: 'bfloat16' | 'float16' }): Map<string, Uint16Array>;
export function initModel(spec: ModelSpec | ModelSpecDocument, opts: ModelInitOptions): Map<string, Float32Array>;
export function initModel(spec: ModelSpec | ModelSpecDocument, opts: ModelInitOptions): Map<string, Float32Array | Uint16Array> {
  const root = modelRoot(opts);
  for (const key of Object.keys(opts)) {
    if (key !== 'seed' && key !== 'shard' && key !== 'dtype') throw new TypeError(`options: unknown option '${key}' (allowed: seed, dtype, shard)`);
  }
  const shard = checkShard(opts.shard);
  const dtype = opts.dtype ?? 'float32';
  if (!['float32', 'bfloat16', 'float16'].includes(dtype)) throw new TypeError(`options.dtype must be 'float32', 'bfloat16' or 'float16', got ${describe(opts.dtype)}`);
  const half = dtype === 'float32' ? {} : { dtype };
  const plan = planModel(spec);
  const out = new Map<string, Float32Array | Uint16Array>();
  for (const p of plan) {
    out.set(p.name, prefixed(`parameter ${JSON.stringify(p.name)}`, () => {
      const generator = root.fork(p.name);
      if (shard === undefined || p.shape.length <= shard.dim) return p.init(p.shape, { generator, ...half }) as Float32Array | Uint16Array;
      const { dim } = shard;
      const [b, e] = span(p.shape[dim]!, shard.rank, shard.worldSize);
      if (p.sliceable) return p.init(p.shape, { generator, ...half, slice: p.shape.slice(0, dim + 1).map((d, k) => (k === dim ? [b, e] : [0, d])) }) as Float32Array | Uint16Array;
      // Not elementwise (orthogonal, user initializers): the whole tensor, then its slice.
      const whole = p.init(p.shape, { generator, ...half }) as Float32Array | Uint16Array;
      const inner = p.shape.slice(dim + 1).reduce((x, y) => x * y, 1);
      const outer = p.shape.slice(0, dim).reduce((x, y) => x * y, 1);
      const n = p.shape[dim]!;
      const part = whole instanceof Uint16Array ? new Uint16Array(outer * (e - b) * inner) : new Float32Array(outer * (e - b) * inner);
      for (let o = 0; o < outer; o++) part.set(whole.subarray((o * n + b) * inner, (o * n + e) * inner), o * (e - b) * inner);
      return part;
    }));
  }
  return out;
}

/** Part `rank` of `worldSize` of [0, n), as torch.tensor_split: the first n % worldSize parts one longer. */
function span(n: number, rank: number, worldSize: number): [number, number] {
  const q = Math.floor(n / worldSize), r = n % worldSize;
  const b = rank * q + Math.min(rank, r);
  return [b, b + q + (rank < r ? 1 : 0)];
}

function checkShard(v: unknown): { rank: number; worldSize: number; dim: number } | undefined {
  if (v === undefined) return undefined;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new TypeError(`shard must be an object { rank, worldSize, dim }, got ${describe(v)}`);
  for (const key of Object.keys(v)) {
    if (!['rank', 'worldSize', 'dim'].includes(key)) throw new TypeError(`shard: unknown field '${key}' (allowed: rank, worldSize, dim)`);
  }
  const { rank, worldSize, dim } = v as Record<string, unknown>;
  const int = (name: string, x: unknown, min: number): number => {
    if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < min) throw new RangeError(`shard.${name} must be an integer >= ${min}, got ${describe(x)}`);
    return x;
  };
  const w = int('worldSize', worldSize, 1);
  const r = int('rank', rank, 0);
  if (r >= w) throw new RangeError(`shard.rank must be < shard.worldSize (${w}), got ${r}`);
  return { rank: r, worldSize: w, dim: int('dim', dim, 0) };
}
