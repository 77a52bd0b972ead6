// weight-init/tfjs: every weight-init initializer as a TF.js `Initializer` subclass, registered
// with `tf.serialization` so layers models that use them save and load. Kept out of the main entry:
// @tensorflow/tfjs-core and @tensorflow/tfjs-layers are peer dependencies of this subpath only.
// The package is "sideEffects": false, so nothing here may depend on a bare import: the
// initializers come from the registry through a value import (lookupInitializer), and a page that
// only loads saved models calls registerTfInitializers() rather than `import 'weight-init/tfjs'`.
// Each class validates its config on its initializer's probe shape (the descriptor's).
import { serialization, tensor, type DataType, type Tensor } from '@tensorflow/tfjs-core';
import { initializers as tfInitializers } from '@tensorflow/tfjs-layers';
import type { Initializer as TfInitializer } from '@tensorflow/tfjs-layers/dist/initializers.js';
import { Generator } from '../random/generator.js';
import { defaultGenerator } from '../random/default-generator.js';
import { lookupInitializer, type AnyInitializer } from '../initializers/registry.js';
import type { InitOptions } from '../initializers/common.js';
import type { ConstantOptions, DiracOptions, IdentityOptions } from '../initializers/constant.js';
import type { NormalInitOptions, SparseOptions, TruncatedNormalInitOptions, UniformInitOptions } from '../initializers/random.js';
import type { KaimingOptions, VarianceScalingOptions, XavierOptions } from '../initializers/variance-scaling.js';
import type { DeltaOrthogonalOptions, OrthogonalOptions } from '../initializers/orthogonal.js';
import { describe } from '../validate.js';

// tfjs-layers exports its initializers but not their base class; every built-in extends it.
const Base = Object.getPrototypeOf(tfInitializers.zeros().constructor) as abstract new () => TfInitializer;

/**
 * The options of a weight-init initializer as a TF.js config: everything but the per-call ones
 * (`generator`, `out`, `dtype`, `rows`). `seed` may also be a decimal string (how a bigint seed is
 * stored in JSON). `layout` defaults to `'tf'` here: TF.js weights are `[in, out]` and
 * `[...kernel, in, out]`.
 */
export type TfConfig<O extends InitOptions> = Omit<O, 'generator' | 'out' | 'dtype' | 'rows' | 'seed'> & {
  seed?: number | bigint | string;
};

/** An instance of one of the registered classes: a TF.js `Initializer` drawing weight-init's values. */
export interface WeightInitTfInitializer extends TfInitializer {
  /** weight-init's canonical name of the initializer (`'kaimingNormal'`, …). */
  readonly initializerName: string;
  /** A float32 tensor of `shape` holding exactly what the weight-init initializer returns for it. */
  apply(shape: number[], dtype?: DataType): Tensor;
  /** The options given to the constructor (`layout` filled in; a bigint seed as a decimal string). */
  getConfig(): serialization.ConfigDict;
}

/** The constructor of a registered class; `className` is its name in saved models. */
export interface WeightInitTfClass<O extends InitOptions> {
  new (config?: TfConfig<O>): WeightInitTfInitializer;
  /** `'WeightInit'` + the PascalCase initializer name, e.g. `'WeightInitKaimingNormal'`. */
  readonly className: string;
}

const PER_CALL = ['generator', 'out', 'dtype', 'rows'];

function parseSeed(x: unknown): number | bigint | undefined {
  if (x === undefined || x === null) return undefined;
  if (typeof x === 'string') {
    if (!/^\d+$/.test(x)) throw new TypeError(`seed must be a non-negative integer, a bigint or a decimal string, got ${describe(x)}`);
    return BigInt(x);
  }
  return x as number | bigint; // checked by new Generator(seed)
}

function make<O extends InitOptions>(name: string): WeightInitTfClass<O> {
  const className = `WeightInit${name[0]!.toUpperCase()}${name.slice(1)}`;
  const cls = class extends Base implements WeightInitTfInitializer {
    static className = className;

    /** tfjs-layers adds `customObjects` to the config it deserializes; it is not an option. */
    static fromConfig<T extends serialization.Serializable>(c: serialization.SerializableConstructor<T>, config: serialization.ConfigDict): T {
      const { customObjects: _, ...rest } = config;
      return new c(rest);
    }
    readonly initializerName = name;
    readonly #fn: AnyInitializer;
    readonly #options: Record<string, unknown>;
    readonly #seed: number | bigint | undefined;
    readonly #generator: Generator | undefined;

    constructor(config?: TfConfig<O>) {
      super();
      if (config !== undefined && (config === null || typeof config !== 'object' || Array.isArray(config))) {
        throw new TypeError(`config must be an object, got ${describe(config)}`);
      }
      const raw: Record<string, unknown> = { ...(config ?? {}) };
      for (const k of PER_CALL) {
        if (k in raw) throw new TypeError(`config: '${k}' is a per-call option and cannot be stored in a TF.js initializer`);
      }
      const seed = parseSeed(raw.seed);
      delete raw.seed;
      if (seed !== undefined) new Generator(seed); // validates: TypeError/RangeError naming seed
      raw.layout ??= 'tf';
      const entry = lookupInitializer(name)!;
      this.#fn = entry.fn;
      this.#options = raw;
      this.#seed = seed;
      // Validate every option now (the initializer checks them all before drawing) on its
      // descriptor's probe shape (the smallest it takes, empty where it can be), with a throwaway
      // generator, so a bad config fails here.
      this.#fn(entry.descriptor!.probeShape, { ...raw, generator: new Generator(0) });
      // Unseeded: a stream of this instance's own, seeded from two words of the default generator.
      this.#generator = seed === undefined ? new Generator(seedFrom(defaultGenerator())) : undefined;
    }

    apply(shape: number[], dtype?: DataType): Tensor {
      if (dtype !== undefined && dtype !== 'float32') {
        throw new TypeError(`dtype: ${className} makes float32 tensors, got ${describe(dtype)}`);
      }
      const source = this.#seed !== undefined ? { seed: this.#seed } : { generator: this.#generator };
      const values = this.#fn(shape, { ...this.#options, ...source }) as Float32Array;
      return tensor(values, shape, 'float32');
    }

    override getConfig(): serialization.ConfigDict {
      const config = { ...this.#options } as serialization.ConfigDict;
      if (this.#seed !== undefined) config.seed = typeof this.#seed === 'bigint' ? this.#seed.toString() : this.#seed;
      return config;
    }
  };
  serialization.registerClass(cls as unknown as serialization.SerializableConstructor<serialization.Serializable>);
  return cls as unknown as WeightInitTfClass<O>;
}

function seedFrom(g: Generator): bigint {
  const w = g.uint32(2);
  return BigInt(w[0]!) | (BigInt(w[1]!) << 32n);
}

/** `zeros` as a TF.js initializer (`className` `'WeightInitZeros'`). */
export const WeightInitZeros = make<InitOptions>('zeros');
/** `ones` as a TF.js initializer. */
export const WeightInitOnes = make<InitOptions>('ones');
/** `constant` as a TF.js initializer (`{ value }` required). */
export const WeightInitConstant = make<ConstantOptions>('constant');
/** `eye` as a TF.js initializer (2-D weights). */
export const WeightInitEye = make<InitOptions>('eye');
/** `identity` as a TF.js initializer (2-D weights, `{ gain }`). */
export const WeightInitIdentity = make<IdentityOptions>('identity');
/** `dirac` as a TF.js initializer (3- to 5-D convolution kernels; `layout` 'tf' by default). */
export const WeightInitDirac = make<DiracOptions>('dirac');
/** `uniform` as a TF.js initializer (`{ low, high }`, defaults 0 and 1). */
export const WeightInitUniform = make<UniformInitOptions>('uniform');
/** `normal` as a TF.js initializer (`{ mean, std }`, defaults 0 and 1). */
export const WeightInitNormal = make<NormalInitOptions>('normal');
/** `truncatedNormal` as a TF.js initializer (`{ mean, std, a, b, bounds }`). */
export const WeightInitTruncatedNormal = make<TruncatedNormalInitOptions>('truncatedNormal');
/** `sparse` as a TF.js initializer (2-D weights, `{ sparsity, std }`). */
export const WeightInitSparse = make<SparseOptions>('sparse');
/** `varianceScaling` as a TF.js initializer (`{ scale, mode, distribution }`). */
export const WeightInitVarianceScaling = make<VarianceScalingOptions>('varianceScaling');
/** `glorotUniform` as a TF.js initializer. */
export const WeightInitGlorotUniform = make<InitOptions>('glorotUniform');
/** `glorotNormal` as a TF.js initializer (variance exactly 2/(fanIn + fanOut), unlike TF.js's own). */
export const WeightInitGlorotNormal = make<InitOptions>('glorotNormal');
/** `heUniform` as a TF.js initializer. */
export const WeightInitHeUniform = make<InitOptions>('heUniform');
/** `heNormal` as a TF.js initializer. */
export const WeightInitHeNormal = make<InitOptions>('heNormal');
/** `lecunUniform` as a TF.js initializer. */
export const WeightInitLecunUniform = make<InitOptions>('lecunUniform');
/** `lecunNormal` as a TF.js initializer. */
export const WeightInitLecunNormal = make<InitOptions>('lecunNormal');
/** `xavierUniform` (PyTorch's) as a TF.js initializer (`{ gain }`). */
export const WeightInitXavierUniform = make<XavierOptions>('xavierUniform');
/** `xavierNormal` (PyTorch's) as a TF.js initializer (`{ gain }`). */
export const WeightInitXavierNormal = make<XavierOptions>('xavierNormal');
/** `kaimingUniform` (PyTorch's) as a TF.js initializer (`{ a, mode, nonlinearity }`). */
export const WeightInitKaimingUniform = make<KaimingOptions>('kaimingUniform');
/** `kaimingNormal` (PyTorch's) as a TF.js initializer (`{ a, mode, nonlinearity }`). */
export const WeightInitKaimingNormal = make<KaimingOptions>('kaimingNormal');
/** `orthogonal` as a TF.js initializer (`{ gain }`). */
export const WeightInitOrthogonal = make<OrthogonalOptions>('orthogonal');
/** `deltaOrthogonal` as a TF.js initializer (`{ gain, center }`, 3- to 5-D kernels). */
export const WeightInitDeltaOrthogonal = make<DeltaOrthogonalOptions>('deltaOrthogonal');

/** Every class of this module by weight-init's canonical initializer name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the classes take different option types
export const tfInitializerClasses: Readonly<Record<string, WeightInitTfClass<any>>> = Object.freeze({
  zeros: WeightInitZeros, ones: WeightInitOnes, constant: WeightInitConstant, eye: WeightInitEye,
  identity: WeightInitIdentity, dirac: WeightInitDirac, uniform: WeightInitUniform, normal: WeightInitNormal,
  truncatedNormal: WeightInitTruncatedNormal, sparse: WeightInitSparse, varianceScaling: WeightInitVarianceScaling,
  glorotUniform: WeightInitGlorotUniform, glorotNormal: WeightInitGlorotNormal, heUniform: WeightInitHeUniform,
  heNormal: WeightInitHeNormal, lecunUniform: WeightInitLecunUniform, lecunNormal: WeightInitLecunNormal,
  xavierUniform: WeightInitXavierUniform, xavierNormal: WeightInitXavierNormal, kaimingUniform: WeightInitKaimingUniform,
  kaimingNormal: WeightInitKaimingNormal, orthogonal: WeightInitOrthogonal, deltaOrthogonal: WeightInitDeltaOrthogonal,
});

/**
 * Registers every class of this module with `tf.serialization` (idempotent) and returns them by
 * name. Any value imported from `weight-init/tfjs` already registers them all; call this where a
 * page only loads saved models (`tf.loadLayersModel`) and imports nothing else from here: the
 * package is `"sideEffects": false`, so a bundler drops a bare `import 'weight-init/tfjs'`.
 * @example
 * import { registerTfInitializers } from 'weight-init/tfjs';
 * registerTfInitializers();
 * const model = await tf.loadLayersModel('model.json');
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the classes take different option types
export function registerTfInitializers(): Readonly<Record<string, WeightInitTfClass<any>>> {
  for (const cls of Object.values(tfInitializerClasses)) {
    serialization.registerClass(cls as unknown as serialization.SerializableConstructor<serialization.Serializable>);
  }
  return tfInitializerClasses;
}

/**
 * A TF.js initializer for any weight-init id (`getInitializer` spellings: `'he_normal'`,
 * `'kaiming_normal_'`, …) and config.
 * @throws TypeError for an unknown id; the class's own errors for a bad config.
 * @example
 * tf.layers.dense({ units: 10, kernelInitializer: tfInitializer('kaiming_normal', { seed: 1 }) });
 */
export function tfInitializer(id: string, config?: Record<string, unknown>): WeightInitTfInitializer {
  if (typeof id !== 'string') throw new TypeError(`id must be a string, got ${describe(id)}`);
  const entry = lookupInitializer(id);
  const cls = entry === undefined ? undefined : tfInitializerClasses[entry.name];
  if (cls === undefined) throw new TypeError(`id: no TF.js class for ${JSON.stringify(id)}; valid: ${Object.keys(tfInitializerClasses).join(', ')}`);
  return new cls(config as TfConfig<InitOptions>);
}
