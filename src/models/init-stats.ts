// The distribution one ParamSpec's init draws from, in closed form: mean, std and bounds, computed
// as the initializers compute their own parameters (same fans, gains and order of operations, so
// a kaiming bound here has the bits of the one the draw uses). The truncated normal's moments use
// the library's deterministic exp and normal tail (src/math), never the engine's Math.exp, so
// `describe` prints the same digits on every engine. Browser-safe.
import { computeFans } from '../initializers/fans.js';
import { calculateGain, type Nonlinearity } from '../initializers/gain.js';
import { translateKerasKeys } from '../initializers/get-initializer.js';
import { lookupInitializer } from '../initializers/registry.js';
import { normalizeId, type Fans, type Layout } from '../initializers/common.js';
import { TRUNCATED_STD_CORRECTION, type Distribution, type FanMode } from '../initializers/variance-scaling.js';
import { exp } from '../math/elementary.js';
import { upperTail } from '../math/normal-tail.js';
import { truncatedParams } from '../random/sampling-options.js';

/** What one init draws, element by element: see {@link initStats}. */
export interface InitStats {
  /** The canonical initializer name (`'truncatedNormal'` for `'trunc_normal_'`), or the id as given for a user-registered one. */
  readonly init: string;
  /** Mean of the elements' distribution; null when weight-init has no closed form (a user-registered initializer). */
  readonly mean: number | null;
  /** Standard deviation of the elements' distribution; null as for `mean`. */
  readonly std: number | null;
  /** Smallest and largest value the init can produce (±Infinity for an open side), or null when unbounded on both sides. */
  readonly bounds: readonly [number, number] | null;
  /** What the numbers mean when they are not a plain distribution's (eye, dirac, sparse, orthogonal, …). */
  readonly note?: string;
}

const SQRT_2PI = Math.sqrt(2 * Math.PI);
/** The standard normal density, by the library's exp; 0 at ±Infinity. */
const phi = (x: number): number => (Number.isFinite(x) ? exp(-0.5 * x * x) / SQRT_2PI : 0);
/** x·φ(x), 0 at ±Infinity (where the product's limit is 0, not NaN). */
const xPhi = (x: number): number => (Number.isFinite(x) ? x * phi(x) : 0);

/**
 * Mean and std of N(mean, std²) truncated to [lo, hi] (values): with α, β the standardised bounds
 * and Z = Φ(β) − Φ(α), mean + std·(φ(α) − φ(β))/Z and std·√(1 + (αφ(α) − βφ(β))/Z − ((φ(α) − φ(β))/Z)²).
 * Z is formed from the two smaller tail masses, as the sampler's own setup forms it (no
 * cancellation when both bounds lie on one side).
 */
export function truncatedMoments(mean: number, std: number, lo: number, hi: number): { mean: number; std: number } {
  const a = (lo - mean) / std, b = (hi - mean) / std;
  const z = a >= 0 ? upperTail(a) - upperTail(b) : b <= 0 ? upperTail(-b) - upperTail(-a) : 1 - upperTail(-a) - upperTail(b);
  const d1 = (phi(a) - phi(b)) / z;
  const d2 = (xPhi(a) - xPhi(b)) / z;
  return { mean: mean + std * d1, std: std * Math.sqrt(1 + d2 - d1 * d1) };
}

const num = (o: Readonly<Record<string, unknown>>, k: string, d: number): number => (typeof o[k] === 'number' ? (o[k] as number) : d);
const FAN_MODES: Record<string, FanMode> = { fanin: 'fanIn', fanout: 'fanOut', fanavg: 'fanAvg', fangeoavg: 'fanGeoAvg' };
const DISTRIBUTIONS: Record<string, Distribution> = { truncatednormal: 'truncatedNormal', normal: 'normal', untruncatednormal: 'normal', uniform: 'uniform' };

/** The fans the initializer reads: explicit `fans`, else the shape's in its layout. */
function fansOf(shape: readonly number[], o: Readonly<Record<string, unknown>>): Fans {
  return (o.fans as Fans | undefined) ?? computeFans(shape, (o.layout as Layout | undefined) ?? 'torch');
}

/** The fan a mode divides by, as variance-scaling.ts's fanFor computes it. */
function fanFor(f: Fans, mode: FanMode): number {
  switch (mode) {
    case 'fanIn': return f.fanIn;
    case 'fanOut': return f.fanOut;
    case 'fanAvg': return (f.fanIn + f.fanOut) / 2;
    case 'fanGeoAvg': return Math.sqrt(f.fanIn * f.fanOut);
  }
}

const normalStats = (init: string, mean: number, std: number): InitStats => ({ init, mean, std, bounds: null });
const uniformStats = (init: string, lo: number, hi: number): InitStats => ({ init, mean: (lo + hi) / 2, std: (hi - lo) / Math.sqrt(12), bounds: [lo, hi] });
const constantStats = (init: string, v: number): InitStats => ({ init, mean: v, std: 0, bounds: [v, v] });

function truncatedStats(init: string, mean: number, std: number, lo: number, hi: number): InitStats {
  const m = truncatedMoments(mean, std, lo, hi);
  return { init, mean: m.mean, std: m.std, bounds: [lo, hi] };
}

/** varianceScaling(scale, mode, distribution) as variance-scaling.ts's `scaled` draws it. */
function scaledStats(init: string, shape: readonly number[], o: Readonly<Record<string, unknown>>, scale: number, mode: FanMode, distribution: Distribution): InitStats {
  const variance = scale / fanFor(fansOf(shape, o), mode);
  switch (distribution) {
    case 'truncatedNormal': {
      const std = Math.sqrt(variance) / TRUNCATED_STD_CORRECTION;
      return truncatedStats(init, 0, std, -2 * std, 2 * std);
    }
    case 'normal': return normalStats(init, 0, Math.sqrt(variance));
    case 'uniform': {
      const limit = Math.sqrt(3 * variance);
      return uniformStats(init, -limit, limit);
    }
  }
}

/** A 0/1 (or 0/v) matrix with `ones` of its `n` elements set: the elements' mean and std. */
function indicatorStats(init: string, v: number, ones: number, n: number, note: string): InitStats {
  const p = n === 0 ? 0 : ones / n;
  return { init, mean: v * p, std: Math.abs(v) * Math.sqrt(p * (1 - p)), bounds: v >= 0 ? [0, v] : [v, 0], note };
}

/** A (semi-)orthogonal matrix of `rows` × `cols` (times gain) spread over `n` elements. */
function orthogonalStats(init: string, gain: number, rows: number, cols: number, n: number, note: string): InitStats {
  // Orthonormal rows (rows ≤ cols) or columns: the squares sum to min(rows, cols)·gain²; by the Haar
  // measure's sign symmetry each element has mean 0; no element exceeds |gain| (unit-norm rows).
  const g = Math.abs(gain);
  return { init, mean: 0, std: n === 0 ? 0 : g * Math.sqrt(Math.min(rows, cols) / n), bounds: [-g, g], note };
}

/**
 * The distribution `init` with `options` draws for a tensor of `shape`: its mean, std and bounds,
 * exactly (up to the float64 rounding of the formulas), from the same parameters the initializer
 * computes — fans from `computeFans` (or `options.fans`), gains from `calculateGain`, the
 * varianceScaling presets from their descriptors. Per initializer:
 * - normal: mean, std, unbounded; uniform: (lo+hi)/2, (hi−lo)/√12, [lo, hi];
 * - truncatedNormal (and the truncated varianceScaling presets): the truncated distribution's own
 *   mean and std ({@link truncatedMoments}), bounds [lo, hi] as values;
 * - xavier/kaiming/varianceScaling/glorot/he/lecun: the above with the std or bound from the fans;
 * - zeros/ones/constant: the value, 0, [value, value] (constant's float32 rounding);
 * - eye/identity/dirac: the elements' mean and std (a fraction p of them is 1 or gain), bounds [0, gain];
 * - sparse: N(0, std²) with ⌈sparsity·rows⌉ of each column's rows zeroed: mean 0, std·√(1 − k/rows);
 * - orthogonal/deltaOrthogonal: mean 0, E[x²] = gain²·min(rows, cols)/size (rows = shape[0],
 *   cols = the rest, or the kernel centre's [out, in]), bounds [−gain, gain];
 * - a user-registered initializer: mean and std null.
 * Options are read as the initializer reads them (Keras keys `stddev`, `minval`, `maxval` too); they
 * are trusted — validate the spec first (`initModel`/`planModel` do).
 * @throws TypeError for an id that is not registered.
 * @example
 * initStats('kaiming_uniform', [256, 1024]); // { init: 'kaimingUniform', mean: 0, std: 0.0441…, bounds: [-0.0765…, 0.0765…] }
 */
export function initStats(init: string, shape: readonly number[], options: Readonly<Record<string, unknown>> = {}): InitStats {
  const entry = lookupInitializer(init);
  if (entry === undefined) throw new TypeError(`init: unknown initializer id ${JSON.stringify(init)}`);
  const name = entry.name;
  if (!entry.builtin) return { init: name, mean: null, std: null, bounds: null, note: 'user-registered initializer: no closed form' };
  const o = translateKerasKeys(options);
  const n = shape.reduce((a, b) => a * b, 1);
  const preset = entry.descriptor?.preset;
  if (preset !== undefined) return scaledStats(name, shape, o, preset.scale, preset.mode, preset.distribution);
  switch (name) {
    case 'zeros': return constantStats(name, 0);
    case 'ones': return constantStats(name, 1);
    case 'constant': return constantStats(name, Math.fround(num(o, 'value', 0)));
    case 'normal': return normalStats(name, num(o, 'mean', 0), num(o, 'std', 1));
    case 'uniform': return uniformStats(name, num(o, 'low', 0), num(o, 'high', 1));
    case 'truncatedNormal': {
      const t = truncatedParams({ mean: o.mean, std: o.std, a: o.a, b: o.b, bounds: o.bounds } as never);
      return truncatedStats(name, t.mean, t.std, t.lo, t.hi);
    }
    case 'varianceScaling':
      return scaledStats(name, shape, o, num(o, 'scale', 1), FAN_MODES[normalizeId(String(o.mode ?? 'fanIn'))] ?? 'fanIn',
        DISTRIBUTIONS[normalizeId(String(o.distribution ?? 'truncatedNormal'))] ?? 'truncatedNormal');
    case 'xavierUniform': case 'xavierNormal': {
      const f = fansOf(shape, o);
      const std = num(o, 'gain', 1) * Math.sqrt(2.0 / (f.fanIn + f.fanOut));
      return name === 'xavierNormal' ? normalStats(name, 0, std) : uniformStats(name, -Math.sqrt(3.0) * std, Math.sqrt(3.0) * std);
    }
    case 'kaimingUniform': case 'kaimingNormal': {
      const mode = FAN_MODES[normalizeId(String(o.mode ?? 'fanIn'))] ?? 'fanIn';
      const std = calculateGain((o.nonlinearity as Nonlinearity | undefined) ?? 'leaky_relu', num(o, 'a', 0)) / Math.sqrt(fanFor(fansOf(shape, o), mode));
      return name === 'kaimingNormal' ? normalStats(name, 0, std) : uniformStats(name, -Math.sqrt(3.0) * std, Math.sqrt(3.0) * std);
    }
    case 'sparse': {
      const rows = o.layout === 'tf' ? shape[1]! : shape[0]!;
      const k = Math.ceil(num(o, 'sparsity', 0) * rows);
      const std = num(o, 'std', 0.01);
      return { init: name, mean: 0, std: rows === 0 ? 0 : std * Math.sqrt(1 - k / rows), bounds: null, note: `N(0, ${std}²) with ${k} of ${rows} rows of each column zero` };
    }
    case 'eye': case 'identity': {
      const v = name === 'eye' ? 1 : Math.fround(num(o, 'gain', 1));
      return indicatorStats(name, v, Math.min(shape[0]!, shape[1]!), n, `identity matrix: the elements' mean and std (${Math.min(shape[0]!, shape[1]!)} of ${n} are ${v})`);
    }
    case 'dirac': {
      const groups = num(o, 'groups', 1);
      const ones = groups * Math.min(shape[0]! / groups, shape[1]!);
      return indicatorStats(name, 1, ones, n, `dirac kernel: the elements' mean and std (${ones} of ${n} are 1)`);
    }
    case 'orthogonal': {
      const rows = shape[0]!, cols = n / rows;
      return orthogonalStats(name, num(o, 'gain', 1), rows, cols, n, `Haar (semi-)orthogonal ${rows}×${cols} times gain: mean 0, E[x²] = gain²/max(rows, cols)`);
    }
    case 'deltaOrthogonal':
      return orthogonalStats(name, num(o, 'gain', 1), shape[0]!, shape[1]!, n, `orthogonal ${shape[0]}×${shape[1]} at the kernel centre, 0 elsewhere: the elements' mean and std`);
  }
  return { init: name, mean: null, std: null, bounds: null, note: 'no closed form' };
}
