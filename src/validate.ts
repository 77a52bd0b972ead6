// Argument checks for the public API. Every failure is a TypeError (wrong kind of value) or a
// RangeError (right kind, outside what is allowed) whose message names the argument.

/** Describes a value for an error message without dumping large objects. */
export function describe(x: unknown): string {
  if (typeof x === 'string') return JSON.stringify(x);
  if (typeof x === 'bigint') return `${x}n`;
  if (x === null || typeof x !== 'object') return String(x);
  return Array.isArray(x) ? `array of length ${x.length}` : (x.constructor?.name ?? 'object');
}

/** A finite number. */
export function finite(name: string, x: unknown): number {
  if (typeof x !== 'number') throw new TypeError(`${name} must be a number, got ${describe(x)}`);
  if (!Number.isFinite(x)) throw new RangeError(`${name} must be finite, got ${x}`);
  return x;
}

/** A finite number > 0. */
export function positive(name: string, x: unknown): number {
  const v = finite(name, x);
  if (!(v > 0)) throw new RangeError(`${name} must be > 0, got ${v}`);
  return v;
}

/** A non-negative safe integer (a length, a dimension). */
export function count(name: string, x: unknown): number {
  if (typeof x !== 'number') throw new TypeError(`${name} must be a non-negative integer, got ${describe(x)}`);
  if (!Number.isSafeInteger(x) || x < 0) throw new RangeError(`${name} must be a non-negative integer, got ${x}`);
  return x;
}

/** An options object (or undefined) whose keys are all in `allowed`: a typo is an error, not a default. */
export function options<T extends object>(name: string, x: T | undefined, allowed: readonly string[]): Partial<T> {
  if (x === undefined) return {};
  if (x === null || typeof x !== 'object' || Array.isArray(x)) throw new TypeError(`${name} must be an object, got ${describe(x)}`);
  for (const key of Object.keys(x)) {
    if (!allowed.includes(key)) throw new TypeError(`${name}: unknown option '${key}' (allowed: ${allowed.join(', ')})`);
  }
  return x;
}

/** One of a fixed set of strings. */
export function oneOf<T extends string>(name: string, x: unknown, allowed: readonly T[]): T {
  if (typeof x !== 'string' || !(allowed as readonly string[]).includes(x)) {
    throw new TypeError(`${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describe(x)}`);
  }
  return x as T;
}

const U64 = 1n << 64n;

/**
 * A seed: a non-negative safe integer, or a bigint below 2^64 (Generator's Philox key and
 * TorchGenerator's manual_seed both take 64 bits). Returned as a bigint.
 */
export function seed64(x: unknown): bigint {
  if (typeof x === 'number') {
    if (!Number.isSafeInteger(x) || x < 0) throw new RangeError(`seed must be a non-negative safe integer or a bigint below 2^64, got ${x}`);
    return BigInt(x);
  }
  if (typeof x === 'bigint') {
    if (x < 0n || x >= U64) throw new RangeError(`seed must be a bigint in [0, 2^64), got ${x}n`);
    return x;
  }
  throw new TypeError(`seed must be a non-negative integer or a bigint, got ${describe(x)}`);
}

/**
 * Runs `fn`, prefixing the message of an error it throws with `where` (e.g. the parameter or the
 * user's options an inner check could not name): RangeErrors always, TypeErrors too unless
 * `kinds` is `'range'`. Anything else passes through.
 */
export function prefixed<T>(where: string, fn: () => T, kinds: 'all' | 'range' = 'all'): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RangeError) throw new RangeError(`${where}: ${e.message}`);
    if (kinds === 'all' && e instanceof TypeError) throw new TypeError(`${where}: ${e.message}`);
    throw e;
  }
}
