// The sampling interface initializers draw from. Two generators implement it: Generator (Philox,
// this library's stream contract) and TorchGenerator (mt19937, PyTorch's CPU stream).
import type { FloatArray, NormalOptions, TruncatedNormalOptions, UniformOptions } from './generator.js';

/**
 * What an initializer needs from a random stream: fill a new array of length n, or the caller's
 * `out`, with raw 32-bit words, uniform, normal or truncated normal values, advancing the stream.
 * {@link Generator} and {@link TorchGenerator} implement it with the same option shapes, so either
 * can be passed as `generator` to every initializer.
 */
export interface Sampler {
  /** Raw 32-bit words. */
  uint32(nOrOut: number | Uint32Array): Uint32Array;
  /** U[low, high). */
  uniform(n: number, opts?: UniformOptions): Float32Array;
  uniform<T extends FloatArray>(out: T, opts?: UniformOptions): T;
  /** N(mean, std²). */
  normal(n: number, opts?: NormalOptions): Float32Array;
  normal<T extends FloatArray>(out: T, opts?: NormalOptions): T;
  /** N(mean, std²) truncated to [a, b]. */
  truncatedNormal(n: number, opts?: TruncatedNormalOptions): Float32Array;
  truncatedNormal<T extends FloatArray>(out: T, opts?: TruncatedNormalOptions): T;
}
