// Float64 activations φ and their derivatives φ′: the one definition behind the gain computation
// (src/initializers/gain.ts: E[φ(z)²] by quadrature) and the simulator's mean-field theory
// (src/simulate/activation.ts, mean-field.ts). The f32 kernels are elsewhere (assembly/activations.ts
// and its twin src/kernels/reference/gemm.ts).
import { upperTail } from './normal-tail.js';
import { exp, expm1, log1p, tanh } from './elementary.js';

/** SELU's α and λ (Klambauer et al. 2017). */
export const SELU_ALPHA = 1.6732632423543772848170429916717;
export const SELU_SCALE = 1.0507009873554804934193349852946;

/** Logistic sigmoid without overflow on either side. */
export const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)));
/** log(1 + eˣ) without overflow. */
export const softplus = (x: number): number => (x > 0 ? x + log1p(exp(-x)) : log1p(exp(x)));
/** Φ(x), the standard normal CDF, to about 1e-15 relative. */
export const normCdf = (x: number): number => upperTail(-x);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** The activations with a float64 φ and φ′ here. */
export type Activation64Name =
  | 'linear' | 'relu' | 'leakyRelu' | 'tanh' | 'sigmoid' | 'selu' | 'elu' | 'gelu' | 'silu' | 'softplus' | 'mish';

/**
 * φ and φ′ in float64 of a named activation; `param` is leaky ReLU's negative slope (default 0.01)
 * or ELU's α (default 1). GELU is the exact x·Φ(x).
 */
export function activation64(name: Activation64Name, param?: number): { phi: (x: number) => number; dphi: (x: number) => number } {
  switch (name) {
    case 'linear': return { phi: (x) => x, dphi: () => 1 };
    case 'relu': return { phi: (x) => (x > 0 ? x : 0), dphi: (x) => (x > 0 ? 1 : 0) };
    case 'leakyRelu': { const s = param ?? 0.01; return { phi: (x) => (x > 0 ? x : s * x), dphi: (x) => (x > 0 ? 1 : s) }; }
    case 'tanh': return { phi: tanh, dphi: (x) => { const t = tanh(x); return 1 - t * t; } };
    case 'sigmoid': return { phi: sigmoid, dphi: (x) => { const s = sigmoid(x); return s * (1 - s); } };
    case 'selu': return {
      phi: (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * expm1(x)),
      dphi: (x) => SELU_SCALE * (x > 0 ? 1 : SELU_ALPHA * exp(x)),
    };
    case 'elu': { const a = param ?? 1; return { phi: (x) => (x > 0 ? x : a * expm1(x)), dphi: (x) => (x > 0 ? 1 : a * exp(x)) }; }
    case 'gelu': return { phi: (x) => x * normCdf(x), dphi: (x) => normCdf(x) + x * exp(-0.5 * x * x) * INV_SQRT_2PI };
    case 'silu': return { phi: (x) => x * sigmoid(x), dphi: (x) => { const s = sigmoid(x); return s + x * s * (1 - s); } };
    case 'softplus': return { phi: softplus, dphi: sigmoid };
    case 'mish': return {
      phi: (x) => x * tanh(softplus(x)),
      dphi: (x) => { const t = tanh(softplus(x)); return t + x * (1 - t * t) * sigmoid(x); },
    };
  }
}
