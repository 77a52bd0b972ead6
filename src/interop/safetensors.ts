// writeSafetensors: a whole model streamed to one safetensors file (node:fs, so reached only
// through the weight-init/node entry; browser bundles never import it).
import { rename, unlink } from 'node:fs/promises';
import { openSink } from './file-sink.js';
import { endianness } from 'node:os';
import { Generator } from '../random/generator.js';
import { HALF_SCRATCH_VALUES } from '../initializers/common.js';
import { modelRoot, planModel, type ModelSpec, type PlannedParam } from './model-init.js';
import { describe, prefixed } from '../validate.js';
import { checkThreads, resolveThreads } from '../parallel/threads.js';
import type { Threads } from '../random/types.js';

/** Largest (and default) working buffer of {@link writeSafetensors}: 64 MiB. */
export const MAX_BUFFER_BYTES = 64 * 2 ** 20;

/** Options of {@link writeSafetensors}. */
export interface WriteSafetensorsOptions {
  /** Root seed, as for `initModel`: the file holds exactly `initModel(spec, { seed })`. */
  seed: number | bigint;
  /**
   * Working memory for tensor data: four page-aligned stages written with O_DIRECT where the file
   * system allows it, else two halves (one being filled while the other is written); see
   * ./file-sink.ts. Default and maximum 64 MiB; at least 64 bytes; a multiple of 8.
   */
  bufferBytes?: number;
  /**
   * Element type of the file: `'float32'` (default, safetensors `F32`), `'bfloat16'` (`BF16`) or
   * `'float16'` (`F16`). Half dtypes hold each value the initializer's `dtype` option gives (the
   * float32 value rounded to nearest even; truncated values kept inside their bounds): half the bytes.
   */
  dtype?: FileDType;
  /** Extra string entries for the header's `__metadata__`. */
  metadata?: Record<string, string>;
  /**
   * Threads generating the elementwise tensors (`Generator` sampling `threads`; Node's I/O threads
   * write meanwhile). Default `'auto'`: on an idle 2-core machine it writes 1e9 parameters about
   * 1.6x faster than one thread (bench/model-init.mjs times both). The file's bytes are the same
   * for any value.
   */
  threads?: Threads;
  /** Called after each chunk is written with (bytes of tensor data written, total bytes). */
  onProgress?: (written: number, total: number) => void;
}

/** What {@link writeSafetensors} wrote. */
export interface SafetensorsSummary {
  /** File size in bytes. */
  bytes: number;
  /** Bytes of the header (8-byte length prefix included). */
  headerBytes: number;
  /** Number of tensors. */
  tensors: number;
}

const BE = endianness() === 'BE';

/** Element types a file can hold: {@link WriteSafetensorsOptions.dtype}. */
export type FileDType = 'float32' | 'bfloat16' | 'float16';

/** The safetensors dtype string and byte width of each {@link FileDType}. @internal */
export const FILE_DTYPES: Readonly<Record<FileDType, { tag: string; bytes: number }>> = {
  float32: { tag: 'F32', bytes: 4 }, bfloat16: { tag: 'BF16', bytes: 2 }, float16: { tag: 'F16', bytes: 2 },
};

/** writeSafetensors's default `threads` (see {@link WriteSafetensorsOptions.threads}). */
const DEFAULT_THREADS: Threads = 'auto';

/**
 * The safetensors header for a spec: `{ name: { dtype: 'F32' | 'BF16' | 'F16', shape, data_offsets: [begin, end] },
 * __metadata__ }` as UTF-8 JSON, padded with spaces to a multiple of 8 bytes, behind its 8-byte
 * little-endian length. Tensors follow in spec order, back to back.
 */
function header(plan: readonly PlannedParam[], metadata: Record<string, string>, dtype: FileDType): { bytes: Uint8Array; data: number } {
  const json: Record<string, unknown> = { __metadata__: metadata };
  const { tag, bytes: width } = FILE_DTYPES[dtype];
  let offset = 0;
  for (const p of plan) {
    json[p.name] = { dtype: tag, shape: p.shape, data_offsets: [offset, offset + width * p.size] };
    offset += width * p.size;
  }
  const text = new TextEncoder().encode(JSON.stringify(json));
  const padded = Math.ceil(text.length / 8) * 8;
  const bytes = new Uint8Array(8 + padded).fill(0x20, 8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(padded), true);
  bytes.set(text, 8);
  return { bytes, data: offset };
}

/**
 * Checks the options writeSafetensors shares with the sharded writer; `extra` names the caller's
 * own options (checked by the caller), so any other key is an error naming the allowed ones.
 * @internal
 */
export function checkOptions(opts: unknown, extra: readonly string[] = []): StreamFileOptions {
  const root = modelRoot(opts);
  const o = opts as Partial<WriteSafetensorsOptions>;
  const allowed = ['seed', 'bufferBytes', 'metadata', 'onProgress', 'threads', 'dtype', ...extra];
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) throw new TypeError(`options: unknown option '${key}' (allowed: ${allowed.join(', ')})`);
  }
  const buffer = o.bufferBytes ?? MAX_BUFFER_BYTES;
  if (typeof buffer !== 'number') throw new TypeError(`bufferBytes must be a number, got ${describe(buffer)}`);
  if (!Number.isInteger(buffer) || buffer < 64 || buffer > MAX_BUFFER_BYTES || buffer % 8 !== 0) {
    throw new RangeError(`bufferBytes must be a multiple of 8 in [64, ${MAX_BUFFER_BYTES}], got ${buffer}`);
  }
  const metadata: Record<string, string> = {};
  if (o.metadata !== undefined) {
    if (o.metadata === null || typeof o.metadata !== 'object' || Array.isArray(o.metadata)) throw new TypeError(`metadata must be an object of strings, got ${describe(o.metadata)}`);
    for (const [k, v] of Object.entries(o.metadata)) {
      if (typeof v !== 'string') throw new TypeError(`metadata.${k} must be a string (safetensors metadata is string to string), got ${describe(v)}`);
      metadata[k] = v;
    }
  }
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw new TypeError(`onProgress must be a function, got ${describe(o.onProgress)}`);
  const threads = checkThreads(o.threads) ?? DEFAULT_THREADS;
  const dtype = o.dtype ?? 'float32';
  if (typeof dtype !== 'string' || !Object.hasOwn(FILE_DTYPES, dtype)) throw new TypeError(`dtype must be 'float32', 'bfloat16' or 'float16', got ${describe(o.dtype)}`);
  return { root, buffer, metadata, onProgress: o.onProgress, threads, dtype };
}

/** Byte-swaps 2- or 4-byte words in place (big-endian hosts only; the format is little-endian). */
function toLittleEndian(a: Float32Array | Uint16Array): void {
  if (!BE) return;
  const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (a instanceof Uint16Array) {
    for (let i = 0; i < b.length; i += 2) { const t = b[i]!; b[i] = b[i + 1]!; b[i + 1] = t; }
    return;
  }
  for (let i = 0; i < b.length; i += 4) {
    const t0 = b[i]!, t1 = b[i + 1]!;
    b[i] = b[i + 3]!; b[i + 1] = b[i + 2]!; b[i + 2] = t1; b[i + 3] = t0;
  }
}

/**
 * Initialises a model and streams it into a `.safetensors` file (Hugging Face's format: readable by
 * `safetensors.torch.load_file`, `transformers`, `candle`, …), with memory bounded by a fixed
 * buffer (`bufferBytes`, ≤ 64 MiB) whatever the model size. The values are exactly
 * `initModel(spec, { seed })`: each parameter draws from `new Generator(seed).fork(name)`, and
 * elementwise initializers draw flat ranges (`range`, see docs/scale.md) straight into the working
 * memory; a `zeros` tensor is a hole of the file. Exceptions that need a whole tensor at once:
 * orthogonal / deltaOrthogonal and user-registered initializers (their tensor, plus for orthogonal
 * its float64 QR workspace: about 12 bytes per element).
 *
 * The file is written to `path + '.partial-<pid>'` and renamed to `path` when complete: on any
 * error nothing is left at `path` (an existing file there is replaced only on success).
 * Header: `{ name: { dtype: 'F32' (BF16 / F16 with `dtype`), shape, data_offsets }, __metadata__: { format: 'pt',
 * 'weight_init.seed', 'weight_init.spec', …metadata } }`, spaces to an 8-byte boundary.
 *
 * @throws TypeError/RangeError naming `spec[i]`, `seed`, `bufferBytes`, `metadata`, `onProgress`, `threads`,
 * before the file is created; file-system errors as Node reports them.
 * @example
 * import { writeSafetensors } from 'weight-init/node';
 * await writeSafetensors(spec, 'model.safetensors', { seed: 0 });
 */
export async function writeSafetensors(spec: ModelSpec, path: string, opts: WriteSafetensorsOptions): Promise<SafetensorsSummary> {
  if (typeof path !== 'string' || path === '') throw new TypeError(`path must be a non-empty string, got ${describe(path)}`);
  const checked = checkOptions(opts);
  const { root, buffer, metadata, onProgress, threads } = checked;
  const plan = planModel(spec);
  const seed = (opts as WriteSafetensorsOptions).seed;
  const meta = { format: 'pt', 'weight_init.seed': String(seed), 'weight_init.spec': JSON.stringify(spec), ...metadata };
  return streamFile(path, plan, { root, buffer, metadata: meta, threads, onProgress, dtype: checked.dtype });
}

/** Checked options of {@link streamFile} (see {@link WriteSafetensorsOptions}). */
export interface StreamFileOptions {
  root: Generator;
  buffer: number;
  /** The whole `__metadata__` of the header. */
  metadata: Record<string, string>;
  threads: Threads;
  onProgress: WriteSafetensorsOptions['onProgress'];
  dtype: FileDType;
}

/**
 * Streams the tensors `plan` lists (each from `root.fork(name)`, so a tensor's bytes do not depend
 * on which other tensors share its file) into one safetensors file at `path`, through
 * `path + '.partial-<pid>'` and an atomic rename. Shared by {@link writeSafetensors} and the sharded
 * writer (./sharded.ts), so a shard holds the same tensor bytes as a one-file checkpoint.
 * @internal
 */
export async function streamFile(path: string, plan: readonly PlannedParam[], opts: StreamFileOptions): Promise<SafetensorsSummary> {
  const { root, buffer, threads, onProgress, dtype } = opts;
  const head = header(plan, opts.metadata, dtype);
  const total = head.data;
  const bytes = FILE_DTYPES[dtype].bytes;
  const halfDType = dtype === 'float32' ? undefined : dtype;
  const tmp = `${path}.partial-${process.pid}`;
  // Float32 drawn on several threads: workers write into the sink's memory, so it is shared.
  const sink = await openSink(tmp, buffer, dtype === 'float32' && resolveThreads(threads) > 1);
  let written = 0;
  const progress = (n: number): void => {
    written += n;
    onProgress?.(written, total);
  };
  try {
    await sink.append(head.bytes);
    for (const p of plan) {
      if (p.zeros) {
        await sink.skip(p.size * bytes);
        progress(p.size * bytes);
        continue;
      }
      const base = root.fork(p.name);
      if (!p.sliceable) {
        const whole = prefixed(`parameter ${JSON.stringify(p.name)}`, () => p.init(p.shape, { generator: base, ...(halfDType && { dtype: halfDType }) }) as Float32Array | Uint16Array);
        toLittleEndian(whole);
        await sink.append(new Uint8Array(whole.buffer, whole.byteOffset, whole.byteLength));
        progress(whole.byteLength);
        continue;
      }
      // Flat ranges drawn straight into the file's memory, as many values as it has room for (half
      // dtypes: at most what the initializers round from their kept float32 scratch).
      for (let i0 = 0; i0 < p.size;) {
        const region = sink.region();
        const n = Math.min(p.size - i0, Math.floor(region.length / bytes), halfDType ? HALF_SCRATCH_VALUES : Infinity);
        const out = halfDType ? new Uint16Array(region.buffer, region.byteOffset, n) : new Float32Array(region.buffer, region.byteOffset, n);
        p.init(p.shape, { generator: base.clone(), range: [i0, i0 + n], out, threads, ...(halfDType && { dtype: halfDType }) });
        toLittleEndian(out);
        await sink.commit(n * bytes);
        progress(n * bytes);
        i0 += n;
      }
    }
    await sink.close();
  } catch (e) {
    await sink.abort();
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await rename(tmp, path);
  return { bytes: head.bytes.length + total, headerBytes: head.bytes.length, tensors: plan.length };
}
