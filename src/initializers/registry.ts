// The store behind getInitializer: canonical name -> initializer, looked up by normalised id.
// Kept free of imports of the initializers themselves, so any initializer module (e.g.
// orthogonal.ts) can register itself here without an import cycle.
import type { FloatArray } from '../generator.js';
import { describe } from '../validate.js';
import { normalizeId } from './common.js';

/** Any initializer, as the registry stores it. */
export type AnyInitializer = (shape: readonly number[], options?: any) => FloatArray;

const byId = new Map<string, { name: string; fn: AnyInitializer }>();

/**
 * Makes `fn` reachable through `getInitializer(name)` (and its snake_case / PascalCase spellings,
 * which normalise to the same id: lower case, `_` and `-` removed). `aliases` are further names.
 * Re-registering a name replaces it.
 *
 * @example registerInitializer('orthogonal', orthogonal);
 */
export function registerInitializer(name: string, fn: AnyInitializer, aliases: readonly string[] = []): void {
  if (typeof name !== 'string' || normalizeId(name) === '') throw new TypeError(`name must be a non-empty string, got ${describe(name)}`);
  if (typeof fn !== 'function') throw new TypeError(`fn must be a function, got ${describe(fn)}`);
  for (const id of [name, ...aliases]) byId.set(normalizeId(id), { name, fn });
}

/** The registered initializer for an id (any spelling), or undefined. */
export function lookupInitializer(id: string): { name: string; fn: AnyInitializer } | undefined {
  return byId.get(normalizeId(id));
}

/** Canonical names of every registered initializer, sorted. */
export function initializerNames(): string[] {
  return [...new Set([...byId.values()].map((e) => e.name))].sort();
}
