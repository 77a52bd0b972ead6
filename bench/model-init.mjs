// Whole-model init streamed to safetensors (issue 7, item 3): a 1-billion-parameter float32 spec
// (10 tensors of 10000 x 10000: normal, truncated normal, kaiming uniform, xavier normal, zeros)
// written with writeSafetensors (64 MiB buffer), against a plain fs write of a zero buffer of the
// same size (64 MiB chunks, sequential awaits), in the same run. Both write 4 GB; each file is
// deleted right after it is timed and `sync` runs (untimed) so each writer starts from a clean page
// cache; the order alternates between rounds; the best time of each is compared. Neither fsyncs
// inside the timed region. Target: our rate within 2x of the zero write.
//
//   npm run build && node bench/model-init.mjs          (or: npm run bench)
//   MODEL_INIT_PARAMS=2e8 node bench/model-init.mjs     smaller model (disk or time short)
//   MODEL_INIT_SKIP=1                                   skip (e.g. CI without 5 GB of free disk)
//
// The disk needs the file size plus 10%; otherwise the benchmark reports SKIP. Files go to
// MODEL_INIT_DIR (default: the OS temp dir).
import { spawnSync } from 'node:child_process';
import { open, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSafetensors } from '../dist/node.js';
import { initSync, backend } from '../dist/index.js';
import { machineInfo, markdownTable, writeResults } from './lib.mjs';

const PARAMS = Number(process.env.MODEL_INIT_PARAMS ?? 1e9);
const DIR = process.env.MODEL_INIT_DIR ?? tmpdir();
const ROUNDS = Number(process.env.MODEL_INIT_ROUNDS ?? 3);
const CHUNK = 64 * 2 ** 20;
const TARGET_RATIO = 2;

function spec(params) {
  const side = Math.round(Math.sqrt(params / 10));
  const inits = [
    ['normal', { std: 0.02 }], ['truncated_normal', { std: 0.02 }], ['kaiming_uniform', {}], ['xavier_normal', {}], ['zeros', {}],
  ];
  return Array.from({ length: 10 }, (_, i) => ({ name: `layer${i}.weight`, shape: [side, side], init: inits[i % 5][0], options: inits[i % 5][1] }));
}

async function zeroWrite(file, bytes) {
  const buf = Buffer.alloc(CHUNK);
  const fh = await open(file, 'w');
  try {
    for (let pos = 0; pos < bytes; pos += CHUNK) await fh.write(buf, 0, Math.min(CHUNK, bytes - pos), pos);
  } finally {
    await fh.close();
  }
}

async function timed(fn) {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

const model = spec(PARAMS);
const dataBytes = model.reduce((s, p) => s + 4 * p.shape[0] * p.shape[1], 0);
initSync();
let skipped;
if (process.env.MODEL_INIT_SKIP) skipped = 'MODEL_INIT_SKIP is set';
else {
  const fs = await statfs(DIR);
  const free = fs.bavail * fs.bsize;
  if (free < dataBytes * 1.1) skipped = `${(free / 1e9).toFixed(1)} GB free in ${DIR}, ${(dataBytes * 1.1 / 1e9).toFixed(1)} GB needed`;
}
if (skipped) {
  console.log(`SKIP: ${skipped}`);
  writeResults('model-init', { machine: machineInfo(), skipped });
  process.exit(0);
}

console.log(`${model.length} tensors, ${(dataBytes / 4 / 1e9).toFixed(3)}e9 parameters, ${(dataBytes / 1e9).toFixed(2)} GB, backend ${backend()}, into ${DIR}`);
const zeroFile = join(DIR, `weight-init-bench-zero-${process.pid}.bin`);
const ourFile = join(DIR, `weight-init-bench-model-${process.pid}.safetensors`);
// `ours` generates with threads: 'auto' (writeSafetensors's default), `ours1` on one thread.
const times = { zero: [], ours: [], ours1: [] };
try {
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate the order so page-cache / writeback state favours neither.
    const order = r % 2 === 0 ? ['zero', 'ours', 'ours1'] : ['ours1', 'ours', 'zero'];
    for (const which of order) {
      const t = which === 'zero'
        ? await timed(() => zeroWrite(zeroFile, dataBytes))
        : await timed(() => writeSafetensors(model, ourFile, { seed: 0, threads: which === 'ours' ? 'auto' : 1 }));
      await rm(which === 'zero' ? zeroFile : ourFile, { force: true });
      spawnSync('sync'); // untimed: flush dirty pages so the next writer starts from a clean page cache
      times[which].push(t);
      console.log(`  round ${r + 1} ${which.padEnd(5)} ${t.toFixed(2)} s  ${(dataBytes / t / 1e9).toFixed(2)} GB/s`);
    }
  }
} finally {
  await rm(zeroFile, { force: true });
  await rm(ourFile, { force: true });
}
const best = (xs) => Math.min(...xs);
const tz = best(times.zero), to = best(times.ours), t1 = best(times.ours1);
const ratio = to / tz; // the default, threads: 'auto'
const ratioOne = t1 / tz;
const rows = [
  ['plain fs write of zeros (64 MiB chunks)', tz.toFixed(2), (dataBytes / tz / 1e9).toFixed(2)],
  ["writeSafetensors (64 MiB buffer, threads: 'auto', the default)", to.toFixed(2), (dataBytes / to / 1e9).toFixed(2)],
  ['writeSafetensors (64 MiB buffer, threads: 1)', t1.toFixed(2), (dataBytes / t1 / 1e9).toFixed(2)],
];
console.log('\n' + markdownTable(['writer', 'seconds (best)', 'GB/s'], rows, ['l', 'r', 'r']));
console.log(`${ratio <= TARGET_RATIO ? 'PASS' : 'MISS'}: writeSafetensors (default, threads: 'auto') takes ${ratio.toFixed(2)}x the zero write (target <= ${TARGET_RATIO}x)`);
console.log(`${ratioOne <= TARGET_RATIO ? 'PASS' : 'MISS'}: writeSafetensors (threads: 1) takes ${ratioOne.toFixed(2)}x the zero write`);
const file = writeResults('model-init', {
  machine: machineInfo(), backend: backend(), params: dataBytes / 4, bytes: dataBytes, dir: DIR, rounds: ROUNDS,
  seconds: times, best: { zero: tz, ours: to, ours1: t1 }, threads: { ours: 'auto', ours1: 1 }, ratio, ratioOneThread: ratioOne, target: TARGET_RATIO, pass: ratio <= TARGET_RATIO,
});
console.log(`results: ${file}`);
