// Shared helpers for the weight-init benchmarks: a median-of-runs timer, machine info, result files,
// markdown tables, and the hand-written xorshift128 baselines that stand in for "what a careful
// JavaScript programmer would write".
//
// Why not the `benchmark` npm package: Benchmark.js sizes its cycles adaptively and re-runs each
// function until its relative margin of error is small, which for a 16M-value fill (tens to hundreds
// of milliseconds a call, a dozen contenders) blows the ~3 minute budget, and it reports a mean
// ± RME rather than the median the issue asks for. Here every call is already long enough for
// process.hrtime.bigint() to be exact, so a fixed warm-up followed by the median of N >= 5 timed
// calls is both simpler and what we report.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));

// A full GC between timed calls (outside the timed region) so one contender's garbage (tfjs
// allocates a 64 MiB tensor per call) is not collected on the next contender's clock. Works
// without --expose-gc: the flag is set at runtime and `gc` fetched from a fresh context.
let gc = globalThis.gc;
if (typeof gc !== 'function') {
  try {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc');
  } catch {
    gc = undefined;
  }
}
export function collect() {
  if (typeof gc === 'function') gc();
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Times `fn` (one call = one full measurement, e.g. one 16M-value fill): `warmup` untimed calls
 * (lets V8 tier up; the first call of a hot loop often runs mostly in OSR code), then at least
 * `minRuns` timed calls, continuing up to `maxRuns` while the timed total stays under
 * `budgetMs` (cheap contenders get more runs and a steadier median for free). Returns seconds.
 */
export function measure(fn, opts) {
  return measureInterleaved([{ fn }], opts)[0];
}

/**
 * Like {@link measure} for several contenders `{ fn, before? }` at once, interleaved: after each
 * contender's warm-up, the timed calls are spread over `rounds` rounds and every round visits every
 * contender in turn. On a shared machine a burst of background load then slows all contenders
 * alike instead of whichever one happened to be running, so the ratios between them stay honest.
 * `before()` (e.g. selecting a backend) runs untimed before each contender's calls in a round.
 * A contender's run count is set from its warm-up speed: `budgetMs` of timed work, clamped to
 * [minRuns, maxRuns]. Returns one `{ median, min, max, runs, times }` (seconds) per contender.
 */
export function measureInterleaved(contenders, { warmup = 2, minRuns = 5, maxRuns = 25, budgetMs = 1500, rounds = 5, onWarm } = {}) {
  const plan = contenders.map((c, i) => {
    c.before?.();
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < warmup; k++) c.fn();
    const per = Number(process.hrtime.bigint() - t0) / 1e9 / Math.max(1, warmup);
    const runs = Math.min(maxRuns, Math.max(minRuns, Math.floor(budgetMs / 1000 / Math.max(per, 1e-9))));
    onWarm?.(i, per, runs);
    return { runs, times: [] };
  });
  for (let r = 0; r < rounds; r++) {
    contenders.forEach((c, i) => {
      const p = plan[i];
      const target = Math.ceil((p.runs * (r + 1)) / rounds);
      if (p.times.length >= target) return;
      c.before?.();
      while (p.times.length < target) {
        collect();
        const t0 = process.hrtime.bigint();
        c.fn();
        p.times.push(Number(process.hrtime.bigint() - t0) / 1e9);
      }
    });
  }
  return plan.map(({ times }) => ({ median: median(times), min: Math.min(...times), max: Math.max(...times), runs: times.length, times }));
}

/** Mean and standard deviation of every `stride`-th value: a cheap check that a contender did its job. */
export function moments(a, stride = 61) {
  let s = 0, s2 = 0, n = 0;
  for (let i = 0; i < a.length; i += stride) {
    const x = a[i];
    s += x;
    s2 += x * x;
    n++;
  }
  const mean = s / n;
  return { mean, std: Math.sqrt(Math.max(0, s2 / n - mean * mean)) };
}

export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
    date: new Date().toISOString(),
    loadavg: os.loadavg(),
  };
}

/** Writes bench/results/<name>.json (pretty-printed) and returns its path. */
export function writeResults(name, data) {
  const dir = join(BENCH_DIR, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  return file;
}

/** A GitHub-flavoured markdown table; `align` is per column 'l' or 'r' (default 'l'). */
export function markdownTable(headers, rows, align = []) {
  const cells = [headers, ...rows].map((r) => r.map((c) => String(c)));
  const width = headers.map((_, j) => Math.max(3, ...cells.map((r) => r[j].length)));
  const line = (r) => '| ' + r.map((c, j) => (align[j] === 'r' ? c.padStart(width[j]) : c.padEnd(width[j]))).join(' | ') + ' |';
  const rule = '|' + width.map((w, j) => (align[j] === 'r' ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|') + '|';
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Hand-written baselines over Marsaglia's xorshift128 (x, y, z, w; period 2^128 - 1). The state
// lives in a closure between calls but is loaded into locals for the whole fill loop and stored
// back at the end, so the hot loop is pure int32 / float64 arithmetic on registers.

function splitmix32(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) | 0;
  };
}

function xorshiftState(seed) {
  const next = splitmix32(seed);
  const st = [next(), next(), next(), next()];
  if ((st[0] | st[1] | st[2] | st[3]) === 0) st[3] = 1;
  return st;
}

/** Returns `fill(out)`: uniform [0, 1) floats, 24 bits of each xorshift128 word. */
export function xorshiftUniform(seed) {
  let [sx, sy, sz, sw] = xorshiftState(seed);
  return function fillXorshiftUniform(out) {
    let x = sx, y = sy, z = sz, w = sw;
    const n = out.length;
    for (let i = 0; i < n; i++) {
      const t = x ^ (x << 11);
      x = y; y = z; z = w;
      w = w ^ (w >>> 19) ^ t ^ (t >>> 8);
      out[i] = (w >>> 8) * 5.9604644775390625e-8; // 2^-24
    }
    sx = x; sy = y; sz = z; sw = w;
    return out;
  };
}

/**
 * Returns `fill(out)`: standard normals by Marsaglia's polar method over xorshift128, both outputs
 * of each accepted pair used (acceptance pi/4, so ~1.27 word pairs per two normals). u, v are the
 * signed words scaled to [-1, 1); s = 0 is rejected with the s >= 1 test's complement.
 */
export function xorshiftPolar(seed) {
  let [sx, sy, sz, sw] = xorshiftState(seed);
  return function fillXorshiftPolar(out) {
    let x = sx, y = sy, z = sz, w = sw;
    const n = out.length;
    let i = 0;
    while (i < n) {
      let t = x ^ (x << 11);
      x = y; y = z; z = w;
      w = w ^ (w >>> 19) ^ t ^ (t >>> 8);
      const u = w * 4.656612873077393e-10; // 2^-31, w is int32
      t = x ^ (x << 11);
      x = y; y = z; z = w;
      w = w ^ (w >>> 19) ^ t ^ (t >>> 8);
      const v = w * 4.656612873077393e-10;
      const s = u * u + v * v;
      if (s >= 1 || s === 0) continue;
      const m = Math.sqrt((-2 * Math.log(s)) / s);
      out[i] = u * m;
      if (i + 1 < n) out[i + 1] = v * m;
      i += 2;
    }
    sx = x; sy = y; sz = z; sw = w;
    return out;
  };
}

/**
 * Switches tfjs to its cpu backend without the "use tfjs-node" hint it prints on first use, and
 * warms it up, so benchmark tables stay readable.
 */
export async function tfjsCpuQuietly(tf) {
  const warn = console.warn;
  console.warn = () => {};
  try {
    await tf.setBackend('cpu');
    await tf.ready();
    tf.tidy(() => tf.randomNormal([4]).dataSync());
  } finally {
    console.warn = warn;
  }
}
