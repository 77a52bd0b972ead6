// getInitializer: TF/Keras/TF.js/PyTorch/JAX string ids to weight-init initializers. The ids live in
// registry.ts (the built-ins from descriptors.ts, entered on first lookup; others through
// registerInitializer): nothing here relies on a module's top level having run.
import { describe } from '../validate.js';
import type { InitOptions, InitResult } from './common.js';
import { initializerNames, lookupInitializer } from './registry.js';

/** An initializer with options bound: `(shape, moreOptions?) => array`, moreOptions winning. */
export type BoundInitializer = (shape: readonly number[], moreOptions?: InitOptions & Record<string, unknown>) => InitResult;

// Keras/TF.js config keys -> weight-init option names, so a Keras config's `config` object can be
// passed as it is.
const KERAS_KEYS: Record<string, string> = { stddev: 'std', minval: 'low', maxval: 'high' };

/**
 * Options with Keras/TF.js config keys read as weight-init's (`stddev` -> `std`, …); getInitializer
 * and the simulator's nominal σ_w² read options through it.
 * @throws TypeError if both spellings of one option are given.
 * @internal
 */
export function translateKerasKeys(opts: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts)) {
    const name = KERAS_KEYS[k] ?? k;
    if (name in out) throw new TypeError(`options: both '${k}' and '${name}' given`);
    out[name] = v;
  }
  return out;
}

/**
 * Looks up an initializer by a string id and binds `options` to it.
 *
 * Ids are matched case-insensitively with `_` and `-` ignored, so Keras (`'glorot_normal'`,
 * `'GlorotNormal'`, `'he_normal'`, `'variance_scaling'`), TF.js (`'glorotNormal'`, `'leCunNormal'`,
 * `'randomNormal'`), PyTorch (`'kaiming_normal_'`, `'trunc_normal_'`, `'eye_'`) and JAX
 * (`'lecun_normal'`) spellings all work, and so do ids added with `registerInitializer`. Keras
 * config keys `stddev`, `minval`, `maxval` are read as `std`, `low`, `high`.
 *
 * Defaults are weight-init's, which are PyTorch's for the plain distributions: Keras's
 * `RandomNormal()` has std 0.05, `getInitializer('random_normal')` has std 1 — pass
 * `{ stddev: 0.05 }`. A bound `seed` gives the same values on every call (a fresh generator each
 * time); bind nothing and pass `generator` per call to continue one stream. Options are checked
 * when the initializer is called.
 *
 * @throws TypeError for an unknown id, listing the valid ones.
 * @example
 * const init = getInitializer('he_normal', { layout: 'tf' });
 * const w = init([3, 3, 64, 128], { seed: 1 });
 */
export function getInitializer(id: string, options?: Record<string, unknown>): BoundInitializer {
  if (typeof id !== 'string') throw new TypeError(`id must be a string, got ${describe(id)}`);
  const entry = lookupInitializer(id);
  if (entry === undefined) {
    throw new TypeError(`unknown initializer id ${JSON.stringify(id)}; valid ids: ${initializerNames().join(', ')} (snake_case and PascalCase spellings accepted)`);
  }
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
    throw new TypeError(`options must be an object, got ${describe(options)}`);
  }
  const base = translateKerasKeys(options ?? {});
  const fn = entry.fn;
  return (shape, moreOptions) => {
    const more = translateKerasKeys(moreOptions ?? {});
    const merged: Record<string, unknown> = { ...base };
    // A per-call generator or seed replaces a bound one (they are exclusive).
    if ('generator' in more || 'seed' in more) {
      delete merged.generator;
      delete merged.seed;
    }
    return fn(shape, { ...merged, ...more });
  };
}
