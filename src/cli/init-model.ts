// `weight-init init-model spec.json --out model.safetensors --seed 0 [--buffer-mb 64] [--quiet]`:
// initialises the model a JSON spec describes and streams it to a .safetensors file, with a
// progress bar (bytes, rate, ETA) on stderr when cli-progress is installed (an optional extra,
// ./extras.ts: without it the file is written all the same, without the bar).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { writeSafetensors, MAX_BUFFER_BYTES, type ParamSpec } from '../node.js';
import { optionalExtra } from './extras.js';

/** The usage lines of `init-model`, for its own errors. */
export const INIT_MODEL_USAGE = `  weight-init init-model spec.json --out model.safetensors [--seed 0] [--buffer-mb 64] [--quiet]
      spec.json: [{ "name", "shape", "init", "options" }, ...] or { "parameters": [...], "metadata": {...} }`;

function human(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes, u = 0;
  while (v >= 1000 && u < units.length - 1) { v /= 1000; u++; }
  return `${v.toFixed(u === 0 ? 0 : 1)} ${units[u]}`;
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
    },
  });
  const [specFile, ...extra] = positionals;
  if (specFile === undefined || extra.length > 0 || values.out === undefined) {
    throw new TypeError(`init-model needs one spec file and --out\nusage:\n${INIT_MODEL_USAGE}`);
  }
  if (!/^\d+$/.test(values.seed)) throw new RangeError(`--seed must be a non-negative integer, got ${values.seed}`);
  const seed = BigInt(values.seed) <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(values.seed) : BigInt(values.seed);
  const mb = Number(values['buffer-mb']);
  const bufferBytes = Math.floor((mb * 2 ** 20) / 8) * 8;
  const { parameters, metadata } = readSpec(specFile);
  const bars = !values.quiet && process.stderr.isTTY === true ? await optionalExtra('cli-progress') : undefined;
  let bar: InstanceType<NonNullable<typeof bars>['SingleBar']> | undefined;
  const t0 = performance.now();
  const summary = await writeSafetensors(parameters, values.out, {
    seed,
    bufferBytes,
    metadata,
    onProgress: (written, total) => {
      if (bars === undefined) return;
      const secs = (performance.now() - t0) / 1000;
      const payload = { done: human(written), size: human(total), rate: `${human(written / Math.max(secs, 1e-3))}/s` };
      if (bar === undefined) {
        bar = new bars.SingleBar({
          format: 'init-model {bar} {percentage}% | {done} / {size} | {rate} | ETA {eta_formatted}',
          stream: process.stderr, hideCursor: true, etaBuffer: 20,
        }, bars.Presets.shades_classic);
        bar.start(total, 0, payload);
      }
      bar.update(written, payload);
    },
  });
  bar?.stop();
  const secs = (performance.now() - t0) / 1000;
  if (!values.quiet) {
    console.log(`wrote ${values.out}: ${summary.tensors} tensors, ${human(summary.bytes)} in ${secs.toFixed(2)} s (${human(summary.bytes / Math.max(secs, 1e-3))}/s), seed ${values.seed}`);
  }
}
