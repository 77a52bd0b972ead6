// The bundler matrix: one tiny page (test/browser/app) importing { init, Generator, kaimingNormal,
// simulate } from 'weight-init', built with Vite (production build and dev server), esbuild and
// webpack 5 with NO configuration for WebAssembly, run in Debian's Chromium. Each build dir gets
// node_modules/weight-init holding exactly the files `npm pack` would publish (the package's own
// exports map and dist/), as a user's install would. The page's SHA-256 of the drawn bytes must equal
// Node's for wasm-simd (init()'s choice), wasm-scalar and js (forced), js chosen by init() when
// WebAssembly is deleted before import, and js forced first under a CSP without 'wasm-unsafe-eval'.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectErrors, launchChromium, serveStatic } from './harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const APP = fileURLToPath(new URL('./app/', import.meta.url));
const WORK = join(ROOT, 'test/artifacts/bundlers');
const APP_FILES = ['index.html', 'main.js', 'workload.js', 'package.json'];

type Result = {
  initialised: string; backend: string; simulateBackend: string; error?: string;
  hashes: { normal: string; kaiming: string; simulate: string }; hash: string;
};

/** The published files of the package (`npm pack --dry-run`), copied to dir/node_modules/weight-init. */
function installPackage(dir: string, files: string[]): void {
  const target = join(dir, 'node_modules/weight-init');
  for (const f of files) {
    mkdirSync(dirname(join(target, f)), { recursive: true });
    cpSync(join(ROOT, f), join(target, f));
  }
}

function packedFiles(): string[] {
  const json = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] });
  const files = (JSON.parse(json) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  if (!files.includes('dist/index.js')) throw new Error('the package has no dist/index.js: run `npm run build` first');
  return files;
}

/** A fresh app directory for one bundler: the page's sources and the installed package. */
function makeApp(name: string, files: string[]): string {
  const dir = join(WORK, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of APP_FILES) cpSync(join(APP, f), join(dir, f));
  installPackage(dir, files);
  return dir;
}

async function buildVite(dir: string): Promise<void> {
  const { build } = await import('vite');
  await build({ root: dir, configFile: false, logLevel: 'warn', build: { outDir: join(dir, 'dist'), emptyOutDir: true } });
}

async function buildEsbuild(dir: string): Promise<void> {
  const esbuild = await import('esbuild');
  await esbuild.build({ absWorkingDir: dir, entryPoints: ['main.js'], bundle: true, format: 'esm', minify: true, outfile: 'dist/main.js', logLevel: 'warning' });
  cpSync(join(dir, 'index.html'), join(dir, 'dist/index.html'));
}

async function buildWebpack(dir: string): Promise<void> {
  const { default: webpack } = await import('webpack');
  // Only what any webpack app states: mode, entry (webpack's default is ./src/index.js) and output
  // path. Nothing about WebAssembly, experiments, loaders or assets.
  const compiler = webpack({ mode: 'production', context: dir, entry: './main.js', output: { path: join(dir, 'dist') }, infrastructureLogging: { level: 'error' } });
  const stats = await new Promise<import('webpack').Stats>((resolve, reject) => compiler.run((err, s) => (err ? reject(err) : resolve(s!))));
  await new Promise<void>((resolve) => compiler.close(() => resolve()));
  if (stats.hasErrors() || stats.hasWarnings()) throw new Error(stats.toString({ all: false, errors: true, warnings: true }));
  cpSync(join(dir, 'index.html'), join(dir, 'dist/index.html'));
}

describe('bundler matrix in Chromium (no bundler configuration for WebAssembly)', () => {
  let browser: BrowserContext;
  let expected: Record<string, Result>;
  const closers: (() => Promise<void>)[] = [];
  const urls: Record<string, string> = {};
  const cspUrl: { url?: string } = {};
  const cspWasmUrl: { url?: string } = {};
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    expect(existsSync(join(ROOT, 'dist/index.js')), 'run `npm run build` first').toBe(true);
    const t0 = Date.now();
    const launching = launchChromium();
    // Node's hashes for the same calls, from the same built package.
    const lib = await import('../../dist/index.js');
    const { workload } = await import('./app/workload.js');
    expected = {};
    for (const mode of ['wasm-simd', 'wasm-scalar', 'js'] as const) expected[mode] = await workload(lib, mode);
    lib.setBackend(lib.availableBackends()[0]!);

    const files = packedFiles();
    const dirs = { vite: makeApp('vite', files), esbuild: makeApp('esbuild', files), webpack: makeApp('webpack', files) };
    const time = async (name: string, f: () => Promise<void>): Promise<void> => { const t = Date.now(); await f(); timings[name] = Date.now() - t; };
    await time('esbuild', () => buildEsbuild(dirs.esbuild));
    await time('vite build', () => buildVite(dirs.vite));
    await time('webpack', () => buildWebpack(dirs.webpack));

    for (const [name, dir] of [['vite-build', dirs.vite], ['esbuild', dirs.esbuild], ['webpack', dirs.webpack]] as const) {
      const s = await serveStatic(join(dir, 'dist'));
      closers.push(s.close);
      urls[name] = s.url;
    }
    // A strict CSP: no 'wasm-unsafe-eval', so WebAssembly cannot compile; the js backend needs nothing.
    const csp = await serveStatic(join(dirs.esbuild, 'dist'), { 'content-security-policy': "script-src 'self'" });
    closers.push(csp.close);
    cspUrl.url = csp.url;
    const cspWasm = await serveStatic(join(dirs.esbuild, 'dist'), { 'content-security-policy': "script-src 'self' 'wasm-unsafe-eval'" });
    closers.push(cspWasm.close);
    cspWasmUrl.url = cspWasm.url;

    const { createServer } = await import('vite');
    const dev = await createServer({
      root: dirs.vite, configFile: false, logLevel: 'warn', clearScreen: false,
      server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: true, watch: null },
    });
    await dev.listen();
    closers.push(() => dev.close());
    urls['vite-dev'] = `http://127.0.0.1:${(dev.httpServer!.address() as AddressInfo).port}/`;

    const launched = await launching;
    browser = launched.context;
    closers.push(launched.close);
    timings.setup = Date.now() - t0;
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    console.log(`bundler matrix timings (ms): ${JSON.stringify(timings)}`);
  });

  it('Node gives the same bytes on every backend', () => {
    expect(expected['wasm-scalar']!.hash).toBe(expected['wasm-simd']!.hash);
    expect(expected.js!.hash).toBe(expected['wasm-simd']!.hash);
  });

  async function run(url: string, opts: { deleteWebAssembly?: boolean } = {}): Promise<{ result: Result; errors: string[] }> {
    const page = await browser.newPage();
    try {
      const errors = collectErrors(page);
      if (opts.deleteWebAssembly) await page.addInitScript(() => { delete (globalThis as { WebAssembly?: unknown }).WebAssembly; });
      await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
      await page.waitForFunction(() => (window as { __result?: unknown }).__result !== undefined, undefined, { timeout: 60_000 });
      const result = await page.evaluate(() => (window as unknown as { __result: Result }).__result);
      return { result, errors };
    } finally {
      await page.close();
    }
  }

  const APPS = ['vite-build', 'vite-dev', 'esbuild', 'webpack'] as const;
  const MODES = [
    { name: 'wasm-simd chosen by init()', query: '', backend: 'wasm-simd' },
    { name: 'wasm-scalar forced', query: '?backend=wasm-scalar', backend: 'wasm-scalar' },
    { name: 'js forced', query: '?backend=js', backend: 'js' },
    { name: 'js chosen by init() without WebAssembly', query: '', backend: 'js', deleteWebAssembly: true },
  ] as const;

  for (const app of APPS) {
    describe(app, () => {
      for (const mode of MODES) {
        it(mode.name, async () => {
          const { result, errors } = await run(urls[app] + mode.query, { deleteWebAssembly: 'deleteWebAssembly' in mode });
          expect(result.error).toBeUndefined();
          expect(errors).toEqual([]);
          expect(result.backend).toBe(mode.backend);
          expect(result.simulateBackend).toBe(mode.backend);
          if (mode.query === '') expect(result.initialised).toBe(mode.backend);
          expect(result.hashes).toEqual(expected[mode.backend]!.hashes);
          expect(result.hash).toBe(expected['wasm-simd']!.hash);
        });
      }
    });
  }

  it("esbuild app under a CSP without 'wasm-unsafe-eval': setBackend('js') before init() works, with no CSP violation", async () => {
    const { result, errors } = await run(`${cspUrl.url!}?backend=js-first`);
    expect(result.error).toBeUndefined();
    expect(errors).toEqual([]);
    expect(result.initialised).toBe('js');
    expect(result.backend).toBe('js');
    expect(result.hash).toBe(expected.js!.hash);
  });

  it("under that CSP, a bare init() falls back to the js backend and gives the same bits", async () => {
    const { result } = await run(cspUrl.url!);
    expect(result.error).toBeUndefined();
    expect(result.initialised).toBe('js');
    expect(result.backend).toBe('js');
    expect(result.hash).toBe(expected.js!.hash);
  });

  it("esbuild app under a CSP with 'wasm-unsafe-eval': init() picks wasm-simd", async () => {
    const { result, errors } = await run(cspWasmUrl.url!);
    expect(result.error).toBeUndefined();
    expect(errors).toEqual([]);
    expect(result.backend).toBe('wasm-simd');
    expect(result.hash).toBe(expected['wasm-simd']!.hash);
  });
});
