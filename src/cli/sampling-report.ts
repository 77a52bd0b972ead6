// The sampling part of `npm run demo`: a short report — what each backend draws, whether the draws
// agree bit for bit, and how fast each fills float32 arrays on this machine (`npm run bench` has the
// full comparison with other libraries).
import { availableBackends, backend, Generator, initSync, setBackend, type BackendName } from '../index.js';

// Values per timed fill: the WASM backends are timed on 2^22 values, the plain-JS twin on 2^18.
const SIZE: Record<BackendName, number> = { 'wasm-simd': 1 << 22, 'wasm-scalar': 1 << 22, js: 1 << 18 };
const HASHED = 1 << 16;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** M values / s of `fill` on an array of `n` values: median of 5 runs after a warm-up. */
function rate(n: number, fill: () => void): number {
  fill();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    fill();
    times.push(performance.now() - t0);
  }
  return n / median(times) / 1e3;
}

function hash(a: Float32Array): string {
  // FNV-1a over the bytes: enough to show that the backends agree.
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

const KINDS: [string, (g: Generator, out: Float32Array) => void][] = [
  ['uniform', (g, out) => g.uniform(out)],
  ['normal', (g, out) => g.normal(out)],
  ['truncatedNormal ±2σ', (g, out) => g.truncatedNormal(out)],
  ['truncatedNormal [5σ, 6σ]', (g, out) => g.truncatedNormal(out, { a: 5, b: 6 })],
];

/** Prints the sampling report (draws, bit-identity across backends, throughput) to stdout. */
export function samplingReport(): void {
  initSync();
  const initial = backend();
  console.log(`weight-init sampling report — node ${process.version}, default backend ${initial}\n`);
  const sample = new Generator(42).normal(8);
  console.log(`new Generator(42).normal(8) = [${Array.from(sample, (v) => v.toFixed(4)).join(', ')}]`);
  console.log(`new Generator(0).uint32(4)  = [${Array.from(new Generator(0).uint32(4), (w) => '0x' + w.toString(16)).join(', ')}]  (Random123 KAT)\n`);

  const rows: string[] = [];
  const hashes = new Map<string, Set<string>>();
  for (const b of availableBackends()) {
    setBackend(b);
    const out = new Float32Array(SIZE[b]);
    for (const [name, fill] of KINDS) {
      const mps = rate(out.length, () => fill(new Generator(7), out));
      const small = new Float32Array(HASHED);
      fill(new Generator(7), small);
      hashes.set(name, (hashes.get(name) ?? new Set<string>()).add(hash(small)));
      rows.push(`| ${b} | ${name} | ${mps.toFixed(0)} |`);
    }
  }
  const ceiling = new Float32Array(1 << 22);
  rows.push(`| Float32Array.fill | (memory ceiling) | ${rate(ceiling.length, () => ceiling.fill(1.5)).toFixed(0)} |`);
  setBackend(initial);

  console.log('Throughput (one thread, median of 5):\n');
  console.log('| backend | distribution | M values/s |\n|---|---|---:|');
  for (const r of rows) console.log(r);
  console.log('');
  for (const [name, set] of hashes) {
    console.log(`${name}: ${set.size === 1 ? 'identical bits on every backend' : 'BACKENDS DISAGREE'} (hash ${[...set].join(', ')})`);
  }
}
