// The `networks` option: K independently drawn networks, each summarised statistic collected per
// network and then reduced across networks, layer by layer (docs/simulator.md, "Why one network is
// not the average"). Network k is the single run with its root replaced by
// `new Generator(seed).fork('network').fork(k)`.
//
// Why records: every network — on this thread or a worker — is reduced to the same flat float64
// record (7 statistics per layer), and the summary reads the records in network order. Which
// thread computed a network then cannot show in the result: any thread count gives the same bits.
import { log } from '../math/elementary.js';
import { parallelEnsemble } from '../parallel/pool.js';
import { resolveThreads } from '../parallel/threads.js';
import type { EnsembleLayer, EnsembleStats, EnsembleSummary, SimulateConfig, SimulateResult, SimulationPlan } from './config.js';
import { finiteWidthTheory } from './finite-width.js';

/** The statistics an ensemble summarises, in record order. */
export const ENSEMBLE_STATS = ['q', 'g', 'cosine', 'zeroFraction', 'saturatedFraction', 'distinctNeurons', 'weightGradNorm'] as const;
const S = ENSEMBLE_STATS.length;

/** Runs one network of a checked plan (simulate.ts's runPlan, passed in so this module need not import it). */
export type RunPlan = (plan: SimulationPlan) => SimulateResult;

/**
 * Network k's plan: the same checks and defaults, the root `root.fork('network').fork(k)`. Only
 * network 0 keeps `onLayer` (it is the one the caller sees in full); progress is counted here, by
 * networks, so no network reports its own.
 */
export function networkPlan(plan: SimulationPlan, k: number): SimulationPlan {
  return { ...plan, root: plan.root.fork('network').fork(k), onProgress: undefined, onLayer: k === 0 ? plan.onLayer : undefined };
}

/** Float64 values in one network's record: S statistics for each of the depth + 1 layers. */
export function recordLength(depth: number): number {
  return (depth + 1) * S;
}

/** Writes a network's summarised statistics at `at` of `out` (NaN where a statistic is absent). */
export function encodeNetwork(r: SimulateResult, out: Float64Array, at: number): void {
  r.layers.forEach((s, l) => {
    for (let j = 0; j < S; j++) out[at + l * S + j] = s[ENSEMBLE_STATS[j]!] ?? NaN;
  });
}

/** Type-7 quantile p of ascending `x` (see {@link EnsembleStats}). */
function quantile(x: Float64Array, p: number): number {
  const h = (x.length - 1) * p, lo = Math.floor(h);
  return lo + 1 < x.length ? x[lo]! + (h - lo) * (x[lo + 1]! - x[lo]!) : x[lo]!;
}

/** Mean, type-7 quantiles and log moments of one statistic's values across the networks (in order). */
export function summarise(v: Float64Array): EnsembleStats {
  const K = v.length;
  let sum = 0, positive = true;
  for (let k = 0; k < K; k++) { sum += v[k]!; if (!(v[k]! > 0)) positive = false; }
  const mean = sum / K;
  if (Number.isNaN(mean)) {
    return { mean: NaN, median: NaN, quantiles: { p05: NaN, p25: NaN, p75: NaN, p95: NaN }, logMean: NaN, logVar: NaN };
  }
  const x = Float64Array.from(v).sort();
  let logMean = NaN, logVar = NaN;
  if (positive) {
    // Two passes: the log values of an ensemble sit close together, where Σy² − (Σy)²/K cancels.
    const y = Float64Array.from(v, (t) => log(t));
    logMean = y.reduce((a, b) => a + b, 0) / K;
    if (K > 1) logVar = y.reduce((a, b) => a + (b - logMean) * (b - logMean), 0) / (K - 1);
  }
  return {
    mean, median: quantile(x, 0.5),
    quantiles: { p05: quantile(x, 0.05), p25: quantile(x, 0.25), p75: quantile(x, 0.75), p95: quantile(x, 0.95) },
    logMean, logVar,
  };
}

/** The per-layer summaries of K networks' records (network k at k·recordLength). */
function summariseRecords(records: Float64Array, K: number, depth: number, withGradNorm: boolean[]): EnsembleLayer[] {
  const len = recordLength(depth), v = new Float64Array(K);
  const layers: EnsembleLayer[] = [];
  for (let l = 0; l <= depth; l++) {
    const stat = (j: number): EnsembleStats => {
      for (let k = 0; k < K; k++) v[k] = records[k * len + l * S + j]!;
      return summarise(v);
    };
    const layer: EnsembleLayer = {
      q: stat(0), g: stat(1), cosine: stat(2), zeroFraction: stat(3), saturatedFraction: stat(4), distinctNeurons: stat(5),
    };
    if (withGradNorm[l]) layer.weightGradNorm = stat(6);
    layers.push(layer);
  }
  return layers;
}

/**
 * What a worker needs to rebuild the plan: the config without its callbacks (`threads` too, as a
 * worker runs its networks itself), or undefined when it cannot cross a thread boundary — a
 * function `init` or `bias` (an input array is copied with the job).
 */
function portableConfig(config: SimulateConfig): SimulateConfig | undefined {
  if (typeof config.init === 'function' || typeof config.bias === 'function') return undefined;
  const { onProgress: _p, onLayer: _l, threads: _t, ...rest } = config;
  return rest;
}

/**
 * Runs the plan's K = `plan.networks` networks (network 0 on this thread, the others on `threads`
 * threads when more than one is asked for and possible) and returns network 0's result with
 * `ensemble` added.
 */
export function simulateEnsemble(plan: SimulationPlan, config: SimulateConfig, runPlan: RunPlan): SimulateResult {
  const K = plan.networks ?? 1, len = recordLength(plan.depth);
  let first: SimulateResult | undefined;
  let reported = 0;
  const progress = (done: number): void => {
    if (done <= reported) return;
    reported = done;
    plan.onProgress?.(done, K);
  };
  const local = (k: number, out: Float64Array): void => {
    const r = runPlan(networkPlan(plan, k));
    if (k === 0) first = r;
    encodeNetwork(r, out, k * len);
  };
  const portable = portableConfig(config);
  let records = portable === undefined ? undefined : parallelEnsemble(portable, K, len, resolveThreads(plan.threads), local, progress);
  if (records === undefined) {
    records = new Float64Array(K * len);
    for (let k = 0; k < K; k++) { local(k, records); progress(k + 1); }
  }
  progress(K);
  const result = first!;
  const withGradNorm = result.layers.map((s) => s.weightGradNorm !== undefined);
  const ensemble: EnsembleSummary = { networks: K, layers: summariseRecords(records, K, plan.depth, withGradNorm) };
  const theory = finiteWidthTheory(plan, result.theory);
  if (theory !== undefined) ensemble.theory = theory;
  result.ensemble = ensemble;
  return result;
}
