// The module's default generator: what an initializer draws from when it is given neither
// `generator` nor `seed`, like PyTorch's global `torch.default_generator`. It is created lazily,
// seeded from the platform's entropy, until `manualSeed(seed)` replaces it with a seeded one.
import { Generator } from './generator.js';

let current: Generator | undefined;

interface MaybeCrypto {
  crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array };
}

// 64 bits of entropy. `crypto.getRandomValues` exists in browsers, workers, Deno, Bun and Node >= 19
// (and Node 18 with its default flags in recent 18.x); the Math.random fallback only keeps very old
// runtimes working, where the unseeded stream just needs to differ between runs.
function entropySeed(): bigint {
  const w = new Uint32Array(2);
  const c = (globalThis as MaybeCrypto).crypto;
  if (typeof c?.getRandomValues === 'function') c.getRandomValues(w);
  else {
    w[0] = Math.floor(Math.random() * 2 ** 32) ^ Date.now();
    w[1] = Math.floor(Math.random() * 2 ** 32);
  }
  return BigInt(w[0]!) | (BigInt(w[1]!) << 32n);
}

/**
 * The generator initializers use when given neither `generator` nor `seed`. Until
 * {@link manualSeed} is called it is seeded from `crypto.getRandomValues`, so unseeded runs differ.
 * The same object is returned until the next `manualSeed`.
 */
export function defaultGenerator(): Generator {
  return (current ??= new Generator(entropySeed()));
}

/**
 * Re-seeds the default generator, like `torch.manual_seed`: after `manualSeed(s)` the sequence of
 * unseeded initializer calls is reproducible. Returns the new default generator.
 *
 * @param seed a non-negative safe integer or a bigint below 2^64 (as `new Generator(seed)`).
 * @throws TypeError / RangeError naming `seed`; the previous default generator is kept then.
 *
 * @example
 * manualSeed(0);
 * const w = kaimingNormal([256, 128]); // the same values on every run and platform
 */
export function manualSeed(seed: number | bigint): Generator {
  const g = new Generator(seed); // validates before replacing
  current = g;
  return g;
}
