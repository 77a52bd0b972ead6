// What the CLI reads from an ensemble run (`simulate({ networks: K })`): the per-layer distribution
// over K independently seeded networks, its finite-width prediction, and the table the
// `simulate --networks` command prints. Display only: nothing here is returned by the library.
import type { EnsembleSummary, SimulateResult } from '../index.js';

/** The ensemble of a run, when it was one (`networks` > 1). */
export function ensembleOf(result: SimulateResult): EnsembleSummary | undefined {
  return result.ensemble;
}

/** The finite-width prediction of qₗ's distribution over networks. */
export interface FiniteWidth {
  /** E[qₗ] (mean field; exact in expectation for the ReLU family with Gaussian weights). */
  mean: number;
  /** The predicted median, E[qₗ]·exp(−Var(log qₗ)/2). */
  median: number;
  /** exp(E[log qₗ] ∓ SD(log qₗ)): the ±1 SD band of log qₗ. */
  lo: number;
  hi: number;
}

/**
 * The finite-width band of layer `l`. log qₗ is a sum of l nearly independent per-layer log ratios,
 * so it is close to Gaussian, and qₗ close to log-normal with E[qₗ] = exp(E[log qₗ] + Var/2). Given
 * the exact mean qMean and the predicted variance v, E[log qₗ] = ln qMean − v/2: the band of ±1 SD
 * of log q is centred on the median qMean·e^(−v/2), below the mean. That gap is why one network
 * (a draw near the median) sits below the mean-field curve when v is not small.
 */
export function finiteWidth(theory: NonNullable<EnsembleSummary['theory']>, l: number): FiniteWidth | undefined {
  const mean = theory.qMean[l], v = theory.logQVar[l];
  if (mean === undefined || v === undefined || !(mean > 0) || !(v >= 0)) return undefined;
  // Display only (table cells and figure bands), so the engine's Math is fine here.
  /* eslint-disable no-restricted-properties */
  const mu = Math.log(mean) - v / 2, sd = Math.sqrt(v);
  return { mean, median: Math.exp(mu), lo: Math.exp(mu - sd), hi: Math.exp(mu + sd) };
  /* eslint-enable no-restricted-properties */
}

/**
 * The relative standard error of an ensemble mean of K log-normal draws with log-variance v:
 * √((e^v − 1)/K). How far the printed mean may sit from the exact one by chance alone.
 */
export function relativeStandardError(logVar: number, networks: number): number {
  // eslint-disable-next-line no-restricted-properties -- display only
  return Math.sqrt(Math.expm1(logVar) / networks);
}

/** A number for a table cell: "0" when exactly 0 (never a fake 1e-30), "—" when absent. */
export function cell(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return '—';
  if (x === 0) return '0';
  return Math.abs(x) >= 1e4 || Math.abs(x) < 1e-3 ? x.toExponential(2) : String(Number(x.toPrecision(3)));
}

/**
 * The `simulate --networks K` table: per shown layer, q's mean, median and 5–95 % over the
 * networks beside the mean-field mean and (where the theory applies) the finite-width median and
 * ±1 SD band; then g's mean and median beside its mean-field value.
 *
 * @param label - the run's name (the table's first line)
 * @param result - a result with `ensemble`
 * @param every - show every `every`-th layer (and the last)
 */
export function ensembleTable(label: string, result: SimulateResult, every: number): string {
  const ens = ensembleOf(result);
  if (ens === undefined) throw new TypeError(`${label}: not an ensemble run`);
  const head = '| l | q mean | q median | q 5–95 % | q mean field | q finite-width median | q finite-width ±1 SD | g mean | g median | g mean field |';
  const rule = '|' + '---:|'.repeat(10);
  const rows = ens.layers.flatMap((s, l) => {
    if (l % every !== 0 && l !== result.depth) return [];
    const fw = ens.theory === undefined ? undefined : finiteWidth(ens.theory, l);
    const meanField = ens.theory?.qMean[l] ?? result.theory?.q[l];
    const cells = [
      l, cell(s.q.mean), cell(s.q.median), `${cell(s.q.quantiles.p05)} – ${cell(s.q.quantiles.p95)}`, cell(meanField),
      cell(fw?.median), fw === undefined ? '—' : `${cell(fw.lo)} – ${cell(fw.hi)}`,
      cell(s.g.mean), cell(s.g.median), cell(result.theory?.g[l]),
    ];
    return [`| ${cells.join(' | ')} |`];
  });
  const note = ens.theory === undefined
    ? 'finite-width theory: only for linear/ReLU/leaky ReLU, Gaussian weights, zero bias, batch 1, no activated input'
    : 'finite-width: log q ≈ Gaussian, median = mean·e^(−Var(log q)/2), band = exp(E[log q] ± SD)';
  return [`${label} — ${ens.networks} networks (${note})`, head, rule, ...rows].join('\n');
}
