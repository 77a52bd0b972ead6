// One descriptor per built-in initializer: everything the rest of the library needs to know about
// it, kept once. The registry (getInitializer's ids), model-init's row slicing, the simulator's
// nominal σ_w², the TF.js classes' dry run, the playground's controls and the CLI's id list all read
// this table, so adding an initializer is one entry here (plus its TF.js class export). The table is
// plain data with the functions in it: nothing here runs at module evaluation but the freeze, which
// is marked pure so a bundler can still drop the table from a bundle that never reads it.
import type { InitResult } from './common.js';
import { constant, dirac, eye, identity, ones, zeros } from './constant.js';
import { calculateGain, type Nonlinearity } from './gain.js';
import { deltaOrthogonal, orthogonal } from './orthogonal.js';
import { normal, sparse, truncatedNormal, uniform } from './random.js';
import {
  glorotNormal, glorotUniform, heNormal, heUniform, kaimingNormal, kaimingUniform, lecunNormal, lecunUniform,
  varianceScaling, xavierNormal, xavierUniform, type Distribution, type FanMode,
} from './variance-scaling.js';

/** Any initializer, as the registry and the descriptors hold it. */
// `any`: each initializer takes its own options type; a parameter of type unknown would reject them all.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyInitializer = (shape: readonly number[], options?: any) => InitResult;

/**
 * A numeric option. `kind: 'integer'` takes non-negative integers only (a count, such as dirac's
 * `groups`). `default` is absent for a required option; `example` is then a typical valid value
 * (what the playground starts from), else the default.
 */
export interface NumberOptionDescriptor {
  readonly name: string;
  readonly kind: 'number' | 'integer';
  readonly default?: number;
  readonly example: number;
  /** What the option means, in one line. */
  readonly summary: string;
}

/**
 * An option taking one of a few strings. `choices` are the canonical spellings; the initializer also
 * accepts the snake_case ones its TSDoc lists (`'fan_in'`, `'untruncated_normal'`, …).
 */
export interface ChoiceOptionDescriptor {
  readonly name: string;
  readonly kind: 'choice';
  readonly default: string;
  readonly choices: readonly string[];
  /** What the option means, in one line. */
  readonly summary: string;
}

/** One option of an initializer, beyond the common ones every initializer takes (`InitOptions`). */
export type OptionDescriptor = NumberOptionDescriptor | ChoiceOptionDescriptor;

/**
 * A JAX-style preset: the initializer is `varianceScaling` with these options, value for value
 * (JAX's `he_normal = variance_scaling(2.0, "fan_in", "truncated_normal")`).
 */
export interface VarianceScalingPreset {
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: Distribution;
}

/**
 * Var(W) of an initializer whose weights are iid with mean 0, as the signal-propagation theory reads
 * it: `scale / fan(mode)` (fan-based initializers), or a `variance` that does not depend on the fans.
 * σ_w² = Var(W)·fanIn follows by {@link nominalSigmaW2Of}.
 */
export type NominalVariance =
  | { readonly scale: number; readonly mode: FanMode }
  | { readonly variance: number };

/** Everything weight-init knows about one built-in initializer. */
export interface InitializerDescriptor {
  /** Canonical name: the function's export name (`'kaimingNormal'`). */
  readonly name: string;
  /**
   * Further ids of getInitializer beyond the name. Spellings that differ only in case, `_` and `-`
   * (`'kaiming_normal_'`, `'HeNormal'`, `'leCunNormal'`) need no alias: ids are compared normalised.
   */
  readonly aliases: readonly string[];
  /** What it draws, in one line. */
  readonly summary: string;
  /** The initializer itself. */
  readonly fn: AnyInitializer;
  /** Its own options (the common ones, `seed`, `layout`, `fans`, … are every initializer's). */
  readonly options: readonly OptionDescriptor[];
  /**
   * The shape ranks it takes with the default `layout: 'torch'`, [min, max] (max Infinity when
   * unbounded). Fan-based initializers also take rank 0 and 1 with `layout: 'tf'` or explicit `fans`.
   */
  readonly ranks: readonly [min: number, max: number];
  /**
   * The smallest shape valid in either layout, of size 0 when the initializer allows it: a dry run
   * on it checks a set of options without drawing anything (the TF.js classes' constructors do).
   */
  readonly probeShape: readonly number[];
  /**
   * Elementwise: it accepts the `rows` option, so a tensor can be made in row shards that
   * concatenate to the whole (model-init and the safetensors writer rely on this).
   */
  readonly sliceable: boolean;
  /** For the JAX-style presets (glorot, he, lecun): the varianceScaling options it equals. */
  readonly preset?: VarianceScalingPreset;
  /**
   * Var(W) the options promise, for initializers the theory describes (iid, mean 0); undefined
   * for options that break that (normal with mean ≠ 0). Absent: the theory measures instead. Options
   * use weight-init's names (Keras's `stddev` already read as `std`), and are trusted: the draw
   * validates them. The presets' variance comes from {@link InitializerDescriptor.preset}.
   */
  readonly nominalVariance?: (options: Readonly<Record<string, unknown>>) => NominalVariance | undefined;
}

const num = (o: Readonly<Record<string, unknown>>, k: string, d: number): number => (typeof o[k] === 'number' ? (o[k] as number) : d);

// Option lists shared by two descriptors each (the uniform and normal variant of one family).
const GAIN: readonly OptionDescriptor[] = [{ name: 'gain', kind: 'number', default: 1, example: 1, summary: 'multiplier of the weights' }];
const NONLINEARITIES: readonly Nonlinearity[] = [
  'leaky_relu', 'relu', 'tanh', 'linear', 'sigmoid', 'selu', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d',
];
const KAIMING: readonly OptionDescriptor[] = [
  { name: 'a', kind: 'number', default: 0, example: 0, summary: "negative slope of 'leaky_relu'" },
  { name: 'mode', kind: 'choice', default: 'fanIn', choices: ['fanIn', 'fanOut'], summary: 'fan the variance is divided by: forward (fanIn) or backward (fanOut)' },
  { name: 'nonlinearity', kind: 'choice', default: 'leaky_relu', choices: NONLINEARITIES, summary: 'calculateGain name that sets the gain' },
];

function xavierVariance(o: Readonly<Record<string, unknown>>): NominalVariance {
  const gain = num(o, 'gain', 1);
  return { scale: gain * gain, mode: 'fanAvg' };
}

function kaimingVariance(o: Readonly<Record<string, unknown>>): NominalVariance {
  const gain = calculateGain((o.nonlinearity as Nonlinearity | undefined) ?? 'leaky_relu', num(o, 'a', 0));
  // Only these two spellings read as fanOut here, as the theory always has (kaiming itself also
  // takes 'FAN_OUT', 'fan-out', …); hidden layers of equal width give the same σ_w² either way.
  return { scale: gain * gain, mode: o.mode === 'fanOut' || o.mode === 'fan_out' ? 'fanOut' : 'fanIn' };
}

function normalVariance(o: Readonly<Record<string, unknown>>): NominalVariance | undefined {
  const std = num(o, 'std', 1);
  return num(o, 'mean', 0) === 0 ? { variance: std * std } : undefined;
}

/** Freezes the table and everything in it but the initializer functions (they are not ours to freeze). */
function freezeTable(table: InitializerDescriptor[]): readonly InitializerDescriptor[] {
  for (const d of table) {
    for (const o of d.options) {
      if (o.kind === 'choice') Object.freeze(o.choices);
      Object.freeze(o);
    }
    for (const part of [d.aliases, d.options, d.ranks, d.probeShape, d.preset]) if (part !== undefined) Object.freeze(part);
    Object.freeze(d);
  }
  return Object.freeze(table);
}

/**
 * Every built-in initializer, described once: name, aliases, options (kinds, defaults, choices),
 * the ranks it takes, a probe shape, whether it can be made in row shards, the varianceScaling
 * preset it is (glorot, he, lecun) and the variance the theory reads. Frozen. getInitializer,
 * model-init, simulate's theory and the TF.js classes read it; so can a UI (the playground builds
 * its controls from `options`) or a command line (the CLI lists the names).
 * @example
 * initializerDescriptors.map((d) => d.name); // ['zeros', 'ones', 'constant', …, 'deltaOrthogonal']
 * initializerDescriptors.find((d) => d.name === 'heNormal')?.preset; // { scale: 2, mode: 'fanIn', distribution: 'truncatedNormal' }
 */
export const initializerDescriptors: readonly InitializerDescriptor[] = /* @__PURE__ */ freezeTable([
  { name: 'zeros', aliases: ['zero'], summary: 'all 0', fn: zeros, options: [], ranks: [0, Infinity], probeShape: [0, 0], sliceable: true },
  { name: 'ones', aliases: ['one'], summary: 'all 1', fn: ones, options: [], ranks: [0, Infinity], probeShape: [0, 0], sliceable: true },
  {
    name: 'constant', aliases: [], summary: 'all one value', fn: constant, ranks: [0, Infinity], probeShape: [0, 0], sliceable: true,
    options: [{ name: 'value', kind: 'number', example: 0.01, summary: 'the value (required), stored as its float32 rounding' }],
  },
  { name: 'eye', aliases: [], summary: 'the identity matrix (2-D)', fn: eye, options: [], ranks: [2, 2], probeShape: [0, 0], sliceable: true },
  {
    name: 'identity', aliases: [], summary: 'gain times the identity matrix (2-D)', fn: identity, ranks: [2, 2], probeShape: [0, 0], sliceable: true,
    options: [{ name: 'gain', kind: 'number', default: 1, example: 1, summary: 'multiplier of the identity matrix' }],
  },
  {
    name: 'dirac', aliases: [], summary: 'a convolution kernel passing its input through (3- to 5-D)', fn: dirac, ranks: [3, 5], probeShape: [0, 0, 0], sliceable: true,
    options: [{ name: 'groups', kind: 'integer', default: 1, example: 1, summary: 'groups; must divide the output channels' }],
  },
  {
    name: 'uniform', aliases: ['randomUniform'], summary: 'U[low, high)', fn: uniform, ranks: [0, Infinity], probeShape: [0, 0], sliceable: true,
    options: [
      { name: 'low', kind: 'number', default: 0, example: 0, summary: 'lower bound (inclusive)' },
      { name: 'high', kind: 'number', default: 1, example: 1, summary: 'upper bound (exclusive)' },
    ],
  },
  {
    name: 'normal', aliases: ['randomNormal'], summary: 'N(mean, std²)', fn: normal, ranks: [0, Infinity], probeShape: [0, 0], sliceable: true,
    options: [
      { name: 'mean', kind: 'number', default: 0, example: 0, summary: 'mean' },
      { name: 'std', kind: 'number', default: 1, example: 1, summary: 'standard deviation (Keras: stddev)' },
    ],
    nominalVariance: normalVariance,
  },
  {
    name: 'truncatedNormal', aliases: ['truncNormal'], summary: 'N(mean, std²) truncated to [a, b]', fn: truncatedNormal, ranks: [0, Infinity], probeShape: [0, 0], sliceable: true,
    options: [
      { name: 'mean', kind: 'number', default: 0, example: 0, summary: 'mean before truncation' },
      { name: 'std', kind: 'number', default: 1, example: 1, summary: 'standard deviation before truncation' },
      { name: 'a', kind: 'number', default: -2, example: -2, summary: 'lower bound (see bounds)' },
      { name: 'b', kind: 'number', default: 2, example: 2, summary: 'upper bound (see bounds)' },
      { name: 'bounds', kind: 'choice', default: 'sigma', choices: ['sigma', 'absolute'], summary: "a and b in stds around the mean ('sigma') or as values ('absolute', PyTorch)" },
    ],
  },
  {
    name: 'sparse', aliases: [], summary: 'N(0, std²) with a fraction of each column zeroed (2-D)', fn: sparse, ranks: [2, 2], probeShape: [0, 0], sliceable: true,
    options: [
      { name: 'sparsity', kind: 'number', example: 0.1, summary: 'fraction of each column set to 0, in [0, 1] (required)' },
      { name: 'std', kind: 'number', default: 0.01, example: 0.01, summary: 'standard deviation of the non-zero values' },
    ],
  },
  {
    name: 'varianceScaling', aliases: [], summary: 'variance scale / fan, by mode and distribution', fn: varianceScaling, ranks: [2, Infinity], probeShape: [0, 0], sliceable: true,
    options: [
      { name: 'scale', kind: 'number', default: 1, example: 1, summary: 'target variance times the fan' },
      { name: 'mode', kind: 'choice', default: 'fanIn', choices: ['fanIn', 'fanOut', 'fanAvg', 'fanGeoAvg'], summary: 'the fan the scale is divided by' },
      { name: 'distribution', kind: 'choice', default: 'truncatedNormal', choices: ['truncatedNormal', 'normal', 'uniform'], summary: 'distribution with that variance' },
    ],
  },
  { name: 'glorotUniform', aliases: [], summary: 'U(±√(6/(fanIn+fanOut)))', fn: glorotUniform, options: [], ranks: [2, Infinity], probeShape: [0, 0], sliceable: true, preset: { scale: 1, mode: 'fanAvg', distribution: 'uniform' } },
  { name: 'glorotNormal', aliases: [], summary: 'truncated normal, variance 2/(fanIn+fanOut)', fn: glorotNormal, options: [], ranks: [2, Infinity], probeShape: [0, 0], sliceable: true, preset: { scale: 1, mode: 'fanAvg', distribution: 'truncatedNormal' } },
  { name: 'heUniform', aliases: [], summary: 'U(±√(6/fanIn))', fn: heUniform, options: [], ranks: [2, Infinity], probeShape: [0, 0], sliceable: true, preset: { scale: 2, mode: 'fanIn', distribution: 'uniform' } },
  { name: 'heNormal', aliases: [], summary: 'truncated normal, variance 2/fanIn', fn: heNormal, options: [], ranks: [2, Infinity], probeShape: [0, 0], sliceable: true, preset: { scale: 2, mode: 'fanIn', distribution: 'truncatedNormal' } },
  { name: 'lecunUniform', aliases: [], summary: 'U(±√(3/fanIn))', fn: lecunUniform, options: [], ranks: [2, Infinity], probeShape: [0, 0], sliceable: true, preset: { scale: 1, mode: 'fanIn', distribution: 'uniform' } },
  { name: 'lecunNormal', aliases: [], summary: 'truncated normal, variance 1/fanIn', fn: lecunNormal, options: [], ranks: [2, Infinity], probeShape: [0, 0], sliceable: true, preset: { scale: 1, mode: 'fanIn', distribution: 'truncatedNormal' } },
  { name: 'xavierUniform', aliases: [], summary: "PyTorch's xavier_uniform_: U(±gain·√(6/(fanIn+fanOut)))", fn: xavierUniform, options: GAIN, ranks: [2, Infinity], probeShape: [0, 0], sliceable: true, nominalVariance: xavierVariance },
  { name: 'xavierNormal', aliases: [], summary: "PyTorch's xavier_normal_: N(0, gain²·2/(fanIn+fanOut))", fn: xavierNormal, options: GAIN, ranks: [2, Infinity], probeShape: [0, 0], sliceable: true, nominalVariance: xavierVariance },
  { name: 'kaimingUniform', aliases: [], summary: "PyTorch's kaiming_uniform_: U(±√3·gain/√fan)", fn: kaimingUniform, options: KAIMING, ranks: [2, Infinity], probeShape: [0, 0], sliceable: true, nominalVariance: kaimingVariance },
  { name: 'kaimingNormal', aliases: [], summary: "PyTorch's kaiming_normal_: N(0, gain²/fan)", fn: kaimingNormal, options: KAIMING, ranks: [2, Infinity], probeShape: [0, 0], sliceable: true, nominalVariance: kaimingVariance },
  { name: 'orthogonal', aliases: [], summary: 'a Haar-distributed (semi-)orthogonal matrix times gain', fn: orthogonal, options: GAIN, ranks: [2, Infinity], probeShape: [1, 1], sliceable: false },
  {
    name: 'deltaOrthogonal', aliases: ['convolutionalDeltaOrthogonal'], summary: 'orthogonal at the kernel centre, 0 elsewhere (3-D or more)', fn: deltaOrthogonal,
    ranks: [3, Infinity], probeShape: [1, 1, 1], sliceable: false,
    options: [
      GAIN[0]!,
      { name: 'center', kind: 'choice', default: 'tf', choices: ['tf', 'torch'], summary: "centre of an even kernel size k: ⌊(k−1)/2⌋ ('tf') or ⌊k/2⌋ ('torch')" },
    ],
  },
]);

/** The Var(W) the theory reads for a descriptor and options, or undefined (see {@link InitializerDescriptor.nominalVariance}). @internal */
export function nominalVarianceOf(d: InitializerDescriptor, options: Readonly<Record<string, unknown>>): NominalVariance | undefined {
  return d.preset !== undefined ? { scale: d.preset.scale, mode: d.preset.mode } : d.nominalVariance?.(options);
}

/**
 * σ_w² = Var(W)·fanIn of a layer with these fans. The fan ratios are written as the theory has
 * always computed them (2·fanIn/(fanIn + fanOut) for fanAvg, exactly 1 for fanIn), so σ_w² keeps
 * its bits: scale · 1 for he/lecun, gain²·avg for xavier, std²·fanIn for normal.
 * @internal
 */
export function nominalSigmaW2Of(v: NominalVariance, fanIn: number, fanOut: number): number {
  if ('variance' in v) return v.variance * fanIn;
  switch (v.mode) {
    case 'fanIn': return v.scale * 1;
    case 'fanOut': return v.scale * (fanIn / fanOut);
    case 'fanAvg': return v.scale * (2 * fanIn / (fanIn + fanOut));
    case 'fanGeoAvg': return v.scale * (fanIn / Math.sqrt(fanIn * fanOut));
  }
}

/** The descriptor of a built-in initializer function (under whatever name it is registered), or undefined. @internal */
export function descriptorOfFunction(fn: AnyInitializer): InitializerDescriptor | undefined {
  return initializerDescriptors.find((d) => d.fn === fn);
}
