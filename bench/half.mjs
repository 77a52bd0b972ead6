// What a half-precision result costs on top of the float32 draw: the float32 -> bfloat16 and
// -> float16 rounding kernel (assembly/half.ts; its plain-TS twin src/kernels/reference/half.ts is
// the js backend) over 2^24 values on each backend, beside Float32Array.fill of the same count in
// the same run (a memory-bound floor). Interleaved timing (bench/lib.mjs): the ratios are from one
// run on one machine.
import { machineInfo, markdownTable, measureInterleaved, writeResults } from './lib.mjs';
import { toHalf } from '../dist/math/half.js';
import { normal, setBackend, availableBackends } from '../dist/index.js';

const N = 1 << 24;
const src = normal([N], { seed: 1 }); // realistic values: mostly normal, some float16 subnormals
const dst = new Uint16Array(N);
const fillDst = new Float32Array(N);
const contenders = [];
for (const backend of availableBackends()) {
  for (const format of ['bfloat16', 'float16']) {
    contenders.push({ op: `float32 -> ${format} (toHalf, ${backend})`, before: () => setBackend(backend), fn: () => toHalf(src, dst, format) });
  }
}
contenders.push({ op: 'Float32Array.fill', fn: () => fillDst.fill(0.5) });
const times = measureInterleaved(contenders, { warmup: 2, minRuns: 5, maxRuns: 15, budgetMs: 3000 });
setBackend(availableBackends()[0]);
const rows = contenders.map((c, i) => ({ op: c.op, mValuesPerS: N / times[i].median / 1e6 }));
console.log(markdownTable(['operation (2^24 values)', 'M values/s'], rows.map((r) => [r.op, r.mValuesPerS.toFixed(0)]), ['left', 'right']));
writeResults('half', { machine: machineInfo(), values: N, rows });
