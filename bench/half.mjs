// What a half-precision result costs on top of the float32 draw: src/math/half.ts's float32 ->
// bfloat16 and -> float16 conversion (integer ops on the float32 bits, one Uint32Array view) over
// 2^24 values, beside Float32Array.fill of the same count in the same run (a memory-bound floor).
// Interleaved timing (bench/lib.mjs): the ratios are from one run on one machine.
import { machineInfo, markdownTable, measureInterleaved, writeResults } from './lib.mjs';
import { toHalf } from '../dist/math/half.js';
import { normal } from '../dist/index.js';

const N = 1 << 24;
const src = normal([N], { seed: 1 }); // realistic values: mostly normal, some float16 subnormals
const dst = new Uint16Array(N);
const fillDst = new Float32Array(N);
const [bf16, f16, fill] = measureInterleaved([
  { fn: () => toHalf(src, dst, 'bfloat16') },
  { fn: () => toHalf(src, dst, 'float16') },
  { fn: () => fillDst.fill(0.5) },
], { warmup: 2, minRuns: 7, maxRuns: 20, budgetMs: 4000 });
const rows = [
  { op: 'float32 -> bfloat16 (toHalf)', mValuesPerS: N / bf16.median / 1e6 },
  { op: 'float32 -> float16 (toHalf)', mValuesPerS: N / f16.median / 1e6 },
  { op: 'Float32Array.fill', mValuesPerS: N / fill.median / 1e6 },
];
console.log(markdownTable(['operation (2^24 values)', 'M values/s'], rows.map((r) => [r.op, r.mValuesPerS.toFixed(0)]), ['left', 'right']));
writeResults('half', { machine: machineInfo(), values: N, rows });
