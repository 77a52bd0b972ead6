// `weight-init coord-check` (run from dist/, so `npm run build` first): the JSON is coordCheck's
// results, the table has a row per width and the fitted slopes, the SVG is well-formed with a
// line per parametrization in each panel, and bad options fail naming the option.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import type { CoordCheckResult } from '../../src/index.js';

const CLI = resolve('dist/cli/weight-init.js');

function builtCli(): string {
  if (!existsSync(CLI)) throw new Error(`${CLI} does not exist: run \`npm run build\` first (the CLI tests run the built command)`);
  return CLI;
}

function run(args: string[], cwd?: string): string {
  return execFileSync(process.execPath, [builtCli(), 'coord-check', ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
}

describe('weight-init coord-check', () => {
  it('--json: both parametrizations, SP logits growing with width and μP flat', () => {
    const results = JSON.parse(run(['--json', '--widths', '64,256,1024', '--seeds', '2'])) as CoordCheckResult[];
    expect(results.map((r) => r.parametrization)).toEqual(['standard', 'muP']);
    const [sp, mu] = results;
    expect(sp!.widths).toEqual([64, 256, 1024]);
    expect(sp!.slope).toBeGreaterThan(0.7);
    expect(mu!.readoutRatio).toBeLessThan(2);
    expect(mu!.layers).toHaveLength(3);
  });

  it('prints a table per parametrization with a row per width and the slopes', () => {
    const out = run(['--parametrization', 'muP', '--widths', '32,64', '--seeds', '1', '--depth', '4']);
    expect(out).toContain('μP (muP): relu, 4 layers d_in 8 → n → d_out 10');
    expect(out).toContain('| width | m | h1 l1 | h2 l1 | h3 l1 | logits l1 | h1 change | h2 change | h3 change | logits change |');
    expect(out).toMatch(/^\| 32 \| 1 \|/m);
    expect(out).toMatch(/^\| 64 \| 2 \|/m);
    expect(out).toMatch(/^\| slope \| \|/m);
    expect(out).not.toContain('SP (standard)');
  });

  it('--svg writes a well-formed figure: a line per parametrization in each panel, slopes written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wi-coord-'));
    const out = run(['--widths', '64,128', '--seeds', '1', '--svg', 'cc.svg'], dir);
    expect(out).toContain('wrote cc.svg');
    const errors: string[] = [];
    const doc = new DOMParser({ onError: (level: string, msg: string) => { if (level !== 'warning') errors.push(msg); } })
      .parseFromString(readFileSync(join(dir, 'cc.svg'), 'utf8'), 'image/svg+xml');
    expect(errors).toEqual([]);
    const groups = [...doc.getElementsByTagName('g')];
    const lines = groups.filter((g) => (g.getAttribute('class') ?? '').split(' ').includes('lines_marks'))
      .flatMap((g) => [...g.getElementsByTagName('path')]).filter((p) => (p.getAttribute('d') ?? '') !== '');
    expect(lines).toHaveLength(4);
    const texts = [...doc.getElementsByTagName('text')].map((t) => t.textContent ?? '');
    expect(texts.filter((t) => t.startsWith('slope '))).toHaveLength(4);
    expect(texts).toContain('SP');
    expect(texts).toContain('μP');
  });

  it('fails naming the option', () => {
    for (const [args, message] of [
      [['--widths', '64,abc'], /widths\[1\]/],
      [['--widths', ''], /widths\[0\]/],
      [['--parametrization', 'mup'], /--parametrization must be standard, muP or both/],
      [['--depth', '1'], /depth must be >= 2/],
      [['--lr', 'fast'], /--lr must be a number/],
    ] as const) {
      const r = spawnSync(process.execPath, [builtCli(), 'coord-check', ...args], { encoding: 'utf8', timeout: 60_000 });
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(message);
    }
  });
});
