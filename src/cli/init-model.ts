// `weight-init init-model spec.json --out model.safetensors --seed 0 [--buffer-mb 64] [--quiet]`:
// initialises the model a JSON spec describes and streams it to a .safetensors file; with
// `--out DIR`, to a sharded checkpoint of which this process (rank from --rank/--world-size or the
// launcher's environment) writes its files. A progress bar (bytes, rate, ETA) on stderr when cli-progress is installed (an optional extra,
// ./extras.ts: without it the file is written all the same, without the bar).
// `--hf config.json` instead of a spec file: the spec is huggingFaceSpec's (with --recipe,
// --base-width), and the directory gets the config.json beside the shards, torch_dtype set to the
// dtype written, so it loads with from_pretrained.
import { readFileSync } from 'node:fs';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { detectLauncher, parseSize, writeSafetensors, writeSafetensorsSharded, MAX_BUFFER_BYTES, type ParamSpec } from '../node.js';
import { optionalExtra } from './extras.js';
import { bothSpecAndHf, checkHfOnly, hfSpec, parseBaseWidth, parseDType, parseRecipe, readHfConfig } from './hf-args.js';

/** The usage lines of `init-model`, for its own errors. */
export const INIT_MODEL_USAGE = `  weight-init init-model spec.json --out model.safetensors [--seed 0] [--buffer-mb 64] [--dtype float32|bfloat16|float16] [--quiet]
  weight-init init-model spec.json --out DIR [--max-shard-size 5GB] [--rank R --world-size W] [--seed 0] [--buffer-mb 64] [--quiet]
      spec.json: [{ "name", "shape", "init", "options" }, ...] or { "parameters": [...], "metadata": {...} }
  weight-init init-model --hf config.json [--recipe hf|megatron|olmo-mitchell|gpt-neox-small-init|timm-vit|mup] [--base-width N]
                         --out DIR [--dtype bf16|bfloat16|fp16|float16|float32] [--max-shard-size 5GB] [--seed 0] [--quiet]
      a model directory: the shards and config.json (torch_dtype = the dtype written; --dtype default: the config's torch_dtype, else float32)`;

function human(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes, u = 0;
  while (v >= 1000 && u < units.length - 1) { v /= 1000; u++; }
  return `${v.toFixed(u === 0 ? 0 : 1)} ${units[u]}`;
}

function intFlag(name: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new RangeError(`${name} must be a non-negative integer, got ${text}`);
  return Number(text);
}

/** Reads a spec file: a parameter array, or `{ parameters, metadata? }`. */
export function readSpec(file: string): { parameters: ParamSpec[]; metadata: Record<string, string> } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new TypeError(`spec ${file}: ${(e as Error).message}`);
  }
  if (Array.isArray(json)) return { parameters: json as ParamSpec[], metadata: {} };
  if (json !== null && typeof json === 'object' && Array.isArray((json as { parameters?: unknown }).parameters)) {
    const { parameters, metadata } = json as { parameters: ParamSpec[]; metadata?: Record<string, unknown> };
    const meta: Record<string, string> = {};
    for (const [k, v] of Object.entries(metadata ?? {})) meta[k] = typeof v === 'string' ? v : JSON.stringify(v);
    return { parameters, metadata: meta };
  }
  throw new TypeError(`spec ${file}: expected an array of parameters or { "parameters": [...] }`);
}

/**
 * Writes `config` as `dir/config.json` with `torch_dtype` set to `dtype` (in place when the key is
 * there, last otherwise; nothing else changed). Every rank writes the same bytes through its own
 * temporary file and an atomic rename, as the shard index is written, so no reader sees half a file.
 */
async function writeConfig(dir: string, config: Record<string, unknown>, dtype: string, rank: number): Promise<void> {
  const tmp = join(dir, `config.json.partial-${rank}-${process.pid}`);
  await writeFile(tmp, `${JSON.stringify({ ...config, torch_dtype: dtype }, null, 2)}\n`);
  await rename(tmp, join(dir, 'config.json')).catch(async (e: unknown) => { await unlink(tmp).catch(() => undefined); throw e; });
}

/** Runs `init-model` with the arguments after the subcommand. */
export async function initModelCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o' },
      seed: { type: 'string', default: '0' },
      'buffer-mb': { type: 'string', default: String(MAX_BUFFER_BYTES / 2 ** 20) },
      quiet: { type: 'boolean', short: 'q', default: false },
      'max-shard-size': { type: 'string' },
      rank: { type: 'string' },
      'world-size': { type: 'string' },
      dtype: { type: 'string' },
      hf: { type: 'string' },
      recipe: { type: 'string' },
      'base-width': { type: 'string' },
    },
  });
  const [specFile, ...extra] = positionals;
  if (specFile !== undefined && values.hf !== undefined) throw bothSpecAndHf(specFile, values.hf);
  if ((specFile === undefined && values.hf === undefined) || extra.length > 0 || values.out === undefined) {
    throw new TypeError(`init-model needs one spec file (or --hf config.json) and --out\nusage:\n${INIT_MODEL_USAGE}`);
  }
  const recipe = parseRecipe(values.recipe);
  checkHfOnly(values, [recipe]);
  const baseWidth = parseBaseWidth(values['base-width']);
  const dtypeArg = parseDType(values.dtype);
  if (values.hf !== undefined && values.out.endsWith('.safetensors')) {
    throw new TypeError(`--out must name a directory with --hf (the model directory: shards and config.json), got ${values.out}`);
  }
  if (!/^\d+$/.test(values.seed)) throw new RangeError(`--seed must be a non-negative integer, got ${values.seed}`);
  const seed = BigInt(values.seed) <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(values.seed) : BigInt(values.seed);
  const mb = Number(values['buffer-mb']);
  const bufferBytes = Math.floor((mb * 2 ** 20) / 8) * 8;
  const hfConfig = values.hf === undefined ? undefined : readHfConfig(values.hf);
  // With --hf the dtype is the spec's weight_init.dtype: --dtype when given, else the config's torch_dtype, else float32.
  const { parameters, metadata } = hfConfig === undefined
    ? readSpec(specFile!)
    : hfSpec({ file: values.hf!, config: hfConfig, recipe, ...(baseWidth !== undefined && { baseWidth }), ...(dtypeArg !== undefined && { dtype: dtypeArg }) });
  const dtype = hfConfig === undefined ? dtypeArg ?? 'float32' : parseDType(metadata!['weight_init.dtype'])!;
  const bars = !values.quiet && process.stderr.isTTY === true ? await optionalExtra('cli-progress') : undefined;
  let bar: InstanceType<NonNullable<typeof bars>['SingleBar']> | undefined;
  const t0 = performance.now();
  let label = 'init-model ';
  const onProgress = (written: number, total: number): void => {
    if (bars === undefined) return;
    const secs = (performance.now() - t0) / 1000;
    const payload = { done: human(written), size: human(total), rate: `${human(written / Math.max(secs, 1e-3))}/s` };
    if (bar === undefined) {
      bar = new bars.SingleBar({
        format: `${label}{bar} {percentage}% | {done} / {size} | {rate} | ETA {eta_formatted}`,
        stream: process.stderr, hideCursor: true, etaBuffer: 20,
      }, bars.Presets.shades_classic);
      bar.start(total, 0, payload);
    }
    bar.update(written, payload);
  };
  if (!values.out.endsWith('.safetensors')) {
    const { rank, worldSize, source } = detectLauncher(process.env, {
      rank: values.rank === undefined ? undefined : intFlag('--rank', values.rank),
      worldSize: values['world-size'] === undefined ? undefined : intFlag('--world-size', values['world-size']),
    });
    const maxShardBytes = values['max-shard-size'] === undefined ? undefined : parseSize(values['max-shard-size'], '--max-shard-size');
    // One line on stderr, so a launcher's interleaved logs show which rank read what.
    if (!values.quiet) process.stderr.write(`init-model: rank ${rank} of ${worldSize} from ${source}\n`);
    label = `init-model [rank ${rank}/${worldSize}] `;
    const summary = await writeSafetensorsSharded(parameters, values.out, { seed, bufferBytes, metadata, maxShardBytes, rank, worldSize, onProgress, dtype });
    bar?.stop();
    // After the shards: a failed or refused write (another plan's index) leaves any config.json there alone.
    if (hfConfig !== undefined) await writeConfig(values.out, hfConfig, dtype, rank);
    const secs = (performance.now() - t0) / 1000;
    if (!values.quiet) {
      console.log(`rank ${rank}/${worldSize} wrote ${summary.files.length} of ${summary.plan.files.length} files in ${values.out} `
        + `(${summary.files.join(', ') || 'none'}): ${summary.tensors} tensors, ${human(summary.bytes)} in ${secs.toFixed(2)} s `
        + `(${human(summary.bytes / Math.max(secs, 1e-3))}/s), seed ${values.seed}, plan sha256 ${summary.planSha256.slice(0, 16)}`
        + (hfConfig === undefined ? '' : `; config.json with torch_dtype ${dtype}`));
    }
    return;
  }
  for (const flag of ['max-shard-size', 'rank', 'world-size'] as const) {
    if (values[flag] !== undefined) throw new TypeError(`--${flag} is for a sharded checkpoint: --out must name a directory, not a .safetensors file (got ${values.out})`);
  }
  const summary = await writeSafetensors(parameters, values.out, { seed, bufferBytes, metadata, onProgress, dtype });
  bar?.stop();
  const secs = (performance.now() - t0) / 1000;
  if (!values.quiet) {
    console.log(`wrote ${values.out}: ${summary.tensors} tensors, ${human(summary.bytes)} in ${secs.toFixed(2)} s (${human(summary.bytes / Math.max(secs, 1e-3))}/s), seed ${values.seed}`);
  }
}
