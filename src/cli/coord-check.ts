// `weight-init coord-check`: the μP coordinate check (src/simulate/coord-check.ts) from the command
// line — a table per parametrization (each layer's mean |h| and how far one step moved it, per
// width, with the fitted exponents) and, with --svg, a log-log figure of the logits and of the
// hidden layer's update against width for SP and μP. Display only: the numbers are coordCheck's.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { TopLevelSpec } from 'vega-lite';
import { coordCheck, initSync, type CoordCheckResult, type Parametrization, type SimActivation } from '../index.js';
import { requireExtras } from './extras.js';
import { renderSvg } from './plots.js';

const USAGE = `usage: weight-init coord-check [--widths 64,128,256,512,1024] [--depth 3] [--activation relu]
                               [--parametrization standard|muP|both] [--steps 1] [--lr 0.1]
                               [--seeds 4] [--seed 0] [--svg out.svg] [--json]`;

const LABEL: Record<Parametrization, string> = { standard: 'SP', muP: 'μP' };

/** 3 significant digits, as the other tables print. */
function fmt(x: number): string {
  return Number.isFinite(x) ? Number(x.toPrecision(3)).toString() : String(x);
}

/** The layer's name in the table: h¹ … and "logits" for the readout. */
function layerName(r: CoordCheckResult, l: number): string {
  return l === r.depth ? 'logits' : `h${l}`;
}

/**
 * The Markdown table of one check: per width, every layer's l1 after the steps and its change
 * from initialisation, then the exponents fitted over the widths and the logits' max/min.
 */
export function coordCheckTable(r: CoordCheckResult): string {
  const names = r.layers.map((layer) => layerName(r, layer.layer));
  const step = `${r.steps} SGD step${r.steps === 1 ? '' : 's'}`;
  const lines = [
    `${LABEL[r.parametrization]} (${r.parametrization}): ${r.activation}, ${r.depth} layers d_in ${r.inputDim} → n → d_out ${r.outputDim}, batch ${r.batch}, ${step} at lr ${r.lr}, ${r.seeds} seed${r.seeds === 1 ? '' : 's'}, base width ${r.baseWidth}`,
    '',
    `| width | m | ${names.map((n) => `${n} l1`).join(' | ')} | ${names.map((n) => `${n} change`).join(' | ')} |`,
    `|---:|---:|${names.map(() => '---:|').join('')}${names.map(() => '---:|').join('')}`,
  ];
  r.widths.forEach((n, w) => {
    lines.push(`| ${n} | ${fmt(r.widthMult[w]!)} | ${r.layers.map((layer) => fmt(layer.l1[w]!)).join(' | ')} | ${r.layers.map((layer) => fmt(layer.change[w]!)).join(' | ')} |`);
  });
  lines.push(`| slope | | ${r.layers.map((layer) => fmt(layer.slope)).join(' | ')} | ${r.layers.map((layer) => fmt(layer.changeSlope)).join(' | ')} |`);
  lines.push('', `logits l1 max/min over the widths: ${fmt(r.readoutRatio)} (slope ${fmt(r.slope)}: 1 = ∝ width, 0.5 = ∝ √width, 0 = flat)`);
  return lines.join('\n');
}

/**
 * The log-log figure: the logits' l1 and the last hidden layer's change against width, one line
 * per parametrization, its fitted slope written at its widest point. Marks are named `lines`,
 * `points` and `slopes`.
 */
export function coordCheckSpec(results: readonly CoordCheckResult[]): TopLevelSpec {
  const values: Record<string, unknown>[] = [];
  const panels = ['logits: mean |f| after the step(s)', 'last hidden layer: mean |change| from init'];
  for (const r of results) {
    const hidden = r.layers[r.depth - 2]!, readout = r.layers[r.depth - 1]!;
    const widest = Math.max(...r.widths);
    const series = (panel: string, ys: number[], slope: number): void => {
      r.widths.forEach((n, w) => values.push({
        panel, width: n, value: ys[w], parametrization: LABEL[r.parametrization], label: n === widest ? `slope ${fmt(slope)}` : '',
      }));
    };
    series(panels[0]!, readout.l1, readout.slope);
    series(panels[1]!, hidden.change, hidden.changeSlope);
  }
  const first = results[0]!;
  const x = { field: 'width', type: 'quantitative', scale: { type: 'log', base: 2 }, title: 'width n', axis: { values: first.widths } };
  const y = { field: 'value', type: 'quantitative', scale: { type: 'log' }, title: null };
  const color = { field: 'parametrization', type: 'nominal', title: null, sort: ['SP', 'μP'] };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: `coordinate check: ${first.activation} MLP, ${first.steps} SGD step${first.steps === 1 ? '' : 's'} at lr ${first.lr}`,
      subtitle: 'log-log; slope: the fitted exponent of width (1: ∝ width, 0.5: ∝ √width, 0: flat, as μP should be)',
    },
    data: { values },
    facet: { column: { field: 'panel', type: 'nominal', title: null, sort: panels } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 300, height: 220,
      layer: [
        { name: 'lines', mark: { type: 'line', strokeWidth: 1.8 }, encoding: { x, y, color } },
        { name: 'points', mark: { type: 'point', filled: true }, encoding: { x, y, color } },
        {
          name: 'slopes', transform: [{ filter: "datum.label !== ''" }], mark: { type: 'text', align: 'right', dy: -10, fontSize: 11 },
          encoding: { x, y, color, text: { field: 'label' } },
        },
      ],
    },
  } as unknown as TopLevelSpec;
}

/** Parses `--widths 64,128,…` into numbers; coordCheck checks what they are. */
function parseWidths(text: string): number[] {
  return text.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
}

/**
 * The `coord-check` subcommand.
 *
 * @param argv - the arguments after `coord-check`
 * @throws TypeError / RangeError naming the bad option
 */
export async function coordCheckCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      widths: { type: 'string', default: '64,128,256,512,1024' },
      depth: { type: 'string', default: '3' },
      activation: { type: 'string', default: 'relu' },
      parametrization: { type: 'string', default: 'both' },
      steps: { type: 'string', default: '1' },
      lr: { type: 'string', default: '0.1' },
      seeds: { type: 'string', default: '4' },
      seed: { type: 'string', default: '0' },
      svg: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) { console.log(USAGE); return; }
  const which = values.parametrization;
  if (!['standard', 'muP', 'both'].includes(which)) {
    throw new TypeError(`--parametrization must be standard, muP or both, got ${JSON.stringify(which)}`);
  }
  const num = (name: string, v: string): number => {
    const x = Number(v);
    if (v.trim() === '' || !Number.isFinite(x)) throw new TypeError(`--${name} must be a number, got ${JSON.stringify(v)}`);
    return x;
  };
  const options = {
    widths: parseWidths(values.widths), depth: num('depth', values.depth), activation: values.activation as SimActivation,
    steps: num('steps', values.steps), lr: num('lr', values.lr), seeds: num('seeds', values.seeds), seed: num('seed', values.seed),
  };
  // The SVG was asked for by name: without its libraries, fail before the work, not after it.
  const svgLibs = values.svg === undefined ? undefined : await requireExtras('the SVG (--svg)', ['vega', 'vega-lite']);
  initSync();
  const kinds: Parametrization[] = which === 'both' ? ['standard', 'muP'] : [which as Parametrization];
  const results = kinds.map((parametrization) => coordCheck({ ...options, parametrization }));
  if (values.json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  else console.log(results.map(coordCheckTable).join('\n\n'));
  if (values.svg !== undefined && svgLibs !== undefined) {
    writeFileSync(values.svg, await renderSvg(svgLibs, coordCheckSpec(results)));
    if (!values.json) console.log(`wrote ${values.svg}`);
  }
}
