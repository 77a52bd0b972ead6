// The CLI's optional libraries ("extras"): the terminal charts (asciichart), the progress bars
// (cli-progress) and the SVG figures (vega-lite compiled to vega). They are optional peer
// dependencies, so `npm i weight-init` installs none of them and the library pulls in nothing; the
// CLI imports each one lazily, only on the path that draws with it, and names what to install when
// one is missing.
import type * as Asciichart from 'asciichart';
import type * as CliProgress from 'cli-progress';
import type * as Vega from 'vega';
import type * as VegaLite from 'vega-lite';

/** The module namespace of each optional library, as `import()` returns it. */
export interface ExtraModules {
  asciichart: typeof Asciichart;
  'cli-progress': typeof CliProgress;
  vega: typeof Vega;
  'vega-lite': typeof VegaLite;
}

/** The name of an optional library of the CLI. */
export type ExtraName = keyof ExtraModules;

/**
 * Imports one library by name and resolves to its module namespace. The CLI uses Node's own
 * `import()`; tests pass one that fails the way Node fails for a package that is not installed.
 */
export type Importer = (name: ExtraName) => Promise<unknown>;

/** Node's dynamic `import()`: resolved from the CLI's own location, as a user's install would. */
export const nodeImport: Importer = (name) => import(name);

/**
 * Thrown when a feature of the CLI needs libraries that are not installed. Its message is the one
 * line the CLI prints (after `weight-init: `): what the feature needs, and the npm command that
 * installs what is missing.
 */
export class MissingExtraError extends Error {
  /**
   * @param feature - what the user asked for, e.g. `the SVG`
   * @param needs - every library the feature needs
   * @param missing - those of `needs` that are not installed
   */
  constructor(readonly feature: string, readonly needs: readonly ExtraName[], readonly missing: readonly ExtraName[]) {
    super(`${feature} needs ${listed(needs)}: npm i ${missing.join(' ')}`);
    this.name = 'MissingExtraError';
  }
}

function listed(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
}

/**
 * Whether `e` is Node's "package not installed" for `name` itself. A package that is installed but
 * fails to load, or lacks one of its own dependencies, is a different problem and its error is kept.
 */
function isNotInstalled(e: unknown, name: ExtraName): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as Error & { code?: unknown }).code;
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && new RegExp(`['"]${name}['"]`).test(e.message);
}

/**
 * Imports the libraries a feature needs, all or none: when any is missing it throws one
 * {@link MissingExtraError} naming every missing one, so the user installs them in one go.
 *
 * @param feature - what the user asked for, as the message names it (`the SVG`, `the demo`)
 * @param names - the libraries the feature needs
 * @param importer - how to import a library (Node's `import()` unless a test injects another)
 */
export async function requireExtras<N extends ExtraName>(feature: string, names: readonly N[], importer: Importer = nodeImport): Promise<Pick<ExtraModules, N>> {
  const loaded: Partial<ExtraModules> = {};
  const missing: N[] = [];
  for (const name of names) {
    try {
      Object.assign(loaded, { [name]: await importer(name) });
    } catch (e) {
      if (!isNotInstalled(e, name)) throw e;
      missing.push(name);
    }
  }
  if (missing.length > 0) throw new MissingExtraError(feature, names, missing);
  return loaded as Pick<ExtraModules, N>;
}

/**
 * Imports one library for a feature that degrades without it (the progress bars): `undefined`
 * when it is not installed.
 *
 * @param name - the library
 * @param importer - how to import it (Node's `import()` unless a test injects another)
 */
export async function optionalExtra<N extends ExtraName>(name: N, importer: Importer = nodeImport): Promise<ExtraModules[N] | undefined> {
  try {
    return (await importer(name)) as ExtraModules[N];
  } catch (e) {
    if (isNotInstalled(e, name)) return undefined;
    throw e;
  }
}
