// Sharded safetensors checkpoints in Hugging Face's layout (model-00001-of-0000N.safetensors + 
// model.safetensors.index.json), written by any number of independent processes: the split into
// files and the files' assignment to ranks are pure functions of the spec and the options, so every
// rank computes the same plan with no communication (node:fs: reached only through weight-init/node).
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { planModel, type ModelSpec, type PlannedParam } from './model-init.js';
import { checkOptions, FILE_DTYPES, streamFile, type FileDType, type WriteSafetensorsOptions } from './safetensors.js';
import { describe } from '../validate.js';

/** Default {@link WriteShardedOptions.maxShardBytes}: 5_000_000_000 bytes, Hugging Face's `"5GB"`. */
export const DEFAULT_MAX_SHARD_BYTES = 5_000_000_000;

/** The index file of a sharded checkpoint (Hugging Face's `SAFE_WEIGHTS_INDEX_NAME`). */
export const SHARD_INDEX_FILE = 'model.safetensors.index.json';

/** One file of a {@link ShardPlan}. */
export interface PlannedShard {
  /** File name inside the checkpoint directory. */
  readonly file: string;
  /** Tensor names, in spec order. */
  readonly tensors: readonly string[];
  /** Bytes of tensor data (headers not counted, as Hugging Face counts them). */
  readonly bytes: number;
}

/** The split of a model into files: see {@link planShards}. */
export interface ShardPlan {
  readonly files: readonly PlannedShard[];
  /** Bytes of all tensor data: the index's `metadata.total_size`. */
  readonly totalSize: number;
  readonly maxShardBytes: number;
  /** Element type of the files (its width sets the bytes). */
  readonly dtype: FileDType;
}

/** Options of {@link planShards}. */
export interface PlanShardsOptions {
  /** Element type: `'float32'` (default, 4 bytes), `'bfloat16'` or `'float16'` (2 bytes). */
  dtype?: FileDType;
  /** Largest file (tensor bytes) before a new file is started. Default {@link DEFAULT_MAX_SHARD_BYTES}. */
  maxShardBytes?: number;
}

/** Options of {@link writeSafetensorsSharded}: those of `writeSafetensors` plus the split and the rank. */
export interface WriteShardedOptions extends WriteSafetensorsOptions {
  /** See {@link PlanShardsOptions.maxShardBytes}. */
  maxShardBytes?: number;
  /** This process's rank in [0, worldSize). Default 0. */
  rank?: number;
  /** Number of processes writing the checkpoint together. Default 1. */
  worldSize?: number;
}

/** What one rank of {@link writeSafetensorsSharded} wrote. */
export interface ShardedSummary {
  /** The whole checkpoint's plan (the same on every rank). */
  plan: ShardPlan;
  /** SHA-256 (hex) of the canonical plan JSON: see {@link writeSafetensorsSharded}. */
  planSha256: string;
  /** Files this rank wrote (names inside the directory). */
  files: string[];
  /** Bytes this rank wrote to shard files (headers included). */
  bytes: number;
  /** Tensors this rank wrote. */
  tensors: number;
}

function checkMaxShardBytes(v: unknown): number {
  if (v === undefined) return DEFAULT_MAX_SHARD_BYTES;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new RangeError(`maxShardBytes must be a positive integer (bytes), got ${describe(v)}`);
  return v;
}

/** Hugging Face's shard name: `model-00001-of-00005.safetensors`; a one-file plan is `model.safetensors`. */
function shardName(i: number, n: number): string {
  if (n === 1) return 'model.safetensors';
  return `model-${String(i + 1).padStart(5, '0')}-of-${String(n).padStart(5, '0')}.safetensors`;
}

function split(plan: readonly PlannedParam[], maxShardBytes: number, dtype: FileDType): ShardPlan {
  // Hugging Face's shard_checkpoint / split_torch_state_dict_into_shards: in spec order, start a new
  // file when the next tensor would take the current one past the limit, unless the current file is
  // empty (so a tensor larger than the limit gets a file of its own).
  const groups: { tensors: string[]; bytes: number }[] = [];
  let totalSize = 0;
  for (const p of plan) {
    const bytes = FILE_DTYPES[dtype].bytes * p.size;
    const last = groups[groups.length - 1];
    if (last === undefined || (last.tensors.length > 0 && last.bytes + bytes > maxShardBytes)) groups.push({ tensors: [p.name], bytes });
    else { last.tensors.push(p.name); last.bytes += bytes; }
    totalSize += bytes;
  }
  const files = groups.map((g, i) => ({ file: shardName(i, groups.length), tensors: g.tensors, bytes: g.bytes }));
  return { files, totalSize, maxShardBytes, dtype };
}

/**
 * The split of a model into safetensors files, as Hugging Face's `save_pretrained` splits a state
 * dict: greedy in spec order, a new file when adding the next tensor would exceed `maxShardBytes`
 * (tensor bytes: 4 an element for float32, 2 for bfloat16 / float16), and a tensor larger than `maxShardBytes` in a file
 * of its own. Files are `model-00001-of-0000N.safetensors`, or `model.safetensors` when one file
 * holds everything (Hugging Face writes no index then). A pure function of its arguments.
 * @throws TypeError/RangeError naming `spec[i]`, `dtype` or `maxShardBytes`.
 * @example
 * planShards(spec, { maxShardBytes: 2_000_000_000 }).files.map((f) => f.file);
 */
export function planShards(spec: ModelSpec, opts: PlanShardsOptions = {}): ShardPlan {
  const dtype = (opts as { dtype?: unknown }).dtype ?? 'float32';
  if (typeof dtype !== 'string' || !Object.hasOwn(FILE_DTYPES, dtype)) throw new TypeError(`dtype must be 'float32', 'bfloat16' or 'float16', got ${describe(dtype)}`);
  return split(planModel(spec), checkMaxShardBytes((opts as { maxShardBytes?: unknown }).maxShardBytes), dtype as FileDType);
}

/**
 * Which files each rank writes (file indices into `plan.files`, per rank): files taken largest first
 * (ties: lower index first), each given to the rank with the fewest bytes so far (ties: lower rank).
 * Deterministic, so every rank computes the same assignment; a rank may get no file.
 * @throws RangeError when `worldSize` is not a positive integer.
 */
export function assignShards(plan: ShardPlan, worldSize: number): number[][] {
  if (!Number.isSafeInteger(worldSize) || worldSize < 1) throw new RangeError(`worldSize must be a positive integer, got ${describe(worldSize)}`);
  const order = plan.files.map((f, i) => ({ i, bytes: f.bytes })).sort((a, b) => b.bytes - a.bytes || a.i - b.i);
  const load = new Array<number>(worldSize).fill(0);
  const out: number[][] = Array.from({ length: worldSize }, () => []);
  for (const { i, bytes } of order) {
    let r = 0;
    for (let k = 1; k < worldSize; k++) if (load[k]! < load[r]!) r = k;
    out[r]!.push(i);
    load[r]! += bytes;
  }
  for (const files of out) files.sort((a, b) => a - b);
  return out;
}

/** SHA-256 of the canonical plan JSON: format, dtype, seed, maxShardBytes, spec and files. */
function hashPlan(spec: ModelSpec, seed: number | bigint, plan: ShardPlan): string {
  const canonical = JSON.stringify({
    format: 'weight-init sharded safetensors 1', dtype: FILE_DTYPES[plan.dtype].tag, seed: String(seed), maxShardBytes: plan.maxShardBytes,
    spec, files: plan.files.map((f) => [f.file, f.tensors]),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/** The index, byte for byte as Hugging Face writes it (`json.dumps(index, indent=2, sort_keys=True) + "\n"`). */
function indexText(plan: ShardPlan, hash: string): string {
  const map: Record<string, string> = {};
  const entries: [string, string][] = plan.files.flatMap((f) => f.tensors.map((t): [string, string] => [t, f.file]));
  // Python sorts keys by code point; so does this comparison (not localeCompare).
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [t, f] of entries) map[t] = f;
  const index = { metadata: { total_size: plan.totalSize, 'weight_init.plan_sha256': hash }, weight_map: map };
  return `${JSON.stringify(index, null, 2)}\n`;
}

/** Fails when `dir` holds an index from a different plan (another rank's or an earlier run's). */
async function checkIndex(dir: string, hash: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(join(dir, SHARD_INDEX_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  let theirs: unknown;
  try {
    theirs = (JSON.parse(text) as { metadata?: Record<string, unknown> }).metadata?.['weight_init.plan_sha256'];
  } catch {
    theirs = undefined;
  }
  if (theirs !== hash) {
    throw new Error(`${join(dir, SHARD_INDEX_FILE)} belongs to a different plan: its plan hash is ${typeof theirs === 'string' ? theirs : '(none)'}, this rank's is ${hash}. `
      + 'Ranks must agree on spec, seed and max shard size; remove the directory (or choose another) to start a new checkpoint.');
  }
}

/**
 * Initialises a model into a sharded safetensors checkpoint in `dir`, Hugging Face's layout
 * (`from_pretrained` and `safetensors` read it): `model-00001-of-0000N.safetensors` … and
 * `model.safetensors.index.json` (`{ metadata: { total_size }, weight_map: { name: file } }`).
 * The values are exactly `initModel(spec, { seed })`, and each shard's tensor bytes are those
 * `writeSafetensors` writes (same header format, same streaming with bounded memory).
 *
 * Several processes write one checkpoint with no coordination: rank `rank` of `worldSize` writes
 * the files {@link assignShards} gives it (split by {@link planShards}). Each file's bytes do not
 * depend on `worldSize`, `rank` or `threads`. Every rank of a multi-file plan writes the same index
 * (atomic rename) before its shards, after checking that an index already there has the same plan
 * hash (SHA-256 of the canonical plan: spec, seed, dtype, maxShardBytes, files; in the index's
 * `metadata['weight_init.plan_sha256']` and each shard's `__metadata__`), and checks again after
 * its shards; a mismatch fails naming both hashes. Shards carry `weight_init.seed`/`spec` like
 * writeSafetensors's file.
 * @throws TypeError/RangeError naming `spec[i]`, `seed`, `maxShardBytes`, `rank`, `worldSize`, … before
 * any file is written; Error naming both plan hashes when `dir` holds another plan's index.
 * @example
 * import { writeSafetensorsSharded } from 'weight-init/node';
 * await writeSafetensorsSharded(spec, 'ckpt', { seed: 0, rank: 1, worldSize: 4 });
 */
export async function writeSafetensorsSharded(spec: ModelSpec, dir: string, opts: WriteShardedOptions): Promise<ShardedSummary> {
  if (typeof dir !== 'string' || dir === '') throw new TypeError(`dir must be a non-empty string, got ${describe(dir)}`);
  const checked = checkOptions(opts, ['maxShardBytes', 'rank', 'worldSize']);
  const o = opts as Partial<WriteShardedOptions>;
  const worldSize = o.worldSize ?? 1;
  if (typeof worldSize !== 'number' || !Number.isSafeInteger(worldSize) || worldSize < 1) throw new RangeError(`worldSize must be a positive integer, got ${describe(worldSize)}`);
  const rank = o.rank ?? 0;
  if (typeof rank !== 'number' || !Number.isSafeInteger(rank) || rank < 0 || rank >= worldSize) throw new RangeError(`rank must be an integer in [0, worldSize = ${worldSize}), got ${describe(rank)}`);
  const params = planModel(spec);
  const plan = split(params, checkMaxShardBytes(o.maxShardBytes), checked.dtype);
  const seed = (opts as WriteShardedOptions).seed;
  const hash = hashPlan(spec, seed, plan);
  const byName = new Map(params.map((p) => [p.name, p]));
  const mine = assignShards(plan, worldSize)[rank]!;
  const multi = plan.files.length > 1;
  await mkdir(dir, { recursive: true });
  if (multi) {
    await checkIndex(dir, hash);
    const tmp = join(dir, `${SHARD_INDEX_FILE}.partial-${process.pid}`);
    await writeFile(tmp, indexText(plan, hash));
    await rename(tmp, join(dir, SHARD_INDEX_FILE)).catch(async (e: unknown) => { await unlink(tmp).catch(() => undefined); throw e; });
  }
  const meta = { format: 'pt', 'weight_init.seed': String(seed), 'weight_init.spec': JSON.stringify(spec), 'weight_init.plan_sha256': hash, ...checked.metadata };
  const total = mine.reduce((s, i) => s + plan.files[i]!.bytes, 0);
  let done = 0, bytes = 0, tensors = 0;
  for (const i of mine) {
    const f = plan.files[i]!;
    const base = done;
    const summary = await streamFile(join(dir, f.file), f.tensors.map((t) => byName.get(t)!), {
      ...checked, metadata: meta,
      onProgress: checked.onProgress && ((w: number) => checked.onProgress!(base + w, total)),
    });
    done += f.bytes;
    bytes += summary.bytes;
    tensors += summary.tensors;
  }
  // A rank that started at the same moment with another plan may have renamed its index over ours.
  if (multi) await checkIndex(dir, hash);
  return { plan, planSha256: hash, files: mine.map((i) => plan.files[i]!.file), bytes, tensors };
}
