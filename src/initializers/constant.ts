// Deterministic initializers: they accept the common options (so one options object fits every
// initializer) but never draw, so a generator passed to them does not move. All take `rows`,
// `slice` and `range` (a constant is the same everywhere; eye and dirac look up where each of their
// few non-zeros lands in the selection).
import { count } from '../validate.js';
import { f32Finite, prepare, ROWS, type Call, type InitOptions } from './common.js';
import { define } from './define.js';

/** Options of {@link constant}. */
export interface ConstantOptions extends InitOptions {
  /** The value (required); stored as its float32 rounding in either dtype. */
  value: number;
}

/** Options of {@link identity}. */
export interface IdentityOptions extends InitOptions {
  /** Multiplier of the identity matrix (Keras `Identity(gain)`). Default 1. */
  gain?: number;
}

/** Options of {@link dirac}. */
export interface DiracOptions extends InitOptions {
  /** Number of groups; the output-channel dim must be divisible by it. Default 1. */
  groups?: number;
}

/**
 * All zeros (`torch.nn.init.zeros_`, `tf.initializers.zeros`, `jax.nn.initializers.zeros`).
 * @example zeros([3, 4]) // Float32Array(12) of 0
 */
export const zeros = define<InitOptions>((shape, opts) => {
  const call = prepare(shape, opts, [ROWS])[0];
  return call.finish(call.target().fill(0));
});

/** All ones (`ones_`, `tf.initializers.ones`, `jax...ones`). */
export const ones = define<InitOptions>((shape, opts) => {
  const call = prepare(shape, opts, [ROWS])[0];
  return call.finish(call.target().fill(1));
});

/**
 * Every element `value` (`constant_(val)`, `tf.initializers.constant({value})`, `jax...constant`).
 * @throws TypeError if `value` is missing or not a number; RangeError if it is not a finite float32.
 */
export const constant = define<ConstantOptions>((shape, opts) => {
  const [call, o] = prepare(shape, opts, ['value', ROWS]);
  if (o.value === undefined) throw new TypeError('value is required: constant(shape, { value })');
  const v = Math.fround(f32Finite('value', o.value));
  return call.finish(call.target().fill(v));
});

function matrix(call: Call, name: string): [number, number] {
  if (call.shape.length !== 2) throw new RangeError(`shape: ${name} needs a 2-D shape, got [${call.shape.join(', ')}]`);
  return [call.shape[0]!, call.shape[1]!];
}

function fillEye(call: Call, value: number) {
  const [rows, cols] = matrix(call, 'eye/identity');
  const out = call.target().fill(0);
  // With a selection only the diagonal elements inside it are written (O(min(rows, cols)) lookups).
  const sel = call.selection;
  for (let i = 0; i < Math.min(rows, cols); i++) {
    const at = sel === undefined ? i * cols + i : sel.indexOf(i * cols + i);
    if (at >= 0) out[at] = value;
  }
  return call.finish(out);
}

/**
 * The (rectangular) identity matrix: 1 at (i, i), 0 elsewhere (`torch.nn.init.eye_`). 2-D only.
 * Layout does not matter: the identity is the same in `[out, in]` and `[in, out]`.
 * @throws RangeError naming `shape` unless 2-D.
 */
export const eye = define<InitOptions>((shape, opts) => fillEye(prepare(shape, opts, [ROWS])[0], 1));

/**
 * `gain` times the (rectangular) identity matrix (Keras/TF.js `Identity`). 2-D only.
 * @throws RangeError naming `shape` unless 2-D; `gain` must be a finite float32.
 */
export const identity = define<IdentityOptions>((shape, opts) => {
  const [call, o] = prepare(shape, opts, ['gain', ROWS]);
  const gain = Math.fround(f32Finite('gain', o.gain ?? 1));
  return fillEye(call, gain);
});

/**
 * The Dirac delta (`torch.nn.init.dirac_`): a convolution kernel that passes its input through.
 * For a 3-, 4- or 5-D weight with O output and I input channels and `groups` groups, for each
 * group g and d < min(O/groups, I), the element (out = g·O/groups + d, in = d, kernel centre
 * ⌊k/2⌋ in every spatial dim) is 1, the rest 0. `layout: 'torch'` reads `[O, I, ...kernel]`,
 * `'tf'` reads `[...kernel, I, O]` (same positions, transposed storage).
 * @throws RangeError naming `shape` unless 3-, 4- or 5-D; naming `groups` unless it divides O.
 */
export const dirac = define<DiracOptions>((shape, opts) => {
  const [call, o] = prepare(shape, opts, ['groups', ROWS]);
  const groups = count('groups', o.groups ?? 1);
  const s = call.shape;
  const rank = s.length;
  if (rank < 3 || rank > 5) throw new RangeError(`shape: dirac needs a 3-, 4- or 5-D shape, got [${s.join(', ')}]`);
  const tf = call.layout === 'tf';
  const outCh = tf ? s[rank - 1]! : s[0]!;
  const inCh = tf ? s[rank - 2]! : s[1]!;
  const kernel = tf ? s.slice(0, rank - 2) : s.slice(2);
  if (groups === 0 || outCh % groups !== 0) throw new RangeError(`groups must be a positive divisor of the ${outCh} output channels, got ${groups}`);
  let centre = 0; // flat index of the kernel centre, row-major over the kernel dims
  for (const k of kernel) centre = centre * k + (k >> 1);
  const ksize = kernel.reduce((a, b) => a * b, 1);
  const perGroup = outCh / groups;
  const out = call.target().fill(0);
  if (call.size === 0) return call.finish(out);
  for (let g = 0; g < groups; g++) {
    for (let d = 0; d < Math.min(perGroup, inCh); d++) {
      const oc = g * perGroup + d;
      const flat = tf ? (centre * inCh + d) * outCh + oc : (oc * inCh + d) * ksize + centre;
      const at = call.selection === undefined ? flat : call.selection.indexOf(flat); // −1 outside a selection
      if (at >= 0) out[at] = 1;
    }
  }
  return call.finish(out);
});
