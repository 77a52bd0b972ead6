// Figures of the `weight-init simulate` command and the demo: the terminal chart (asciichart), the
// per-layer table and the SVG (vega-lite compiled to vega, rendered headless to SVG by vega).
// The drawing libraries are optional (src/cli/extras.ts): the caller imports them when it draws
// and passes them in, so this module imports them for their types only.
import type { TopLevelSpec } from 'vega-lite';
import type { SimulateResult } from '../index.js';
import { ensembleOf, finiteWidth } from './ensemble.js';
import type { ExtraModules } from './extras.js';

/** One labelled simulation run. */
export interface Run {
  label: string;
  result: SimulateResult;
}

const log10 = (x: number): number => Math.log10(x);

/**
 * The per-layer values a run draws as its line: the median over the networks for an ensemble (the
 * typical network; the mean is pulled up by rare large draws), else the one network's values.
 */
export function lineOf(run: Run, field: 'q' | 'g'): number[] {
  const ens = ensembleOf(run.result);
  return ens === undefined ? run.result.layers.map((s) => s[field]) : ens.layers.map((s) => s[field].median);
}

/**
 * Where a run's line is exactly 0 (zero init: q for l ≥ 1, g below the top layer), as "l = a…b", or
 * undefined when it never is. A log axis cannot show 0, so such runs are named, not drawn.
 */
export function exactZeros(run: Run, field: 'q' | 'g'): string | undefined {
  const zeros = lineOf(run, field).flatMap((x, l) => (x === 0 ? [l] : []));
  if (zeros.length === 0) return undefined;
  const first = zeros[0]!, last = zeros[zeros.length - 1]!;
  return zeros.length === last - first + 1 ? (first === last ? `l = ${first}` : `l = ${first}…${last}`) : `${zeros.length} layers`;
}

/**
 * A terminal chart of log10 of a per-layer quantity, one coloured line per run (the median for an
 * ensemble), and its legend. Runs that are exactly 0 somewhere are left out and named under the
 * chart: a line at an arbitrary floor would squash the informative range and say nothing true.
 *
 * @param asciichart - the asciichart module
 * @param runs - the runs, one line each
 * @param field - `q` (forward) or `g` (backward)
 * @param height - rows of the chart
 */
export function terminalChart(asciichart: ExtraModules['asciichart'], runs: readonly Run[], field: 'q' | 'g', height = 14): string {
  const COLORS = [asciichart.blue, asciichart.green, asciichart.red, asciichart.yellow, asciichart.magenta, asciichart.cyan, asciichart.lightgray];
  const drawn = runs.filter((r) => exactZeros(r, field) === undefined);
  const zeroNotes = runs.flatMap((r) => { const z = exactZeros(r, field); return z === undefined ? [] : [`${r.label}: exactly 0 at ${z}`]; });
  const title = `log10 ${field === 'q' ? 'q_l (forward)' : 'g_l (backward)'} vs layer${runs.some((r) => ensembleOf(r.result) !== undefined) ? ' (median over the networks)' : ''}`;
  const lines = [title];
  if (drawn.length > 0) {
    // Infinite values (overflow) are clamped so one run cannot break the chart's scale.
    const series = drawn.map((r) => lineOf(r, field).map((x) => Math.max(-300, Math.min(300, log10(x)))));
    const colors = drawn.map((_, i) => COLORS[i % COLORS.length]!);
    lines.push(asciichart.plot(series, { height, colors, format: (x: number) => x.toFixed(1).padStart(6) }));
    lines.push(drawn.map((r, i) => `${colors[i]!}── ${r.label}\x1b[39m`).join('   '));
  }
  if (zeroNotes.length > 0) lines.push(`not on the log axis: ${zeroNotes.join('; ')}`);
  return lines.join('\n');
}

const fmt = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? '—' : Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(2) : x.toFixed(4));

/** A markdown table of the per-layer statistics, every `every`-th layer (and the last). */
export function layerTable(run: Run, every: number): string {
  const head = '| l | q | preMean | postMean | postVar | zero | saturated | cosine | distinct | g | ‖∇W‖ |' + (run.result.theory ? ' q theory | g theory |' : '');
  const rule = '|' + '---:|'.repeat(run.result.theory ? 13 : 11);
  const rows = run.result.layers.flatMap((s, l) => {
    if (l % every !== 0 && l !== run.result.depth) return [];
    const cells = [l, fmt(s.q), fmt(s.preMean), fmt(s.postMean), fmt(s.postVar), fmt(s.zeroFraction), fmt(s.saturatedFraction), fmt(s.cosine), s.distinctNeurons, fmt(s.g), fmt(s.weightGradNorm)];
    if (run.result.theory) cells.push(fmt(run.result.theory.q[l]), fmt(run.result.theory.g[l]));
    return [`| ${cells.join(' | ')} |`];
  });
  return [`${run.label}`, head, rule, ...rows].join('\n');
}

type Quantity = 'forward q_l' | 'backward g_l';
const QUANTITIES: readonly [Quantity, 'q' | 'g'][] = [['forward q_l', 'q'], ['backward g_l', 'g']];
const positive = (...xs: (number | undefined)[]): boolean => xs.every((x) => x !== undefined && x > 0 && Number.isFinite(x));

/** The figure's rows: one per (run, quantity, layer, kind of mark), and one note per facet cell with exact zeros. */
function figureRows(runs: readonly Run[], facetRow?: (r: Run) => string): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  const notes = new Map<string, { group: string | undefined; quantity: Quantity; text: string[] }>();
  for (const r of runs) {
    const group = facetRow?.(r);
    const ens = ensembleOf(r.result);
    const at = (quantity: Quantity, layer: number, kind: string, fields: Record<string, number>): void => {
      rows.push({ layer, quantity, kind, init: r.label, ...fields, ...(group === undefined ? {} : { group }) });
    };
    for (const [quantity, field] of QUANTITIES) {
      // Log axes cannot show 0: a run that is exactly 0 is named in its panel instead of drawn.
      const zeros = exactZeros(r, field);
      if (zeros !== undefined) {
        const key = `${group ?? ''}|${quantity}`;
        const note = notes.get(key) ?? { group, quantity, text: [] };
        note.text.push(`${r.label}: exactly 0 at ${zeros}`);
        notes.set(key, note);
        continue;
      }
      lineOf(r, field).forEach((v, l) => { if (positive(v)) at(quantity, l, 'line', { value: v }); });
      ens?.layers.forEach((s, l) => {
        const { p05, p25, p75, p95 } = s[field].quantiles;
        if (positive(p05, p25, p75, p95)) at(quantity, l, 'band', { p05, p25, p75, p95 });
      });
      const meanField = field === 'q' ? ens?.theory?.qMean ?? r.result.theory?.q : r.result.theory?.g;
      meanField?.forEach((v, l) => { if (positive(v)) at(quantity, l, 'meanField', { value: v }); });
      if (field === 'q' && ens?.theory !== undefined) {
        for (let l = 0; l < ens.theory.qMean.length; l++) {
          const fw = finiteWidth(ens.theory, l);
          if (fw !== undefined && positive(fw.lo, fw.hi)) at(quantity, l, 'finiteWidth', { lo: fw.lo, hi: fw.hi });
        }
      }
    }
  }
  for (const { group, quantity, text } of notes.values()) rows.push({ quantity, kind: 'note', note: text.join('; '), ...(group === undefined ? {} : { group }) });
  return rows;
}

/**
 * The Vega-Lite spec: qₗ and gₗ on log scales vs depth, one colour per init. Each run draws its line
 * (the median over the networks for an ensemble) with, for ensembles, the 25–75 % and 5–95 % of the
 * networks shaded (area marks); the mean-field mean dashed; and where the finite-width theory applies
 * its ±1 SD band of log q outlined. Runs that are exactly 0 are named in their panel, not drawn. The
 * marks are named (band-5-95, band-25-75, finite-width, median, mean-field) so tests can find them.
 */
export function figureSpec(runs: readonly Run[], title: string, facetRow?: (r: Run) => string): TopLevelSpec {
  const values = figureRows(runs, facetRow);
  const ensembles = runs.map((r) => ensembleOf(r.result)).filter((e) => e !== undefined);
  const kind = (k: string): { filter: string } => ({ filter: `datum.kind === '${k}'` });
  const x = { field: 'layer', type: 'quantitative' as const, title: 'layer l' };
  const color = { field: 'init', type: 'nominal' as const, title: 'init' };
  const y = (field: string): Record<string, unknown> => ({ field, type: 'quantitative', scale: { type: 'log' }, title: null, axis: { format: '.0e' } });
  const band = (name: string, lo: string, hi: string, opacity: number): Record<string, unknown> => ({
    name, transform: [kind('band')], mark: { type: 'area', opacity },
    encoding: { x, y: y(lo), y2: { field: hi }, color, detail: { field: 'init' } },
  });
  const layer: Record<string, unknown>[] = [
    band('band-5-95', 'p05', 'p95', 0.12),
    band('band-25-75', 'p25', 'p75', 0.25),
    {
      name: 'finite-width', transform: [kind('finiteWidth')], mark: { type: 'area', fillOpacity: 0.04, strokeWidth: 1, strokeDash: [1, 2], strokeOpacity: 0.9 },
      encoding: { x, y: y('lo'), y2: { field: 'hi' }, color, stroke: color },
    },
    { name: 'median', transform: [kind('line')], mark: { type: 'line', strokeWidth: 1.8 }, encoding: { x, y: y('value'), color } },
    { name: 'mean-field', transform: [kind('meanField')], mark: { type: 'line', strokeWidth: 1.2, strokeDash: [6, 4] }, encoding: { x, y: y('value'), color } },
    {
      name: 'exact-zero', transform: [kind('note')], mark: { type: 'text', align: 'left', baseline: 'top', fontSize: 10, color: '#444' },
      encoding: { x: { value: 4 }, y: { value: 4 }, text: { field: 'note' } },
    },
  ];
  const k = [...new Set(ensembles.map((e) => e.networks))];
  const subtitle = ensembles.length === 0
    ? 'measured solid, mean-field theory dashed; runs that are exactly 0 are named, not drawn'
    : `solid: median of ${k.join('/')} networks${ensembles.length < runs.length ? ' (ensembles; else the one network)' : ''}; shaded: 25–75 % and 5–95 % of them; dashed: mean-field mean; dotted band: finite-width ±1 SD of log q (ReLU family, batch 1); exact zeros named, not drawn`;
  const column = { field: 'quantity', type: 'nominal' as const, sort: QUANTITIES.map(([q]) => q), title: null };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: title, subtitle },
    data: { values },
    facet: facetRow === undefined ? { column } : { row: { field: 'group', type: 'nominal' as const, title: null }, column },
    resolve: { scale: { y: 'independent' } },
    spec: { width: 360, height: 240, layer },
    // The layers are built as plain records (their encodings share helpers); vega-lite's compile
    // checks them when the figure renders, which the CLI tests do.
  } as unknown as TopLevelSpec;
}

/**
 * Renders a Vega-Lite spec to an SVG string, headless.
 *
 * @param libs - the vega and vega-lite modules
 * @param spec - the figure
 */
export async function renderSvg(libs: Pick<ExtraModules, 'vega' | 'vega-lite'>, spec: TopLevelSpec): Promise<string> {
  const { vega, 'vega-lite': vegaLite } = libs;
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
