// Gains: PyTorch's table (the one gain table of the codebase) and the computed second-moment gain.
import { describe, finite } from '../validate.js';
import { activation64, type Activation64Name } from '../math/activation.js';
import { normalizeId } from './common.js';
import { halfHermiteRule } from '../math/quadrature.js';

/** A nonlinearity name of PyTorch's `calculate_gain` (camelCase spellings are accepted too). */
export type Nonlinearity =
  | 'linear' | 'conv1d' | 'conv2d' | 'conv3d'
  | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'convTranspose1d' | 'convTranspose2d' | 'convTranspose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'leakyRelu' | 'selu';

const UNIT = ['linear', 'conv1d', 'conv2d', 'conv3d', 'convtranspose1d', 'convtranspose2d', 'convtranspose3d', 'sigmoid'];
const TORCH_NAMES = ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu'];

/**
 * PyTorch's `torch.nn.init.calculate_gain`, value for value: 1 for linear, conv*, conv_transpose*
 * and sigmoid; 5/3 for tanh; √2 for relu; √(2 / (1 + s²)) for leaky_relu with negative slope
 * s = `param` (default 0.01); 3/4 for selu. `param` is ignored for the others, as in PyTorch.
 * Names may be snake_case (PyTorch) or camelCase.
 *
 * These are conventions, not all second-moment gains: see {@link gainFor} for the gain that keeps
 * E[x²] constant through a layer (e.g. tanh ≈ 1.5925 rather than 5/3, sigmoid ≈ 1.8462, selu 1).
 *
 * @throws TypeError for an unknown name or a non-number slope; RangeError for a non-finite slope.
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number | null): number {
  if (typeof nonlinearity !== 'string') throw new TypeError(`nonlinearity must be a string, got ${describe(nonlinearity)}`);
  const id = normalizeId(nonlinearity);
  if (UNIT.includes(id)) return 1;
  switch (id) {
    case 'tanh': return 5.0 / 3;
    case 'relu': return Math.sqrt(2.0);
    case 'leakyrelu': {
      const s = param === undefined || param === null ? 0.01 : finite('param (negative slope)', param);
      return Math.sqrt(2.0 / (1 + s * s)); // s * s is the correctly rounded square, as Python's s ** 2
    }
    case 'selu': return 3.0 / 4;
  }
  throw new TypeError(`nonlinearity must be one of ${TORCH_NAMES.map((n) => `'${n}'`).join(', ')} (or camelCase), got ${describe(nonlinearity)}`);
}

/** A named activation of {@link gainFor}. */
export type ActivationName =
  | 'linear' | 'identity' | 'relu' | 'leakyRelu' | 'tanh' | 'sigmoid' | 'selu' | 'elu'
  | 'gelu' | 'silu' | 'swish' | 'softplus' | 'mish';

/** What {@link gainFor} accepts: a name, a name with its parameter, or any scalar function. */
export type Activation =
  | ActivationName
  | { name: ActivationName; slope?: number; alpha?: number }
  | ((x: number) => number);

const ACTIVATION_NAMES: readonly ActivationName[] = ['linear', 'identity', 'relu', 'leakyRelu', 'tanh', 'sigmoid', 'selu', 'elu', 'gelu', 'silu', 'swish', 'softplus', 'mish'];

// Normalised names (normalizeId) to the float64 activations of src/math/activation.ts.
const CANONICAL: Record<string, Activation64Name> = {
  linear: 'linear', identity: 'linear', relu: 'relu', leakyrelu: 'leakyRelu', tanh: 'tanh', sigmoid: 'sigmoid', selu: 'selu',
  elu: 'elu', gelu: 'gelu', silu: 'silu', swish: 'silu', softplus: 'softplus', mish: 'mish',
};

function named(name: unknown, param: number | undefined): (x: number) => number {
  const id = typeof name === 'string' ? normalizeId(name) : '';
  const canonical = Object.hasOwn(CANONICAL, id) ? CANONICAL[id] : undefined;
  if (canonical !== undefined) return activation64(canonical, param).phi;
  throw new TypeError(`activation must be a function or one of ${ACTIVATION_NAMES.map((n) => `'${n}'`).join(', ')}, got ${describe(name)}`);
}

function activationFn(activation: Activation, param: number | undefined): (x: number) => number {
  if (typeof activation === 'function') return activation;
  if (typeof activation === 'string') return named(activation, param === undefined ? undefined : finite('param', param));
  if (activation !== null && typeof activation === 'object') {
    for (const key of Object.keys(activation)) {
      if (!['name', 'slope', 'alpha'].includes(key)) throw new TypeError(`activation: unknown option '${key}' (allowed: name, slope, alpha)`);
    }
    const p = activation.slope ?? activation.alpha ?? param;
    return named(activation.name, p === undefined ? undefined : finite(activation.slope !== undefined ? 'slope' : 'alpha', p));
  }
  throw new TypeError(`activation must be a function, a name or { name, slope | alpha }, got ${describe(activation)}`);
}

/**
 * The gain g = 1/√E[φ(z)²], z ~ N(0, 1): the factor that keeps the second moment of
 * pre-activations at 1 from layer to layer (weights with variance g²/fanIn), for any activation.
 *
 * Computed by half-range Gauss–Hermite quadrature, 64 nodes on each side of 0 (128 evaluations):
 * E[φ(z)²] = ∫₀^∞ (φ(z)² + φ(−z)²) ϕ(z) dz. Splitting at 0 makes it exact (to rounding, ~1e-15)
 * for identity (1), ReLU (√2) and leaky ReLU (√(2/(1+s²))), and spectrally accurate (≲1e-12) for
 * activations smooth on each side of 0: tanh, sigmoid, SELU, ELU, GELU, SiLU, softplus, mish.
 * For a user function with a kink away from 0 the error is algebraic: about 4e-4 relative for hard
 * tanh (kinks at ±1), 3e-10 for ReLU6 (kink far in the tail), about 1e-2 for a jump at 0.5. Split
 * such a function yourself if you need more (the quadrature is exact only at the break 0).
 *
 * How it differs from {@link calculateGain}'s table: the table is PyTorch's convention. ReLU/leaky
 * ReLU/linear agree. tanh: 5/3 is a historical choice (it makes tanh's fixed point stable), the
 * second-moment gain is ≈ 1.5925. sigmoid: the table says 1, the second-moment gain is ≈ 1.8462
 * (sigmoid's outputs are not centred; E[σ(z)²] ≈ 0.2934). SELU: the table's 3/4 trades the
 * self-normalising fixed point for gradient flow (PyTorch's docs recommend 'linear', gain 1, for
 * self-normalising nets); the second-moment gain is 1, since SELU maps N(0, 1) to second moment 1.
 *
 * @param activation `'linear'`, `'relu'`, `'leakyRelu'`, `'tanh'`, `'sigmoid'`, `'selu'`, `'elu'`,
 *   `'gelu'` (exact, x·Φ(x)), `'silu'`, `'softplus'`, `'mish'` (snake_case accepted), an object
 *   `{ name: 'leakyRelu', slope }` / `{ name: 'elu', alpha }`, or any `(x: number) => number`.
 * @param param leaky ReLU's negative slope (default 0.01) or ELU's alpha (default 1).
 * @throws TypeError for an unknown name; RangeError if the function is non-finite at a node or zero
 *   at all of them.
 *
 * @example
 * gainFor('relu');                          // 1.4142135623730951
 * gainFor({ name: 'leakyRelu', slope: 0.2 });
 * gainFor((x) => Math.max(-1, Math.min(1, x)));
 */
export function gainFor(activation: Activation, param?: number): number {
  const f = activationFn(activation, param);
  const { z, w } = halfHermiteRule();
  let m2 = 0;
  for (let i = 0; i < z.length; i++) {
    const zi = z[i]!;
    const a = f(zi), b = f(-zi);
    if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b)) {
      throw new RangeError(`activation must be finite on the quadrature nodes; at z = ±${zi} it gave ${describe(a)}, ${describe(b)}`);
    }
    m2 += w[i]! * (a * a + b * b);
  }
  if (!(m2 > 0)) throw new RangeError('activation: E[φ(z)²] is 0 (the function vanishes on every node), so no gain exists');
  return 1 / Math.sqrt(m2);
}
