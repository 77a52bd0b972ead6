// weight-init/tfjs: registered TF.js initializers in a tfjs-layers model (tfjs-core with the cpu
// backend, no tfjs-node): the weights are weight-init's values for the seed (layout 'tf'), and the
// model config round-trips through toJSON / modelFromJSON with the classes deserialized.
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  WeightInitConstant, WeightInitDirac, WeightInitGlorotNormal, WeightInitHeNormal, WeightInitKaimingNormal,
  WeightInitKaimingUniform, WeightInitOrthogonal, WeightInitTruncatedNormal, WeightInitUniform, WeightInitZeros,
  registerTfInitializers, tfInitializer, tfInitializerClasses,
} from '../../src/tfjs.js';
import {
  constant, deltaOrthogonal, dirac, getInitializer, glorotNormal, heNormal, kaimingNormal, kaimingUniform, manualSeed, orthogonal,
  registerInitializer, truncatedNormal, uniform,
} from '../../src/index.js';
import { initializerNames, initializerTable } from '../../src/initializers/registry.js';
import { initializerDescriptors } from '../../src/initializers/descriptors.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

function weights(model: tfl.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync() as Float32Array);
}

function build(): tfl.Sequential {
  const model = tfl.sequential();
  model.add(tfl.layers.conv2d({
    inputShape: [8, 8, 3], filters: 4, kernelSize: 3,
    kernelInitializer: new WeightInitKaimingNormal({ seed: 1, mode: 'fanOut', nonlinearity: 'leaky_relu', a: 0.1 }),
    biasInitializer: new WeightInitConstant({ value: 0.5 }),
  }));
  model.add(tfl.layers.conv2d({ filters: 4, kernelSize: 3, kernelInitializer: new WeightInitDirac({ groups: 2 }), useBias: false }));
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({
    units: 16, kernelInitializer: new WeightInitHeNormal({ seed: 2n ** 60n + 3n }),
    biasInitializer: new WeightInitUniform({ seed: 3, low: -0.1, high: 0.1 }),
  }));
  model.add(tfl.layers.dense({
    units: 8, kernelInitializer: new WeightInitGlorotNormal({ seed: 4 }), biasInitializer: new WeightInitZeros(),
  }));
  model.add(tfl.layers.dense({ units: 8, kernelInitializer: new WeightInitOrthogonal({ seed: 5, gain: 2 }) }));
  model.add(tfl.layers.dense({
    units: 5, kernelInitializer: new WeightInitTruncatedNormal({ seed: 6, std: 0.02, a: -1, b: 3, fans: { fanIn: 3, fanOut: 4 } }),
    biasInitializer: new WeightInitKaimingUniform({ seed: 7, fans: { fanIn: 10, fanOut: 5 } }),
  }));
  return model;
}

function expected(): Float32Array[] {
  return [
    kaimingNormal([3, 3, 3, 4], { seed: 1, layout: 'tf', mode: 'fanOut', nonlinearity: 'leaky_relu', a: 0.1 }),
    constant([4], { value: 0.5, layout: 'tf' }),
    dirac([3, 3, 4, 4], { layout: 'tf', groups: 2 }),
    heNormal([64, 16], { seed: 2n ** 60n + 3n, layout: 'tf' }),
    uniform([16], { seed: 3, low: -0.1, high: 0.1, layout: 'tf' }),
    glorotNormal([16, 8], { seed: 4, layout: 'tf' }),
    new Float32Array(8),
    orthogonal([8, 8], { seed: 5, gain: 2, layout: 'tf' }),
    new Float32Array(8), // dense default bias: TF.js zeros
    truncatedNormal([8, 5], { seed: 6, std: 0.02, a: -1, b: 3, layout: 'tf', fans: { fanIn: 3, fanOut: 4 } }),
    kaimingUniform([5], { seed: 7, fans: { fanIn: 10, fanOut: 5 } }),
  ];
}

describe('weight-init/tfjs', () => {
  test('a tfjs-layers model gets exactly weight-init\'s values for the seed (layout tf)', () => {
    const got = weights(build());
    const want = expected();
    expect(got.length).toBe(want.length);
    got.forEach((w, i) => expect(w, `weight ${i}`).toEqual(want[i]));
  });

  test('the model config round-trips through toJSON / modelFromJSON, and rebuilt models draw the same weights', async () => {
    const model = build();
    const json = JSON.parse(model.toJSON() as string);
    const text = JSON.stringify(json);
    expect(text).toContain('"class_name":"WeightInitKaimingNormal"');
    expect(text).toContain('"class_name":"WeightInitHeNormal"');
    const again = await tfl.models.modelFromJSON({ modelTopology: json });
    const layers = again.layers as unknown as { kernelInitializer?: unknown; biasInitializer?: unknown }[];
    expect(layers[0]!.kernelInitializer).toBeInstanceOf(WeightInitKaimingNormal);
    expect(layers[3]!.kernelInitializer).toBeInstanceOf(WeightInitHeNormal);
    // Same configs (the bigint seed travels as a decimal string), same weights.
    expect((layers[3]!.kernelInitializer as InstanceType<typeof WeightInitHeNormal>).getConfig().seed).toBe(String(2n ** 60n + 3n));
    expect(JSON.parse(again.toJSON() as string)).toEqual(json);
    weights(again).forEach((w, i) => expect(w, `weight ${i}`).toEqual(expected()[i]));
  });

  test('getConfig returns the options with layout and seed; fromConfig rebuilds an equal initializer', () => {
    const a = new WeightInitKaimingNormal({ seed: 9, mode: 'fanOut' });
    expect(a.getConfig()).toEqual({ seed: 9, mode: 'fanOut', layout: 'tf' });
    expect(a.getClassName()).toBe('WeightInitKaimingNormal');
    const b = tf.serialization.SerializationMap.getMap().classNameMap.WeightInitKaimingNormal!;
    const c = b[1](b[0], a.getConfig()) as InstanceType<typeof WeightInitKaimingNormal>;
    expect(c.apply([6, 5]).dataSync()).toEqual(a.apply([6, 5]).dataSync());
    // Seeded: every apply gives the same values (TF.js / Keras semantics).
    expect(a.apply([6, 5]).dataSync()).toEqual(kaimingNormal([6, 5], { seed: 9, mode: 'fanOut', layout: 'tf' }));
  });

  test('every initializer has a registered, prefixed class', () => {
    const map = tf.serialization.SerializationMap.getMap().classNameMap;
    for (const name of initializerNames()) {
      const cls = tfInitializerClasses[name];
      expect(cls, name).toBeDefined();
      expect(cls!.className).toBe(`WeightInit${name[0]!.toUpperCase()}${name.slice(1)}`);
      expect(map[cls!.className], name).toBeDefined();
    }
    expect(tfInitializer('he_normal', { seed: 1 })).toBeInstanceOf(tfInitializerClasses.heNormal!);
    expect(tfInitializer('kaiming_normal_', { seed: 1 }).apply([4, 3]).dataSync()).toEqual(kaimingNormal([4, 3], { seed: 1, layout: 'tf' }));
  });

  test('every descriptor has its class; construction dry-runs the options on the descriptor\'s probe shape', () => {
    for (const d of initializerDescriptors) {
      const cls = tfInitializerClasses[d.name];
      expect(cls, d.name).toBeDefined();
      const config: Record<string, unknown> = { seed: 1 };
      for (const o of d.options) if (o.kind !== 'choice' && o.default === undefined) config[o.name] = o.example;
      for (const layout of ['tf', 'torch']) expect(() => new cls!({ ...config, layout }), `${d.name} ${layout}`).not.toThrow();
      expect(() => new cls!({ ...config, notAnOption: 1 }), d.name).toThrow(/notAnOption/);
    }
    // The probe's rank is the initializer's: dirac's groups and deltaOrthogonal's center are checked at construction.
    expect(() => new WeightInitDirac({ groups: 0 })).toThrow(/groups/);
    expect(() => new tfInitializerClasses.deltaOrthogonal!({ center: 'middle' })).toThrow(/center/);
  });

  test('unseeded: a per-instance stream seeded from the default generator (manualSeed makes it reproducible)', () => {
    manualSeed(11);
    const a = new WeightInitUniform();
    const first = a.apply([100]).dataSync();
    const second = a.apply([100]).dataSync();
    expect(second).not.toEqual(first); // one stream, continued
    manualSeed(11);
    const b = new WeightInitUniform();
    expect(b.apply([100]).dataSync()).toEqual(first);
    expect(b.getConfig()).toEqual({ layout: 'tf' }); // no seed stored: a loaded model draws anew
  });

  test('bad configs fail at construction, naming the option', () => {
    expect(() => new WeightInitKaimingNormal({ seed: -1 })).toThrow(/seed/);
    expect(() => new WeightInitKaimingNormal({ seed: 'x1' })).toThrow(/seed/);
    expect(() => new WeightInitKaimingNormal({ mode: 'fanSideways' as 'fanIn' })).toThrow(TypeError);
    expect(() => new WeightInitKaimingNormal({ mode: 'fanSideways' as 'fanIn' })).toThrow(/mode/);
    expect(() => new WeightInitUniform({ low: 1, high: 0 })).toThrow(RangeError);
    expect(() => new WeightInitConstant({} as { value: number })).toThrow(/value/);
    expect(() => new WeightInitNormalTypo()).toThrow(/stdev/);
    expect(() => new WeightInitUniform({ out: new Float32Array(1) } as never)).toThrow(/out/);
    expect(() => new WeightInitUniform({ seed: 1 }).apply([2], 'int32')).toThrow(/dtype/);
    expect(() => tfInitializer('nope')).toThrow(/id/);
  });
});

describe('registration without side-effect imports ("sideEffects": false)', () => {
  test('src/ has no bare import (`import \'./x.js\'` with no bindings): a bundler would drop it', () => {
    const root = new URL('../../src/', import.meta.url);
    const bare: string[] = [];
    for (const f of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
      if (!f.endsWith('.ts')) continue;
      readFileSync(new URL(f, root), 'utf8').split('\n').forEach((line, i) => {
        if (/^\s*import\s*['"]/.test(line)) bare.push(`src/${f}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(bare).toEqual([]);
  });

  test('the built-ins: 23 names, each once; orthogonal and deltaOrthogonal are registry entries like the rest', () => {
    const names = initializerNames();
    expect(names.length).toBe(23);
    expect(Object.keys(tfInitializerClasses).sort()).toEqual(names);
    for (const id of ['orthogonal', 'delta_orthogonal', 'convolutionalDeltaOrthogonal', 'he_normal', 'zero', 'trunc_normal_']) {
      expect(initializerTable().get(id.toLowerCase().replace(/[_-]/g, ''))?.builtin, id).toBe(true);
    }
    expect(getInitializer('delta_orthogonal')([3, 3, 2, 4], { seed: 1, layout: 'tf' })).toEqual(deltaOrthogonal([3, 3, 2, 4], { seed: 1, layout: 'tf' }));
  });

  test('registering a built-in id again is a RangeError naming it; new names register and re-register as before', () => {
    const twos = (shape: readonly number[]) => new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(2);
    const threes = (shape: readonly number[]) => new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(3);
    expect(() => registerInitializer('orthogonal', orthogonal)).toThrow(RangeError);
    expect(() => registerInitializer('orthogonal', orthogonal)).toThrow(/'orthogonal'/);
    expect(() => registerInitializer('he_normal', twos)).toThrow(/'he_normal'.*heNormal/);
    expect(() => registerInitializer('myTwos', twos, ['convolutional_delta_orthogonal'])).toThrow(/aliases: 'convolutional_delta_orthogonal'/);
    expect(() => getInitializer('my_twos')).toThrow(TypeError); // the failed call registered nothing
    expect(getInitializer('orthogonal')([2, 2], { seed: 1 })).toEqual(orthogonal([2, 2], { seed: 1 }));
    registerInitializer('myTwos', twos, ['deux']);
    expect(Array.from(getInitializer('my_twos')([2]))).toEqual([2, 2]);
    registerInitializer('myTwos', threes); // documented: re-registering your own name replaces it
    expect(Array.from(getInitializer('MyTwos')([2]))).toEqual([3, 3]);
    expect(() => registerInitializer('', twos)).toThrow(TypeError);
    expect(() => registerInitializer('x', twos, [3 as never])).toThrow(/aliases/);
  });

  // Last in the file: the fresh graph registers its own classes with tf.serialization.
  test('a fresh module graph holding only src/tfjs.ts: every class finds its initializer, and registerTfInitializers restores the classes', async () => {
    vi.resetModules();
    const fresh = await import('../../src/tfjs.js');
    expect(fresh.WeightInitHeNormal).not.toBe(WeightInitHeNormal); // really a new module instance
    expect(new fresh.WeightInitHeNormal({ seed: 1 }).apply([4, 3]).dataSync()).toEqual(heNormal([4, 3], { seed: 1, layout: 'tf' }));
    for (const [name, cls] of Object.entries(fresh.tfInitializerClasses)) {
      const config = { seed: 2, ...(name === 'constant' ? { value: 0.5 } : name === 'sparse' ? { sparsity: 0.5 } : {}) };
      const shape = name === 'dirac' || name === 'deltaOrthogonal' ? [3, 3, 2, 4] : [4, 3];
      expect(new cls(config as never).apply(shape).shape, name).toEqual(shape);
    }
    const map = tf.serialization.SerializationMap.getMap().classNameMap;
    expect(map.WeightInitHeNormal![0]).toBe(fresh.WeightInitHeNormal);
    expect(registerTfInitializers()).toBe(tfInitializerClasses);
    expect(map.WeightInitHeNormal![0]).toBe(WeightInitHeNormal);
  });
});

class WeightInitNormalTypo extends (tfInitializerClasses.normal!) {
  constructor() {
    super({ stdev: 1 } as never);
  }
}
