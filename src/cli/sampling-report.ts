// The sampling part of `npm run demo`: a short report — what each backend draws, whether the draws agree bit
// for bit, and how fast each fills 2^24 float32 values on this machine.
import { availableBackends, backend, Generator, initSync, setBackend, type BackendName } from '../index.js';

const N = 1 << 24;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

function rate(fill: () => void): number {
  fill(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    fill();
    times.push(performance.now() - t0);
  }
  return N / median(times) / 1e3; // M values / s
}

function hash(a: Float32Array): string {
  // FNV-1a over the bytes: enough to show that the backends agree.
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Prints the sampling report (draws, bit-identity across backends, throughput) to stdout. */
export function samplingReport(): void {
  initSync();
  console.log(`weight-init sampling report — node ${process.version}, default backend ${backend()}\n`);

  const g = new Generator(42);
  const sample = g.normal(8);
  console.log(`new Generator(42).normal(8) = [${Array.from(sample, (v) => v.toFixed(4)).join(', ')}]`);
  console.log(`new Generator(0).uint32(4)  = [${Array.from(new Generator(0).uint32(4), (w) => '0x' + w.toString(16)).join(', ')}]  (Random123 KAT)\n`);

  const out = new Float32Array(N);
  const rows: string[][] = [];
  const kinds: [string, (g: Generator) => void][] = [
    ['uniform', (g) => g.uniform(out)],
    ['normal', (g) => g.normal(out)],
    ['truncatedNormal ±2σ', (g) => g.truncatedNormal(out)],
    ['truncatedNormal [5σ, 6σ]', (g) => g.truncatedNormal(out, { a: 5, b: 6 })],
  ];
  const hashes = new Map<string, Set<string>>();
  for (const b of availableBackends() as BackendName[]) {
    setBackend(b);
    for (const [name, fill] of kinds) {
      if (b === 'js' && name.startsWith('truncatedNormal [')) continue;
      const mps = rate(() => fill(new Generator(7)));
      fill(new Generator(7));
      const set = hashes.get(name) ?? new Set<string>();
      set.add(hash(out));
      hashes.set(name, set);
      rows.push([b, name, mps.toFixed(0)]);
    }
  }
  const fillRate = rate(() => out.fill(1.5));
  rows.push(['Float32Array.fill', '(memory ceiling)', fillRate.toFixed(0)]);

  console.log(`Filling 2^24 float32 values (median of 5, one thread):\n`);
  console.log('| backend | distribution | M values/s |\n|---|---|---:|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log('');
  for (const [name, set] of hashes) {
    console.log(`${name}: ${set.size === 1 ? 'identical bits on every backend' : 'BACKENDS DISAGREE'} (hash ${[...set].join(', ')})`);
  }
  setBackend(availableBackends()[0]!);
}
