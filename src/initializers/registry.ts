// The store behind getInitializer and the TF.js classes: normalised id -> initializer. The built-ins
// are entered from descriptors.ts (their names and aliases) on first use (initializerTable()),
// reached through value imports only: no module registers itself and nothing depends on a module's
// top level having run, so a bundler honouring the package's "sideEffects": false can drop nothing
// the registry needs. Ids are normalised here and nowhere else (normalizeId: case, `_`, `-`).
import { describe } from '../validate.js';
import { normalizeId } from './common.js';
import { initializerDescriptors, type AnyInitializer, type InitializerDescriptor } from './descriptors.js';

export type { AnyInitializer } from './descriptors.js';

/** One registry entry: the canonical name, the initializer, and whether it is one of weight-init's. */
export interface RegistryEntry {
  readonly name: string;
  readonly fn: AnyInitializer;
  readonly builtin: boolean;
  /** The built-ins' descriptor; undefined for initializers added with registerInitializer. */
  readonly descriptor?: InitializerDescriptor;
}

let table: Map<string, RegistryEntry> | undefined;

/**
 * The registry's table (normalised id -> entry), holding every built-in (entered on first call)
 * and whatever {@link registerInitializer} added since.
 * @throws RangeError naming the id if the descriptors list an id twice.
 */
export function initializerTable(): ReadonlyMap<string, RegistryEntry> {
  return (table ??= builtinTable());
}

/** A fresh table of the built-ins alone, from `descriptors` (initializerDescriptors by default). @internal */
export function builtinTable(descriptors: readonly InitializerDescriptor[] = initializerDescriptors): Map<string, RegistryEntry> {
  const t = new Map<string, RegistryEntry>();
  for (const descriptor of descriptors) {
    const { name, fn, aliases } = descriptor;
    for (const id of [name, ...aliases]) {
      const key = normalizeId(id);
      const prior = t.get(key);
      if (prior !== undefined) throw new RangeError(`built-in initializer id '${id}' is registered twice (as '${prior.name}' and '${name}')`);
      t.set(key, { name, fn, builtin: true, descriptor });
    }
  }
  return t;
}

/**
 * Makes `fn` reachable through `getInitializer(name)` (and its snake_case / PascalCase spellings,
 * which normalise to the same id: lower case, `_` and `-` removed). `aliases` are further names.
 * Re-registering one of your own names replaces it; the built-in ids (`'orthogonal'`, `'he_normal'`,
 * their aliases, …) cannot be registered again.
 *
 * @throws TypeError for a non-string or empty name or alias, or a non-function `fn`.
 * @throws RangeError naming the id if `name` or an alias is a built-in initializer's id.
 * @example registerInitializer('twos', (shape) => new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(2));
 */
export function registerInitializer(name: string, fn: AnyInitializer, aliases: readonly string[] = []): void {
  if (typeof name !== 'string' || normalizeId(name) === '') throw new TypeError(`name must be a non-empty string, got ${describe(name)}`);
  if (typeof fn !== 'function') throw new TypeError(`fn must be a function, got ${describe(fn)}`);
  if (!Array.isArray(aliases)) throw new TypeError(`aliases must be an array of strings, got ${describe(aliases)}`);
  for (const a of aliases) {
    if (typeof a !== 'string' || normalizeId(a) === '') throw new TypeError(`aliases: each must be a non-empty string, got ${describe(a)}`);
  }
  const t = (table ??= builtinTable());
  const ids = [name, ...aliases];
  for (const id of ids) {
    const prior = t.get(normalizeId(id));
    if (prior?.builtin) throw new RangeError(`${id === name ? 'name' : 'aliases'}: '${id}' is the id of the built-in initializer '${prior.name}' and cannot be registered again`);
  }
  for (const id of ids) t.set(normalizeId(id), { name, fn, builtin: false });
}

/** The registered initializer for an id (any spelling), or undefined. */
export function lookupInitializer(id: string): RegistryEntry | undefined {
  return initializerTable().get(normalizeId(id));
}

/** Canonical names of every registered initializer, sorted. */
export function initializerNames(): string[] {
  return [...new Set([...initializerTable().values()].map((e) => e.name))].sort();
}

/** The descriptor of a built-in initializer for an id (any spelling), or undefined. */
export function lookupDescriptor(id: string): InitializerDescriptor | undefined {
  return lookupInitializer(id)?.descriptor;
}
