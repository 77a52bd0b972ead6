// describeSpec / compareSpecs: what a model spec initialises, per group of parameters — counts,
// each init's exact distribution (init-stats.ts) and the bytes per element type — and what changes
// between two specs of one model (two recipes). The data behind `weight-init describe`; browser-safe.
import { planModel, type ModelSpec, type ParamSpec } from '../interop/model-init.js';
import { translateKerasKeys } from '../initializers/get-initializer.js';
import { describe as show, oneOf } from '../validate.js';
import type { HuggingFaceDType } from './huggingface.js';
import { initStats, type InitStats } from './init-stats.js';

/** Bytes of tensor data per checkpoint element type (headers not counted). */
export interface DTypeBytes {
  readonly float32: number;
  readonly bfloat16: number;
  readonly float16: number;
}

/** One distinct init within a group: the init, its options as the spec binds them, and its distribution. */
export interface DescribedInit extends InitStats {
  /** The options as the spec gives them (Keras keys read as weight-init's), `{}` when none. */
  readonly options: Readonly<Record<string, unknown>>;
  /** Tensors of the group with exactly this init and distribution. */
  readonly tensors: number;
  /** Their elements. */
  readonly parameters: number;
  /** Padding rows among them (`paddingIdx`), zero after the init; mean/std/bounds describe the other rows. */
  readonly paddingRows: number;
}

/** Parameters whose names agree once every numeric path component is `*` (`transformer.h.*.attn.c_attn.weight`). */
export interface DescribedGroup {
  /** The name pattern. */
  readonly name: string;
  readonly tensors: number;
  readonly parameters: number;
  readonly bytes: DTypeBytes;
  /**
   * Each distinct init of the group (id, options and the resulting distribution), in order of first
   * appearance: one for a uniform group, several when members differ (OLMo's depth-scaled stds,
   * a fan-based init on different shapes).
   */
  readonly inits: readonly DescribedInit[];
}

/** What {@link describeSpec} returns. */
export interface SpecDescription {
  /** The element type the checkpoint would be written in (option, else metadata `weight_init.dtype`, else float32). */
  readonly dtype: HuggingFaceDType;
  /** The spec's metadata (`{}` for an array spec). */
  readonly metadata: Readonly<Record<string, string>>;
  /** Groups in order of their first parameter. */
  readonly groups: readonly DescribedGroup[];
  readonly totals: {
    readonly tensors: number;
    readonly parameters: number;
    readonly bytes: DTypeBytes;
  };
}

/** Options of {@link describeSpec}. */
export interface DescribeOptions {
  /** Element type of {@link SpecDescription.dtype}: 'float32', 'bfloat16' or 'float16'. */
  dtype?: HuggingFaceDType;
}

/** One group of {@link compareSpecs}'s result: absent on the side whose spec lacks it. */
export interface GroupComparison {
  readonly name: string;
  readonly a?: DescribedGroup;
  readonly b?: DescribedGroup;
}

/** What {@link compareSpecs} returns. */
export interface SpecComparison {
  readonly a: SpecDescription;
  readonly b: SpecDescription;
  /** Groups whose inits differ (or that only one spec has), in `a`'s order, then `b`'s own. */
  readonly differing: readonly GroupComparison[];
  /** How many groups have the same inits in both. */
  readonly identical: number;
}

const DTYPES: readonly HuggingFaceDType[] = ['float32', 'bfloat16', 'float16'];

/** The group of a parameter name: numeric path components replaced by `*`. */
export function groupName(name: string): string {
  return name.split('.').map((s) => (/^\d+$/.test(s) ? '*' : s)).join('.');
}

const bytesOf = (n: number): DTypeBytes => ({ float32: 4 * n, bfloat16: 2 * n, float16: 2 * n });

/** A canonical text of an object: keys sorted at every level, so option order does not matter. */
function canonical(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
  if (x !== null && typeof x === 'object') {
    return `{${Object.keys(x).sort().map((k) => `${JSON.stringify(k)}:${canonical((x as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return typeof x === 'number' && !Number.isFinite(x) ? String(x) : JSON.stringify(x);
}

/** What makes two inits the same: id, options and distribution (tensor counts excluded). */
function initKey(i: InitStats & { options: Readonly<Record<string, unknown>> }): string {
  return canonical([i.init, i.options, i.mean, i.std, i.bounds, i.note ?? null]);
}

function specParts(spec: ModelSpec): { params: readonly ParamSpec[]; metadata: Readonly<Record<string, string>> } {
  if (Array.isArray(spec)) return { params: spec, metadata: {} };
  const doc = spec as { parameters: ParamSpec[]; metadata?: Record<string, string> };
  return { params: doc.parameters, metadata: doc.metadata ?? {} };
}

/**
 * Describes what a model spec initialises: per group of parameters (names with their numeric path
 * components replaced by `*`) the tensor and element counts, the bytes in float32/bfloat16/float16,
 * and each distinct init with the exact mean, std and bounds of its distribution
 * ({@link initStats}: the library's own fans, gains and deterministic math, so the numbers are the
 * same on every engine); then the totals. The spec is validated first, as `initModel` validates it.
 * mean/std are of the float32 draw; a bfloat16/float16 checkpoint rounds each value once more.
 * @param spec an array of ParamSpec or a spec document (`huggingFaceSpec`'s result).
 * @throws TypeError/RangeError naming `spec[i]` (or `spec.parameters[i]`) and the field, or `options.dtype`.
 * @example
 * const d = describeSpec(huggingFaceSpec(gpt2Config));
 * d.totals.parameters; // 124439808
 * d.groups.find((g) => g.name === 'transformer.h.*.attn.c_proj.weight')?.inits[0]?.std; // 0.02 / √24
 */
export function describeSpec(spec: ModelSpec, options: DescribeOptions = {}): SpecDescription {
  if (options === null || typeof options !== 'object') throw new TypeError(`options must be an object { dtype }, got ${show(options)}`);
  planModel(spec); // every spec error, named as initModel names it, before anything is computed
  const { params, metadata } = specParts(spec);
  const fromMeta = (DTYPES as readonly unknown[]).includes(metadata['weight_init.dtype']) ? metadata['weight_init.dtype'] as HuggingFaceDType : 'float32';
  const dtype = options.dtype === undefined ? fromMeta : oneOf('options.dtype', options.dtype, DTYPES);
  const groups = new Map<string, { tensors: number; parameters: number; inits: Map<string, DescribedInit> }>();
  let tensors = 0, parameters = 0;
  for (const p of params) {
    const size = p.shape.reduce((a, b) => a * b, 1);
    const opts = translateKerasKeys(p.options ?? {});
    const stats = { ...initStats(p.init, p.shape, opts), options: opts };
    const name = groupName(p.name);
    let g = groups.get(name);
    if (g === undefined) groups.set(name, g = { tensors: 0, parameters: 0, inits: new Map() });
    const key = initKey(stats);
    const prior = g.inits.get(key);
    const pad = p.paddingIdx === undefined ? 0 : 1;
    g.inits.set(key, prior === undefined
      ? { ...stats, tensors: 1, parameters: size, paddingRows: pad }
      : { ...prior, tensors: prior.tensors + 1, parameters: prior.parameters + size, paddingRows: prior.paddingRows + pad });
    g.tensors++; g.parameters += size;
    tensors++; parameters += size;
  }
  return {
    dtype, metadata: { ...metadata },
    groups: [...groups].map(([name, g]) => ({ name, tensors: g.tensors, parameters: g.parameters, bytes: bytesOf(g.parameters), inits: [...g.inits.values()] })),
    totals: { tensors, parameters, bytes: bytesOf(parameters) },
  };
}

/** Whether two groups initialise alike: the same distinct inits with the same counts, in the same order. */
function sameInits(a: DescribedGroup, b: DescribedGroup): boolean {
  const key = (g: DescribedGroup): string => canonical(g.inits.map((i) => [initKey(i), i.tensors, i.parameters, i.paddingRows]));
  return a.tensors === b.tensors && key(a) === key(b);
}

/**
 * Two specs of one model side by side (the same config under two recipes, say): the groups whose
 * inits differ — id, options or distribution, or present in one spec only — and how many are
 * identical. "What does μP change in my model?" is
 * `compareSpecs(huggingFaceSpec(c), huggingFaceSpec(c, { recipe: 'mup', baseWidth: 256 }))`.
 * @throws as {@link describeSpec}, for either spec.
 * @example
 * const { differing, identical } = compareSpecs(hfSpec, mupSpec);
 * differing.map((g) => g.name); // ['model.layers.*.self_attn.q_proj.weight', …, 'lm_head.weight']
 */
export function compareSpecs(a: ModelSpec, b: ModelSpec, options: DescribeOptions = {}): SpecComparison {
  const da = describeSpec(a, options), db = describeSpec(b, options);
  const byName = new Map(db.groups.map((g) => [g.name, g]));
  const differing: GroupComparison[] = [];
  let identical = 0;
  for (const ga of da.groups) {
    const gb = byName.get(ga.name);
    if (gb !== undefined && sameInits(ga, gb)) identical++;
    else differing.push(gb === undefined ? { name: ga.name, a: ga } : { name: ga.name, a: ga, b: gb });
  }
  const inA = new Set(da.groups.map((g) => g.name));
  for (const gb of db.groups) if (!inA.has(gb.name)) differing.push({ name: gb.name, b: gb });
  return { a: da, b: db, differing, identical };
}
