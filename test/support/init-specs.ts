// What the property tests know about each initializer: which shapes it takes, random valid
// options, the support of its values (written from the libraries' docs), and option corruptions
// with the argument name the error must mention.
import fc from 'fast-check';
import type { AnyInitializer } from '../../src/initializers/registry.js';
import * as I from '../../src/initializers/index.js';
import { referenceFans } from './init-moments.js';

export type Opts = Record<string, unknown>;
export type ShapeKind = 'any' | 'fan' | 'matrix' | 'dirac';

export interface Spec {
  name: string;
  fn: AnyInitializer;
  shapes: ShapeKind;
  params: fc.Arbitrary<Opts>;
  /** Whether v is inside the documented support for this call. */
  within: (v: number, shape: number[], o: Opts) => boolean;
  /** Option patches that must fail, with the argument the message must name. */
  bad: [Opts, RegExp][];
}

const TRUNC = 0.87962566103423978;
const f32 = Math.fround;
const EPS = 1e-6; // float32 rounding slack for Box–Muller tails (|z| <= 5.77)
const sym = (limit: number) => (v: number) => Math.abs(v) <= f32(limit) * (1 + 2 ** -23);
const normalWithin = (mean: number, std: number) => (v: number) => Math.abs(v - mean) <= 5.8 * std * (1 + EPS) + Math.abs(mean) * EPS;

function fansOf(shape: number[], o: Opts): { fanIn: number; fanOut: number } {
  return (o.fans as { fanIn: number; fanOut: number } | undefined) ?? referenceFans(shape, (o.layout as 'torch' | 'tf' | undefined) ?? 'torch');
}

function denom(shape: number[], o: Opts, mode: string): number {
  const { fanIn, fanOut } = fansOf(shape, o);
  return { fanIn, fanOut, fanAvg: (fanIn + fanOut) / 2, fanGeoAvg: Math.sqrt(fanIn * fanOut) }[mode]!;
}

function vsWithin(scale: number, n: number, distribution: string): (v: number) => boolean {
  if (distribution === 'uniform') return sym(Math.sqrt((3 * scale) / n));
  if (distribution === 'truncatedNormal') return (v) => Math.abs(v) <= 2 * (Math.sqrt(scale / n) / TRUNC) * (1 + 1e-15);
  return normalWithin(0, Math.sqrt(scale / n));
}

// PyTorch's calculate_gain table, written from its docs.
function torchGain(nl: string, a: number): number {
  return ({ linear: 1, sigmoid: 1, tanh: 5 / 3, relu: Math.SQRT2, leaky_relu: Math.sqrt(2 / (1 + a * a)), selu: 0.75 } as Record<string, number>)[nl]!;
}

const scaleArb = fc.double({ min: 0.01, max: 10, noNaN: true });
const FAN_BAD: [Opts, RegExp][] = [];

const preset = (name: string, fn: AnyInitializer, scale: number, mode: string, distribution: string): Spec => ({
  name, fn, shapes: 'fan', params: fc.constant({}),
  within: (v, s, o) => vsWithin(scale, denom(s, o, mode), distribution)(v), bad: FAN_BAD,
});

export const SPECS: Spec[] = [
  { name: 'zeros', fn: I.zeros, shapes: 'any', params: fc.constant({}), within: (v) => v === 0, bad: [] },
  { name: 'ones', fn: I.ones, shapes: 'any', params: fc.constant({}), within: (v) => v === 1, bad: [] },
  {
    name: 'constant', fn: I.constant, shapes: 'any', params: fc.record({ value: fc.double({ min: -1e6, max: 1e6, noNaN: true }) }),
    within: (v, _s, o) => v === f32(o.value as number), bad: [[{ value: Number.NaN }, /value/], [{ value: '1' }, /value/]],
  },
  { name: 'eye', fn: I.eye, shapes: 'matrix', params: fc.constant({}), within: (v) => v === 0 || v === 1, bad: [] },
  {
    name: 'identity', fn: I.identity, shapes: 'matrix', params: fc.record({ gain: fc.double({ min: -5, max: 5, noNaN: true }) }),
    within: (v, _s, o) => v === 0 || v === f32(o.gain as number), bad: [[{ gain: Infinity }, /gain/]],
  },
  { name: 'dirac', fn: I.dirac, shapes: 'dirac', params: fc.constant({}), within: (v) => v === 0 || v === 1, bad: [[{ groups: 0 }, /groups/], [{ groups: 1.5 }, /groups/]] },
  {
    name: 'uniform', fn: I.uniform, shapes: 'any',
    params: fc.tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: 0.001, max: 100, noNaN: true })).map(([low, w]) => ({ low, high: low + w })),
    within: (v, _s, o) => v >= f32(o.low as number) && v <= f32(o.high as number),
    bad: [[{ low: 2, high: 1 }, /low/], [{ high: Number.NaN }, /high/]],
  },
  {
    name: 'normal', fn: I.normal, shapes: 'any',
    params: fc.record({ mean: fc.double({ min: -10, max: 10, noNaN: true }), std: fc.double({ min: 0.001, max: 10, noNaN: true }) }),
    within: (v, _s, o) => normalWithin(o.mean as number, o.std as number)(v),
    bad: [[{ std: -1 }, /std/], [{ mean: Infinity }, /mean/], [{ std: 0 }, /std/]],
  },
  {
    name: 'truncatedNormal', fn: I.truncatedNormal, shapes: 'any',
    params: fc.record({
      mean: fc.double({ min: -1, max: 1, noNaN: true }), std: fc.double({ min: 0.01, max: 3, noNaN: true }),
      a: fc.double({ min: -3, max: 1, noNaN: true }), w: fc.double({ min: 0.1, max: 3, noNaN: true }),
      bounds: fc.constantFrom('sigma', 'absolute'),
    }).map(({ w, ...o }) => {
      // 'absolute' bounds: the same interval expressed as values (so it stays near the mean).
      const b = o.a + w;
      return o.bounds === 'sigma' ? { ...o, b } : { ...o, a: o.mean + o.a * o.std, b: o.mean + b * o.std };
    }),
    within: (v, _s, o) => {
      const [m, s, a, b] = [o.mean, o.std, o.a, o.b] as number[];
      const sigma = o.bounds === 'sigma';
      return v >= (sigma ? m! + a! * s! : a!) && v <= (sigma ? m! + b! * s! : b!);
    },
    bad: [[{ a: 3, b: 1 }, /a/], [{ bounds: 'relative' }, /bounds/], [{ std: -2 }, /std/]],
  },
  {
    name: 'sparse', fn: I.sparse, shapes: 'matrix',
    params: fc.record({ sparsity: fc.double({ min: 0, max: 1, noNaN: true }), std: fc.double({ min: 0.001, max: 2, noNaN: true }) }),
    within: (v, _s, o) => normalWithin(0, o.std as number)(v),
    bad: [[{ sparsity: -0.1 }, /sparsity/], [{ sparsity: 1.5 }, /sparsity/], [{ std: 0 }, /std/]],
  },
  {
    name: 'varianceScaling', fn: I.varianceScaling, shapes: 'fan',
    params: fc.record({
      scale: scaleArb, mode: fc.constantFrom('fanIn', 'fanOut', 'fanAvg', 'fanGeoAvg'),
      distribution: fc.constantFrom('truncatedNormal', 'normal', 'uniform'),
    }),
    within: (v, s, o) => vsWithin(o.scale as number, denom(s, o, o.mode as string), o.distribution as string)(v),
    bad: [[{ scale: 0 }, /scale/], [{ mode: 'fan' }, /mode/], [{ distribution: 'gauss' }, /distribution/]],
  },
  preset('glorotUniform', I.glorotUniform, 1, 'fanAvg', 'uniform'),
  preset('glorotNormal', I.glorotNormal, 1, 'fanAvg', 'truncatedNormal'),
  preset('heUniform', I.heUniform, 2, 'fanIn', 'uniform'),
  preset('heNormal', I.heNormal, 2, 'fanIn', 'truncatedNormal'),
  preset('lecunUniform', I.lecunUniform, 1, 'fanIn', 'uniform'),
  preset('lecunNormal', I.lecunNormal, 1, 'fanIn', 'truncatedNormal'),
  {
    name: 'xavierUniform', fn: I.xavierUniform, shapes: 'fan', params: fc.record({ gain: fc.double({ min: 0.01, max: 5, noNaN: true }) }),
    within: (v, s, o) => { const { fanIn, fanOut } = fansOf(s, o); return sym((o.gain as number) * Math.sqrt(6 / (fanIn + fanOut)))(v); },
    bad: [[{ gain: -1 }, /gain/], [{ gain: 'x' }, /gain/]],
  },
  {
    name: 'xavierNormal', fn: I.xavierNormal, shapes: 'fan', params: fc.record({ gain: fc.double({ min: 0.01, max: 5, noNaN: true }) }),
    within: (v, s, o) => { const { fanIn, fanOut } = fansOf(s, o); return normalWithin(0, (o.gain as number) * Math.sqrt(2 / (fanIn + fanOut)))(v); },
    bad: [[{ gain: 0 }, /gain/]],
  },
  ...(['kaimingUniform', 'kaimingNormal'] as const).map((name): Spec => ({
    name, fn: I[name], shapes: 'fan',
    params: fc.record({
      a: fc.double({ min: -1, max: 1, noNaN: true }), mode: fc.constantFrom('fanIn', 'fanOut'),
      nonlinearity: fc.constantFrom('leaky_relu', 'relu', 'tanh', 'linear', 'sigmoid', 'selu'),
    }),
    within: (v, s, o) => {
      const std = torchGain(o.nonlinearity as string, o.a as number) / Math.sqrt(denom(s, o, o.mode as string));
      return name === 'kaimingUniform' ? sym(Math.sqrt(3) * std)(v) : normalWithin(0, std)(v);
    },
    bad: [[{ mode: 'fanAvg' }, /mode/], [{ nonlinearity: 'gelu' }, /nonlinearity/], [{ a: Number.NaN }, /\ba\b/]],
  })),
];

// Counterexamples print a spec by its name rather than its closures.
for (const spec of SPECS) Object.defineProperty(spec, fc.toStringMethod, { value: () => spec.name });

/** A valid shape for a spec's shape kind, with the layout/fans options it needs. */
export function shapeArb(kind: ShapeKind): fc.Arbitrary<{ shape: number[]; extra: Opts }> {
  const dim = fc.integer({ min: 0, max: 5 });
  const layout = fc.constantFrom('torch', 'tf');
  switch (kind) {
    case 'any':
      return fc.record({ shape: fc.array(dim, { maxLength: 4 }), extra: fc.record({ layout }, { requiredKeys: [] }) });
    case 'matrix':
      return fc.record({ shape: fc.array(dim, { minLength: 2, maxLength: 2 }), extra: fc.record({ layout }, { requiredKeys: [] }) });
    case 'dirac':
      return fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 4 }), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }), layout)
        .map(([groups, perGroup, inCh, kernel, l]) => ({
          shape: l === 'tf' ? [...kernel, inCh, groups * perGroup] : [groups * perGroup, inCh, ...kernel],
          extra: { layout: l, groups },
        }));
    case 'fan':
      return fc.oneof(
        fc.record({ shape: fc.array(dim, { minLength: 2, maxLength: 4 }), extra: fc.constant({ layout: 'torch' }) }),
        fc.record({ shape: fc.array(dim, { maxLength: 4 }), extra: fc.constant({ layout: 'tf' }) }),
        fc.record({
          shape: fc.array(dim, { maxLength: 3 }),
          extra: fc.record({ fans: fc.record({ fanIn: fc.double({ min: 0.5, max: 100, noNaN: true }), fanOut: fc.double({ min: 0.5, max: 100, noNaN: true }) }) }),
        }),
      );
  }
}
