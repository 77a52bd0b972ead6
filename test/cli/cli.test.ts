// The CLI (run from dist/, so `npm run build` first): `demo` exits 0 and writes a valid SVG, and
// `simulate --json` output has the shape of SimulateResult. Without dist/ the tests fail and say
// so: a skipped CLI test would read as a passing one.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import type { LayerStats, SimulateResult } from '../../src/index.js';

const CLI = resolve('dist/cli/weight-init.js');

/** The built command's path; throws (failing the test) with what to do when it is not built. */
function builtCli(): string {
  if (!existsSync(CLI)) throw new Error(`${CLI} does not exist: run \`npm run build\` first (the CLI tests run the built command)`);
  return CLI;
}

describe('weight-init CLI', () => {
  it('demo exits 0 and writes a well-formed SVG with one line per init', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wi-demo-'));
    const out = execFileSync(process.execPath, [builtCli(), 'demo'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(out).toContain("seeds' story");
    expect(out).toContain('sampling report');
    const svg = readFileSync(join(dir, 'demo.svg'), 'utf8');
    const errors: string[] = [];
    const doc = new DOMParser({ onError: (level: string, msg: string) => { if (level !== 'warning') errors.push(msg); } }).parseFromString(svg, 'image/svg+xml');
    expect(errors).toEqual([]);
    expect(doc.documentElement?.nodeName).toBe('svg');
    expect(doc.getElementsByTagName('path').length).toBeGreaterThan(24);
  }, 120_000);

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
