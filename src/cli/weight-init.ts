#!/usr/bin/env node
// The `weight-init` command:
//   weight-init simulate --depth 50 --width 512 --batch 256 --activation relu \
//     --init kaimingNormal,xavierNormal,normal:std=0.01,zeros [--svg out.svg] [--json] [--every 5]
//   weight-init demo        the seeds' story (ReLU and tanh, depth 50) + demo.svg, then the sampling report
// Its drawing libraries are optional extras (./extras.ts), imported only where they draw.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { initializerDescriptors, initSync, simulate, type InitSpec, type SimulateConfig, type SimActivation } from '../index.js';
import { MissingExtraError, optionalExtra, requireExtras, type ExtraModules } from './extras.js';
import { figureSpec, layerTable, renderSvg, terminalChart, type Run } from './plots.js';
import { samplingReport } from './sampling-report.js';

const USAGE = `usage:
  weight-init simulate [--depth 50] [--width 512] [--batch 256] [--activation relu]
                       [--init kaimingNormal,xavierNormal,normal:std=0.01,zeros,sigmaW2=2]
                       [--sigma-b2 0] [--seed 0] [--svg out.svg] [--json] [--every 5] [--no-backward]
    --init ids: ${initializerDescriptors.map((d) => d.name).join(', ')}
      (snake_case and PascalCase spellings too; options as id:key=value:key=value)
  weight-init demo
  weight-init init-model spec.json --out model.safetensors [--seed 0] [--buffer-mb 64] [--quiet]
optional extras (npm i weight-init installs none of them):
  npm i vega vega-lite   the SVG figures (--svg, demo)
  npm i asciichart       the terminal charts (simulate, demo)
  npm i cli-progress     progress bars on a terminal (simulate, demo, init-model)`;

/**
 * The progress-bar library when a bar could be shown (stderr is a terminal and not `quiet`), else
 * `undefined`. Without cli-progress the CLI works as before, just without the bar: a missing
 * decoration is not worth a failure or a line of noise.
 */
async function progressBars(quiet: boolean): Promise<ExtraModules['cli-progress'] | undefined> {
  return quiet || process.stderr.isTTY !== true ? undefined : optionalExtra('cli-progress');
}

/** Parses one --init entry: `id`, `id:key=value:key=value`, or `sigmaW2=value`. */
function parseInit(text: string): { label: string; spec: InitSpec } {
  const [id, ...opts] = text.split(':');
  if (id === undefined || id === '') throw new TypeError(`--init: empty initializer in ${JSON.stringify(text)}`);
  const m = /^sigmaW2=(.+)$/i.exec(id);
  if (m) return { label: text, spec: { sigmaW2: Number(m[1]) } };
  if (opts.length === 0) return { label: text, spec: id };
  const spec: { id: string; [k: string]: unknown } = { id };
  for (const kv of opts) {
    const [k, v] = kv.split('=');
    if (k === undefined || v === undefined) throw new TypeError(`--init: expected key=value, got ${JSON.stringify(kv)} in ${JSON.stringify(text)}`);
    spec[k] = Number.isFinite(Number(v)) ? Number(v) : v;
  }
  return { label: text, spec };
}

/** Runs the configs with a progress bar on stderr (when `bars` is given) once the work has taken more than a second. */
function runAll(configs: { label: string; config: SimulateConfig }[], bars: ExtraModules['cli-progress'] | undefined): Run[] {
  const start = performance.now();
  let bar: InstanceType<ExtraModules['cli-progress']['SingleBar']> | undefined;
  const runs: Run[] = [];
  const total = configs.length;
  configs.forEach(({ label, config }, i) => {
    const result = simulate({
      ...config,
      onProgress: (done, steps) => {
        if (bars === undefined) return;
        if (bar === undefined && performance.now() - start > 1000) {
          bar = new bars.SingleBar({ format: 'simulating {bar} {percentage}% | {run}', stream: process.stderr, clearOnComplete: true }, bars.Presets.shades_classic);
          bar.start(100, 0, { run: label });
        }
        bar?.update(Math.round((100 * (i + done / steps)) / total), { run: label });
      },
    });
    runs.push({ label, result });
  });
  bar?.stop();
  return runs;
}

async function simulateCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      depth: { type: 'string', default: '50' },
      width: { type: 'string', default: '512' },
      batch: { type: 'string', default: '256' },
      activation: { type: 'string', default: 'relu' },
      slope: { type: 'string' },
      init: { type: 'string', default: 'kaimingNormal,xavierNormal,normal:std=0.01,zeros' },
      'sigma-b2': { type: 'string', default: '0' },
      seed: { type: 'string', default: '0' },
      svg: { type: 'string' },
      json: { type: 'boolean', default: false },
      every: { type: 'string', default: '5' },
      'no-backward': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) { console.log(USAGE); return; }
  const num = (name: string, v: string): number => {
    const x = Number(v);
    if (!Number.isFinite(x)) throw new TypeError(`--${name} must be a number, got ${JSON.stringify(v)}`);
    return x;
  };
  const activation: SimActivation = values.slope !== undefined
    ? { name: values.activation as 'leakyRelu', slope: num('slope', values.slope) }
    : (values.activation as SimActivation);
  const inits = values.init.split(',').filter((s) => s !== '').map(parseInit);
  // The SVG was asked for by name: without its libraries, fail now rather than after the simulation.
  const svgLibs = values.svg === undefined ? undefined : await requireExtras('the SVG (--svg)', ['vega', 'vega-lite']);
  // The charts only redraw the tables' numbers: without asciichart, print the tables and say so.
  let chartLib: ExtraModules['asciichart'] | undefined;
  let chartsMissing: MissingExtraError | undefined;
  if (!values.json) {
    try {
      chartLib = (await requireExtras('drawing the terminal charts', ['asciichart'])).asciichart;
    } catch (e) {
      if (!(e instanceof MissingExtraError)) throw e;
      chartsMissing = e;
    }
  }
  initSync();
  const base: SimulateConfig = {
    depth: num('depth', values.depth), width: num('width', values.width), batch: num('batch', values.batch), activation,
    bias: { sigmaB2: num('sigma-b2', values['sigma-b2']) }, seed: num('seed', values.seed), backward: !values['no-backward'],
  };
  const runs = runAll(inits.map(({ label, spec }) => ({ label, config: { ...base, init: spec } })), await progressBars(values.json));
  if (values.json) {
    process.stdout.write(JSON.stringify(runs.map((r) => ({ init: r.label, ...r.result })), null, 2) + '\n');
  } else {
    const every = Math.max(1, num('every', values.every));
    for (const r of runs) console.log(layerTable(r, every) + '\n');
    if (chartLib !== undefined) {
      console.log(terminalChart(chartLib, runs, 'q') + '\n');
      if (base.backward) console.log(terminalChart(chartLib, runs, 'g') + '\n');
    } else if (chartsMissing !== undefined) {
      console.error(`weight-init: ${chartsMissing.message}`);
    }
  }
  if (values.svg !== undefined && svgLibs !== undefined) {
    const title = `${typeof activation === 'string' ? activation : activation.name}, depth ${base.depth}, width ${base.width}, batch ${base.batch}`;
    writeFileSync(values.svg, await renderSvg(svgLibs, figureSpec(runs, title)));
    if (!values.json) console.log(`wrote ${values.svg}`);
  }
}

/** The seeds' story: what each initialisation does to signal and gradient through 50 layers. */
async function demo(): Promise<void> {
  // The demo is the whole show (charts and demo.svg): without its libraries it stops before starting.
  const libs = await requireExtras('the demo', ['asciichart', 'vega', 'vega-lite']);
  const bars = await progressBars(false);
  initSync();
  const depth = 50, width = 256, batch = 128;
  console.log(`weight-init demo — the seeds' story: depth ${depth}, width ${width}, batch ${batch}\n`);
  const story: { act: 'relu' | 'tanh'; crit: number; orthoGain: number }[] = [
    { act: 'relu', crit: 2, orthoGain: Math.SQRT2 },
    { act: 'tanh', crit: 1, orthoGain: 1 },
  ];
  const all: Run[] = [];
  for (const { act, crit, orthoGain } of story) {
    const inits: { label: string; spec: InitSpec }[] = [
      { label: 'zeros', spec: 'zeros' },
      { label: `too small (σw²=${(0.9 * crit).toFixed(1)})`, spec: { sigmaW2: 0.9 * crit } },
      { label: `too large (σw²=${(1.1 * crit).toFixed(1)})`, spec: { sigmaW2: 1.1 * crit } },
      { label: 'Xavier', spec: 'xavierNormal' },
      { label: 'He', spec: 'kaimingNormal' },
      { label: `orthogonal (gain ${orthoGain.toFixed(3)})`, spec: { id: 'orthogonal', gain: orthoGain } },
    ];
    const runs = runAll(inits.map(({ label, spec }) => ({ label, config: { depth, width, batch, activation: act, init: spec, seed: 1 } })), bars);
    console.log(`${act}:\n`);
    console.log('| init | q₁ | q₅₀ | rate (q₅₀/q₁)^(1/49) | g₀ (δᴸ: g=1) | distinct neurons at l=50 | cosine at l=50 |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const r of runs) {
      const L = r.result.layers;
      const q1 = L[1]!.q, qL = L[depth]!.q;
      // Display only (the table's rate column), so the engine's Math is fine here.
      // eslint-disable-next-line no-restricted-syntax
      const rate = q1 > 0 ? (qL / q1) ** (1 / (depth - 1)) : NaN;
      const e = (x: number): string => (Number.isFinite(x) ? x.toExponential(2) : '—');
      console.log(`| ${r.label} | ${e(q1)} | ${e(qL)} | ${Number.isFinite(rate) ? rate.toFixed(3) : '—'} | ${e(L[0]!.g)} | ${L[depth]!.distinctNeurons} | ${L[depth]!.cosine.toFixed(3)} |`);
    }
    console.log('\n' + terminalChart(libs.asciichart, runs, 'q') + '\n');
    console.log(terminalChart(libs.asciichart, runs, 'g') + '\n');
    all.push(...runs.map((r) => ({ label: r.label.replace(/ \(.*\)$/, ''), result: r.result })));
  }
  console.log('zeros: every neuron of a layer computes the same thing (1 distinct neuron), forever — no symmetry breaking.');
  console.log('σw² 10% off the critical value compounds over 50 layers: 0.9^49 ≈ 0.0057, 1.1^49 ≈ 107; He (ReLU) and');
  console.log('Xavier (tanh) sit at χ₁ = 1; orthogonal weights keep every singular value at the gain.\n');
  writeFileSync('demo.svg', await renderSvg(libs, figureSpec(all, `The seeds' story: depth ${depth}, width ${width}`, (r) => r.result.activation)));
  console.log('wrote demo.svg\n');
  samplingReport();
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'simulate') await simulateCommand(rest);
  else if (command === 'demo') await demo();
  else if (command === 'init-model') await (await import('./init-model.js')).initModelCommand(rest);
  else {
    console.error(USAGE);
    process.exit(command === undefined || command === '--help' ? 0 : 2);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? `weight-init: ${e.message}` : e);
  process.exit(1);
});
