// The simulator's `init` and `bias` specs, parsed once into one form that the weight and bias draws
// and the mean-field theory's nominal variances all read: the four ways to give an initialisation
// (an id, { id, ...options }, { sigmaW2 } / { sigmaB2 }, a function) are told apart here only.
import type { Workspace } from '../kernels/backend.js';
import type { Generator } from '../random/generator.js';
import { getInitializer, type BoundInitializer } from '../initializers/get-initializer.js';
import { describe, finite } from '../validate.js';

/** A caller's draw function; what it returns is checked after each call. */
type DrawFunction = (shape: [number, number], generator: Generator, layer: number) => unknown;

/**
 * An `init` or `bias` spec after parsing.
 * - `initializer`: an id, bound once; `options` is undefined when the spec was the bare id string.
 * - `gaussian`: `{ sigmaW2 }` is N(0, σ_w²/fanIn) (`perFanIn`), `{ sigmaB2 }` is N(0, σ_b²);
 *   `variance` is finite and ≥ 0.
 * - `function`: the caller's own draw.
 */
export type ParsedSpec =
  | { readonly kind: 'initializer'; readonly id: string; readonly options: Readonly<Record<string, unknown>> | undefined; readonly draw: BoundInitializer }
  | { readonly kind: 'gaussian'; readonly variance: number; readonly perFanIn: boolean }
  | { readonly kind: 'function'; readonly draw: DrawFunction };

/**
 * Parses the `init` or `bias` spec (`name` is the option's name in messages). A spec with several
 * of the keys means the first of sigmaW2, sigmaB2, id.
 *
 * @throws TypeError for a spec of no known form or an unknown initializer id; TypeError /
 * RangeError for a variance that is not a finite number ≥ 0.
 */
export function parseSpec(name: 'init' | 'bias', spec: unknown): ParsedSpec {
  if (typeof spec === 'function') return { kind: 'function', draw: spec as DrawFunction };
  if (typeof spec === 'string') return { kind: 'initializer', id: spec, options: undefined, draw: getInitializer(spec) };
  if (spec !== null && typeof spec === 'object') {
    for (const key of ['sigmaW2', 'sigmaB2'] as const) {
      if (!(key in spec)) continue;
      const variance = finite(`${name}.${key}`, (spec as Record<string, unknown>)[key]);
      if (variance < 0) throw new RangeError(`${name}.${key} must be >= 0, got ${variance}`);
      return { kind: 'gaussian', variance, perFanIn: key === 'sigmaW2' };
    }
    if (typeof (spec as { id?: unknown }).id === 'string') {
      const { id, ...options } = spec as { id: string };
      return { kind: 'initializer', id, options, draw: getInitializer(id, options) };
    }
  }
  throw new TypeError(`${name} must be an initializer id, { id, ...options }, { sigmaW2 }, { sigmaB2 } or a function, got ${describe(spec)}`);
}

/**
 * Draws a `shape` array (`[out, in]` weights or `[out]` biases) of layer `layer` from `spec` with
 * `g`, as a new Float32Array (a Float64Array from an initializer or a function is rounded).
 *
 * @throws TypeError when a function spec gives anything but `size` floats.
 */
export function drawArray(name: 'init' | 'bias', spec: ParsedSpec, shape: number[], g: Generator, layer: number): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  let out: unknown;
  if (spec.kind === 'function') out = spec.draw(shape as [number, number], g, layer);
  else if (spec.kind === 'initializer') out = spec.draw(shape, { generator: g });
  // A bias's shape has no fanIn: { sigmaW2 } as a bias gives std NaN, which normal() rejects.
  else if (spec.variance === 0) out = new Float32Array(size);
  else out = g.normal(size, { std: Math.sqrt(spec.perFanIn ? spec.variance / shape[1]! : spec.variance) });
  if (!(out instanceof Float32Array || out instanceof Float64Array) || out.length !== size) {
    throw new TypeError(`${name}: layer ${layer} must give a Float32Array of ${size} values, got ${describe(out)}`);
  }
  return out instanceof Float32Array ? out : Float32Array.from(out);
}

/**
 * Draws a layer's weights straight into `out` (a view of the workspace) for an initializer or
 * `{ sigmaW2 > 0 }` spec. Returns false when it could not (another spec, an error, or WASM memory
 * grew during the draw — e.g. orthogonal's QR — detaching `out`).
 */
function drawInto(spec: ParsedSpec, shape: [number, number], g: Generator, out: Float32Array): boolean {
  try {
    if (spec.kind === 'initializer') spec.draw(shape, { generator: g, out });
    else if (spec.kind === 'gaussian' && spec.perFanIn && spec.variance > 0) g.normal(out, { std: Math.sqrt(spec.variance / shape[1]) });
    else return false;
  } catch {
    return false;
  }
  return out.length === shape[0] * shape[1];
}

/**
 * Draws layer `layer`'s `[out, in]` weights from `spec` into the workspace at f32 offset `at`, with
 * `weights.fork(layer)`. In place when it can; otherwise (or if that failed) from a fresh fork into
 * a new array that is copied in: the same values either way, since both start from the same key.
 */
export function drawWeights(spec: ParsedSpec, shape: [number, number], weights: Generator, layer: number, ws: Workspace, at: number): void {
  const size = shape[0] * shape[1];
  if (!drawInto(spec, shape, weights.fork(layer), ws.f32().subarray(at, at + size))) {
    ws.f32().set(drawArray('init', spec, shape, weights.fork(layer), layer), at);
  }
}
