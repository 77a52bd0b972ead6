// Writes the README's benchmark summary from bench/results/*.json (between the markers
// <!-- bench:start --> and <!-- bench:end -->), so the table is always the last measured run.
// `npm run bench` calls it after the benchmarks; `node bench/summary.mjs` re-runs it alone.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR } from './lib.mjs';

const root = join(BENCH_DIR, '..');
const load = (name) => {
  const f = join(BENCH_DIR, 'results', `${name}.json`);
  return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : undefined;
};
const fmt = (x, d = 0) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));
const verdict = (pass) => (pass ? 'met' : '**missed**');
const lines = [];

const sampling = load('sampling');
const targets = [];
if (sampling) {
  const [normal, uniform] = sampling.targets;
  targets.push([`normal ≥ 5× the fastest pure-JS peer and > 328 M/s (PyTorch 1.13 \`normal_\`)`,
    `${fmt(normal.detail.mps)} M/s = ${fmt(normal.detail.ratioToFastestPeer, 2)}× ${normal.detail.fastestPeer} (${fmt(normal.detail.fastestPeerMps)} M/s)`,
    normal.detail.mps > 328 && normal.detail.ratioToFastestPeer >= 5 ? 'met' : normal.detail.mps > 328 ? '**missed** (5×); > 328 M/s met' : '**missed**']);
  targets.push(['uniform ≥ 13% of the `Float32Array.fill` ceiling', `${fmt(uniform.detail.mps)} M/s = ${fmt(100 * uniform.detail.fractionOfFill, 1)}% of ${fmt(uniform.detail.fillMps)} M/s`, verdict(uniform.pass)]);
}
const ortho = load('orthogonal');
if (ortho) targets.push(['orthogonal 1024 × 1024 float32 ≤ 0.25 s', `${fmt(ortho.target.measured, 3)} s`, verdict(ortho.target.pass)]);
const sim = load('simulate');
if (sim) {
  targets.push(['SGEMM ≥ 30 GFLOP/s at n = 1024', `${fmt(sim.targets.gemm1024.measured, 1)} GFLOP/s`, verdict(sim.targets.gemm1024.pass)]);
  targets.push(['simulate fwd+bwd, batch 256 × width 512 × depth 50 ≤ 0.45 s', `${fmt(sim.targets.fwdbwd.measured, 3)} s (slower activation, statistics on)`, verdict(sim.targets.fwdbwd.pass)]);
}
const par = load('parallel');
if (par) {
  const best = (kind, name) => par.rows.find((r) => r.kind === kind && r.name === name)?.speedup;
  const n2 = best('normal', '2 threads'), n2s = best('normal', '2 threads, into a shared Float32Array');
  const n2c = best('normal', '2 threads, into a Float32Array (copy)');
  targets.push(['2 threads ≥ 1.8× one thread at 2^26 values (normal)',
    `${fmt(n2, 2)}× \`normal(n, { threads: 2 })\` (its result on a SharedArrayBuffer); preallocated: ${fmt(n2s, 2)}× shared, ${fmt(n2c, 2)}× ordinary array (copy)`,
    n2 >= 1.8 && n2s >= 1.8 ? 'met' : '**missed**']);
}
const mi = load('model-init');
if (mi && mi.pairedRatios) {
  targets.push(['1e9-parameter safetensors write within 2× of a plain zero write',
    `${fmt(mi.ratio, 2)}× (threads 'auto', median of ${mi.rounds} paired rounds; best/best ${fmt(mi.bestOverBest, 2)}×); ${fmt(mi.ratioOneThread, 2)}× on one thread`, verdict(mi.pass)]);
}

lines.push(`Measured by \`npm run bench\` on this project's machine (${sampling?.machine.cpu ?? 'see results'}, 2 cores, Node ${sampling?.machine.node ?? ''}), one run, every contender in the same process; each section above has its own table, and \`bench/results/*.json\` has every number.`);
lines.push('', '| target | measured | |', '|---|---|---|', ...targets.map((t) => `| ${t.join(' | ')} |`));

if (sampling) {
  lines.push('', `Sampling 2^24 float32 values, one thread, median (\`bench/sampling.mjs\`); ratios to the fastest pure-JS peer (not our own \`js\` backend) and to \`fill\`:`, '');
  lines.push('| kind | contender | M values/s | × fastest pure-JS peer | of fill |', '|---|---|---:|---:|---:|');
  for (const r of sampling.rows) lines.push(`| ${r.kind} | ${r.name} | ${fmt(r.mps)} | ${fmt(r.vsFastestPeer, 2)} | ${fmt(100 * r.vsFill, 1)}% |`);
}
const ini = load('initializers');
if (ini) {
  lines.push('', `Initializers on [4096, 4096] (\`bench/initializers.mjs\`; tfjs on its cpu backend, \`dataSync\` included):`, '');
  lines.push('| contender | median ms | M values/s | std / intended |', '|---|---:|---:|---:|');
  for (const r of ini.rows) lines.push(`| ${r.name} | ${fmt(r.medianMs, 1)} | ${fmt(r.valuesPerSec / 1e6)} | ${fmt(r.stdOverIntended, 3)} |`);
}

const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const start = '<!-- bench:start -->', end = '<!-- bench:end -->';
const a = readme.indexOf(start), b = readme.indexOf(end);
if (a < 0 || b < a) throw new Error('README.md has no bench markers');
writeFileSync(readmePath, readme.slice(0, a + start.length) + '\n' + lines.join('\n') + '\n' + readme.slice(b));
console.log(lines.join('\n'));
