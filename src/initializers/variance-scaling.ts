// Fan-based initializers: JAX/Keras varianceScaling and its presets, and PyTorch's xavier/kaiming.
// Zero-element shapes: PyTorch's kaiming_* warn and return the tensor untouched; here every
// fan-based initializer returns its (empty) array without drawing and without a warning (a
// library should not print). The rank check on the shape still applies, as do all option checks.
import type { FloatArray } from '../random/types.js';
import { finite, positive } from '../validate.js';
import { drawDerived, halfBounds, normalizeId, prepare, ROWS, type Call, type InitOptions, type InitResult } from './common.js';
import { define } from './define.js';
import { callFans } from './fans.js';
import { calculateGain, type Nonlinearity } from './gain.js';

/** Which fans the variance is divided by: fanIn, fanOut, (fanIn + fanOut)/2, √(fanIn·fanOut). */
export type FanMode = 'fanIn' | 'fanOut' | 'fanAvg' | 'fanGeoAvg';

/** varianceScaling's distribution; `'normal'` is untruncated (JAX's meaning, Keras's `untruncated_normal`). */
export type Distribution = 'truncatedNormal' | 'normal' | 'uniform';

/** Options of {@link varianceScaling} (Keras defaults: scale 1, mode 'fanIn', 'truncatedNormal'). */
export interface VarianceScalingOptions extends InitOptions {
  /** Target variance times the fan, > 0. Default 1. */
  scale?: number;
  /** Default `'fanIn'`; snake_case (`'fan_in'`, `'fan_geo_avg'`) accepted. */
  mode?: FanMode;
  /** Default `'truncatedNormal'`; `'truncated_normal'`, `'untruncated_normal'` accepted. */
  distribution?: Distribution;
}

/** Options of {@link xavierUniform} and {@link xavierNormal}. */
export interface XavierOptions extends InitOptions {
  /** Multiplier, > 0 (e.g. `calculateGain('tanh')`). Default 1. */
  gain?: number;
}

/** Options of {@link kaimingUniform} and {@link kaimingNormal} (PyTorch's defaults). */
export interface KaimingOptions extends InitOptions {
  /** Negative slope for `'leaky_relu'` (ignored by other nonlinearities). Default 0. */
  a?: number;
  /** `'fanIn'` (default; preserves forward variance) or `'fanOut'` (backward). */
  mode?: 'fanIn' | 'fanOut';
  /** A {@link calculateGain} name. Default `'leaky_relu'` (with a = 0 this is ReLU's √2). */
  nonlinearity?: Nonlinearity;
}

/** std of N(0, 1) truncated to [−2, 2]: dividing by it makes the truncated variance exact. */
export const TRUNCATED_STD_CORRECTION = 0.87962566103423978;

const MODES: Record<string, FanMode> = { fanin: 'fanIn', fanout: 'fanOut', fanavg: 'fanAvg', fangeoavg: 'fanGeoAvg' };
const DISTRIBUTIONS: Record<string, Distribution> = {
  truncatednormal: 'truncatedNormal', normal: 'normal', untruncatednormal: 'normal', uniform: 'uniform',
};

function pick<T extends string>(name: string, x: unknown, table: Record<string, T>, allowed: readonly T[]): T {
  const v = typeof x === 'string' ? table[normalizeId(x)] : undefined;
  if (v === undefined || (typeof x === 'string' && !allowed.includes(v))) {
    throw new TypeError(`${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${typeof x === 'string' ? JSON.stringify(x) : String(x)}`);
  }
  return v;
}

function fanFor(call: Call, mode: FanMode): number {
  const { fanIn, fanOut } = callFans(call);
  switch (mode) {
    case 'fanIn': return fanIn;
    case 'fanOut': return fanOut;
    case 'fanAvg': return (fanIn + fanOut) / 2;
    case 'fanGeoAvg': return Math.sqrt(fanIn * fanOut);
  }
}

/** Draws Var = scale / fan with the given distribution (JAX `variance_scaling`). */
function scaled(call: Call, scale: number, mode: FanMode, distribution: Distribution, names: string): InitResult {
  const fan = fanFor(call, mode); // rank errors first, as for a non-empty shape
  const out = call.target();
  if (call.size === 0) return call.finish(out);
  const variance = scale / fan;
  const g = call.sampler();
  const std = Math.sqrt(variance) / TRUNCATED_STD_CORRECTION;
  // A half dtype keeps the truncated values inside ±2σ (the generator's bounds: 0 + (±2)·σ).
  const bounds = distribution === 'truncatedNormal' ? drawDerived(names, () => halfBounds(call, -2 * std, 2 * std, 'bounds')) : undefined;
  return call.finish(drawDerived(names, (): FloatArray => {
    switch (distribution) {
      case 'truncatedNormal':
        return g.truncatedNormal(out, { std, a: -2, b: 2 });
      case 'normal':
        return g.normal(out, { std: Math.sqrt(variance) });
      case 'uniform': {
        const limit = Math.sqrt(3 * variance);
        return g.uniform(out, { low: -limit, high: limit });
      }
    }
  }), bounds);
}

/**
 * Variance scaling (JAX `variance_scaling`, Keras `VarianceScaling`): weights with variance
 * exactly `scale / n`, n the fan chosen by `mode`.
 * - `'truncatedNormal'`: N(0, σ²) truncated to ±2σ with σ = √(scale/n) / 0.87962566103423978
 *   (the std of a ±2 truncated standard normal), so the variance after truncation is scale/n;
 * - `'normal'`: N(0, scale/n);
 * - `'uniform'`: U(−√(3·scale/n), √(3·scale/n)).
 * TF.js's own `truncatedNormal` distribution here silently gives uniform; this one does not.
 * With `dtype: 'bfloat16' | 'float16'` a truncated value that rounds past ±2σ becomes its
 * neighbour toward the inside, so the bounds hold after rounding.
 */
export const varianceScaling = define<VarianceScalingOptions>((shape, opts) => {
  const [call, o] = prepare(shape, opts, ['scale', 'mode', 'distribution', ROWS]);
  const scale = positive('scale', o.scale ?? 1);
  const mode = pick('mode', o.mode ?? 'fanIn', MODES, ['fanIn', 'fanOut', 'fanAvg', 'fanGeoAvg']);
  const distribution = pick('distribution', o.distribution ?? 'truncatedNormal', DISTRIBUTIONS, ['truncatedNormal', 'normal', 'uniform']);
  return scaled(call, scale, mode, distribution, 'scale');
});

function preset(scale: number, mode: FanMode, distribution: Distribution) {
  return define<InitOptions>((shape, opts) => scaled(prepare(shape, opts, [ROWS])[0], scale, mode, distribution, 'fans'));
}

/** Glorot/Xavier uniform with TF/JAX semantics: U(±√(6/(fanIn+fanOut))) (= varianceScaling(1, fanAvg, uniform)). */
export const glorotUniform = preset(1, 'fanAvg', 'uniform');
/**
 * Glorot normal with TF/JAX semantics: truncated normal, variance exactly 2/(fanIn+fanOut)
 * (varianceScaling(1, fanAvg, truncatedNormal)). TF.js's own has 0.77× that (tfjs#8594).
 */
export const glorotNormal = preset(1, 'fanAvg', 'truncatedNormal');
/** He uniform (TF/JAX): U(±√(6/fanIn)) (= varianceScaling(2, fanIn, uniform)). */
export const heUniform = preset(2, 'fanIn', 'uniform');
/** He normal (TF/JAX): truncated normal with variance exactly 2/fanIn (varianceScaling(2, fanIn, truncatedNormal)). */
export const heNormal = preset(2, 'fanIn', 'truncatedNormal');
/** LeCun uniform (TF/JAX): U(±√(3/fanIn)) (= varianceScaling(1, fanIn, uniform)). */
export const lecunUniform = preset(1, 'fanIn', 'uniform');
/** LeCun normal (TF/JAX): truncated normal with variance exactly 1/fanIn (varianceScaling(1, fanIn, truncatedNormal)). */
export const lecunNormal = preset(1, 'fanIn', 'truncatedNormal');

function xavierStd(call: Call, o: Partial<XavierOptions>): number {
  const gain = positive('gain', o.gain ?? 1);
  const { fanIn, fanOut } = callFans(call);
  return gain * Math.sqrt(2.0 / (fanIn + fanOut));
}

function kaimingStd(call: Call, o: Partial<KaimingOptions>): number {
  const a = finite('a', o.a ?? 0);
  const mode = pick('mode', o.mode ?? 'fanIn', MODES, ['fanIn', 'fanOut']);
  const gain = calculateGain(o.nonlinearity ?? 'leaky_relu', a);
  return gain / Math.sqrt(fanFor(call, mode));
}

/**
 * PyTorch-style initializer: std from the options and fans (checked before anything is drawn),
 * then U(±√3·std) or N(0, std²), as torch computes `bound = math.sqrt(3.0) * std`.
 */
function torchStyle<O extends InitOptions>(keys: readonly string[], stdOf: (call: Call, o: Partial<O>) => number,
  distribution: 'uniform' | 'normal', names: string) {
  return define<O>((shape, opts) => {
    const [call, o] = prepare(shape, opts, [...keys, ROWS]);
    const std = stdOf(call, o);
    const out = call.target();
    if (call.size === 0) return call.finish(out);
    const g = call.sampler();
    return call.finish(drawDerived(names, () => {
      if (distribution === 'normal') return g.normal(out, { std });
      const bound = Math.sqrt(3.0) * std;
      return g.uniform(out, { low: -bound, high: bound });
    }));
  });
}

/** Xavier uniform (`torch.nn.init.xavier_uniform_`): U(±a), a = gain·√(6/(fanIn+fanOut)) = √3·std. */
export const xavierUniform = torchStyle<XavierOptions>(['gain'], xavierStd, 'uniform', 'gain');

/** Xavier normal (`torch.nn.init.xavier_normal_`): N(0, std²), std = gain·√(2/(fanIn+fanOut)); untruncated. */
export const xavierNormal = torchStyle<XavierOptions>(['gain'], xavierStd, 'normal', 'gain');

const KAIMING_KEYS = ['a', 'mode', 'nonlinearity'];

/**
 * Kaiming/He uniform (`torch.nn.init.kaiming_uniform_`): U(±bound), bound = √3·gain/√fan,
 * gain = calculateGain(nonlinearity, a), fan by `mode`. Defaults a = 0, 'fanIn', 'leaky_relu'
 * (PyTorch's), i.e. bound = √(6/fanIn).
 */
export const kaimingUniform = torchStyle<KaimingOptions>(KAIMING_KEYS, kaimingStd, 'uniform', 'a, nonlinearity');

/**
 * Kaiming/He normal (`torch.nn.init.kaiming_normal_`): N(0, std²), std = gain/√fan, untruncated
 * (PyTorch semantics; {@link heNormal} is the TF/JAX truncated one).
 */
export const kaimingNormal = torchStyle<KaimingOptions>(KAIMING_KEYS, kaimingStd, 'normal', 'a, nonlinearity');
