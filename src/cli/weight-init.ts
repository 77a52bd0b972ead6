#!/usr/bin/env node
// The `weight-init` command:
//   weight-init simulate --depth 50 --width 512 --batch 256 --activation relu \
//     --init kaimingNormal,xavierNormal,normal:std=0.01,zeros [--svg out.svg] [--json] [--every 5]
//     [--networks 32 [--threads auto]]   K seeded networks: means, medians, quantile bands, theory
//   weight-init demo        the seeds' story (ReLU and tanh, depth 50, ensembles) + demo.svg, then the sampling report
// Its drawing libraries are optional extras (./extras.ts), imported only where they draw.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { initializerDescriptors, initSync, type InitSpec, type SimActivation, type SimulateConfig } from '../index.js';
import { ensembleOf, ensembleTable } from './ensemble.js';
import { MissingExtraError, requireExtras, type ExtraModules } from './extras.js';
import { figureSpec, layerTable, renderSvg, terminalChart } from './plots.js';
import { parseThreads, progressBars, runAll } from './run.js';

const USAGE = `usage:
  weight-init simulate [--depth 50] [--width 512] [--batch 256] [--activation relu]
                       [--init kaimingNormal,xavierNormal,normal:std=0.01,zeros,sigmaW2=2]
                       [--sigma-b2 0] [--seed 0] [--svg out.svg] [--json] [--every 5] [--no-backward]
                       [--no-activate-input] [--networks 1] [--threads 1|n|auto]
    --networks K: K independently seeded networks; the table shows q's mean, median and 5–95 %
      beside the mean-field mean and the finite-width median and ±1 SD (linear/ReLU/leaky ReLU,
      Gaussian weights, zero bias, --batch 1, --no-activate-input); the SVG shades the 25–75 %
      and 5–95 % of the networks
    --init ids: ${initializerDescriptors.map((d) => d.name).join(', ')}
      (snake_case and PascalCase spellings too; options as id:key=value:key=value)
  weight-init demo [--networks 32] [--threads auto] [--activations relu,tanh] [--json]
  weight-init init-model spec.json --out model.safetensors [--seed 0] [--buffer-mb 64] [--dtype float32|bfloat16|float16] [--quiet]
  weight-init init-model spec.json --out DIR [--max-shard-size 5GB] [--rank R --world-size W] [--seed 0] [--quiet]
    --out DIR: a sharded checkpoint (model-0000i-of-0000N.safetensors + model.safetensors.index.json);
      rank and world size from torchrun, Slurm, Open MPI, MPICH/PMI or a Kubernetes Indexed Job
      (JOB_COMPLETION_INDEX, with --world-size) unless given; each rank writes its own files
  weight-init init-model --hf config.json [--recipe hf|megatron|olmo-mitchell|gpt-neox-small-init|timm-vit|mup] [--base-width N]
                         --out DIR [--dtype bf16|bfloat16|fp16|float16|float32] [--max-shard-size 5GB] [--seed 0]
    a loadable model directory: the spec from the Hugging Face config, the shards, and config.json
      (torch_dtype = the dtype written; --dtype default: the config's torch_dtype, else float32)
  weight-init describe (spec.json | --hf config.json) [--recipe R] [--base-width N] [--dtype D] [--json] [--compare R2]
    per parameter group: tensors, parameters, init, exact mean/std/bounds, bytes; then the totals;
      --compare R2: only the groups whose init differs between recipe R and R2
  weight-init coord-check [--widths 64,128,256,512,1024] [--depth 3] [--activation relu] [--parametrization standard|muP|both]
                          [--steps 1] [--lr 0.1] [--seeds 4] [--svg out.svg] [--json]   the μP coordinate check
optional extras (npm i weight-init installs none of them):
  npm i vega vega-lite   the SVG figures (--svg, demo)
  npm i asciichart       the terminal charts (simulate, demo)
  npm i cli-progress     progress bars on a terminal (simulate, demo, init-model)`;

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
      'no-activate-input': { type: 'boolean', default: false },
      networks: { type: 'string', default: '1' },
      threads: { type: 'string', default: '1' },
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
  const networks = num('networks', values.networks);
  if (!Number.isInteger(networks) || networks < 1) throw new TypeError(`--networks must be a positive integer, got ${JSON.stringify(values.networks)}`);
  const threads = parseThreads(values.threads);
  initSync();
  const base: SimulateConfig = {
    depth: num('depth', values.depth), width: num('width', values.width), batch: num('batch', values.batch), activation,
    bias: { sigmaB2: num('sigma-b2', values['sigma-b2']) }, seed: num('seed', values.seed), backward: !values['no-backward'],
    activateInput: !values['no-activate-input'], networks, threads,
  };
  const runs = runAll(inits.map(({ label, spec }) => ({ label, config: { ...base, init: spec } })), await progressBars(values.json));
  if (values.json) {
    process.stdout.write(JSON.stringify(runs.map((r) => ({ init: r.label, ...r.result })), null, 2) + '\n');
  } else {
    const every = Math.max(1, num('every', values.every));
    for (const r of runs) console.log((ensembleOf(r.result) === undefined ? layerTable(r, every) : ensembleTable(r.label, r.result, every)) + '\n');
    if (chartLib !== undefined) {
      console.log(terminalChart(chartLib, runs, 'q') + '\n');
      if (base.backward) console.log(terminalChart(chartLib, runs, 'g') + '\n');
    } else if (chartsMissing !== undefined) {
      console.error(`weight-init: ${chartsMissing.message}`);
    }
  }
  if (values.svg !== undefined && svgLibs !== undefined) {
    const title = `${typeof activation === 'string' ? activation : activation.name}, depth ${base.depth}, width ${base.width}, batch ${base.batch}${networks > 1 ? `, ${networks} networks` : ''}`;
    writeFileSync(values.svg, await renderSvg(svgLibs, figureSpec(runs, title)));
    if (!values.json) console.log(`wrote ${values.svg}`);
  }
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'simulate') await simulateCommand(rest);
  else if (command === 'demo') await (await import('./demo.js')).demo(rest);
  else if (command === 'init-model') await (await import('./init-model.js')).initModelCommand(rest);
  else if (command === 'coord-check') await (await import('./coord-check.js')).coordCheckCommand(rest);
  else if (command === 'describe') await (await import('./describe.js')).describeCommand(rest);
  else {
    console.error(USAGE);
    process.exit(command === undefined || command === '--help' ? 0 : 2);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? `weight-init: ${e.message}` : e);
  process.exit(1);
});
