// weight-init/tfjs: registered TF.js initializers in a tfjs-layers model (tfjs-core with the cpu
// backend, no tfjs-node): the weights are weight-init's values for the seed (layout 'tf'), and the
// model config round-trips through toJSON / modelFromJSON with the classes deserialized.
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  WeightInitConstant, WeightInitDirac, WeightInitGlorotNormal, WeightInitHeNormal, WeightInitKaimingNormal,
  WeightInitKaimingUniform, WeightInitOrthogonal, WeightInitTruncatedNormal, WeightInitUniform, WeightInitZeros,
  tfInitializer, tfInitializerClasses,
} from '../src/tfjs.js';
import {
  constant, dirac, glorotNormal, heNormal, kaimingNormal, kaimingUniform, manualSeed, orthogonal, truncatedNormal, uniform,
} from '../src/index.js';
import { initializerNames } from '../src/initializers/registry.js';

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

class WeightInitNormalTypo extends (tfInitializerClasses.normal!) {
  constructor() {
    super({ stdev: 1 } as never);
  }
}
