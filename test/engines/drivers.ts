// How the engine matrix runs its workload in each engine: a child process for the npm-shipped
// runtimes (Node 22, Deno, Bun: test/engines/run-engine.mjs), and a bundled page served from
// 127.0.0.1 for the browsers (Chromium through playwright-core, Firefox ESR through puppeteer-core
// over WebDriver BiDi, WebKitGTK's MiniBrowser through WebKitWebDriver under Xvfb with
// selenium-webdriver). Every driver returns the page's / runner's JSON (see run-engine.mjs).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../browser/harness.js';
import { INSTALL_HINT, SYSTEM_BINARIES } from '../../scripts/system-deps.mjs';
import { BACKENDS } from './workload.mjs';

export { BACKENDS };
export type Backend = (typeof BACKENDS)[number];

export interface BackendRun { backend: string; items: Record<string, string>; ms: number; error?: undefined }
export interface EngineRun {
  engine: string;
  version: string;
  availableBackends: string[];
  results: Record<string, BackendRun | { error: string }>;
  fatal?: string;
}

const HERE = fileURLToPath(new URL('./', import.meta.url));
export const RUNNER = join(HERE, 'run-engine.mjs');

/** Throws naming what to install when `path` (a system binary) is not executable. */
async function requireBinary(what: string, path: string): Promise<void> {
  const { accessSync, constants } = await import('node:fs');
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(`${what} not found at ${path}: install it with \`${INSTALL_HINT}\` (or run \`node scripts/system-deps.mjs\` as root)`);
  }
}

function parseRun(json: string, where: string): EngineRun {
  let r: EngineRun;
  try {
    r = JSON.parse(json) as EngineRun;
  } catch {
    throw new Error(`${where}: not JSON: ${json.slice(0, 2000)}`);
  }
  if (r.fatal) throw new Error(`${where}: the page failed: ${r.fatal}`);
  return r;
}

/**
 * Runs `bin args…` and parses the last stdout line as the runner's JSON. Killed (the whole
 * process group) after `timeoutMs`.
 */
export function runProcess(name: string, bin: string, args: string[], env: Record<string, string>, timeoutMs: number): Promise<EngineRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: join(HERE, '../..'), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '', err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { err += d; });
    const timer = setTimeout(() => {
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ }
      reject(new Error(`${name}: no result within ${timeoutMs / 1000} s; stderr: ${err.slice(-2000)}`));
    }, timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); reject(new Error(`${name}: cannot start ${bin}: ${e.message}`)); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) {
        reject(new Error(`${name}: ${bin} exited with ${code ?? signal}; stderr: ${err.slice(-3000)}; stdout: ${out.slice(-1000)}`));
        return;
      }
      try { resolve(parseRun(last, name)); } catch (e) { reject(e as Error); }
    });
  });
}

/** Bundles the page (library + workload, one ESM script with the WASM inlined as base64) into `dir`. */
export async function buildPage(dir: string): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [join(HERE, 'browser-main.mjs')], bundle: true, format: 'esm', platform: 'browser', target: 'es2020',
    outfile: join(dir, 'main.js'), logLevel: 'warning',
  });
  // A classic script first: anything thrown before or outside main() still ends the wait.
  writeFileSync(join(dir, 'index.html'), `<!doctype html>
<html><head><meta charset="utf-8"><title>weight-init engine matrix</title>
<script>
  function fatal(m) { if (window.__engineResult === undefined) window.__engineResult = { fatal: String(m) }; }
  window.addEventListener('error', function (e) { fatal('error: ' + e.message + ' at ' + e.filename + ':' + e.lineno); });
  window.addEventListener('unhandledrejection', function (e) { fatal('unhandledrejection: ' + (e.reason && e.reason.stack || e.reason)); });
</script>
<script type="module" src="./main.js"></script>
</head><body>engine matrix</body></html>
`);
}

const RESULT_JSON = 'return window.__engineResult === undefined ? null : JSON.stringify(window.__engineResult)';

/** Chromium (Debian's) through playwright-core: test/browser/harness.ts's launchChromium. */
export async function runChromium(url: string, timeoutMs: number): Promise<EngineRun> {
  await requireBinary('Chromium', SYSTEM_BINARIES.chromium);
  const { context, close } = await launchChromium();
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
    await page.waitForFunction(() => (window as { __engineResult?: unknown }).__engineResult !== undefined, undefined, { timeout: timeoutMs, polling: 250 });
    const json = await page.evaluate(() => JSON.stringify((window as { __engineResult?: unknown }).__engineResult));
    const r = parseRun(json, 'Chromium');
    r.engine = 'chromium';
    r.version = await context.browser()?.version() ?? r.version;
    return r;
  } finally {
    await close();
  }
}

/** Firefox ESR (Debian's) through puppeteer-core over WebDriver BiDi, headless. */
export async function runFirefox(url: string, timeoutMs: number): Promise<EngineRun> {
  await requireBinary('Firefox ESR', SYSTEM_BINARIES.firefox);
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: SYSTEM_BINARIES.firefox, protocol: 'webDriverBiDi', headless: true, timeout: timeoutMs,
    // No first-run pages, updates, telemetry or remote settings: the page is all it loads.
    extraPrefsFirefox: { 'app.update.enabled': false, 'datareporting.policy.dataSubmissionEnabled': false, 'toolkit.telemetry.enabled': false, 'browser.shell.checkDefaultBrowser': false },
  });
  try {
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
    await page.waitForFunction('window.__engineResult !== undefined', { timeout: timeoutMs, polling: 250 });
    const json = await page.evaluate('JSON.stringify(window.__engineResult)') as string;
    const r = parseRun(json, 'Firefox ESR');
    r.engine = 'firefox';
    r.version = await browser.version();
    return r;
  } finally {
    await browser.close().catch(() => undefined);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * WebKitGTK (Safari's engine): `xvfb-run -a WebKitWebDriver --port=N` (a process group, killed at
 * the end), then selenium-webdriver opens MiniBrowser in automation mode through it.
 */
export async function runWebKit(url: string, timeoutMs: number): Promise<EngineRun> {
  await requireBinary('xvfb-run', SYSTEM_BINARIES.xvfbRun);
  await requireBinary('WebKitWebDriver', SYSTEM_BINARIES.webkitDriver);
  await requireBinary('MiniBrowser (libwebkit2gtk-4.1-0)', SYSTEM_BINARIES.miniBrowser);
  const port = await freePort();
  const server = spawn(SYSTEM_BINARIES.xvfbRun, ['-a', SYSTEM_BINARIES.webkitDriver, `--port=${port}`, '--host=127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  let log = '';
  server.stdout.setEncoding('utf8').on('data', (d: string) => { log += d; });
  server.stderr.setEncoding('utf8').on('data', (d: string) => { log += d; });
  const exited = new Promise<void>((resolve) => server.on('exit', () => resolve()));
  // Ends WebKitWebDriver (xvfb-run's child) so that xvfb-run stops its Xvfb and removes its
  // /tmp/xvfb-run.* folder itself; the whole process group is killed if that takes over 5 s.
  const kill = async (): Promise<void> => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const pid = server.pid!;
    let children: string[] = [];
    try { children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean); } catch { /* no procfs */ }
    const driverPid = children.find((c) => { try { return readFileSync(`/proc/${c}/comm`, 'utf8').trim().startsWith('WebKitWebDriver'); } catch { return false; } });
    try { process.kill(driverPid ? Number(driverPid) : -pid, 'SIGTERM'); } catch { /* gone */ }
    const t = setTimeout(() => { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }, 5_000);
    await exited;
    clearTimeout(t);
  };
  const base = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`WebKitWebDriver exited (${server.exitCode}): ${log.slice(-2000)}`);
      try {
        const res = await fetch(`${base}/status`);
        if (res.ok) break;
      } catch { /* not listening yet */ }
      if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not listen on ${base} within 30 s: ${log.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const { Builder } = await import('selenium-webdriver');
    const driver = await new Builder().usingServer(base).withCapabilities({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: SYSTEM_BINARIES.miniBrowser, args: ['--automation'] },
    }).build();
    try {
      await driver.manage().setTimeouts({ pageLoad: timeoutMs, script: timeoutMs });
      await driver.get(url);
      const json = await driver.wait(async () => (await driver.executeScript(RESULT_JSON)) as string | null, timeoutMs, 'no window.__engineResult', 250);
      const r = parseRun(json as string, 'WebKitGTK');
      r.engine = 'webkitgtk';
      r.version = String(await driver.executeScript('return navigator.userAgent'));
      return r;
    } finally {
      await driver.quit().catch(() => undefined);
    }
  } finally {
    await kill();
  }
}
