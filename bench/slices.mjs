// What a slice costs (issue 13: proportional to the slice, not the tensor): kaimingNormal on a
// [4096, 4096] weight, whole, a Megatron row-parallel column block [:, 0:64] (4096 row segments of
// 64, each reached through the generator's block positions), a column-parallel row block [0:64, :],
// and an FSDP flat range of the same size, in one interleaved run. Target (bench/thresholds.mjs):
// the column slice takes under 1/20 of the whole tensor's time.
import { machineInfo, markdownTable, measureInterleaved, writeResults } from './lib.mjs';
import { THRESHOLDS } from './thresholds.mjs';
import { kaimingNormal } from '../dist/index.js';

const SHAPE = [4096, 4096];
const contenders = [
  { name: 'whole [4096, 4096]', fn: () => kaimingNormal(SHAPE, { seed: 1 }) },
  { name: 'column slice [:, 0:64]', fn: () => kaimingNormal(SHAPE, { seed: 1, slice: [[0, 4096], [0, 64]] }) },
  { name: 'row slice [0:64, :]', fn: () => kaimingNormal(SHAPE, { seed: 1, slice: [[0, 64]] }) },
  { name: 'flat range of 64 x 4096', fn: () => kaimingNormal(SHAPE, { seed: 1, range: [4096 * 2048, 4096 * 2112] }) },
];
const times = measureInterleaved(contenders.map((c) => ({ fn: c.fn })), { warmup: 2, minRuns: 9, maxRuns: 40, budgetMs: 1500 });
const whole = times[0].median;
const rows = contenders.map((c, i) => ({ name: c.name, medianMs: times[i].median * 1e3, ofWhole: times[i].median / whole }));
console.log(markdownTable(['call', 'median ms', 'of the whole tensor'], rows.map((r) => [r.name, r.medianMs.toFixed(2), r.ofWhole.toFixed(4)]), ['left', 'right', 'right']));
const target = THRESHOLDS.slices.maxColumnSliceFraction;
const column = rows[1].ofWhole;
console.log(`${column < target ? 'PASS' : 'MISS'} column slice [:, 0:64]: ${(1 / column).toFixed(1)}x faster than the whole tensor (target: under ${target} of its time)`);
writeResults('slices', { machine: machineInfo(), shape: SHAPE, rows, target: { maxColumnSliceFraction: target, measured: column, pass: column < target } });
