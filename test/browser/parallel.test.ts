// Parallel fill in a browser (issue 7): a Vite-built page starts a module Web Worker that draws
// new Generator(42).normal(2^20) with threads: 2 and threads: 1. On a cross-origin isolated page
// (COOP same-origin + COEP require-corp) the library's pool starts its own nested module workers;
// on a page without those headers the same call falls back to one thread. Both must give Node's bits.
// The app is built once from the published files (node_modules/weight-init, as `npm pack` would ship).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectErrors, launchChromium, serveStatic } from './harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIR = join(ROOT, 'test/artifacts/parallel');
const N = 1 << 20;
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

type Result = {
  error?: string; crossOriginIsolated: boolean; parallelSupported: boolean; backend: string;
  threads2: string; threads2again: string[]; shared: string | null; threads1: string;
  spawned: number; fills: number; workerChunks: number; draws: number;
};

const APP: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'weight-init-parallel-app', private: true, type: 'module' }),
  'index.html': `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>weight-init parallel app</title><link rel="icon" href="data:,"></head>
<body><pre id="out">running…</pre><script type="module" src="./main.js"></script></body></html>
`,
  // The page never blocks: all drawing happens in a module worker.
  'main.js': `const out = document.getElementById('out');
const worker = new Worker(new URL('./fill-worker.js', import.meta.url), { type: 'module' });
worker.onmessage = (e) => { out.textContent = JSON.stringify(e.data, null, 2); window.__result = e.data; };
worker.onerror = (e) => { window.__result = { error: 'worker error: ' + (e.message || 'failed to load') }; };
`,
  'fill-worker.js': `import { init, backend, Generator, parallelSupported } from 'weight-init';

// Instrumentation (test only): count the workers the library's pool starts and keep the jobs it posts.
// A job's ctrl is the fill's SharedArrayBuffer of control words; word 1 (FILLED in src/parallel/pool.ts)
// counts the chunks the pool's workers computed, so after a fill returns it says whether they helped.
const NativeWorker = self.Worker;
let spawned = 0;
const ctrls = new Set();
if (typeof NativeWorker === 'function') {
  self.Worker = class extends NativeWorker {
    constructor(...args) { super(...args); spawned++; }
    postMessage(m, ...rest) { if (m && m.ctrl instanceof SharedArrayBuffer) ctrls.add(m.ctrl); return super.postMessage(m, ...rest); }
  };
}
const workerChunks = () => [...ctrls].reduce((n, c) => n + new Int32Array(c)[1], 0);

async function sha256(a) {
  // A copy: digest() refuses views of a SharedArrayBuffer.
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(a.buffer, a.byteOffset, a.byteLength).slice()));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function main() {
  await init();
  const threads2 = await sha256(new Generator(42).normal(${N}, { threads: 2 }));
  // A fresh pool's workers start asynchronously, so the first fill may run on this thread alone:
  // draw again (same bits every time) until the pool's worker has computed some chunks.
  const again = new Set();
  let draws = 1;
  while (draws < 20 && !(workerChunks() > 0) && parallelSupported()) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    again.add(await sha256(new Generator(42).normal(${N}, { threads: 2 })));
    draws++;
  }
  // In place: an output on a SharedArrayBuffer is written by the pool's worker directly.
  const shared = typeof SharedArrayBuffer === 'function'
    ? await sha256(new Generator(42).normal(new Float32Array(new SharedArrayBuffer(4 * ${N})), { threads: 2 })) : null;
  const threads1 = await sha256(new Generator(42).normal(${N}, { threads: 1 }));
  return {
    crossOriginIsolated: self.crossOriginIsolated === true, parallelSupported: parallelSupported(), backend: backend(),
    threads2, threads2again: [...again], shared, threads1, spawned, fills: ctrls.size, workerChunks: workerChunks(), draws,
  };
}
main().then((r) => postMessage(r), (e) => postMessage({ error: String((e && e.stack) || e) }));
`,
};

function packedFiles(): string[] {
  const json = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] });
  const files = (JSON.parse(json) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  if (!files.includes('dist/index.js')) throw new Error('the package has no dist/index.js: run `npm run build` first');
  return files;
}

describe('parallel fill in Chromium: module Web Workers from a Vite build', () => {
  let browser: BrowserContext;
  let expected: string;
  const closers: (() => Promise<void>)[] = [];
  const urls: { isolated?: string; plain?: string } = {};

  beforeAll(async () => {
    expect(existsSync(join(ROOT, 'dist/index.js')), 'run `npm run build` first').toBe(true);
    const launching = launchChromium();
    const lib = await import('../../dist/index.js');
    const z = new lib.Generator(42).normal(N);
    expected = createHash('sha256').update(new Uint8Array(z.buffer, z.byteOffset, z.byteLength)).digest('hex');

    rmSync(DIR, { recursive: true, force: true });
    mkdirSync(DIR, { recursive: true });
    for (const [name, text] of Object.entries(APP)) writeFileSync(join(DIR, name), text);
    for (const f of packedFiles()) {
      const to = join(DIR, 'node_modules/weight-init', f);
      mkdirSync(dirname(to), { recursive: true });
      cpSync(join(ROOT, f), to);
    }
    const { build } = await import('vite');
    await build({ root: DIR, configFile: false, logLevel: 'warn', build: { outDir: join(DIR, 'dist'), emptyOutDir: true } });

    const isolated = await serveStatic(join(DIR, 'dist'), ISOLATION);
    closers.push(isolated.close);
    urls.isolated = isolated.url;
    const plain = await serveStatic(join(DIR, 'dist'));
    closers.push(plain.close);
    urls.plain = plain.url;
    const launched = await launching;
    browser = launched.context;
    closers.push(launched.close);
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  });

  async function run(url: string): Promise<{ result: Result; errors: string[]; scripts: string[] }> {
    const page = await browser.newPage();
    try {
      const errors = collectErrors(page);
      const scripts: string[] = [];
      page.on('request', (r) => { if (r.url().endsWith('.js')) scripts.push(new URL(r.url()).pathname); });
      await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
      await page.waitForFunction(() => (window as { __result?: unknown }).__result !== undefined, undefined, { timeout: 30_000 });
      const result = await page.evaluate(() => (window as unknown as { __result: Result }).__result);
      return { result, errors, scripts };
    } finally {
      await page.close();
    }
  }

  it('cross-origin isolated: threads 2 runs on the pool\'s workers and gives Node\'s bits', async () => {
    const { result, errors, scripts } = await run(urls.isolated!);
    if (process.env.DEBUG_PARALLEL) console.log(JSON.stringify(result));
    expect(result.error).toBeUndefined();
    expect(errors).toEqual([]);
    expect(result.crossOriginIsolated).toBe(true);
    expect(result.parallelSupported).toBe(true);
    expect(result.threads1).toBe(expected);
    expect(result.threads2).toBe(expected);
    for (const h of result.threads2again) expect(h).toBe(expected);
    expect(result.shared).toBe(expected);
    // The pool started one module worker (threads 2 = this thread + 1), got every threads-2 job, and
    // computed chunks of them: the draw really ran on two threads. 2^20 values = 4 chunks per fill.
    expect(result.spawned).toBe(1);
    expect(result.fills).toBe(result.draws + 1);
    expect(result.workerChunks).toBeGreaterThan(0);
    expect(scripts.filter((s) => /\/assets\/worker-[^/]*\.js$/.test(s))).toHaveLength(1);
  });

  it('without COOP/COEP: threads 2 falls back to one thread with the same bits', async () => {
    const { result, errors, scripts } = await run(urls.plain!);
    expect(result.error).toBeUndefined();
    expect(errors).toEqual([]);
    expect(result.crossOriginIsolated).toBe(false);
    expect(result.parallelSupported).toBe(false);
    expect(result.threads2).toBe(expected);
    expect(result.threads1).toBe(expected);
    expect(result.threads2again).toEqual([]);
    expect(result.shared).toBeNull(); // no SharedArrayBuffer without cross-origin isolation
    // No pool: no worker started, no job posted.
    expect(result.spawned).toBe(0);
    expect(result.fills).toBe(0);
    expect(scripts.filter((s) => /\/assets\/worker-[^/]*\.js$/.test(s))).toEqual([]);
  });
});
