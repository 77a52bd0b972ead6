// writeSafetensors: a whole model streamed to one safetensors file (node:fs, so reached only
// through the weight-init/node entry; browser bundles never import it).
import { open, rename, unlink } from 'node:fs/promises';
import { endianness } from 'node:os';
import { Generator } from '../random/generator.js';
import { modelRoot, planModel, type ModelSpec, type PlannedParam } from './model-init.js';
import { describe, prefixed } from '../validate.js';
import { checkThreads, resolveThreads } from '../parallel/threads.js';
import type { Threads } from '../random/types.js';
import { allocateOutput } from '../parallel/pool.js';

/** Largest (and default) working buffer of {@link writeSafetensors}: 64 MiB. */
export const MAX_BUFFER_BYTES = 64 * 2 ** 20;

/** Options of {@link writeSafetensors}. */
export interface WriteSafetensorsOptions {
  /** Root seed, as for `initModel`: the file holds exactly `initModel(spec, { seed })`. */
  seed: number | bigint;
  /**
   * Working memory for tensor data, split in two halves (one being filled while the other is
   * written). Default and maximum 64 MiB; at least 64 bytes; a multiple of 8.
   */
  bufferBytes?: number;
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

/** writeSafetensors's default `threads` (see {@link WriteSafetensorsOptions.threads}). */
const DEFAULT_THREADS: Threads = 'auto';

/**
 * The safetensors header for a spec: `{ name: { dtype: 'F32', shape, data_offsets: [begin, end] },
 * __metadata__ }` as UTF-8 JSON, padded with spaces to a multiple of 8 bytes, behind its 8-byte
 * little-endian length. Tensors follow in spec order, back to back.
 */
function header(plan: readonly PlannedParam[], metadata: Record<string, string>): { bytes: Uint8Array; data: number } {
  const json: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const p of plan) {
    json[p.name] = { dtype: 'F32', shape: p.shape, data_offsets: [offset, offset + 4 * p.size] };
    offset += 4 * p.size;
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
  const allowed = ['seed', 'bufferBytes', 'metadata', 'onProgress', 'threads', ...extra];
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
  return { root, buffer, metadata, onProgress: o.onProgress, threads };
}

/** Byte-swaps 4-byte words in place (big-endian hosts only; the format is little-endian). */
function toLittleEndian(a: Float32Array): void {
  if (!BE) return;
  const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
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
 * elementwise initializers are made in row chunks that fit the buffer (`rows`, see docs/scale.md's
 * shards section). Exceptions that need a whole tensor at once: orthogonal / deltaOrthogonal and
 * user-registered initializers (their tensor, plus for orthogonal its float64 QR workspace: about
 * 12 bytes per element), and a single row larger than half the buffer (that row).
 *
 * The file is written to `path + '.partial-<pid>'` and renamed to `path` when complete: on any
 * error nothing is left at `path` (an existing file there is replaced only on success).
 * Header: `{ name: { dtype: 'F32', shape, data_offsets }, __metadata__: { format: 'pt',
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
  const { root, buffer, metadata, onProgress, threads } = checkOptions(opts);
  const plan = planModel(spec);
  const seed = (opts as WriteSafetensorsOptions).seed;
  const meta = { format: 'pt', 'weight_init.seed': String(seed), 'weight_init.spec': JSON.stringify(spec), ...metadata };
  return streamFile(path, plan, { root, buffer, metadata: meta, threads, onProgress });
}

/** Checked options of {@link streamFile} (see {@link WriteSafetensorsOptions}). */
export interface StreamFileOptions {
  root: Generator;
  buffer: number;
  /** The whole `__metadata__` of the header. */
  metadata: Record<string, string>;
  threads: Threads;
  onProgress: WriteSafetensorsOptions['onProgress'];
}

/**
 * Streams the tensors `plan` lists (each from `root.fork(name)`, so a tensor's bytes do not depend
 * on which other tensors share its file) into one safetensors file at `path`, through
 * `path + '.partial-<pid>'` and an atomic rename. Shared by {@link writeSafetensors} and the sharded
 * writer (./sharded.ts), so a shard holds the same tensor bytes as a one-file checkpoint.
 * @internal
 */
export async function streamFile(path: string, plan: readonly PlannedParam[], opts: StreamFileOptions): Promise<SafetensorsSummary> {
  const { root, buffer, threads, onProgress } = opts;
  const head = header(plan, opts.metadata);
  const total = head.data;
  const half = buffer / 8; // float32 values per half buffer
  // Shared when generation runs on several threads, so workers write the halves in place.
  const halves = [0, 1].map(() => allocateOutput(Float32Array, half, resolveThreads(threads)));
  const tmp = `${path}.partial-${process.pid}`;
  const fh = await open(tmp, 'w');
  let written = 0;
  try {
    let pos = 0;
    await fh.write(head.bytes, 0, head.bytes.length, pos);
    pos += head.bytes.length;
    let pending: Promise<unknown> = Promise.resolve();
    let which = 0;
    // Writes `chunk` after the previous write has finished; the next chunk is computed meanwhile.
    const emit = async (chunk: Float32Array): Promise<void> => {
      toLittleEndian(chunk);
      await pending;
      const at = pos;
      pos += chunk.byteLength;
      pending = fh.write(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength), 0, chunk.byteLength, at).then(() => {
        written += chunk.byteLength;
        onProgress?.(written, total);
      });
      // Awaited by the next emit (or at the end); marked handled now so a failing write is not an
      // unhandled rejection while the next chunk is being computed.
      pending.catch(() => undefined);
    };
    for (const p of plan) {
      const base = root.fork(p.name);
      if (!p.sliceable) {
        const whole = prefixed(`parameter ${JSON.stringify(p.name)}`, () => p.init(p.shape, { generator: base }) as Float32Array);
        await emit(whole);
        await pending; // `whole` is not ours to reuse; let it go before the next tensor
        continue;
      }
      const rows = p.shape[0]!;
      const rowSize = p.size / Math.max(rows, 1);
      const step = Math.max(1, Math.floor(half / Math.max(rowSize, 1)));
      for (let r0 = 0; r0 < rows; r0 += step) {
        const r1 = Math.min(rows, r0 + step);
        const n = (r1 - r0) * rowSize;
        // A row larger than half the buffer gets its own array (documented above).
        const out = n <= half ? halves[which]!.subarray(0, n) : new Float32Array(n);
        p.init(p.shape, { generator: base.clone(), rows: [r0, r1], out, threads });
        // The other half may still be in flight; wait for it before it is refilled next time.
        await emit(out);
        which ^= 1;
      }
    }
    await pending;
    await fh.close();
  } catch (e) {
    await fh.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await rename(tmp, path);
  return { bytes: head.bytes.length + total, headerBytes: head.bytes.length, tensors: plan.length };
}
