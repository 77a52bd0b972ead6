// The bundler matrix: one tiny page (test/browser/app) importing { init, Generator, kaimingNormal,
// simulate } from 'weight-init', built with Vite (production build and dev server), esbuild and
// webpack 5 with NO configuration for WebAssembly, run in Debian's Chromium. Each build dir gets
// node_modules/weight-init holding exactly the files `npm pack` would publish (the package's own
// exports map and dist/), as a user's install would. The page's SHA-256 of the drawn bytes must equal
// Node's for wasm-simd (init()'s choice), wasm-scalar and js (forced), js chosen by init() when
// WebAssembly is deleted before import, and js forced first under a CSP without 'wasm-unsafe-eval'.
// A second page (test/browser/app-tfjs) does the same for weight-init/tfjs: a small tfjs-layers model
// whose kernels and biases come from the WeightInit* classes, built by the same three bundlers (the
// TF.js packages linked from the repository's node_modules), must draw Node's weights, and every
// one of the 23 classes must work (the package is "sideEffects": false: nothing may hang on a bare
// import).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Message } from 'esbuild';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectErrors, launchChromium, serveStatic } from './harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const APP = fileURLToPath(new URL('./app/', import.meta.url));
const WORK = join(ROOT, 'test/artifacts/bundlers');
const APP_TFJS = fileURLToPath(new URL('./app-tfjs/', import.meta.url));
const APP_FILES = ['index.html', 'main.js', 'workload.js', 'package.json'];
const TFJS_PACKAGES = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-cpu'];

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

/** A fresh app directory for one bundler: the page's sources (from `app`) and the installed package. */
function makeApp(name: string, files: string[], app = APP): string {
  const dir = join(WORK, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of APP_FILES) cpSync(join(app, f), join(dir, f));
  installPackage(dir, files);
  return dir;
}

/**
 * dir/node_modules/@tensorflow/* as links to the repository's copies (their own dependencies resolve
 * from the link targets, which every bundler follows by default), so the page, tfjs-layers and
 * weight-init/tfjs share one tfjs-core.
 */
function linkTfjs(dir: string): void {
  for (const p of TFJS_PACKAGES) {
    const target = join(ROOT, 'node_modules', p);
    if (!existsSync(join(target, 'package.json'))) throw new Error(`${p} is not installed (a devDependency): run npm install`);
    mkdirSync(dirname(join(dir, 'node_modules', p)), { recursive: true });
    symlinkSync(target, join(dir, 'node_modules', p), 'dir');
  }
}

async function buildVite(dir: string): Promise<void> {
  const { build } = await import('vite');
  await build({ root: dir, configFile: false, logLevel: 'warn', build: { outDir: join(dir, 'dist'), emptyOutDir: true } });
}

/** Builds with esbuild; resolves to its warnings. */
async function buildEsbuild(dir: string): Promise<Message[]> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({ absWorkingDir: dir, entryPoints: ['main.js'], bundle: true, format: 'esm', minify: true, outfile: 'dist/main.js', logLevel: 'warning' });
  cpSync(join(dir, 'index.html'), join(dir, 'dist/index.html'));
  return result.warnings;
}

async function buildWebpack(dir: string, opts: { sizeHints?: boolean } = {}): Promise<void> {
  const { default: webpack } = await import('webpack');
  // Only what any webpack app states: mode, entry (webpack's default is ./src/index.js) and output
  // path. Nothing about WebAssembly, experiments, loaders or assets. `sizeHints: false` turns off
  // the bundle-size hints (a page with TF.js is over webpack's 244 KiB hint; that is no fault).
  const compiler = webpack({
    mode: 'production', context: dir, entry: './main.js', output: { path: join(dir, 'dist') }, infrastructureLogging: { level: 'error' },
    ...(opts.sizeHints === false ? { performance: { hints: false as const } } : {}),
  });
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

type TfjsResult = {
  error?: string; tfBackend: string; initialised: string; backend: string; classes: Record<string, string>;
  classesHash: string; weightShapes: number[]; weightsHash: string; reloadedHash: string;
};

describe('weight-init/tfjs in the bundler matrix (Chromium): a tfjs-layers model with WeightInit* kernels', () => {
  let browser: BrowserContext;
  let expected: TfjsResult;
  let esbuildWarnings: Message[] = [];
  const closers: (() => Promise<void>)[] = [];
  const urls: Record<string, string> = {};
  const timings: Record<string, number> = {};
  const ALL_OK = (r: TfjsResult): Record<string, string> => Object.fromEntries(Object.keys(r.classes).map((k) => [k, 'ok']));

  beforeAll(async () => {
    expect(existsSync(join(ROOT, 'dist/tfjs.js')), 'run `npm run build` first').toBe(true);
    const t0 = Date.now();
    const launching = launchChromium();
    // Node's result: the same workload module on the built package, tfjs-core with the cpu backend.
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-cpu');
    const tfl = await import('@tensorflow/tfjs-layers');
    const wi = { ...(await import('../../dist/index.js')), ...(await import('../../dist/tfjs.js')) };
    const { tfjsWorkload } = await import('./app-tfjs/workload.js');
    expected = await tfjsWorkload(tf, tfl, wi);

    const files = packedFiles();
    const dirs = { vite: makeApp('tfjs-vite', files, APP_TFJS), esbuild: makeApp('tfjs-esbuild', files, APP_TFJS), webpack: makeApp('tfjs-webpack', files, APP_TFJS) };
    for (const dir of Object.values(dirs)) linkTfjs(dir);
    const time = async (name: string, f: () => Promise<unknown>): Promise<void> => { const t = Date.now(); await f(); timings[name] = Date.now() - t; };
    await time('esbuild', async () => { esbuildWarnings = await buildEsbuild(dirs.esbuild); });
    await time('vite build', () => buildVite(dirs.vite));
    await time('webpack', () => buildWebpack(dirs.webpack, { sizeHints: false }));
    for (const [name, dir] of [['vite-build', dirs.vite], ['esbuild', dirs.esbuild], ['webpack', dirs.webpack]] as const) {
      const s = await serveStatic(join(dir, 'dist'));
      closers.push(s.close);
      urls[name] = s.url;
    }
    const launched = await launching;
    browser = launched.context;
    closers.push(launched.close);
    timings.setup = Date.now() - t0;
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    console.log(`weight-init/tfjs bundler timings (ms): ${JSON.stringify(timings)}`);
  });

  it('Node: all 23 classes work; the model reloaded from its JSON draws the same weights', () => {
    expect(expected.error).toBeUndefined();
    expect(Object.keys(expected.classes).length).toBe(23);
    expect(expected.classes).toEqual(ALL_OK(expected));
    expect(expected.tfBackend).toBe('cpu');
    expect(expected.weightShapes).toEqual([3 * 3 * 2 * 3, 3, 4 * 4 * 3 * 5, 5, 5 * 4]);
    expect(expected.reloadedHash).toBe(expected.weightsHash);
  });

  it("esbuild emits no warning about ignored side-effect imports (the app's build, and the package's entries bundled from its own directory)", async () => {
    // esbuild keeps quiet about files inside node_modules, so the app's build alone would not show a
    // dropped bare import: bundle the public entries where they are built too (dependencies external).
    const esbuild = await import('esbuild');
    const own = await esbuild.build({
      absWorkingDir: ROOT, entryPoints: ['dist/index.js', 'dist/node.js', 'dist/tfjs.js'], bundle: true, format: 'esm',
      platform: 'node', packages: 'external', write: false, outdir: 'out', logLevel: 'silent',
    });
    const text = [...esbuildWarnings, ...own.warnings].map((w) => `${w.id ?? ''}: ${w.text} ${w.notes.map((n) => n.text).join(' ')}`);
    expect(text.filter((t) => /side.?effect|ignored-bare-import/i.test(t))).toEqual([]);
  });

  for (const app of ['vite-build', 'esbuild', 'webpack'] as const) {
    it(`${app}: no page errors, all 23 classes work, weights equal Node's`, async () => {
      const page = await browser.newPage();
      try {
        const errors = collectErrors(page);
        await page.goto(urls[app]!, { waitUntil: 'load', timeout: 60_000 });
        await page.waitForFunction(() => (window as { __result?: unknown }).__result !== undefined, undefined, { timeout: 60_000 });
        const result = await page.evaluate(() => (window as unknown as { __result: TfjsResult }).__result);
        expect(result.error).toBeUndefined();
        expect(errors).toEqual([]);
        expect(result.tfBackend).toBe('cpu');
        expect(result.classes).toEqual(ALL_OK(expected));
        expect(result.classesHash).toBe(expected.classesHash);
        expect(result.weightShapes).toEqual(expected.weightShapes);
        expect(result.weightsHash).toBe(expected.weightsHash);
        expect(result.reloadedHash).toBe(expected.weightsHash);
      } finally {
        await page.close();
      }
    });
  }
});
