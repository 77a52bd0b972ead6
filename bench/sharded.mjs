// Sharded checkpoints by independent processes (issue 13, part 3): a spec of about 1e9 bfloat16
// parameters (SHARDED_DTYPE=float32 for float32) (20 tensors of 7071 x 7071: normal, truncated normal, kaiming uniform, xavier normal,
// zeros) split at 1 GB into 4 files of 5 tensors, written by writeSafetensorsSharded in 1 process
// (all 4 files) and in 2 processes at once (rank 0 and 1 of 2: 2 files each, as torchrun would run
// them), every process with `threads: 1`, so the 2 processes use the 2 cores and the 1 process one.
// Also 1 process with `threads: 'auto'` (both cores in one process) for context, and the same
// draws in 1 and 2 processes with no file at all: how far this machine's two cores scale this
// computation, the ceiling for the writer's ratio (a lone process also gets the idle core for the
// engine's background threads and the kernel's I/O work, two processes do not). Wall time from
// spawning the processes to the last one exiting; aggregate throughput = bytes / wall time. The
// target (bench/thresholds.mjs: sharded.minSpeedup) is on 2 processes vs 1 process, threads 1 each.
//
// As in bench/model-init.mjs, a 4 GB write's speed on a VM depends on the page cache's state, so
// after every timed write its files are deleted, `sync` runs and the machine rests SETTLE seconds.
// The files of the 1- and 2-process runs are checked byte-identical (sha256) in the first round.
//
//   npm run build && node bench/sharded.mjs
//   SHARDED_PARAMS=2e8          smaller model (disk or time short)
//   SHARDED_ROUNDS=3            rounds (default 3); the verdict is the median paired ratio
//   SHARDED_SETTLE=5            seconds of rest between writes
//   SHARDED_DIR=/tmp            where the checkpoints go (the disk needs 1.1x the model size)
//   SHARDED_DTYPE=bfloat16      bfloat16 (default, the case), float16 or float32
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, rm, statfs } from 'node:fs/promises';

import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineInfo, markdownTable, writeResults } from './lib.mjs';
import { THRESHOLDS } from './thresholds.mjs';

const PARAMS = Number(process.env.SHARDED_PARAMS ?? 1e9);
const ROUNDS = Number(process.env.SHARDED_ROUNDS ?? 3);
const SETTLE = Number(process.env.SHARDED_SETTLE ?? 5);
const DIR = process.env.SHARDED_DIR ?? os.tmpdir();
const TARGET = THRESHOLDS.sharded.minSpeedup;
const TENSORS = 20;
const DTYPE = process.env.SHARDED_DTYPE ?? 'bfloat16';
const ELEM = DTYPE === 'float32' ? 4 : 2;
const SAFETENSORS_DTYPE = { float32: 'F32', bfloat16: 'BF16', float16: 'F16' }[DTYPE];

function spec(params) {
  const side = Math.round(Math.sqrt(params / TENSORS));
  const inits = [['normal', { std: 0.02 }], ['truncated_normal', { std: 0.02 }], ['kaiming_uniform', {}], ['xavier_normal', {}], ['zeros', {}]];
  return Array.from({ length: TENSORS }, (_, i) => ({ name: `layer${i}.weight`, shape: [side, side], init: inits[i % 5][0], options: inits[i % 5][1] }));
}
const SPEC = spec(PARAMS);
const BYTES = SPEC.reduce((s, p) => s + ELEM * p.shape[0] * p.shape[1], 0);
const MAX_SHARD = 5 * ELEM * SPEC[0].shape[0] * SPEC[0].shape[1]; // 5 tensors a file

// Child, draws only: rank r of worldSize draws its files' tensors (files i with i % worldSize == r,
// as assignShards balances 4 equal files) in the writer's chunks into one buffer, and writes
// nothing: the machine's own scaling of this computation, the ceiling for the writer's.
if (process.argv[2] === '--draws') {
  const [, , , rank, worldSize] = process.argv.map(Number);
  const { Generator, getInitializer } = await import('../dist/index.js');
  const out = new Uint16Array(2 ** 20);
  SPEC.forEach((p, i) => {
    if (Math.floor(i / 5) % worldSize !== rank) return;
    const f = getInitializer(p.init, p.options);
    const n = p.shape[0] * p.shape[1];
    for (let i0 = 0; i0 < n; i0 += out.length) {
      const m = Math.min(out.length, n - i0);
      f(p.shape, { generator: new Generator(0).fork(p.name), range: [i0, i0 + m], out: out.subarray(0, m), dtype: DTYPE });
    }
  });
  process.exit(0);
}

// Child: one rank.
if (process.argv[2] === '--child') {
  const [, , , out, rank, worldSize, threads] = process.argv;
  const { writeSafetensorsSharded } = await import('../dist/node.js');
  await writeSafetensorsSharded(SPEC, out, { seed: 0, dtype: DTYPE, maxShardBytes: MAX_SHARD, rank: Number(rank), worldSize: Number(worldSize), threads: threads === 'auto' ? 'auto' : Number(threads) });
  process.exit(0);
}

const self = fileURLToPath(import.meta.url);
function child(out, rank, worldSize, threads) {
  return new Promise((ok, fail) => {
    const c = spawn(process.execPath, [self, '--child', out, String(rank), String(worldSize), String(threads)], { stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
    c.on('close', (code) => (code === 0 ? ok() : fail(new Error(`rank ${rank} exit ${code}`))));
  });
}
function drawsChild(rank, worldSize) {
  return new Promise((ok, fail) => {
    const c = spawn(process.execPath, [self, '--draws', String(rank), String(worldSize)], { stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
    c.on('close', (code) => (code === 0 ? ok() : fail(new Error(`draws ${rank} exit ${code}`))));
  });
}
async function timed(out, worldSize, threads) {
  const t = performance.now();
  await Promise.all(Array.from({ length: worldSize }, (_, r) => (out === undefined ? drawsChild(r, worldSize) : child(out, r, worldSize, threads))));
  return (performance.now() - t) / 1e3;
}
async function hashes(d) {
  const out = {};
  for (const f of (await readdir(d)).sort()) {
    out[f] = await new Promise((ok, fail) => {
      const h = createHash('sha256');
      createReadStream(join(d, f)).on('data', (b) => h.update(b)).on('end', () => ok(h.digest('hex'))).on('error', fail);
    });
  }
  return out;
}
async function settle(out) {
  await rm(out, { recursive: true, force: true });
  spawnSync('sync');
  await new Promise((r) => setTimeout(r, SETTLE * 1e3));
}

const fs = await statfs(DIR);
if (fs.bavail * fs.bsize < 1.1 * BYTES) {
  console.log(`SKIP: ${DIR} has ${(fs.bavail * fs.bsize / 1e9).toFixed(1)} GB free, the checkpoint needs ${(1.1 * BYTES / 1e9).toFixed(1)} GB (SHARDED_PARAMS=2e8 for a smaller one)`);
  process.exit(0);
}
const t0 = performance.now();
const arms = [
  { name: '1 process, threads 1', worldSize: 1, threads: 1 },
  { name: '2 processes, threads 1 each', worldSize: 2, threads: 1 },
  { name: '1 process, threads auto', worldSize: 1, threads: 'auto' },
  { name: 'draws only, no file: 1 process', worldSize: 1, draws: true },
  { name: 'draws only, no file: 2 processes', worldSize: 2, draws: true },
];
const times = arms.map(() => []);
let identical;
for (let round = 0; round < ROUNDS; round++) {
  // Alternate the order so neither arm always runs first after the rest.
  const order = round % 2 === 0 ? [0, 1, 2, 3, 4] : [1, 0, 2, 4, 3];
  const kept = {};
  for (const i of order) {
    const out = arms[i].draws ? undefined : join(DIR, `weight-init-sharded-bench-${i}`);
    times[i].push(await timed(out, arms[i].worldSize, arms[i].threads));
    if (round === 0 && i < 2) kept[i] = await hashes(out);
    console.log(`round ${round + 1}: ${arms[i].name}: ${times[i].at(-1).toFixed(2)} s`);
    if (out !== undefined) await settle(out);
  }
  if (round === 0) identical = JSON.stringify(kept[0]) === JSON.stringify(kept[1]) && Object.keys(kept[0]).length === 5;
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const ratios = times[0].map((t, k) => t / times[1][k]);
const speedup = median(ratios);
const ceilingRatios = times[3].map((t, k) => t / times[4][k]);
const ceiling = median(ceilingRatios);
const rows = arms.map((a, i) => ({ name: a.name, medianS: median(times[i]), minS: Math.min(...times[i]), times: times[i], gbPerS: BYTES / 1e9 / median(times[i]) }));
const table = markdownTable(['writer', 'median s', 'best s', 'aggregate GB/s'], rows.map((r) => [r.name, r.medianS.toFixed(2), r.minS.toFixed(2), r.gbPerS.toFixed(2)]), ['l', 'r', 'r', 'r']);
console.log(`\n${(PARAMS / 1e9).toFixed(2)}e9 ${DTYPE} parameters (${(BYTES / 1e9).toFixed(2)} GB) in 4 files of ${(MAX_SHARD / 1e9).toFixed(2)} GB, ${ROUNDS} rounds\n`);
console.log(table);
console.log(`files of 1 and 2 processes byte-identical (sha256, round 1): ${identical}`);
console.log(`${speedup >= TARGET ? 'PASS' : 'MISS'} 2 processes vs 1: ${speedup.toFixed(2)}x aggregate throughput (median paired ratio; target >= ${TARGET}x)`);
console.log(`the same draws without a file, 2 processes vs 1: ${ceiling.toFixed(2)}x (this machine's ceiling for the writer's ratio)`);
const file = writeResults('sharded', {
  benchmark: 'sharded', params: PARAMS, bytes: BYTES, maxShardBytes: MAX_SHARD, files: 4, dtype: SAFETENSORS_DTYPE,
  machine: { ...machineInfo(), loadavgAtEnd: os.loadavg() }, elapsedSeconds: (performance.now() - t0) / 1e3,
  target: TARGET, speedup, pairedRatios: ratios, drawsOnlySpeedup: ceiling, drawsOnlyPairedRatios: ceilingRatios, identical, settleSeconds: SETTLE,
  method: 'writeSafetensorsSharded in spawned processes (rank r of worldSize), wall time from spawn to the last exit; per round each arm once (1-process and 2-process order alternating), files deleted + sync + rest between writes; verdict: median over rounds of time(1 process, threads 1) / time(2 processes, threads 1 each)',
  rows, table,
});
console.log(`\nresults: ${file}`);
