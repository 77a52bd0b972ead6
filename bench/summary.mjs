// Generates docs/benchmarks.md from bench/results/*.json, so the tables there are always the last
// measured run. `npm run bench` calls it after the benchmarks; `node bench/summary.mjs` re-runs it
// alone. The prose of that page lives here too: edit this file, never docs/benchmarks.md.
// test/docs/links.test.ts checks that docs/benchmarks.md is what this file renders from the results.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { THRESHOLDS as T } from './thresholds.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const root = join(BENCH_DIR, '..');
export const outputPath = join(root, 'docs', 'benchmarks.md');

const load = (name) => {
  const f = join(BENCH_DIR, 'results', `${name}.json`);
  return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : undefined;
};
const fmt = (x, d = 0) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));
const verdict = (pass) => (pass ? 'met' : '**missed**');

// The analysis of the missed targets: measured by hand across runs (profiles, ranges), not read
// from one results file.
const missedTargets = `## Where the missed targets lose their time

- **normal sampling** (target ≥ ${T.sampling.normalPeerFactor}× the fastest pure-JS peer; measured 305–371 M/s end to end
  across runs, 3.4–3.7× the polar baseline, which runs 61–106 M/s depending on how V8 optimised
  that process and on the host's clock). Per 2^24 values on this machine: Philox4x32-10 ≈ 20 ms (0.83 G words/s:
  V8 lowers \`i64x2.extmul_*_i32x4_u\` to two unpacks and a \`pmuludq\`, so the shuffle ports are the
  limit, and the kernel runs at ≈ 85 % of that bound after hoisting lane-invariant first rounds
  and taking the low words from the same products), the Box–Muller transform ≈ 22 ms (the ln, sin,
  cos polynomials are 64 multiplies and 38 adds per 16 values, plus a square root), and copying
  from the WASM scratch region into the caller's array ≈ 7 ms. ${T.sampling.normalPeerFactor}× would need ≈ 37 ms in all:
  not reachable without changing the stream's arithmetic (a shorter log polynomial), which the
  [stream contract](stream-contract.md) fixes. The > ${T.sampling.normalMinMps} M/s bar (PyTorch's \`normal_\`) is met by the kernel and missed
  or met end to end depending on the run (305–371 M/s).
- **simulate fwd+bwd** (target ≤ ${T.simulate.fwdBwdMaxSeconds} s; measured 0.405–0.461 s across runs: met in the latest,
  missed by up to 2 % in slower ones): the 100 SGEMMs (512 × 512 × 256) take ≈ 82 % (≈ 0.37 s at
  35.5 GFLOP/s — 4-wide SIMD without FMA, register
  tile 4 × 8; 6 × 8 and 5 × 8 tiles measured slower), drawing 13 M weights ≈ 8 %, the fused
  per-layer statistics and everything in JS the rest.
- **parallel fill** (target 2 threads ≥ ${T.parallel.minSpeedup}×): met — 1.92–2.04× for \`g.normal(n, { threads: 2 })\`
  (its result on a SharedArrayBuffer) and 1.90–1.93× into a preallocated shared array; into an
  ordinary array the calling thread copies the workers' half out of shared staging buffers, which
  costs 1.74–1.80× (uniform: 1.58–1.62×).
- **safetensors write** (target within ${T.modelInit.maxRatioToZeroWrite}× of a plain write of zeros): met, 0.34× since the
  writer uses direct I/O and leaves zero tensors as holes (1.19× and 1.25× before, through the page
  cache); median of 5 paired rounds, every write starting from the same memory state (see the
  model-init benchmark in [scale.md](scale.md#whole-model-init-initmodel-writesafetensors-weight-init-init-model)).
  Generation alone takes about 1.4 s of the ≈ 2.3 s.
- **sharded checkpoint, 2 processes vs 1** (target ≥ ${T.sharded.minSpeedup}×): met, 1.85× and 1.83× in the last two
  quiet runs, with the same draws and no file at 1.84× and 1.86× on this machine's two cores; with
  other work on the machine it measured 1.61–1.72× (see [scale.md](scale.md#sharded-checkpoints-and-launchers-writesafetensorssharded-init-model---out-dir)).
`;

/** The whole text of docs/benchmarks.md for the results now in bench/results/. */
export function render() {
  const lines = [];
  const sampling = load('sampling');
  const targets = [];
  if (sampling) {
    const [normal, uniform] = sampling.targets;
    const S = T.sampling;
    targets.push([`normal ≥ ${S.normalPeerFactor}× the fastest pure-JS peer and > ${S.normalMinMps} M/s (PyTorch 1.13 \`normal_\`)`,
      `${fmt(normal.detail.mps)} M/s = ${fmt(normal.detail.ratioToFastestPeer, 2)}× ${normal.detail.fastestPeer} (${fmt(normal.detail.fastestPeerMps)} M/s)`,
      normal.detail.mps > S.normalMinMps && normal.detail.ratioToFastestPeer >= S.normalPeerFactor ? 'met' : normal.detail.mps > S.normalMinMps ? `**missed** (${S.normalPeerFactor}×); > ${S.normalMinMps} M/s met` : '**missed**']);
    targets.push([`uniform ≥ ${fmt(100 * S.uniformFillFraction)}% of the \`Float32Array.fill\` ceiling`, `${fmt(uniform.detail.mps)} M/s = ${fmt(100 * uniform.detail.fractionOfFill, 1)}% of ${fmt(uniform.detail.fillMps)} M/s`, verdict(uniform.pass)]);
  }
  const ortho = load('orthogonal');
  if (ortho) targets.push([`orthogonal ${T.orthogonal.n} × ${T.orthogonal.n} float32 ≤ ${T.orthogonal.maxSeconds} s`, `${fmt(ortho.target.measured, 3)} s`, verdict(ortho.target.pass)]);
  const sim = load('simulate');
  if (sim) {
    targets.push([`SGEMM ≥ ${T.simulate.gemmMinGflops} GFLOP/s at n = ${T.simulate.gemmN}`, `${fmt(sim.targets.gemm1024.measured, 1)} GFLOP/s`, verdict(sim.targets.gemm1024.pass)]);
    targets.push([`simulate fwd+bwd, batch 256 × width 512 × depth 50 ≤ ${T.simulate.fwdBwdMaxSeconds} s`, `${fmt(sim.targets.fwdbwd.measured, 3)} s (slower activation, statistics on)`, verdict(sim.targets.fwdbwd.pass)]);
  }
  const par = load('parallel');
  if (par) {
    const best = (kind, name) => par.rows.find((r) => r.kind === kind && r.name === name)?.speedup;
    const n2 = best('normal', '2 threads'), n2s = best('normal', '2 threads, into a shared Float32Array');
    const n2c = best('normal', '2 threads, into a Float32Array (copy)');
    targets.push([`2 threads ≥ ${T.parallel.minSpeedup}× one thread at 2^26 values (normal)`,
      `${fmt(n2, 2)}× \`normal(n, { threads: 2 })\` (its result on a SharedArrayBuffer); preallocated: ${fmt(n2s, 2)}× shared, ${fmt(n2c, 2)}× ordinary array (copy)`,
      n2 >= T.parallel.minSpeedup && n2s >= T.parallel.minSpeedup ? 'met' : '**missed**']);
  }
  const mi = load('model-init');
  if (mi && mi.pairedRatios) {
    targets.push([`1e9-parameter safetensors write within ${T.modelInit.maxRatioToZeroWrite}× of a plain zero write`,
      `${fmt(mi.ratio, 2)}× (threads 'auto', median of ${mi.rounds} paired rounds; best/best ${fmt(mi.bestOverBest, 2)}×); ${fmt(mi.ratioOneThread, 2)}× on one thread`, verdict(mi.pass)]);
  }
  const sl = load('slices');
  if (sl) {
    targets.push([`column slice \`[:, 0:64]\` of [4096, 4096] under ${fmt(T.slices.maxColumnSliceFraction, 2)} of the whole tensor's time`,
      `${fmt(sl.target.measured, 4)} (${fmt(sl.rows[1].medianMs, 2)} ms vs ${fmt(sl.rows[0].medianMs, 1)} ms)`, verdict(sl.target.pass)]);
  }
  const sh = load('sharded');
  if (sh) {
    targets.push([`1e9-parameter ${sh.dtype} sharded checkpoint: 2 processes ≥ ${T.sharded.minSpeedup}× one`,
      `${fmt(sh.speedup, 2)}× (median of ${sh.pairedRatios.length} paired rounds: ${sh.pairedRatios.map((x) => fmt(x, 2)).join(', ')}); the same draws without a file: ${fmt(sh.drawsOnlySpeedup, 2)}×`, verdict(sh.speedup >= sh.target)]);
  }

  lines.push('# Benchmarks', '');
  lines.push('<!-- Generated by bench/summary.mjs from bench/results/*.json: edit that file, not this one. -->', '');
  lines.push(`Measured by \`npm run bench\` on this project's machine (${sampling?.machine.cpu ?? 'see results'}, 2 cores, Node ${sampling?.machine.node ?? ''}), one run, every contender in the same process; \`bench/results/*.json\` has every number. The tables of the other kernel families are on their own pages: orthogonal QR in [orthogonal.md](orthogonal.md#benchmark), SGEMM and \`simulate\` in [simulator.md](simulator.md), model init and parallel fill in [scale.md](scale.md).`);
  lines.push('', '## Targets', '', '| target | measured | |', '|---|---|---|', ...targets.map((t) => `| ${t.join(' | ')} |`));

  if (sampling) {
    lines.push('', '## Sampling', '', `Sampling 2^24 float32 values, one thread, median (\`bench/sampling.mjs\`); ratios to the fastest pure-JS peer (not our own \`js\` backend) and to \`fill\`:`, '');
    lines.push('| kind | contender | M values/s | × fastest pure-JS peer | of fill |', '|---|---|---:|---:|---:|');
    for (const r of sampling.rows) lines.push(`| ${r.kind} | ${r.name} | ${fmt(r.mps)} | ${fmt(r.vsFastestPeer, 2)} | ${fmt(100 * r.vsFill, 1)}% |`);
  }
  const ini = load('initializers');
  if (ini) {
    lines.push('', '## Initializers', '', `Initializers on [4096, 4096] (\`bench/initializers.mjs\`; tfjs on its cpu backend, \`dataSync\` included):`, '');
    lines.push('| contender | median ms | M values/s | std / intended |', '|---|---:|---:|---:|');
    for (const r of ini.rows) lines.push(`| ${r.name} | ${fmt(r.medianMs, 1)} | ${fmt(r.valuesPerSec / 1e6)} | ${fmt(r.stdOverIntended, 3)} |`);
  }
  const half = load('half');
  if (half) {
    lines.push('', '## Half precision', '', `Rounding 2^24 float32 values to 16-bit patterns (\`bench/half.mjs\`, the active backend's kernel) beside the \`fill\` ceiling:`, '');
    lines.push('| operation | M values/s |', '|---|---:|');
    for (const r of half.rows) lines.push(`| ${r.op} | ${fmt(r.mValuesPerS)} |`);
  }
  lines.push('', missedTargets);
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const text = render();
  writeFileSync(outputPath, text);
  console.log(text);
}
