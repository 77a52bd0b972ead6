// The CLI's optional libraries (src/cli/extras.ts): what it says when one is not installed, and
// that only "not installed" counts as missing. The importer is injected; the failures are real
// Node errors from `import()` of packages that do not exist, renamed only in the package name.
// (test/install/pack.test.ts runs the installed CLI where the extras truly are absent.)
import { describe, expect, it } from 'vitest';
import { MissingExtraError, optionalExtra, requireExtras, type ExtraName, type Importer } from '../../src/cli/extras.js';

/** Node's own ERR_MODULE_NOT_FOUND for a package that is not installed, as it reads for `name`. */
async function notInstalled(name: string): Promise<Error> {
  const probe = 'weight-init-test-no-such-package';
  try {
    // A variable specifier: vitest's transform leaves it to Node's own resolver.
    const specifier: string = probe;
    await import(/* @vite-ignore */ specifier);
  } catch (e) {
    const err = e as Error & { code?: string };
    return Object.assign(new Error(err.message.replaceAll(probe, name)), { code: err.code });
  }
  throw new Error(`${probe} unexpectedly resolved`);
}

/** An importer that has only the listed libraries; every other import fails as Node's does. */
function only(installed: readonly ExtraName[]): Importer {
  return async (name) => {
    if (installed.includes(name)) return { name };
    throw await notInstalled(name);
  };
}

describe('the CLI extras', () => {
  it('names what the feature needs and what to install, in one line', async () => {
    const err = await requireExtras('the SVG (--svg)', ['vega', 'vega-lite'], only([])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingExtraError);
    expect((err as Error).message).toBe('the SVG (--svg) needs vega and vega-lite: npm i vega vega-lite');
    expect((err as Error).message).not.toContain('\n');
  });

  it('installs only what is missing, and names every missing one at once', async () => {
    await expect(requireExtras('the SVG (--svg)', ['vega', 'vega-lite'], only(['vega']))).rejects.toThrow('the SVG (--svg) needs vega and vega-lite: npm i vega-lite');
    await expect(requireExtras('the demo', ['asciichart', 'vega', 'vega-lite'], only(['vega-lite']))).rejects.toThrow('the demo needs asciichart, vega and vega-lite: npm i asciichart vega');
  });

  it('resolves to the modules by name when all are installed', async () => {
    const libs = await requireExtras('the demo', ['asciichart', 'vega'], only(['asciichart', 'vega']));
    expect(libs).toEqual({ asciichart: { name: 'asciichart' }, vega: { name: 'vega' } });
  });

  it('degrades to undefined for an optional decoration (the progress bars)', async () => {
    await expect(optionalExtra('cli-progress', only([]))).resolves.toBeUndefined();
    await expect(optionalExtra('cli-progress', only(['cli-progress']))).resolves.toEqual({ name: 'cli-progress' });
  });

  it('keeps other failures: a missing dependency of an installed library, or a library that throws', async () => {
    const broken: Importer = async (name) => { throw await notInstalled(`${name}-dataflow`); };
    await expect(requireExtras('the SVG (--svg)', ['vega'], broken)).rejects.toThrow(/vega-dataflow/);
    await expect(requireExtras('the SVG (--svg)', ['vega'], broken)).rejects.not.toBeInstanceOf(MissingExtraError);
    const throws: Importer = () => Promise.reject(new SyntaxError('Unexpected token'));
    await expect(optionalExtra('cli-progress', throws)).rejects.toThrow(SyntaxError);
  });

  it('imports the real libraries of this repository (devDependencies) with the default importer', async () => {
    const { asciichart, vega, 'vega-lite': vegaLite } = await requireExtras('the demo', ['asciichart', 'vega', 'vega-lite']);
    expect(typeof asciichart.plot).toBe('function');
    expect(typeof vega.View).toBe('function');
    expect(typeof vegaLite.compile).toBe('function');
    const bars = await optionalExtra('cli-progress');
    expect(typeof bars?.SingleBar).toBe('function');
  });
});
