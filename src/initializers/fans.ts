// The one fan computation of the codebase.
import { checkShape, type Call, type Fans, type Layout } from './common.js';
import { oneOf } from '../validate.js';

/**
 * Fan-in and fan-out of a weight of `shape`.
 *
 * - `'torch'` (default; PyTorch's `_calculate_fan_in_and_fan_out`): shape `[out, in, ...kernel]`,
 *   receptive field r = product of the kernel dims, fanIn = in·r, fanOut = out·r. Rank < 2 is a
 *   RangeError (there is no in/out axis; pass `fans` explicitly).
 * - `'tf'` (Keras/TF.js `_compute_fans`, JAX's default axes): shape `[...kernel, in, out]`,
 *   fanIn = in·r, fanOut = out·r; rank 1 `[n]` gives (n, n) and rank 0 gives (1, 1).
 *
 * Grouped convolutions: the weight is `[out, in/groups, ...kernel]` in both libraries, so fanIn is
 * the per-unit fan-in (in/groups)·r, as intended. ConvTranspose: PyTorch stores
 * `[in, out/groups, ...kernel]` and applies the same rule, so "fanIn" is (out/groups)·r — PyTorch's
 * own (debated) convention, reproduced; pass `fans` for another.
 *
 * @example
 * computeFans([64, 3, 7, 7]);               // { fanIn: 147, fanOut: 3136 }
 * computeFans([7, 7, 3, 64], 'tf');         // { fanIn: 147, fanOut: 3136 }
 */
export function computeFans(shape: readonly number[], layout: Layout = 'torch'): Fans {
  const dims = checkShape(shape);
  return fansOf(dims, oneOf('layout', layout, ['torch', 'tf'] as const));
}

function fansOf(dims: readonly number[], layout: Layout): Fans {
  const rank = dims.length;
  if (layout === 'tf') {
    if (rank === 0) return { fanIn: 1, fanOut: 1 };
    if (rank === 1) return { fanIn: dims[0]!, fanOut: dims[0]! };
    let r = 1;
    for (let i = 0; i < rank - 2; i++) r *= dims[i]!;
    return { fanIn: dims[rank - 2]! * r, fanOut: dims[rank - 1]! * r };
  }
  if (rank < 2) {
    throw new RangeError(`shape: fan in and fan out cannot be computed for a tensor with fewer than 2 dimensions (got [${dims.join(', ')}]); pass fans: { fanIn, fanOut }`);
  }
  let r = 1;
  for (let i = 2; i < rank; i++) r *= dims[i]!;
  return { fanIn: dims[1]! * r, fanOut: dims[0]! * r };
}

/** The fans of a prepared call: its explicit `fans`, else from its shape and layout. */
export function callFans(call: Call): Fans {
  return call.fans ?? fansOf(call.shape, call.layout);
}
