// The public type of an initializer: one implementation returning Float32Array | Float64Array |
// Uint16Array, typed with overloads so `dtype: 'float64'` (or a Float64Array `out`) gives a
// Float64Array and a half dtype a Uint16Array.
import type { FloatArray } from '../random/types.js';
import type { InitOptions, InitResult } from './common.js';

/**
 * An initializer: `(shape, options?) => Float32Array`, or `Float64Array` with `dtype: 'float64'`
 * or a Float64Array `out`, or the raw bits in a `Uint16Array` with `dtype: 'bfloat16' | 'float16'`.
 * `O` is its options type (the common {@link InitOptions} plus its own).
 */
export interface Initializer<O extends InitOptions = InitOptions> {
  (shape: readonly number[], options: O & { dtype: 'bfloat16' | 'float16' }): Uint16Array;
  (shape: readonly number[], options: O & { dtype: 'float64' }): Float64Array;
  (shape: readonly number[], options: O & { out: Float64Array }): Float64Array;
  (shape: readonly number[], options?: O & { dtype?: 'float32'; out?: Float32Array }): Float32Array;
  (shape: readonly number[], options?: O & { dtype?: 'float32' | 'float64'; out?: FloatArray }): FloatArray;
  (shape: readonly number[], options?: O): InitResult;
}

/** Types an implementation as an {@link Initializer}. */
export function define<O extends InitOptions>(impl: (shape: readonly number[], options?: O) => InitResult): Initializer<O> {
  return impl as Initializer<O>;
}
