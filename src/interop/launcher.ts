// Rank and world size from the environment existing launchers give their processes (torchrun,
// Slurm, Open MPI, MPICH/PMI, Kubernetes Indexed Jobs), so `init-model` needs no coordination of its
// own: each process reads who it is and writes its part of a sharded checkpoint (./sharded.ts).
import { describe } from '../validate.js';

/** Where {@link detectLauncher} found the rank and world size. */
export interface LauncherInfo {
  rank: number;
  worldSize: number;
  /** Human-readable source, e.g. `'torchrun (RANK, WORLD_SIZE)'`, or `'none (one process)'`. */
  source: string;
}

/** Explicit values that override the environment (the CLI's `--rank` / `--world-size`). */
export interface LauncherOverrides {
  rank?: number;
  worldSize?: number;
}

/**
 * Launchers in order of precedence: torchrun first because `srun torchrun …` sets Slurm's
 * variables per node and torchrun's per process (the process is what we need).
 */
const LAUNCHERS: readonly { name: string; rank: string; size?: string }[] = [
  { name: 'torchrun / torch.distributed', rank: 'RANK', size: 'WORLD_SIZE' },
  { name: 'Slurm srun', rank: 'SLURM_PROCID', size: 'SLURM_NTASKS' },
  { name: 'Open MPI', rank: 'OMPI_COMM_WORLD_RANK', size: 'OMPI_COMM_WORLD_SIZE' },
  { name: 'MPICH / PMI', rank: 'PMI_RANK', size: 'PMI_SIZE' },
  // An Indexed Job knows its index but not its completions count: the world size comes from --world-size.
  { name: 'Kubernetes Indexed Job', rank: 'JOB_COMPLETION_INDEX' },
];

function envInt(env: Record<string, string | undefined>, key: string, min: number): number {
  const v = env[key]!;
  if (!/^\d+$/.test(v.trim()) || Number(v) < min || !Number.isSafeInteger(Number(v))) {
    throw new RangeError(`environment variable ${key} must be an integer >= ${min}, got ${JSON.stringify(v)}`);
  }
  return Number(v);
}

function checkInt(name: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${describe(v)}`);
  return v;
}

/**
 * This process's rank and world size: the explicit `overrides` where given, otherwise the first
 * launcher whose variables are set — torchrun (`RANK`, `WORLD_SIZE`), Slurm (`SLURM_PROCID`,
 * `SLURM_NTASKS`), Open MPI (`OMPI_COMM_WORLD_RANK`/`_SIZE`), MPICH/PMI (`PMI_RANK`, `PMI_SIZE`),
 * Kubernetes Indexed Jobs (`JOB_COMPLETION_INDEX`, world size from `overrides.worldSize`); with
 * none, rank 0 of 1.
 * @throws RangeError naming the variable or override that is not an integer, `rank >= worldSize`,
 * an Indexed Job without a world size, or a rank given without a world size.
 * @example
 * const { rank, worldSize, source } = detectLauncher(process.env);
 */
export function detectLauncher(env: Record<string, string | undefined>, overrides: LauncherOverrides = {}): LauncherInfo {
  const rank = overrides.rank === undefined ? undefined : checkInt('--rank', overrides.rank, 0);
  const worldSize = overrides.worldSize === undefined ? undefined : checkInt('--world-size', overrides.worldSize, 1);
  let found: LauncherInfo | undefined;
  if (rank === undefined || worldSize === undefined) {
    const l = LAUNCHERS.find((x) => env[x.rank] !== undefined && (x.size === undefined || env[x.size] !== undefined));
    if (l !== undefined) {
      const size = l.size === undefined ? worldSize : envInt(env, l.size, 1);
      if (size === undefined) throw new RangeError(`${l.name}: ${l.rank} is set but the world size is not: pass --world-size (the Job's completions)`);
      found = { rank: envInt(env, l.rank, 0), worldSize: size, source: `${l.name} (${[l.rank, l.size ?? '--world-size'].join(', ')})` };
    }
  }
  const r = rank ?? found?.rank;
  const w = worldSize ?? found?.worldSize;
  if (r !== undefined && w === undefined) throw new RangeError(`--rank ${r} needs --world-size (no launcher environment found)`);
  const out: LauncherInfo = found === undefined && r === undefined
    ? { rank: 0, worldSize: w ?? 1, source: w === undefined ? 'none (one process)' : '--world-size (rank 0)' }
    : { rank: r!, worldSize: w!, source: rank !== undefined && worldSize !== undefined ? '--rank, --world-size' : found!.source + (rank !== undefined || worldSize !== undefined ? ' with overrides' : '') };
  if (out.rank >= out.worldSize) throw new RangeError(`rank must be < world size: rank ${out.rank}, world size ${out.worldSize} (${out.source})`);
  return out;
}

const UNITS: Record<string, number> = {
  '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40,
};

/**
 * A size as Hugging Face's `max_shard_size` writes it: `'5GB'` = 5_000_000_000 bytes (decimal units
 * KB, MB, GB, TB), `'10GiB'` = 10 × 2^30 (binary KiB, MiB, GiB, TiB), `'500MB'`, `'1.5GB'`, or a
 * plain number of bytes. Units are case-insensitive.
 * @throws RangeError naming `name` for anything else (`'5XB'`, `''`, `'-1GB'`, zero).
 * @example
 * parseSize('5GB'); // 5_000_000_000
 */
export function parseSize(text: string, name = 'size'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(String(text));
  const unit = m?.[2]?.toLowerCase();
  const mul = unit === undefined ? undefined : UNITS[unit];
  const bytes = m === null || mul === undefined ? NaN : Math.floor(Number(m[1]) * mul);
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new RangeError(`${name} must be a size like 5GB, 500MB, 10GiB or a number of bytes, got ${JSON.stringify(text)}`);
  }
  return bytes;
}
