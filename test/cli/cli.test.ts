// The CLI (run from dist/, so `npm run build` first): `demo` exits 0 and writes a valid SVG whose
// ensemble bands and median lines are there, its ReLU ensemble means match the mean field, and
// `simulate --json` output has the shape of SimulateResult; `simulate --networks` prints the
// ensemble columns. Without dist/ the tests fail and say so: a skipped CLI test would read as a
// passing one.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import type { EnsembleSummary, LayerStats, SimulateResult } from '../../src/index.js';

const CLI = resolve('dist/cli/weight-init.js');

/** The built command's path; throws (failing the test) with what to do when it is not built. */
function builtCli(): string {
  if (!existsSync(CLI)) throw new Error(`${CLI} does not exist: run \`npm run build\` first (the CLI tests run the built command)`);
  return CLI;
}

/** Parses an SVG, requiring it to be well-formed. */
function parseSvg(svg: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level: string, msg: string) => { if (level !== 'warning') errors.push(msg); } }).parseFromString(svg, 'image/svg+xml');
  expect(errors).toEqual([]);
  expect(doc.documentElement?.nodeName).toBe('svg');
  return doc as unknown as Document;
}

/**
 * The drawn paths of one named mark of the figure (src/cli/plots.ts names them: band-5-95,
 * band-25-75, finite-width, median, mean-field); vega renders mark `x-y` as <g class="… x_y_marks">
 * around one <path> per series. Only paths with a non-empty `d` count.
 */
function markPaths(doc: Document, name: string): string[] {
  const cls = `${name.replace(/-/g, '_')}_marks`;
  return [...doc.getElementsByTagName('g')]
    .filter((g) => (g.getAttribute('class') ?? '').split(' ').includes(cls))
    .flatMap((g) => [...g.getElementsByTagName('path')].map((p) => p.getAttribute('d') ?? ''))
    .filter((d) => d.length > 0);
}

describe('weight-init CLI', () => {
  it('demo exits 0, prints the ensemble table, and its SVG has the area bands, median lines and finite-width band', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wi-demo-'));
    const out = execFileSync(process.execPath, [builtCli(), 'demo'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(out).toContain("seeds' story");
    expect(out).toContain('sampling report');
    expect(out).toMatch(/\| init \| networks \| E\[q₁\] \| E\[q₅₀\] \(± SE\) \| E\[q₅₀\]\/E\[q₁\] \| mean field q₅₀\/q₁ \| median q₅₀\/E\[q₁\] \|/);
    // The caption quotes the mean field as the table printed it (0.9⁴⁹ = 0.00573, 1.1⁴⁹ = 107).
    expect(out).toContain("the mean field's 0.9⁴⁹ = 0.00573 and 1.1⁴⁹ = 107");
    expect(out).toMatch(/\| too small \(σw²=1\.8\) \| 32 \| [^|]+ \| [^|]+ \| [^|]+ \| 0\.00573 \|/);
    expect(out).toMatch(/\| too large \(σw²=2\.2\) \| 32 \| [^|]+ \| [^|]+ \| [^|]+ \| 107 \|/);
    // What `npm run demo` itself shows (its seeds are fixed): the 32-network means E[q₅₀]/E[q₁] beside
    // 0.9⁴⁹ and 1.1⁴⁹, within 25 % (the next test explains the tolerance at more networks).
    for (const [label, chi] of [['too small (σw²=1.8)', 0.9], ['too large (σw²=2.2)', 1.1]] as const) {
      const row = out.split('\n').find((l) => l.startsWith(`| ${label} |`))!;
      const ratio = Number(row.split('|')[5]!.trim());
      expect(Math.abs(ratio / chi ** 49 - 1), label).toBeLessThan(0.25);
    }
    const doc = parseSvg(readFileSync(join(dir, 'demo.svg'), 'utf8'));
    // ReLU's three ensembles (too small, too large, He) are shaded twice in each of its two panels
    // (q, g) and have the finite-width band in q; every panel has five lines (zeros is not drawn):
    // the ensembles' medians and the single networks.
    expect(markPaths(doc, 'band-5-95')).toHaveLength(6);
    expect(markPaths(doc, 'band-25-75')).toHaveLength(6);
    expect(markPaths(doc, 'finite-width')).toHaveLength(3);
    expect(markPaths(doc, 'median')).toHaveLength(20);
    expect(markPaths(doc, 'mean-field').length).toBeGreaterThanOrEqual(8);
    // Zero init is named ("exactly 0"), not drawn at a floor: no axis reaches down to 1e-30.
    const texts = [...doc.getElementsByTagName('text')].map((t) => t.textContent ?? '');
    expect(texts.filter((t) => t.startsWith('zeros: exactly 0'))).toHaveLength(4);
    expect(texts.some((t) => /e-(2[0-9]|3[0-9])$/.test(t))).toBe(false);
  }, 120_000);

  it("demo --json: ReLU's too-small and too-large ensemble means are 0.9⁴⁹·E[q₁] and 1.1⁴⁹·E[q₁] within 25 %", () => {
    const dir = mkdtempSync(join(tmpdir(), 'wi-demo-json-'));
    const K = 256;
    const out = execFileSync(process.execPath, [builtCli(), 'demo', '--json', '--activations', 'relu', '--networks', String(K)], { cwd: dir, encoding: 'utf8', timeout: 180_000 });
    const { rows } = JSON.parse(out) as { rows: { activation: string; init: string; ensemble?: SimulateResult & { ensemble: EnsembleSummary } }[] };
    for (const [init, chi] of [['too small', 0.9], ['too large', 1.1]] as const) {
      const ens = rows.find((r) => r.activation === 'relu' && r.init === init)!.ensemble!.ensemble;
      expect(ens.networks).toBe(K);
      const q1 = ens.layers[1]!.q.mean, q50 = ens.layers[50]!.q.mean;
      expect(q50 / (chi ** 49 * q1)).toBeGreaterThan(0.75);
      expect(q50 / (chi ** 49 * q1)).toBeLessThan(1.25);
      // Why 25 % is loose enough: q₅₀ is close to log-normal with Var(log q₅₀) = logQVar[50] ≈ 0.96
      // (finite-width theory: 49 layers of 1 + 5/256), so the mean of K draws has a relative
      // standard error of √((e^v − 1)/K) ≈ 8 % at K = 256, and 25 % is over 3 of them. (At the
      // demo's default 32 networks it is ≈ 22 %, which the table prints as "± SE".) Both rows share
      // their seeds and ReLU is homogeneous, so the two ratios are one draw, not two chances.
      const v = ens.theory!.logQVar[50]!;
      expect(v).toBeGreaterThan(0.9);
      expect(v).toBeLessThan(1);
      expect(3 * Math.sqrt(Math.expm1(v) / K)).toBeLessThan(0.25);
    }
  }, 180_000);

  it('simulate --networks prints the ensemble columns, with the finite-width theory where it applies, and draws the bands', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wi-sim-ens-'));
    const out = execFileSync(process.execPath, [builtCli(), 'simulate', '--depth', '8', '--width', '32', '--batch', '1', '--activation', 'relu', '--init', 'kaimingNormal,xavierUniform',
      '--networks', '16', '--threads', '2', '--no-activate-input', '--every', '4', '--svg', join(dir, 'sim.svg')], { encoding: 'utf8', timeout: 60_000 });
    const tables = out.split('\n\n').filter((t) => t.includes('| l |'));
    expect(tables).toHaveLength(2);
    for (const t of tables) {
      const [title, head, , ...rows] = t.trim().split('\n');
      expect(title).toContain('16 networks');
      expect(head).toBe('| l | q mean | q median | q 5–95 % | q mean field | q finite-width median | q finite-width ±1 SD | g mean | g median | g mean field |');
      expect(rows.map((r) => r.split('|')[1]!.trim())).toEqual(['0', '4', '8']);
    }
    // Gaussian weights: the finite-width median and band are numbers; uniform weights: no theory.
    const lastRow = (t: string): string[] => t.trim().split('\n').at(-1)!.split('|').slice(1, -1).map((c) => c.trim());
    expect(lastRow(tables[0]!)[5]).toMatch(/^[0-9.e-]+$/);
    expect(lastRow(tables[0]!)[6]).toMatch(/^[0-9.e-]+ – [0-9.e-]+$/);
    expect(lastRow(tables[1]!)[5]).toBe('—');
    const doc = parseSvg(readFileSync(join(dir, 'sim.svg'), 'utf8'));
    expect(markPaths(doc, 'band-5-95')).toHaveLength(4);
    expect(markPaths(doc, 'band-25-75')).toHaveLength(4);
    expect(markPaths(doc, 'median')).toHaveLength(4);
    expect(markPaths(doc, 'finite-width')).toHaveLength(1);
  }, 60_000);

  it('simulate --json validates against SimulateResult', () => {
    const out = execFileSync(process.execPath, [builtCli(), 'simulate', '--depth', '6', '--width', '32', '--batch', '8', '--activation', 'tanh',
      '--init', 'xavierNormal,normal:std=0.01,zeros,sigmaW2=1.5', '--json'], { encoding: 'utf8' });
    const runs = JSON.parse(out) as (SimulateResult & { init: string })[];
    expect(runs.map((r) => r.init)).toEqual(['xavierNormal', 'normal:std=0.01', 'zeros', 'sigmaW2=1.5']);
    const fields: (keyof LayerStats)[] = ['preMean', 'q', 'postMean', 'postVar', 'zeroFraction', 'saturatedFraction', 'cosine', 'distinctNeurons', 'g'];
    for (const r of runs) {
      expect(r.depth).toBe(6);
      expect(r.widths).toEqual(Array(7).fill(32));
      expect(r.layers).toHaveLength(7);
      r.layers.forEach((s, l) => {
        for (const f of fields) expect(typeof s[f]).toBe('number');
        expect(l === 0 ? s.weightGradNorm === undefined : typeof s.weightGradNorm === 'number').toBe(true);
        expect(Object.keys(s).every((k) => [...fields, 'weightGradNorm'].includes(k as keyof LayerStats))).toBe(true);
      });
      expect(typeof r.jacobian!.meanSquaredSingularValue).toBe('number');
      expect(typeof r.jacobian!.singularValueVariance).toBe('number');
    }
    expect(runs[0]!.theory!.q).toHaveLength(7);
    expect(runs[2]!.theory).toBeUndefined(); // zeros: no variance-scaling theory
  });
});
