// Sampling throughput (issue 2, "Benchmark"): 2^24 float32 values, one thread, every contender in
// the same process and run, median of >= 5 timed calls each, the calls of all contenders of a kind
// interleaved in 5 rounds so background load hits them alike (bench/lib.mjs).
//
//   npm run build && node bench/sampling.mjs        (or: npm run bench, which runs every bench)
//
// Contenders, normal: weight-init Generator.normal on each backend (wasm-simd, wasm-scalar, js),
// @stdlib box-muller and improved-ziggurat (seeded factories), d3-random randomNormal over
// randomLcg, tfjs-core randomNormal on the cpu backend (dataSync included, tensor disposed), a
// hand-written Marsaglia polar over xorshift128, and Float32Array.prototype.fill as the memory
// ceiling. Uniform: the same weight-init backends, Math.random, xorshift128, d3 randomUniform,
// tfjs randomUniform, fill.
//
// "Pure-JS peer" = the other libraries and the hand-written baselines, not weight-init's own `js`
// backend and not the fill ceiling. Targets (issue 2; the numbers are in bench/thresholds.mjs):
// normal wasm-simd a factor faster than the fastest peer in this run AND faster than PyTorch 1.13
// normal_ on the reference machine; uniform wasm-simd a fraction of the fill ceiling in this run.
// A MISS is reported, not an error (exit code stays 0).
//
// Each peer gets its own fill loop (no shared `fill(rand)` helper): a shared loop would see several
// closures at one call site, go megamorphic and slow every peer down, which would flatter us.
import os from 'node:os';
import { Generator, setBackend, availableBackends } from '../dist/index.js';
import boxMullerLib from '@stdlib/random-base-box-muller';
import zigguratLib from '@stdlib/random-base-improved-ziggurat';
import { randomLcg, randomNormal, randomUniform } from 'd3-random';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { machineInfo, markdownTable, measureInterleaved, moments, writeResults, xorshiftPolar, xorshiftUniform, tfjsCpuQuietly } from './lib.mjs';
import { THRESHOLDS } from './thresholds.mjs';

const N = 1 << 24;
const SEED = 20240607;
const { normalMinMps: PYTORCH_NORMAL_MPS, normalPeerFactor: NORMAL_PEER_FACTOR, uniformFillFraction: UNIFORM_FILL_FRACTION } = THRESHOLDS.sampling;

const out = new Float32Array(N);

await tfjsCpuQuietly(tf);

function weightInit(kind, name) {
  return {
    name: `weight-init ${name}`, group: 'weight-init', backend: name,
    make() {
      const g = new Generator(SEED);
      return kind === 'normal' ? () => g.normal(out) : () => g.uniform(out);
    },
  };
}

// Two fills: V8 lowers fill(0) to memset (the real memory-write ceiling, ~2x faster here) and a
// non-zero fill to a plain store loop. The faster of the two is the ceiling the ratios use, which
// is the stricter choice and matches the 5.2-6.3 G/s the issue measured on this machine.
const fillRows = [
  { name: 'Float32Array.fill(0)', group: 'fill', make: () => () => out.fill(0) },
  { name: 'Float32Array.fill(1.5)', group: 'fill', make: () => () => out.fill(1.5) },
];

const available = availableBackends();
const wiRows = (kind) => ['wasm-simd', 'wasm-scalar', 'js'].filter((b) => available.includes(b)).map((b) => weightInit(kind, b));

const normalContenders = [
  ...fillRows,
  ...wiRows('normal'),
  {
    name: 'hand-written polar / xorshift128', group: 'peer',
    make: () => { const fill = xorshiftPolar(SEED); return () => fill(out); },
  },
  {
    name: '@stdlib box-muller', group: 'peer',
    make() {
      const randn = boxMullerLib.factory({ seed: SEED });
      return function fillBoxMuller() {
        for (let i = 0; i < N; i++) out[i] = randn();
      };
    },
  },
  {
    name: '@stdlib improved-ziggurat', group: 'peer',
    make() {
      const randn = zigguratLib.factory({ seed: SEED });
      return function fillZiggurat() {
        for (let i = 0; i < N; i++) out[i] = randn();
      };
    },
  },
  {
    name: 'd3-random randomNormal (lcg)', group: 'peer',
    make() {
      const randn = randomNormal.source(randomLcg(SEED / 2 ** 32))(0, 1);
      return function fillD3Normal() {
        for (let i = 0; i < N; i++) out[i] = randn();
      };
    },
  },
  {
    name: 'tfjs-core randomNormal (cpu)', group: 'peer',
    make() {
      let seed = SEED;
      return function tfNormal() {
        const t = tf.randomNormal([N], 0, 1, 'float32', seed++);
        const data = t.dataSync();
        t.dispose();
        return data;
      };
    },
  },
];

const uniformContenders = [
  ...fillRows,
  ...wiRows('uniform'),
  {
    name: 'hand-written xorshift128', group: 'peer',
    make: () => { const fill = xorshiftUniform(SEED); return () => fill(out); },
  },
  {
    name: 'Math.random', group: 'peer',
    make: () => function fillMathRandom() {
      for (let i = 0; i < N; i++) out[i] = Math.random();
    },
  },
  {
    name: 'd3-random randomUniform (lcg)', group: 'peer',
    make() {
      const rand = randomUniform.source(randomLcg(SEED / 2 ** 32))(0, 1);
      return function fillD3Uniform() {
        for (let i = 0; i < N; i++) out[i] = rand();
      };
    },
  },
  {
    name: 'tfjs-core randomUniform (cpu)', group: 'peer',
    make() {
      let seed = SEED;
      return function tfUniform() {
        const t = tf.randomUniform([N], 0, 1, 'float32', seed++);
        const data = t.dataSync();
        t.dispose();
        return data;
      };
    },
  },
];

function runSuite(kind, contenders) {
  // Every contender writes the shared `out` (tfjs returns its own array), so the sanity check of
  // each contender's values is taken right after its warm-up, before the next one overwrites them.
  const last = contenders.map(() => out);
  const checks = [];
  const timed = contenders.map((c, i) => {
    const fn = c.make();
    return {
      before: c.backend ? () => setBackend(c.backend) : undefined,
      fn: () => { const r = fn(); if (r instanceof Float32Array) last[i] = r; },
    };
  });
  const ms = measureInterleaved(timed, {
    onWarm: (i, per, runs) => {
      if (contenders[i].group !== 'fill') checks[i] = moments(last[i]);
      process.stderr.write(`  ${kind.padEnd(7)} warm ${contenders[i].name.padEnd(36)} ${(N / per / 1e6).toFixed(1).padStart(8)} M/s -> ${runs} runs\n`);
    },
  });
  const rows = contenders.map((c, i) => {
    const m = ms[i];
    const check = checks[i];
    return {
      kind, name: c.name, group: c.group,
      mps: N / m.median / 1e6, medianMs: m.median * 1e3, minMs: m.min * 1e3, maxMs: m.max * 1e3, runs: m.runs,
      ...(check && { sampleMean: +check.mean.toFixed(4), sampleStd: +check.std.toFixed(4) }),
    };
  });
  const [mu, sd] = kind === 'normal' ? [0, 1] : [0.5, Math.sqrt(1 / 12)];
  for (const r of rows) {
    if (r.sampleMean !== undefined && (Math.abs(r.sampleMean - mu) > 0.01 || Math.abs(r.sampleStd - sd) > 0.01)) {
      console.log(`**Warning:** ${kind} ${r.name}: sample mean ${r.sampleMean}, std ${r.sampleStd}; expected ${mu}, ${sd.toFixed(4)}`);
    }
  }
  const fill = rows.filter((r) => r.group === 'fill').reduce((a, b) => (b.mps > a.mps ? b : a));
  fill.ceiling = true;
  const fastestPeer = rows.filter((r) => r.group === 'peer').reduce((a, b) => (b.mps > a.mps ? b : a));
  for (const r of rows) {
    r.vsFastestPeer = r.mps / fastestPeer.mps;
    r.vsFill = r.mps / fill.mps;
  }
  return { rows, fill, fastestPeer };
}

const info = machineInfo();
console.log(`# weight-init sampling benchmark\n`);
console.log(`${info.cpu} (${info.cores} logical CPUs), Node ${info.node} (V8 ${info.v8}), ${info.platform}, ${info.date}`);
if (info.loadavg[0] > 0.5) console.log(`**Warning:** load average ${info.loadavg.map((x) => x.toFixed(2)).join(' ')} at start: other processes share these ${info.cores} CPUs, expect noisy numbers.\n`);
console.log(`2^24 = ${N} float32 values per call, one thread, median of >= 5 timed calls after warm-up.\n`);

const t0 = performance.now();
const normal = runSuite('normal', normalContenders);
const uniform = runSuite('uniform', uniformContenders);
const elapsed = (performance.now() - t0) / 1000;
info.loadavgAtEnd = os.loadavg();

const simdNormal = normal.rows.find((r) => r.name === 'weight-init wasm-simd');
const simdUniform = uniform.rows.find((r) => r.name === 'weight-init wasm-simd');
const targets = [];
if (simdNormal) {
  const ratio = simdNormal.vsFastestPeer;
  targets.push({
    target: `normal wasm-simd >= ${NORMAL_PEER_FACTOR}x fastest pure-JS peer (${normal.fastestPeer.name}) and > ${PYTORCH_NORMAL_MPS} M/s`,
    measured: `${ratio.toFixed(2)}x, ${simdNormal.mps.toFixed(0)} M/s`,
    pass: ratio >= NORMAL_PEER_FACTOR && simdNormal.mps > PYTORCH_NORMAL_MPS,
    detail: {
      ratioToFastestPeer: ratio, fastestPeer: normal.fastestPeer.name, fastestPeerMps: normal.fastestPeer.mps,
      mps: simdNormal.mps, neededMps: Math.max(NORMAL_PEER_FACTOR * normal.fastestPeer.mps, PYTORCH_NORMAL_MPS),
    },
  });
}
if (simdUniform) {
  targets.push({
    target: `uniform wasm-simd >= ${UNIFORM_FILL_FRACTION * 100}% of the fill ceiling`,
    measured: `${(simdUniform.vsFill * 100).toFixed(1)}% (${simdUniform.mps.toFixed(0)} of ${uniform.fill.mps.toFixed(0)} M/s)`,
    pass: simdUniform.vsFill >= UNIFORM_FILL_FRACTION,
    detail: { fractionOfFill: simdUniform.vsFill, mps: simdUniform.mps, fillMps: uniform.fill.mps, neededMps: UNIFORM_FILL_FRACTION * uniform.fill.mps },
  });
}

const fmt = (x, d) => x.toFixed(d);
const table = markdownTable(
  ['kind', 'contender', 'M values/s', 'ms (median)', 'runs', 'vs fastest pure-JS peer', 'vs fill'],
  [...normal.rows, ...uniform.rows].map((r) => [
    r.kind, r.ceiling ? `${r.name} (ceiling)` : r === (r.kind === 'normal' ? normal : uniform).fastestPeer ? `${r.name} *` : r.name,
    fmt(r.mps, 1), fmt(r.medianMs, 2), r.runs, `${fmt(r.vsFastestPeer, 2)}x`, `${fmt(r.vsFill * 100, 1)}%`,
  ]),
  ['l', 'l', 'r', 'r', 'r', 'r', 'r'],
);
console.log(table);
console.log(`\n\\* fastest pure-JS peer (the ratio column's denominator).\n`);
for (const t of targets) console.log(`${t.pass ? 'PASS' : 'MISS'}  ${t.target}: ${t.measured}`);
console.log(`\n(${elapsed.toFixed(0)} s)`);

const file = writeResults('sampling', {
  benchmark: 'sampling', n: N, seed: SEED, machine: info, elapsedSeconds: elapsed,
  method: 'one thread; per contender 2 untimed warm-up calls, then >= 5 (up to 25, about 1.5 s) timed calls interleaved over 5 rounds across contenders; median reported; full GC between calls outside the timed region; ceiling = the faster of fill(0) and fill(1.5)',
  rows: [...normal.rows, ...uniform.rows],
  targets,
  markdown: table,
});
console.log(`results: ${file}`);
