// Figures of the `weight-init simulate` command and the demo: the terminal chart (asciichart), the
// per-layer table and the SVG (vega-lite compiled to vega, rendered headless to SVG by vega).
// The drawing libraries are optional (src/cli/extras.ts): the caller imports them when it draws
// and passes them in, so this module imports them for their types only.
import type { TopLevelSpec } from 'vega-lite';
import type { SimulateResult } from '../index.js';
import type { ExtraModules } from './extras.js';

/** One labelled simulation run. */
export interface Run {
  label: string;
  result: SimulateResult;
}

const log10 = (x: number): number => (x > 0 ? Math.log10(x) : -40);

/**
 * A terminal chart of log10 of a per-layer quantity, one coloured line per run, and its legend.
 *
 * @param asciichart - the asciichart module
 * @param runs - the runs, one line each
 * @param field - `q` (forward) or `g` (backward)
 * @param height - rows of the chart
 */
export function terminalChart(asciichart: ExtraModules['asciichart'], runs: readonly Run[], field: 'q' | 'g', height = 14): string {
  const COLORS = [asciichart.blue, asciichart.green, asciichart.red, asciichart.yellow, asciichart.magenta, asciichart.cyan, asciichart.lightgray];
  const series = runs.map((r) => r.result.layers.map((s) => Math.max(-40, Math.min(40, log10(s[field])))));
  const chart = asciichart.plot(series, { height, colors: COLORS.slice(0, runs.length), format: (x: number) => x.toFixed(1).padStart(6) });
  const legend = runs.map((r, i) => `${COLORS[i % COLORS.length]}── ${r.label}\x1b[39m`).join('   ');
  return `log10 ${field === 'q' ? 'q_l (forward)' : 'g_l (backward)'} vs layer\n${chart}\n${legend}`;
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

/** The Vega-Lite spec: q_l and g_l on log scales vs depth, one colour per init, theory dashed. */
export function figureSpec(runs: readonly Run[], title: string, facetRow?: (r: Run) => string): TopLevelSpec {
  const values: Record<string, unknown>[] = [];
  for (const r of runs) {
    const group = facetRow?.(r);
    const push = (layer: number, quantity: string, value: number, source: string): void => {
      // Log scales cannot show 0: clamp to 1e-30 (documented in the figure's subtitle).
      if (!Number.isFinite(value)) return;
      values.push({ layer, quantity, value: Math.max(value, 1e-30), init: r.label, source, ...(group === undefined ? {} : { group }) });
    };
    r.result.layers.forEach((s, l) => { push(l, 'forward q_l', s.q, 'measured'); push(l, 'backward g_l', s.g, 'measured'); });
    r.result.theory?.q.forEach((v, l) => push(l, 'forward q_l', v, 'theory'));
    r.result.theory?.g.forEach((v, l) => push(l, 'backward g_l', v, 'theory'));
  }
  const facet = facetRow === undefined
    ? { column: { field: 'quantity', type: 'nominal' as const, sort: ['forward q_l', 'backward g_l'], title: null } }
    : { row: { field: 'group', type: 'nominal' as const, title: null }, column: { field: 'quantity', type: 'nominal' as const, sort: ['forward q_l', 'backward g_l'], title: null } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: title, subtitle: 'measured solid, mean-field theory dashed; zeros drawn at 1e-30' },
    data: { values },
    facet,
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 360,
      height: 240,
      mark: { type: 'line', strokeWidth: 1.6 },
      encoding: {
        x: { field: 'layer', type: 'quantitative', title: 'layer l' },
        y: { field: 'value', type: 'quantitative', scale: { type: 'log' }, title: null, axis: { format: '.0e' } },
        color: { field: 'init', type: 'nominal', title: 'init' },
        strokeDash: { field: 'source', type: 'nominal', title: null, sort: ['measured', 'theory'] },
        detail: { field: 'source', type: 'nominal' },
      },
    },
  } as TopLevelSpec;
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
