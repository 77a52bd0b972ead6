// The playground (playground/), built with Vite and driven in Debian's Chromium: it loads without
// console errors, its verdict turns to "vanishing" when ReLU's init goes from kaimingNormal to
// normal:std=0.01 at depth 50, the numbers it renders are simulate()'s in Node for the same state,
// a link (the URL hash) reproduces the view, and the ensemble toggle (networks 16) shades the
// quantile bands with simulate()'s ensemble numbers. Writes test/artifacts/playground.png every run.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../../dist/index.js';
import { DEFAULT_STATE, format, fromHash, toConfig, verdict } from '../../playground/state.js';
import { collectErrors, launchChromium, serveStatic } from './harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = join(ROOT, 'test/artifacts');
const OUT = join(ARTIFACTS, 'playground-build');

describe('playground in Chromium', () => {
  let browser: BrowserContext;
  let url: string;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const launching = launchChromium();
    const { build } = await import('vite');
    await build({ configFile: join(ROOT, 'playground/vite.config.ts'), logLevel: 'warn', build: { outDir: OUT, emptyOutDir: true } });
    const server = await serveStatic(OUT);
    closers.push(server.close);
    url = server.url;
    const launched = await launching;
    browser = launched.context;
    closers.push(launched.close);
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  });

  /** Opens `hash` in a new page, runs `check`, and requires no console errors on the way. */
  async function onPage(hash: string, check: (page: Page) => Promise<void>): Promise<void> {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    try {
      await page.goto(url + hash, { waitUntil: 'load', timeout: 60_000 });
      await check(page);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }

  /** Waits until the page shows the state of its current URL hash (fails at once on a shown error). */
  async function settled(page: Page): Promise<void> {
    await page.waitForFunction(() => {
      const s = document.querySelector<HTMLElement>('#status');
      return s?.dataset.state === 'error' || (s?.dataset.state === 'done' && s.dataset.hash === location.hash);
    }, undefined, { timeout: 60_000 });
    const status = await page.locator('#status').evaluate((s: HTMLElement) => ({ state: s.dataset.state, text: s.textContent }));
    expect(status.state, status.text ?? '').toBe('done');
  }

  /** The rendered per-layer table: exact values and their text, row by row. */
  async function renderedTable(page: Page): Promise<{ exact: string[]; text: string[] }[]> {
    return page.$$eval('#layers tbody tr', (rows) => rows.map((tr) => {
      const cells = [...tr.querySelectorAll<HTMLElement>('td[data-exact]')];
      return { exact: cells.map((c) => c.dataset.exact!), text: cells.map((c) => c.textContent!) };
    }));
  }

  /** simulate() in Node for the page's state; the table must show exactly its numbers. */
  async function expectNumbersMatchNode(page: Page): Promise<void> {
    const hash = await page.evaluate(() => location.hash);
    const { state, problems } = fromHash(hash);
    expect(problems).toEqual([]);
    const r = simulate(toConfig(state));
    const rows = await renderedTable(page);
    expect(rows).toHaveLength(state.depth + 1);
    // With the ensemble toggle on, each row also shows q's median and quantiles over the networks.
    const want = r.layers.map((s, l) => {
      const e = r.ensemble?.layers[l]!.q;
      return [s.q, s.g, s.zeroFraction, s.saturatedFraction, s.cosine, ...(e ? [e.median, e.quantiles.p05, e.quantiles.p25, e.quantiles.p75, e.quantiles.p95] : [])];
    });
    expect(rows.map((row) => row.exact)).toEqual(want.map((xs) => xs.map(String)));
    expect(rows.map((row) => row.text)).toEqual(want.map((xs) => xs.map(format)));
    expect(await page.textContent('#verdict')).toBe(verdict(r).text);
  }

  it('loads without console errors, shows ReLU + kaimingNormal at depth 50 as critical, and its numbers are simulate()\'s', async () => {
    await onPage('', async (page) => {
      await settled(page);
      const { state } = fromHash(await page.evaluate(() => location.hash));
      expect(state).toEqual({ ...DEFAULT_STATE, initOptions: {} });
      expect(await page.getAttribute('#verdict', 'data-kind')).toBe('critical');
      await expectNumbersMatchNode(page);
      // Every view drew: the phase diagram comes from a second worker.
      await page.waitForSelector('#chart-phase[data-drawn]', { timeout: 60_000 });
      for (const id of ['chart-q', 'chart-g', 'chart-hist', 'chart-frac', 'chart-phase']) {
        expect(await page.locator(`#${id} canvas`).count(), id).toBe(1);
      }
      await page.screenshot({ path: join(ARTIFACTS, 'playground.png'), fullPage: true });
    });
  });

  it('switching the init to normal:std=0.01 (ReLU, depth 50) turns the verdict to vanishing; a link reproduces the view', async () => {
    await onPage('#act=relu&init=kaimingNormal&depth=50', async (page) => {
      await settled(page);
      expect(await page.getAttribute('#verdict', 'data-kind')).toBe('critical');
      await page.selectOption('select[name="init"]', 'normal');
      await page.fill('input[name="opt-std"]', '0.01');
      await page.waitForFunction(() => location.hash.includes('init=normal:std=0.01'), undefined, { timeout: 10_000 });
      await settled(page);
      expect(await page.getAttribute('#verdict', 'data-kind')).toBe('vanishing');
      expect(await page.textContent('#verdict')).toMatch(/^vanishing/);
      await expectNumbersMatchNode(page);
      await page.screenshot({ path: join(ARTIFACTS, 'playground-vanishing.png'), fullPage: true });
      const link = page.url();
      const verdictText = await page.textContent('#verdict');
      const table = await renderedTable(page);

      // The link alone reproduces the view in a fresh page.
      await onPage(new URL(link).hash, async (again) => {
        await settled(again);
        expect(await again.textContent('#verdict')).toBe(verdictText);
        expect(await renderedTable(again)).toEqual(table);
        expect(await again.inputValue('select[name="init"]')).toBe('normal');
        expect(await again.inputValue('input[name="opt-std"]')).toBe('0.01');
      });
    });
  });

  /**
   * Pixels of a chart's canvas painted only by the translucent q band fills: the canvas is
   * transparent, so a fill of rgba(31,95,191,0.12 or 0.28) (both: ≈ 0.37) is stored as that colour
   * with alpha ≈ 31, 71 or 94, while lines are opaque.
   */
  async function bandPixels(page: Page, id: string): Promise<number> {
    return page.locator(`#${id} canvas`).evaluate((c: HTMLCanvasElement) => {
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < px.length; i += 4) {
        const near = Math.abs(px[i]! - 31) <= 12 && Math.abs(px[i + 1]! - 95) <= 12 && Math.abs(px[i + 2]! - 191) <= 12;
        if (near && px[i + 3]! >= 20 && px[i + 3]! <= 120) n++;
      }
      return n;
    });
  }

  it('the ensemble toggle (networks 16) shades the 25–75 % and 5–95 % bands, the link keeps it, and the numbers are simulate()\'s', async () => {
    await onPage('#act=relu&init=kaimingNormal&depth=20&width=64&batch=16', async (page) => {
      await settled(page);
      expect(await page.getAttribute('#chart-q', 'data-bands')).toBe('0');
      const before = await bandPixels(page, 'chart-q');
      await page.selectOption('select[name="networks"]', '16');
      await page.waitForFunction(() => location.hash.includes('nets=16'), undefined, { timeout: 10_000 });
      await settled(page);
      await page.screenshot({ path: join(ARTIFACTS, 'playground-ensemble.png'), fullPage: true });
      for (const id of ['chart-q', 'chart-g']) expect(await page.getAttribute(`#${id}`, 'data-bands'), id).toBe('2');
      // The fills are on the canvas: thousands of light-blue pixels where one network drew a line.
      const after = await bandPixels(page, 'chart-q');
      expect(after).toBeGreaterThan(5 * before + 2000);
      expect(await page.locator('#chart-q .u-legend').textContent()).toContain('median of 16');
      await expectNumbersMatchNode(page);
      const table = await renderedTable(page);
      expect(table[0]!.exact).toHaveLength(10);
      await onPage(new URL(page.url()).hash, async (again) => {
        await settled(again);
        expect(await again.inputValue('select[name="networks"]')).toBe('16');
        expect(await renderedTable(again)).toEqual(table);
      });
    });
  });

  it('the histogram slider changes the layer without re-simulating', async () => {
    await onPage('#act=tanh&init=xavierNormal&depth=12&width=64&batch=32&layer=3', async (page) => {
      await settled(page);
      await page.locator('input[name="layer"]').evaluate((el: HTMLInputElement) => {
        el.value = '9';
        el.dispatchEvent(new Event('input', { bubbles: true }));
      });
      await page.waitForFunction(() => location.hash.includes('layer=9'), undefined, { timeout: 10_000 });
      await settled(page);
      expect(await page.textContent('#layer-out')).toBe('9');
      await expectNumbersMatchNode(page);
    });
  });

  it('the page stays responsive while a large simulation runs in the worker', async () => {
    await onPage('#act=tanh&init=orthogonal&depth=200&width=384&batch=256', async (page) => {
      await page.waitForFunction(() => document.querySelector<HTMLElement>('#status')?.dataset.state === 'running', undefined, { timeout: 10_000 });
      // The longest gap between 10 ms timer ticks over 600 ms of simulation: a blocked main thread
      // would show the whole window (the simulation takes seconds); an idle one shows ~10-50 ms, and
      // 500 ms leaves room for a loaded 2-core CI machine.
      const gap = await page.evaluate(() => new Promise<number>((resolve) => {
        let last = performance.now(), worst = 0;
        const t = setInterval(() => { const now = performance.now(); worst = Math.max(worst, now - last); last = now; }, 10);
        setTimeout(() => { clearInterval(t); resolve(worst); }, 600);
      }));
      expect(await page.getAttribute('#status', 'data-state')).toBe('running');
      expect(gap).toBeLessThan(500);
    });
  });
});
