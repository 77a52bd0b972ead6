// PyTorch's layer defaults (`reset_parameters` of nn.Linear and nn.ConvNd): the weight by
// kaiming_uniform_(a=√5), which is U(±1/√fanIn), then the bias by U(±1/√fanIn), both from one
// generator in that order. With a TorchGenerator (PyTorch's own stream) the values are PyTorch's,
// bit for bit; with a Generator the distributions and the draw order are PyTorch's.
import { Generator } from '../random/generator.js';
import { defaultGenerator } from '../random/default-generator.js';
import type { FloatArray, Sampler } from '../random/types.js';
import { count, describe, options } from '../validate.js';
import { checkGenerator, checkShape, type DType } from './common.js';
import { computeFans } from './fans.js';
import { zeros } from './constant.js';
import { uniform } from './random.js';
import { kaimingUniform } from './variance-scaling.js';

/** Options of {@link torchDefaults}`.linear`. */
export interface TorchLinearOptions {
  /** Create a bias (default true); `false` gives `bias: null`, like `bias=False`. */
  bias?: boolean;
  /**
   * Draw from this generator (weight first, then bias): a {@link Generator}, or a `TorchGenerator`
   * (any {@link Sampler}), which reproduces PyTorch bit for bit:
   * `torchDefaults.linear(i, o, { generator: new TorchGenerator(s) })` is
   * `torch.manual_seed(s); nn.Linear(i, o)`. Not together with `seed`.
   */
  generator?: Sampler;
  /** Draw from a fresh `new Generator(seed)`. */
  seed?: number | bigint;
  /** `'float32'` (default) or `'float64'` (the same values, widened). */
  dtype?: DType;
}

/** Options of {@link torchDefaults}`.conv`. */
export interface TorchConvOptions extends TorchLinearOptions {
  /** Groups of the convolution (checked against the shape). Default 1. */
  groups?: number;
  /**
   * ConvTranspose: the weight is `[in, out/groups, ...kernel]` and the bias has out = shape[1]·groups
   * entries. fanIn is PyTorch's rule on that shape, i.e. (out/groups)·kernel. Default false.
   */
  transposed?: boolean;
}

/** A layer's parameters; `bias` is null when created with `bias: false`. */
export interface TorchParams {
  weight: FloatArray;
  bias: FloatArray | null;
}

function generatorOf(o: Partial<TorchLinearOptions>): Sampler {
  if (o.generator !== undefined && o.seed !== undefined) throw new TypeError('options: pass either generator or seed, not both');
  if (o.generator !== undefined) return checkGenerator(o.generator);
  return o.seed !== undefined ? new Generator(o.seed) : defaultGenerator();
}

function flag(name: string, x: unknown, dflt: boolean): boolean {
  if (x === undefined) return dflt;
  if (typeof x !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${describe(x)}`);
  return x;
}

function layer(weightShape: number[], biasLength: number, o: Partial<TorchLinearOptions>, useBias: boolean): TorchParams {
  const generator = generatorOf(o);
  const dtype = o.dtype;
  const fanIn = computeFans(weightShape).fanIn;
  // kaiming_uniform_(a=√5): gain √(2/(1+5)) = 1/√3, bound √3·gain/√fanIn = 1/√fanIn.
  const weight = kaimingUniform(weightShape, { a: Math.sqrt(5), generator, dtype });
  if (!useBias) return { weight, bias: null };
  // PyTorch: bound = 1/√fanIn if fanIn > 0 else 0 (U(0, 0) is all zeros; nothing to draw).
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  const bias = bound > 0 ? uniform([biasLength], { low: -bound, high: bound, generator, dtype }) : zeros([biasLength], { dtype });
  return { weight, bias };
}

/**
 * PyTorch's default parameter initialisation of layers (`reset_parameters`).
 *
 * @example
 * const { weight, bias } = torchDefaults.linear(784, 256, { seed: 0 }); // weight [256, 784]
 * const conv = torchDefaults.conv([64, 3, 7, 7], { bias: false });
 */
export const torchDefaults = {
  /**
   * nn.Linear(inFeatures, outFeatures): weight `[outFeatures, inFeatures]` ~ U(±1/√inFeatures)
   * (kaiming_uniform_ with a = √5), bias `[outFeatures]` ~ U(±1/√inFeatures) (zeros if
   * inFeatures = 0), drawn in that order from one generator.
   */
  linear(inFeatures: number, outFeatures: number, opts?: TorchLinearOptions): TorchParams {
    const i = count('inFeatures', inFeatures);
    const out = count('outFeatures', outFeatures);
    const o = options('options', opts, ['bias', 'generator', 'seed', 'dtype']);
    const useBias = flag('bias', o.bias, true);
    return layer([out, i], out, o, useBias);
  },

  /**
   * nn.ConvNd / nn.ConvTransposeNd from the weight shape (torch layout): `[out, in/groups,
   * ...kernel]`, or `[in, out/groups, ...kernel]` with `transposed: true`. Weight ~ U(±1/√fanIn)
   * with PyTorch's fanIn of that shape, bias (out channels) ~ U(±1/√fanIn).
   * @throws RangeError naming `shape` unless rank 3 to 5; naming `groups` unless it divides shape[0].
   */
  conv(shape: readonly number[], opts?: TorchConvOptions): TorchParams {
    const dims = checkShape(shape);
    if (dims.length < 3 || dims.length > 5) throw new RangeError(`shape: a convolution weight is 3-, 4- or 5-D, got [${dims.join(', ')}]`);
    const o = options('options', opts, ['bias', 'generator', 'seed', 'dtype', 'groups', 'transposed']);
    const groups = count('groups', o.groups ?? 1);
    if (groups === 0 || dims[0]! % groups !== 0) throw new RangeError(`groups must be a positive divisor of shape[0] = ${dims[0]}, got ${groups}`);
    const transposed = flag('transposed', o.transposed, false);
    const useBias = flag('bias', o.bias, true);
    return layer(dims, transposed ? dims[1]! * groups : dims[0]!, o, useBias);
  },
};
