#!/usr/bin/env node
// Measures the ulp error of the deterministic elementary functions (dist/math/elementary.js, so run
// `npm run build` first) against the BigInt reference test/support/bigfloat.mjs, over the ranges of
// test/support/ulp-ranges.mjs. Prints a Markdown table (the one in docs/deterministic-math.md).
//
//   npm run ulp                       10^6 arguments per function, split evenly over its ranges
//   npm run ulp -- --n 100000 --only exp,log
//
// The work is spread over worker threads (one per core, at most 4); the samples are seeded, so a
// run is reproducible whatever the thread count.
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

const CHUNK = 25_000;

if (isMainThread) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
  const perFunction = Number(opt('n', '1000000'));
  const { RANGES } = await import('../test/support/ulp-ranges.mjs');
  const names = opt('only', Object.keys(RANGES).join(',')).split(',');
  const tasks = [];
  for (const name of names) {
    const ranges = RANGES[name];
    if (!ranges) throw new Error(`unknown function ${name}`);
    const perRange = Math.ceil(perFunction / ranges.length);
    ranges.forEach((_, r) => {
      for (let start = 0, c = 0; start < perRange; start += CHUNK, c++) {
        tasks.push({ name, r, n: Math.min(CHUNK, perRange - start), seed: (hash(name) + 7919 * r + 104729 * c) >>> 0 });
      }
    });
  }
  const results = new Map(); // `${name}/${r}` → { n, max, worst, sum, cr }
  const threads = Math.max(1, Math.min(4, availableParallelism()));
  const t0 = Date.now();
  let next = 0, done = 0;
  await new Promise((resolve, reject) => {
    for (let w = 0; w < threads; w++) {
      const worker = new Worker(fileURLToPath(import.meta.url), { workerData: {} });
      const feed = () => { if (next < tasks.length) worker.postMessage(tasks[next++]); else worker.terminate(); };
      worker.on('message', (m) => {
        const key = `${m.name}/${m.r}`;
        const acc = results.get(key) ?? { n: 0, max: 0, worst: null, sum: 0, cr: 0 };
        acc.n += m.n; acc.sum += m.sum; acc.cr += m.cr;
        if (m.max > acc.max || acc.worst === null) { acc.max = m.max; acc.worst = m.worst; }
        results.set(key, acc);
        done++;
        if (done % 20 === 0) process.stderr.write(`\r${done}/${tasks.length} chunks, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
        if (done === tasks.length) resolve();
        feed();
      });
      worker.on('error', reject);
      feed();
    }
  });
  process.stderr.write(`\r${tasks.length} chunks in ${((Date.now() - t0) / 1000).toFixed(0)} s on ${threads} threads\n`);

  const fmt = (x) => (x === Infinity ? '∞' : x.toFixed(3));
  console.log('| function | range | N | max ulp | mean abs ulp | correctly rounded | worst argument |');
  console.log('|---|---|---:|---:|---:|---:|---|');
  for (const name of names) {
    let tot = { n: 0, max: 0, sum: 0, cr: 0 };
    RANGES[name].forEach((range, r) => {
      const a = results.get(`${name}/${r}`);
      tot = { n: tot.n + a.n, max: Math.max(tot.max, a.max), sum: tot.sum + a.sum, cr: tot.cr + a.cr };
      console.log(`| ${name} | ${range.label.replaceAll('|', '\\|')} | ${a.n} | ${fmt(a.max)} | ${(a.sum / a.n).toFixed(4)} | ${(a.cr / a.n).toFixed(4)} | ${a.worst} |`);
    });
    console.log(`| **${name}** | **all** | **${tot.n}** | **${fmt(tot.max)}** | ${(tot.sum / tot.n).toFixed(4)} | ${(tot.cr / tot.n).toFixed(4)} | |`);
  }
} else {
  const M = await import('../dist/math/elementary.js');
  const R = await import('../test/support/bigfloat.mjs');
  const { RANGES, makeRng } = await import('../test/support/ulp-ranges.mjs');
  const REF = {
    exp: R.refExp, expm1: R.refExpm1, log: R.refLog, log1p: R.refLog1p, tanh: R.refTanh,
    sin: R.refSin, cos: R.refCos, erf: R.refErf, erfc: R.refErfc, hypot: R.refHypot,
  };
  parentPort.on('message', ({ name, r, n, seed }) => {
    const f = M[name];
    const ref = REF[name];
    const gen = RANGES[name][r].gen;
    const rng = makeRng(seed);
    let max = 0, worst = null, sum = 0, cr = 0;
    for (let i = 0; i < n; i++) {
      const a = gen(rng);
      const y = Array.isArray(a) ? f(a[0], a[1]) : f(a);
      const want = Array.isArray(a) ? ref(a[0], a[1]) : ref(a);
      const e = Math.abs(R.ulpError(y, want));
      sum += e;
      if (Object.is(y, R.roundToDouble(want)) || (Number.isNaN(y) && Number.isNaN(R.roundToDouble(want)))) cr++;
      if (!(e <= max)) { max = e; worst = Array.isArray(a) ? `${a[0]}, ${a[1]}` : String(a); }
    }
    parentPort.postMessage({ name, r, n, max, worst, sum, cr });
  });
}

function hash(s) { let h = 2166136261; for (const ch of s) h = Math.imul(h ^ ch.charCodeAt(0), 16777619); return h >>> 0; }
