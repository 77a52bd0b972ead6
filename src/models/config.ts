// Reading a Hugging Face config.json: typed, validated keys (errors name the key and what is
// allowed), the config classes' defaults where a published config may leave a key out, and a small
// builder for the parameter lists the families return.
import { describe } from '../validate.js';
import type { Architecture, ArchParam, ParamInit, ParamRole } from './types.js';

/** The parsed contents of a config.json. */
export type HFConfig = Readonly<Record<string, unknown>>;

/** Checks that `config` is a JSON object (not null, not an array). */
export function checkConfig(config: unknown): HFConfig {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new TypeError(`config must be the parsed object of a config.json, got ${describe(config)}`);
  }
  return config as HFConfig;
}

/**
 * `config[key]` (or the first present of `keys`, for the attribute aliases such as GPT-2's
 * `n_embd` / `hidden_size`) as a positive integer. Absent or null: `fallback`, or a TypeError
 * when there is none. Errors name the first key: `config.n_layer must be a positive integer, got -1`.
 */
export function positiveInt(config: HFConfig, keys: string | readonly string[], fallback?: number): number {
  const names = typeof keys === 'string' ? [keys] : keys;
  const key = names.find((k) => config[k] !== undefined && config[k] !== null);
  if (key === undefined) {
    if (fallback !== undefined) return fallback;
    throw new TypeError(`config.${names[0]} is required (a positive integer)${names.length > 1 ? ` (or ${names.slice(1).map((k) => `config.${k}`).join(', ')})` : ''}`);
  }
  const v = config[key];
  if (typeof v !== 'number') throw new TypeError(`config.${key} must be a positive integer, got ${describe(v)}`);
  if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`config.${key} must be a positive integer, got ${v}`);
  return v;
}

/** The first of `keys` present (not undefined or null) in `config`, else the first: the name errors use. */
export function presentKey(config: HFConfig, keys: readonly string[]): string {
  return keys.find((k) => config[k] !== undefined && config[k] !== null) ?? keys[0]!;
}

/** `config[key]` as a finite number > 0 (initializer_range), `fallback` when absent or null. */
export function positiveNumber(config: HFConfig, key: string, fallback: number): number {
  const v = config[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number') throw new TypeError(`config.${key} must be a number > 0, got ${describe(v)}`);
  if (!Number.isFinite(v) || !(v > 0)) throw new RangeError(`config.${key} must be a finite number > 0, got ${v}`);
  return v;
}

/** `config[key]` as a boolean, `fallback` when absent or null. */
export function flag(config: HFConfig, key: string, fallback: boolean): boolean {
  const v = config[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') throw new TypeError(`config.${key} must be true or false, got ${describe(v)}`);
  return v;
}

/**
 * A token id used as `nn.Embedding(padding_idx=…)`: undefined when absent or null, else an integer
 * in [0, rows) — torch refuses a padding_idx outside the table.
 */
export function tokenIndex(config: HFConfig, key: string, rows: number, rowsKey: string): number | undefined {
  const v = config[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number') throw new TypeError(`config.${key} must be an integer token id or null, got ${describe(v)}`);
  if (!Number.isSafeInteger(v) || v < 0 || v >= rows) throw new RangeError(`config.${key} must be an integer in [0, config.${rowsKey} = ${rows}) or null, got ${v}`);
  return v;
}

/** `config[key]` as one of `allowed`, `fallback` when absent or null. */
export function choice<T extends string>(config: HFConfig, key: string, allowed: readonly T[], fallback: T): T {
  const v = config[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new RangeError(`config.${key} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describe(v)}`);
  }
  return v as T;
}

/** Heads must split the width evenly: `hidden % heads === 0`, as the attention modules check. */
export function headDimOf(hidden: number, hiddenKey: string, heads: number, headsKey: string): number {
  if (hidden % heads !== 0) throw new RangeError(`config.${hiddenKey} (${hidden}) must be divisible by config.${headsKey} (${heads})`);
  return hidden / heads;
}

/** A family: its model types, head class, reading of a config and the `_init_weights` of its reference. */
export interface Family {
  /** The head class whose state dict the parameters are, per model_type. */
  readonly headClass: (modelType: string) => string;
  /** The parameters, in state-dict order, and the sizes recipes use. */
  readonly architecture: (config: HFConfig, modelType: string) => Architecture;
  /** What the reference's `_init_weights` does to one parameter. */
  readonly hfInit: (p: ArchParam, arch: Architecture) => ParamInit;
}

/** Collects ArchParams in registration order, with the layer index of the block being built. */
export class ParamList {
  /** The parameters added so far, in the order `state_dict` lists them. */
  readonly params: ArchParam[] = [];
  /** Block index of the parameters added next (undefined outside the blocks). */
  layer: number | undefined;

  /** Any parameter: `fanIn`/`fanOut` are the linear map's, whatever the layout. */
  add(name: string, shape: readonly number[], role: ParamRole, fanIn: number, fanOut: number, paddingIdx?: number): void {
    this.params.push({
      name, shape, role, fanIn, fanOut,
      ...(this.layer !== undefined && { layer: this.layer }),
      ...(paddingIdx !== undefined && { paddingIdx }),
    });
  }

  /** nn.Linear(inFeatures, outFeatures): weight [out, in], then its bias [out] when it has one. */
  linear(prefix: string, inFeatures: number, outFeatures: number, role: ParamRole, bias: boolean): void {
    this.add(`${prefix}.weight`, [outFeatures, inFeatures], role, inFeatures, outFeatures);
    if (bias) this.add(`${prefix}.bias`, [outFeatures], 'bias', inFeatures, outFeatures);
  }

  /** GPT-2's Conv1D(nf, nx): weight stored [nx, nf] = [in, out], bias [nf]. */
  conv1d(prefix: string, inFeatures: number, outFeatures: number, role: ParamRole): void {
    this.add(`${prefix}.weight`, [inFeatures, outFeatures], role, inFeatures, outFeatures);
    this.add(`${prefix}.bias`, [outFeatures], 'bias', inFeatures, outFeatures);
  }

  /** A LayerNorm (weight and bias) or an RMSNorm (weight only) of width `size`. */
  norm(prefix: string, size: number, bias: boolean): void {
    this.add(`${prefix}.weight`, [size], 'norm', size, size);
    if (bias) this.add(`${prefix}.bias`, [size], 'bias', size, size);
  }

  /** nn.Embedding(rows, dim): weight [rows, dim]; as a map it takes a one-hot of `rows` to `dim`. */
  embedding(name: string, rows: number, dim: number, role: ParamRole, paddingIdx?: number): void {
    this.add(name, [rows, dim], role, rows, dim, paddingIdx);
  }
}

/** N(0, std²): `normal_(mean=0.0, std=…)`. */
export const normalInit = (std: number): ParamInit => ({ init: 'normal', options: { mean: 0, std } });

/**
 * `nn.init.trunc_normal_(mean=0, std)`, whose bounds a = −2, b = 2 are absolute values (not σ
 * units), so at std 0.02 they sit 100σ out: the draw is a normal for all practical purposes.
 */
export const truncNormalInit = (std: number): ParamInit => ({ init: 'truncated_normal', options: { mean: 0, std, a: -2, b: 2, bounds: 'absolute' } });

/** `zero_()`: biases, LayerNorm biases. */
export const ZEROS: ParamInit = { init: 'zeros' };
/** `fill_(1.0)` / `torch.ones`: LayerNorm and RMSNorm weights. */
export const ONES: ParamInit = { init: 'ones' };
