// What `npm i weight-init` brings: the packed tarball (`npm pack`, as published) installed into an
// empty folder pulls in no other package (its optional peers, @tensorflow/* and the CLI's drawing
// libraries, stay out), takes at most 3 MB of node_modules on disk, and its entries work there:
// the same bits as this checkout, the Node entry, and the CLI, which names its missing extras in
// one line. Needs dist/ (`npm run build`); the install is offline-friendly (the tarball has no
// dependencies to fetch).
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Generator } from '../../src/index.js';

const ROOT = resolve('.');
const MAX_BYTES = 3_000_000;
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * The environment without npm's own variables: under `npm test` they carry this repository's
 * settings (npm_config_local_prefix among them), which would point the child npm back at it.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
}

/** Bytes on disk (allocated blocks) and the apparent bytes of every file under `dir`. */
function sizeOnDisk(dir: string): { disk: number; apparent: number } {
  let disk = 0, apparent = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const st = lstatSync(path);
    disk += st.blocks * 512;
    apparent += st.size;
    if (entry.isDirectory()) {
      const inner = sizeOnDisk(path);
      disk += inner.disk;
      apparent += inner.apparent;
    }
  }
  return { disk, apparent };
}

/** The installed packages: every folder of node_modules (scoped ones as @scope/name), nested ones too. */
function installedPackages(modules: string): string[] {
  const names: string[] = [];
  for (const entry of readdirSync(modules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const scoped = entry.name.startsWith('@');
    for (const name of scoped ? readdirSync(join(modules, entry.name)).map((n) => `${entry.name}/${n}`) : [entry.name]) {
      names.push(name);
      const nested = join(modules, name, 'node_modules');
      if (existsSync(nested)) names.push(...installedPackages(nested).map((n) => `${name} > ${n}`));
    }
  }
  return names.sort();
}

let work = '';
let app = '';

/** Runs `node` in the install folder; returns exit status and both streams. */
function nodeIn(args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, args, { cwd: app, encoding: 'utf8', env: cleanEnv(), timeout: 30_000 });
}

describe('npm i weight-init (the packed tarball in an empty folder)', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist/index.js'))) throw new Error('dist/ does not exist: run `npm run build` first (the tarball packs dist/)');
    work = mkdtempSync(join(tmpdir(), 'wi-pack-'));
    const packed = JSON.parse(execFileSync(NPM, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', env: cleanEnv() })) as { filename: string }[];
    const tarball = join(work, packed[0]!.filename);
    app = join(work, 'app');
    mkdirSync(app);
    // A package.json of its own, so npm installs here and not into a project found further up.
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    execFileSync(NPM, ['install', tarball, '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline'], { cwd: app, encoding: 'utf8', env: cleanEnv(), stdio: 'pipe' });
  }, 60_000);

  afterAll(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  it('installs weight-init alone, in at most 3 MB of node_modules', () => {
    const modules = join(app, 'node_modules');
    expect(installedPackages(modules)).toEqual(['weight-init']);
    const { disk, apparent } = sizeOnDisk(modules);
    console.log(`node_modules: ${(disk / 1e6).toFixed(2)} MB on disk (${(apparent / 1e6).toFixed(2)} MB of file contents)`);
    expect(disk).toBeLessThanOrEqual(MAX_BYTES);
  });

  it('its main entry draws the same bits as this checkout', () => {
    const r = nodeIn(['--input-type=module', '-e', "import('weight-init').then((m) => console.log(JSON.stringify(Array.from(new m.Generator(1).normal(4)))))"]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(Array.from(new Generator(1).normal(4)));
  });

  it('its Node entry loads, and the TF.js entry asks for its peer dependency', () => {
    const node = nodeIn(['--input-type=module', '-e', "import('weight-init/node').then((m) => console.log(typeof m.writeSafetensors, typeof m.initModel))"]);
    expect(node.stdout.trim()).toBe('function function');
    const tfjs = nodeIn(['--input-type=module', '-e', "import('weight-init/tfjs').then(() => console.log('loaded'), (e) => console.log(e.code, e.message))"]);
    expect(tfjs.stdout).toMatch(/^ERR_MODULE_NOT_FOUND Cannot find package '@tensorflow\/tfjs-(core|layers)'/);
  });

  it('its CLI runs without the extras and names the missing ones in one line', () => {
    const cli = join(app, 'node_modules/weight-init/dist/cli/weight-init.js');
    const small = ['simulate', '--depth', '3', '--width', '8', '--batch', '4', '--init', 'kaimingNormal,zeros'];

    const json = nodeIn([cli, ...small, '--json']);
    expect(json.status).toBe(0);
    expect(json.stderr).toBe('');
    expect((JSON.parse(json.stdout) as unknown[]).length).toBe(2);

    // The default output degrades: the tables, then one line on stderr instead of the charts.
    const tables = nodeIn([cli, ...small]);
    expect(tables.status).toBe(0);
    expect(tables.stdout).toContain('| l | q |');
    expect(tables.stderr).toBe('weight-init: drawing the terminal charts needs asciichart: npm i asciichart\n');

    // Asked-for features stop before any work, with a non-zero status.
    const svg = nodeIn([cli, ...small, '--svg', 'out.svg']);
    expect(svg.status).toBe(1);
    expect(svg.stdout).toBe('');
    expect(svg.stderr).toBe('weight-init: the SVG (--svg) needs vega and vega-lite: npm i vega vega-lite\n');
    expect(existsSync(join(app, 'out.svg'))).toBe(false);

    const demo = nodeIn([cli, 'demo']);
    expect(demo.status).toBe(1);
    expect(demo.stdout).toBe('');
    expect(demo.stderr).toBe('weight-init: the demo needs asciichart, vega and vega-lite: npm i asciichart vega vega-lite\n');

    // init-model needs nothing: without cli-progress it writes the file all the same.
    writeFileSync(join(app, 'spec.json'), JSON.stringify([{ name: 'w', shape: [4, 3], init: 'kaimingNormal' }]));
    const model = nodeIn([cli, 'init-model', 'spec.json', '--out', 'w.safetensors']);
    expect(model.stderr).toBe('');
    expect(model.status).toBe(0);
    expect(lstatSync(join(app, 'w.safetensors')).size).toBeGreaterThan(48);
  });
});
