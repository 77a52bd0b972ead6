// The kernel ABI: every number the JS side and the WASM kernels must agree on, defined once.
// scripts/build-wasm.mjs generates assembly/abi.ts from this file (Kind.TruncCentral becomes
// KIND_TRUNC_CENTRAL, ACT.leakyRelu becomes ACT_LEAKY_RELU, PER_BLOCK stays PER_BLOCK), and
// test/kernels/abi.test.ts checks the two agree. Only integer constants and flat objects or enums of
// integers belong here: the generator turns each into `export const NAME: i32`.

/** Which transform a fill applies to the Philox words (parameters: f32 each, in order). */
export const enum Kind {
  /** raw words; no parameters */
  U32 = 0,
  /** [low, span]: u * span + low, u = hi24(w) / 2^24 */
  Uniform = 1,
  /** [mean, std]: Box-Muller z * std + mean */
  Normal = 2,
  /** [A, Bc, width, mean, std, lo, hi]: inverse CDF for an interval reaching the centre */
  TruncCentral = 3,
  /** [L, d, sign, mean, std, lo, hi]: inverse CDF in log space for an interval inside one tail */
  TruncTail = 4,
}

/**
 * Values per 128-bit Philox block for every kind: Philox4x32 yields four 32-bit words, and each
 * becomes one value (Box-Muller turns a pair of words into a pair of values).
 */
export const PER_BLOCK = 4;

/**
 * Half-precision formats of the `toHalf` kernel (float32 rounded to 16-bit patterns, in
 * assembly/half.ts and its twin src/kernels/reference/half.ts), keyed by the public dtype names.
 */
export const HALF = { bfloat16: 0, float16: 1 } as const;

/** A half-precision format id, as passed to the kernels' `toHalf`. */
export type HalfId = (typeof HALF)[keyof typeof HALF];

/**
 * Activation ids of the simulator's kernels (φ and φ′ in assembly/activations.ts and its twin
 * src/kernels/reference/gemm.ts), keyed by the public activation names. `param` is leaky ReLU's
 * slope or ELU's alpha and is ignored by the others; gelu is the exact x·Φ(x).
 */
export const ACT = {
  linear: 0, relu: 1, leakyRelu: 2, tanh: 3, sigmoid: 4, selu: 5, elu: 6, gelu: 7, silu: 8, softplus: 9,
} as const;

/** An activation name the kernels know. */
export type ActivationName = keyof typeof ACT;

/** An activation id, as passed to the kernels' `activate` and `layerStats`. */
export type ActivationId = (typeof ACT)[ActivationName];

/**
 * Columns per block of the blocked Householder QR (LAPACK's NB; compact WY form
 * I - V T V^T per block). Fixes the order of every float64 operation, so the WASM kernel and its twin
 * must use the same value.
 */
export const QR_NB = 32;
