// Whole-model initialisation from a spec: one independent stream per parameter,
// `new Generator(seed).fork(name)`, so adding, removing or reordering parameters never changes the
// others. Browser-safe; the streaming safetensors writer is in node.ts (`weight-init/node`).
import { Generator } from '../random/generator.js';
import { checkShape, sizeOf } from '../initializers/common.js';
import { getInitializer, type BoundInitializer } from '../initializers/get-initializer.js';
import { lookupInitializer } from '../initializers/registry.js';
import { descriptorOfFunction } from '../initializers/descriptors.js';
import { describe, prefixed } from '../validate.js';

/** One parameter of a model spec. */
export interface ParamSpec {
  /** Unique name, e.g. `'h.0.attn.c_attn.weight'`; also the fork label of its stream. */
  name: string;
  /** Its shape (torch layout unless `options.layout` says otherwise). */
  shape: readonly number[];
  /** An initializer id for {@link getInitializer}: `'normal'`, `'kaiming_normal'`, `'zeros'`, … */
  init: string;
  /** Options bound to the initializer (`{ std: 0.02 }`, `{ mode: 'fanOut' }`, Keras keys too). */
  options?: Record<string, unknown>;
}

/** A model spec: its parameters, in file order. */
export type ModelSpec = readonly ParamSpec[];

/** Options of {@link initModel}. */
export interface ModelInitOptions {
  /** Root seed: parameter `name` draws from `new Generator(seed).fork(name)`. */
  seed: number | bigint;
}

/** A validated parameter: its bound initializer and whether it can be made in row chunks. */
export interface PlannedParam {
  readonly name: string;
  readonly shape: readonly number[];
  readonly size: number;
  readonly init: BoundInitializer;
  /** Elementwise initializers (descriptor `sliceable`) accept `rows`; others (orthogonal) need the whole tensor at once. */
  readonly sliceable: boolean;
}

// Options a spec may not bind: the generator, the output and the range are the model's business.
const RESERVED = ['generator', 'seed', 'out', 'dtype', 'rows'];

/**
 * Validates a spec (names unique and non-empty, shapes, init ids, reserved option names) and binds
 * each initializer. Errors are TypeError/RangeError naming `spec[i]` and the field. Elementwise
 * parameters are also dry-run with an empty row range, which checks all their options without
 * drawing anything.
 * @internal shared by initModel and writeSafetensors
 */
export function planModel(spec: unknown): PlannedParam[] {
  if (!Array.isArray(spec)) throw new TypeError(`spec must be an array of { name, shape, init, options }, got ${describe(spec)}`);
  const seen = new Set<string>();
  const probe = new Generator(0);
  return spec.map((p: unknown, i) => {
    const at = `spec[${i}]`;
    if (p === null || typeof p !== 'object' || Array.isArray(p)) throw new TypeError(`${at} must be an object { name, shape, init, options }, got ${describe(p)}`);
    for (const key of Object.keys(p)) {
      if (!['name', 'shape', 'init', 'options'].includes(key)) throw new TypeError(`${at}: unknown field '${key}' (allowed: name, shape, init, options)`);
    }
    const { name, shape, init, options } = p as Partial<ParamSpec>;
    if (typeof name !== 'string' || name === '') throw new TypeError(`${at}.name must be a non-empty string, got ${describe(name)}`);
    if (name === '__metadata__') throw new RangeError(`${at}.name: '__metadata__' is reserved by the safetensors format`);
    if (seen.has(name)) throw new RangeError(`${at}.name: duplicate parameter name ${JSON.stringify(name)}`);
    seen.add(name);
    const dims = prefixed(at + ' (' + name + ')', () => checkShape(shape));
    if (typeof init !== 'string') throw new TypeError(`${at}.init must be an initializer id string, got ${describe(init)}`);
    if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
      throw new TypeError(`${at}.options must be an object, got ${describe(options)}`);
    }
    for (const key of RESERVED) {
      if (options !== undefined && key in options) throw new TypeError(`${at}.options.${key} is not allowed: the model sets the generator (fork of the seed), the output and the rows`);
    }
    const bound = prefixed(`${at}.init`, () => getInitializer(init, options));
    // Sliceable by the function, whatever id it is registered under: a built-in function registered
    // again under a new name is still elementwise; user-written initializers are made whole.
    const sliceable = dims.length > 0 && descriptorOfFunction(lookupInitializer(init)!.fn)?.sliceable === true;
    if (sliceable) prefixed(`${at} (${name})`, () => bound(dims, { generator: probe.clone(), rows: [0, 0] }));
    return { name, shape: dims, size: sizeOf(dims), init: bound, sliceable };
  });
}

/** The root generator of a model (validates the seed, naming `seed`). @internal */
export function modelRoot(opts: unknown): Generator {
  if (opts === null || typeof opts !== 'object') throw new TypeError(`options must be an object { seed }, got ${describe(opts)}`);
  const seed = (opts as Partial<ModelInitOptions>).seed;
  if (seed === undefined) throw new TypeError('seed is required: initModel(spec, { seed })');
  return new Generator(seed);
}

/**
 * Initialises every parameter of a model: parameter `name` is `init(shape, options)` drawn from
 * `new Generator(seed).fork(name)`, so each parameter's values depend only on the seed, its name,
 * shape, init and options — adding, removing or reordering parameters never changes the others,
 * and `writeSafetensors` (from `weight-init/node`) writes the very same values.
 *
 * @param spec `[{ name, shape, init, options }]`; `init` is any {@link getInitializer} id.
 * @returns a Map from name to Float32Array, in spec order.
 * @throws TypeError/RangeError naming `spec[i]` and the field, or `seed`; all parameters are
 * validated before any is drawn (orthogonal's options when it is drawn).
 * @example
 * const params = initModel([
 *   { name: 'fc.weight', shape: [256, 784], init: 'kaiming_normal' },
 *   { name: 'fc.bias', shape: [256], init: 'zeros' },
 * ], { seed: 0 });
 */
export function initModel(spec: ModelSpec, opts: ModelInitOptions): Map<string, Float32Array> {
  const root = modelRoot(opts);
  const plan = planModel(spec);
  const out = new Map<string, Float32Array>();
  for (const p of plan) {
    out.set(p.name, prefixed(`parameter ${JSON.stringify(p.name)}`, () => p.init(p.shape, { generator: root.fork(p.name) }) as Float32Array));
  }
  return out;
}
