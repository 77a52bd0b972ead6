// descriptors.ts is the single source of what the library knows about each built-in initializer:
// these tests hold every descriptor to the behaviour of its function (ids, options, ranks, probe
// shape, row slicing, presets, nominal variance) and the readers (registry, simulate's theory) to
// the descriptors.
import { describe, expect, test } from 'vitest';
import { Generator } from '../../src/random/generator.js';
import * as publicApi from '../../src/index.js';
import { calculateGain, varianceScaling } from '../../src/initializers/index.js';
import {
  initializerDescriptors, type InitializerDescriptor, type OptionDescriptor,
} from '../../src/initializers/descriptors.js';
import {
  builtinTable, initializerNames, initializerTable, lookupDescriptor, registerInitializer,
} from '../../src/initializers/registry.js';
import { nominalSigmaW2 } from '../../src/simulate/nominal.js';

type Opts = Record<string, unknown>;

/** Valid values for the options a call cannot omit (constant's value, sparse's sparsity). */
function required(d: InitializerDescriptor): Opts {
  const o: Opts = {};
  for (const opt of d.options) if (opt.kind !== 'choice' && opt.default === undefined) o[opt.name] = opt.example;
  return o;
}

/** A small non-empty shape of the initializer's smallest rank of 2 or more, every dim `n`. */
function shapeFor(d: InitializerDescriptor, n = 3): number[] {
  return new Array<number>(Math.max(d.ranks[0], 2)).fill(n);
}

const ids = (d: InitializerDescriptor): string[] => [d.name, ...d.aliases];

describe('ids: the registry is built from the descriptors', () => {
  test('every registry id resolves to its descriptor, and every descriptor id to the registry entry', () => {
    for (const [key, entry] of initializerTable()) {
      if (!entry.builtin) continue;
      expect(entry.descriptor, key).toBeDefined();
      expect(entry.descriptor!.name, key).toBe(entry.name);
      expect(entry.descriptor!.fn, key).toBe(entry.fn);
    }
    for (const d of initializerDescriptors) {
      for (const id of ids(d)) expect(lookupDescriptor(id), id).toBe(d);
    }
    expect(initializerNames().filter((n) => lookupDescriptor(n) !== undefined)).toEqual(initializerDescriptors.map((d) => d.name).sort());
  });

  test('Keras, TF.js, PyTorch and JAX spellings reach the descriptor by normalisation alone', () => {
    const spellings: [string, string][] = [
      ['he_normal', 'heNormal'], ['HeNormal', 'heNormal'], ['kaiming_normal_', 'kaimingNormal'], ['leCunNormal', 'lecunNormal'],
      ['lecun_uniform', 'lecunUniform'], ['glorot_uniform', 'glorotUniform'], ['xavier_normal_', 'xavierNormal'],
      ['trunc_normal_', 'truncatedNormal'], ['random_normal', 'normal'], ['RandomUniform', 'uniform'], ['variance_scaling', 'varianceScaling'],
      ['convolutional_delta_orthogonal', 'deltaOrthogonal'], ['eye_', 'eye'], ['zero', 'zeros'], ['Ones', 'ones'],
    ];
    for (const [id, name] of spellings) expect(lookupDescriptor(id)?.name, id).toBe(name);
    expect(lookupDescriptor('no_such_init')).toBeUndefined();
  });

  test('registering a built-in twice throws: through registerInitializer, and in the descriptor table itself', () => {
    const twos = (shape: readonly number[]) => new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(2);
    for (const d of initializerDescriptors) {
      for (const id of ids(d)) expect(() => registerInitializer(id, twos), id).toThrow(RangeError);
    }
    const he = initializerDescriptors.find((d) => d.name === 'heNormal')!;
    expect(() => builtinTable([...initializerDescriptors, { ...he, name: 'he_normal', aliases: [] }])).toThrow(/'he_normal' is registered twice/);
    expect(() => builtinTable([...initializerDescriptors, { ...he, name: 'myHe', aliases: ['random-normal'] }])).toThrow(/'random-normal'.*'normal'/);
    expect(builtinTable().size).toBe(initializerDescriptors.reduce((n, d) => n + 1 + d.aliases.length, 0));
  });
});

describe('the public export', () => {
  test('initializerDescriptors is exported from the main entry, frozen all the way down to the functions', () => {
    expect(publicApi.initializerDescriptors).toBe(initializerDescriptors);
    expect(initializerDescriptors).toHaveLength(23);
    expect(Object.isFrozen(initializerDescriptors)).toBe(true);
    for (const d of initializerDescriptors) {
      for (const part of [d, d.aliases, d.options, d.ranks, d.probeShape, ...d.options]) expect(Object.isFrozen(part), d.name).toBe(true);
      expect(typeof d.fn, d.name).toBe('function');
      expect(d.fn, d.name).toBe((publicApi as unknown as Record<string, unknown>)[d.name]);
    }
    expect(() => (initializerDescriptors as InitializerDescriptor[]).push(initializerDescriptors[0]!)).toThrow(TypeError);
  });
});

describe('shapes: ranks and probe shapes', () => {
  test('every probe shape is valid in both layouts, draws nothing, and has a rank the initializer takes', () => {
    for (const d of initializerDescriptors) {
      expect(d.probeShape.length, d.name).toBeGreaterThanOrEqual(d.ranks[0]);
      expect(d.probeShape.length, d.name).toBeLessThanOrEqual(d.ranks[1]);
      for (const layout of ['torch', 'tf'] as const) {
        const g = new Generator(5);
        const before = g.position;
        const w = d.fn(d.probeShape, { ...required(d), layout, generator: g });
        expect(w.length, `${d.name} ${layout}`).toBe(d.probeShape.reduce((a, b) => a * b, 1));
        // A probe exists to validate options: at most one Philox block is drawn (orthogonal's 1 x 1).
        expect(g.position - before, `${d.name} ${layout}`).toBeLessThanOrEqual(1n);
      }
    }
  });

  test('ranks: the smallest and largest are taken, one below and one above are RangeErrors naming shape', () => {
    for (const d of initializerDescriptors) {
      const [min, max] = d.ranks;
      const opts = { ...required(d), seed: 1 };
      for (const rank of [min, Number.isFinite(max) ? max : min + 2]) {
        expect(() => d.fn(new Array<number>(rank).fill(2), opts), `${d.name} rank ${rank}`).not.toThrow();
      }
      if (min > 0) expect(() => d.fn(new Array<number>(min - 1).fill(2), opts), `${d.name} rank ${min - 1}`).toThrow(/shape/);
      if (Number.isFinite(max)) expect(() => d.fn(new Array<number>(max + 1).fill(2), opts), `${d.name} rank ${max + 1}`).toThrow(/shape/);
    }
  });
});

describe('options schema', () => {
  const valid = (opt: OptionDescriptor): unknown[] => (opt.kind === 'choice' ? [...opt.choices] : [opt.example]);

  test('defaults are the initializer\'s: giving the default explicitly changes no bit', () => {
    for (const d of initializerDescriptors) {
      const shape = shapeFor(d, 4);
      const base = { ...required(d), seed: 3 };
      const plain = d.fn(shape, base);
      for (const opt of d.options) {
        if (opt.default === undefined) continue;
        expect(d.fn(shape, { ...base, [opt.name]: opt.default }), `${d.name}.${opt.name}`).toEqual(plain);
      }
    }
  });

  test('every choice and example is accepted; a required option, when omitted, is a TypeError naming it', () => {
    for (const d of initializerDescriptors) {
      const shape = shapeFor(d);
      for (const opt of d.options) {
        for (const v of valid(opt)) expect(() => d.fn(shape, { ...required(d), seed: 1, [opt.name]: v }), `${d.name}.${opt.name}=${String(v)}`).not.toThrow();
        if (opt.kind !== 'choice' && opt.default === undefined) {
          const { [opt.name]: _omitted, ...rest } = required(d);
          expect(() => d.fn(shape, { ...rest, seed: 1 }), `${d.name} without ${opt.name}`).toThrow(new RegExp(opt.name));
        }
        if (opt.kind === 'choice') expect(opt.choices, `${d.name}.${opt.name}`).toContain(opt.default);
      }
      // Every own option is in the schema: an option of no initializer is rejected by name.
      expect(() => d.fn(shape, { ...required(d), seed: 1, notAnOption: 1 }), d.name).toThrow(/notAnOption/);
    }
  });

  test('the JAX-style presets are varianceScaling with their data, value for value', () => {
    const presets = initializerDescriptors.filter((d) => d.preset !== undefined);
    expect(presets.map((d) => d.name)).toEqual(['glorotUniform', 'glorotNormal', 'heUniform', 'heNormal', 'lecunUniform', 'lecunNormal']);
    for (const d of presets) {
      for (const shape of [[7, 5], [4, 3, 3, 3]]) {
        expect(d.fn(shape, { seed: 11 }), d.name).toEqual(varianceScaling(shape, { seed: 11, ...d.preset! }));
      }
    }
  });
});

describe('sliceable: rows shards', () => {
  test('a sliceable initializer\'s rows shard is those rows of the whole tensor, and leaves the generator where the whole would', () => {
    for (const d of initializerDescriptors.filter((x) => x.sliceable)) {
      // 5 rows of 3 or 3·3 values: the shard starts mid Philox block (offset 3 or 9 is not a multiple of 4).
      const shape = [5, ...shapeFor(d).slice(1)];
      const rowSize = shape.slice(1).reduce((a, b) => a * b, 1);
      const opts = required(d);
      const whole = new Generator(21);
      const all = d.fn(shape, { ...opts, generator: whole });
      for (const [r0, r1] of [[1, 4], [0, 5], [2, 2], [4, 5]] as const) {
        const g = new Generator(21);
        const part = d.fn(shape, { ...opts, generator: g, rows: [r0, r1] });
        expect(part, `${d.name} rows [${r0}, ${r1})`).toEqual(all.subarray(r0 * rowSize, r1 * rowSize));
        expect(g.position, `${d.name} rows [${r0}, ${r1})`).toBe(whole.position);
      }
    }
  });

  test('the others (orthogonal, deltaOrthogonal) reject rows: they need the whole tensor', () => {
    const whole = initializerDescriptors.filter((d) => !d.sliceable);
    expect(whole.map((d) => d.name)).toEqual(['orthogonal', 'deltaOrthogonal']);
    for (const d of whole) expect(() => d.fn(shapeFor(d), { seed: 1, rows: [0, 1] }), d.name).toThrow(/rows/);
  });
});

// The σ_w² switch simulate/nominal.ts held before the descriptors, verbatim but for its id
// normalisation: the descriptors must give these numbers bit for bit.
function legacyNominal(id: string, o: Opts, fanIn: number, fanOut: number): number | undefined {
  const key = id.toLowerCase().replace(/[_-]/g, '');
  const num = (k: string, d: number): number => (typeof o[k] === 'number' ? (o[k] as number) : d);
  const avg = 2 * fanIn / (fanIn + fanOut);
  switch (key) {
    case 'henormal': case 'heuniform': return 2;
    case 'lecunnormal': case 'lecununiform': return 1;
    case 'glorotnormal': case 'glorotuniform': return avg;
    case 'xaviernormal': case 'xavieruniform': { const gain = num('gain', 1); return gain * gain * avg; }
    case 'kaimingnormal': case 'kaiminguniform': {
      const gain = calculateGain((o.nonlinearity as 'relu' | undefined) ?? 'leaky_relu', num('a', 0));
      return gain * gain * (o.mode === 'fanOut' || o.mode === 'fan_out' ? fanIn / fanOut : 1);
    }
    case 'normal': case 'randomnormal':
      { const std = num('std', typeof o.stddev === 'number' ? (o.stddev as number) : 1); return num('mean', 0) === 0 ? std * std * fanIn : undefined; }
    default: return undefined;
  }
}

// Options of each initializer the theory describes, the defaults first.
const THEORY_CASES: Record<string, Opts[]> = {
  normal: [{}, { std: 0.05 }, { stddev: 0.3 }, { mean: 0, std: 2.5 }],
  glorotUniform: [{}], glorotNormal: [{}], heUniform: [{}], heNormal: [{}], lecunUniform: [{}], lecunNormal: [{}],
  xavierUniform: [{}, { gain: 5 / 3 }], xavierNormal: [{}, { gain: 0.7 }],
  kaimingUniform: [{}, { mode: 'fanOut' }, { nonlinearity: 'tanh' }, { a: 0.2 }],
  kaimingNormal: [{}, { mode: 'fan_out', nonlinearity: 'relu' }, { nonlinearity: 'selu' }, { a: 0.5, nonlinearity: 'leaky_relu' }],
};

describe('nominal σ_w² (simulate\'s theory) from the descriptors', () => {
  test('the same numbers as the switch it replaces, bit for bit, for every id spelling and fan pair', () => {
    const fanPairs = [[1, 1], [256, 256], [200, 300], [784, 10], [3, 7], [1000, 999]] as const;
    const specs: [string, Opts][] = [
      ...Object.entries(THEORY_CASES).flatMap(([name, cases]) => cases.map((o) => [name, o] as [string, Opts])),
      ['he_normal', {}], ['kaiming_normal_', { mode: 'fanOut' }], ['random_normal', { stddev: 0.02 }], ['normal', { mean: 0.1 }],
      ['varianceScaling', { scale: 2 }], ['uniform', {}], ['truncatedNormal', {}], ['orthogonal', {}], ['zeros', {}], ['sparse', { sparsity: 0.1 }],
    ];
    for (const [id, o] of specs) {
      for (const [fanIn, fanOut] of fanPairs) {
        const spec = Object.keys(o).length === 0 ? id : { id, ...o };
        const got = nominalSigmaW2(spec, fanIn, fanOut);
        expect(Object.is(got, legacyNominal(id, o, fanIn, fanOut)), `${JSON.stringify(spec)} fans ${fanIn}, ${fanOut}: ${got}`).toBe(true);
      }
    }
    expect(nominalSigmaW2({ sigmaW2: 1.7 }, 3, 4)).toBe(1.7);
    expect(nominalSigmaW2(() => new Float32Array(1), 3, 4)).toBeUndefined();
  });

  test('every descriptor with a nominal variance: σ_w² equals the measured Var(W)·fanIn within 5 standard errors', () => {
    // W drawn as [fanOut, fanIn] = [300, 200] (unequal fans, so fanAvg and fanOut are told apart)
    // N = 60,000 values at a time, 4 seeds: N = 240,000. The estimator is m2 = mean(w²) (the mean
    // is 0 by construction); its standard error is √((m4 − m2²)/N) with m4 = mean(w⁴), estimated
    // from the same draw, so the tolerance is 5·SE·fanIn whatever the distribution's kurtosis
    // (uniform 1.8, normal 3, truncated normal ≈ 2.36). Under the normal approximation a correct
    // σ_w² fails with probability 6e-7 per case; the seeds are fixed, so the test is deterministic.
    const fanIn = 200, fanOut = 300, seeds = [1, 2, 3, 4];
    const described = initializerDescriptors.filter((d) => d.preset !== undefined || d.nominalVariance !== undefined);
    expect(described.map((d) => d.name).sort()).toEqual(Object.keys(THEORY_CASES).sort());
    for (const d of described) {
      for (const o of THEORY_CASES[d.name]!) {
        const nominal = nominalSigmaW2({ id: d.name, ...o }, fanIn, fanOut)!;
        let s2 = 0, s4 = 0, n = 0;
        for (const seed of seeds) {
          const w = publicApi.getInitializer(d.name, o)([fanOut, fanIn], { seed, dtype: 'float64' });
          for (let i = 0; i < w.length; i++) { const x2 = w[i]! * w[i]!; s2 += x2; s4 += x2 * x2; }
          n += w.length;
        }
        const m2 = s2 / n, m4 = s4 / n;
        const se = Math.sqrt((m4 - m2 * m2) / n) * fanIn;
        expect(Math.abs(m2 * fanIn - nominal), `${d.name} ${JSON.stringify(o)}: measured ${m2 * fanIn}, nominal ${nominal}, SE ${se}`).toBeLessThanOrEqual(5 * se);
      }
    }
  });
});
