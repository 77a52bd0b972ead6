// `weight-init demo` (npm run demo): the seeds' story at depth 50, width 256, told with ensembles.
// One network's q₅₀ is a random draw; the story's numbers (0.9⁴⁹ ≈ 0.0057, 1.1⁴⁹ ≈ 107) are
// statements about the mean over networks, so the table prints ensemble means beside them, and the
// ensemble medians beside those, which show where a single seed usually lands.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { initSync, type InitSpec, type SimulateResult } from '../index.js';
import { cell, ensembleOf, finiteWidth, relativeStandardError } from './ensemble.js';
import { requireExtras } from './extras.js';
import { figureSpec, renderSvg, terminalChart, type Run } from './plots.js';
import { parseThreads, progressBars, runAll } from './run.js';
import { samplingReport } from './sampling-report.js';

/** Networks per ensemble by default; see docs/simulator.md ("The demo") for why this many. */
export const DEMO_NETWORKS = 32;
const DEPTH = 50, WIDTH = 256, BATCH = 128;

/** One init of the story: how it is specified, and whether its spread over networks is drawn. */
interface StoryInit {
  /** Short name (the figure's legend and the --json `init`). */
  name: string;
  /** The table's label (with σ_w² or the gain). */
  label: string;
  spec: InitSpec;
  /**
   * Run as an ensemble: ReLU's too small, too large and He, the finite-width story (the theory
   * applies there, and the spread is wide: Var log q₅₀ ≈ 1). The others show one network, to keep
   * the demo's run time near the single-network demo's: zeros is the same network for every seed
   * (W = 0); Xavier on ReLU is the same networks again, rescaled (ReLU is homogeneous); tanh's
   * spread at this width is small (Var log q₅₀ ≤ 0.25, from `--networks 32`), so one network stands
   * for the average; orthogonal's 50 QR factorisations cost ~10 Gaussian draws each.
   */
  ensemble: boolean;
}

function storyInits(act: 'relu' | 'tanh', crit: number, orthoGain: number): StoryInit[] {
  const relu = act === 'relu';
  return [
    { name: 'zeros', label: 'zeros', spec: 'zeros', ensemble: false },
    { name: 'too small', label: `too small (σw²=${(0.9 * crit).toFixed(1)})`, spec: { sigmaW2: 0.9 * crit }, ensemble: relu },
    { name: 'too large', label: `too large (σw²=${(1.1 * crit).toFixed(1)})`, spec: { sigmaW2: 1.1 * crit }, ensemble: relu },
    { name: 'Xavier', label: 'Xavier', spec: 'xavierNormal', ensemble: false },
    { name: 'He', label: 'He', spec: 'kaimingNormal', ensemble: relu },
    { name: 'orthogonal', label: `orthogonal (gain ${orthoGain.toFixed(3)})`, spec: { id: 'orthogonal', gain: orthoGain }, ensemble: false },
  ];
}

/** What the demo computed for one init of one activation (also its --json output). */
export interface DemoRow {
  activation: 'relu' | 'tanh';
  init: string;
  /** One network at batch 128: distinct neurons and cosine need a batch. */
  single: SimulateResult;
  /** The ensemble at batch 1 (where the finite-width theory applies), when run. */
  ensemble?: SimulateResult;
}

/** E[q_l] over the networks (the one network's q_l when not an ensemble). */
function meanQ(row: DemoRow, l: number): number {
  const ens = row.ensemble === undefined ? undefined : ensembleOf(row.ensemble);
  return ens === undefined ? row.single.layers[l]!.q : ens.layers[l]!.q.mean;
}

/** The table of one activation; rows in story order. */
function storyTable(rows: readonly DemoRow[], inits: readonly StoryInit[]): string {
  const L = DEPTH;
  const lines = [
    '| init | networks | E[q₁] | E[q₅₀] (± SE) | E[q₅₀]/E[q₁] | mean field q₅₀/q₁ | median q₅₀/E[q₁] | finite-width median q₅₀/q₁ | distinct neurons at l=50 | cosine at l=50 |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  rows.forEach((row, i) => {
    const ens = row.ensemble === undefined ? undefined : ensembleOf(row.ensemble);
    const q1 = meanQ(row, 1), qL = meanQ(row, L);
    const theoryQ = ens?.theory?.qMean ?? (row.ensemble ?? row.single).theory?.q;
    const mf = theoryQ !== undefined && theoryQ[1]! > 0 ? theoryQ[L]! / theoryQ[1]! : undefined;
    const fw = ens?.theory === undefined ? undefined : finiteWidth(ens.theory, L);
    const se = ens === undefined ? '' : ` (± ${(100 * relativeStandardError(ens.layers[L]!.q.logVar, ens.networks)).toFixed(0)} %)`;
    const exact = q1 === 0 && qL === 0;
    lines.push(`| ${[
      inits[i]!.label,
      row.init === 'zeros' ? 'any (W = 0)' : String(ens?.networks ?? 1),
      exact ? 'exactly 0' : cell(q1),
      exact ? 'exactly 0' : cell(qL) + se,
      q1 > 0 ? cell(qL / q1) : '—',
      cell(mf),
      ens === undefined || !(q1 > 0) ? '—' : cell(ens.layers[L]!.q.median / q1),
      fw === undefined || theoryQ === undefined ? '—' : cell(fw.median / theoryQ[1]!),
      row.single.layers[L]!.distinctNeurons,
      row.single.layers[L]!.cosine.toFixed(3),
    ].join(' | ')} |`);
  });
  return lines.join('\n');
}

/** The lines under the tables: the story, with the ReLU numbers as the table printed them. */
function caption(rows: readonly DemoRow[]): string {
  const lines = ['zeros: every neuron of a layer computes the same thing (1 distinct neuron), forever — no symmetry breaking; q is exactly 0.'];
  const at = (name: string): DemoRow | undefined => rows.find((r) => r.activation === 'relu' && r.init === name);
  const [small, large] = ['too small', 'too large'].map((name) => {
    const row = at(name);
    const ens = row?.ensemble === undefined ? undefined : ensembleOf(row.ensemble);
    if (row === undefined || ens === undefined) return undefined;
    const q1 = meanQ(row, 1), mf = ens.theory?.qMean ?? row.ensemble!.theory?.q;
    return { ratio: cell(meanQ(row, DEPTH) / q1), median: cell(ens.layers[DEPTH]!.q.median / q1), meanField: mf === undefined ? '—' : cell(mf[DEPTH]! / mf[1]!), logVar: ens.layers[DEPTH]!.q.logVar.toFixed(2), k: ens.networks };
  });
  if (small !== undefined && large !== undefined) {
    lines.push(
      `σw² 10% off the critical value compounds over 49 layers: over ${small.k} ReLU networks E[q₅₀]/E[q₁] = ${small.ratio} (too small) and ${large.ratio}`,
      `(too large), beside the mean field's 0.9⁴⁹ = ${small.meanField} and 1.1⁴⁹ = ${large.meanField}. One network is a log-normal-like draw`,
      `(Var log q₅₀ ≈ ${small.logVar}): its median, ${small.median} and ${large.median} × E[q₁], sits below the mean by e^(−Var/2), so a single seed`,
      'usually lands below the mean-field line. ReLU is homogeneous, so with the same seeds the ReLU ensembles are the same',
      'networks rescaled: their spread, and their error against the mean field, are the same in every row. For tanh the',
      'spread at this width is small, and one network stands for the average.',
    );
  }
  lines.push('He (ReLU) and Xavier (tanh) sit at χ₁ = 1; orthogonal weights keep every singular value at the gain.');
  return lines.join('\n');
}

/**
 * The seeds' story: what each initialisation does to signal and gradient through 50 layers, as
 * ensemble means and medians, then the sampling report.
 *
 * @param argv - `[--networks K] [--threads n|auto] [--activations relu,tanh] [--json]`
 */
export async function demo(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      networks: { type: 'string', default: String(DEMO_NETWORKS) },
      activations: { type: 'string', default: 'relu,tanh' },
      threads: { type: 'string', default: 'auto' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const networks = Number(values.networks);
  if (!Number.isInteger(networks) || networks < 2) throw new TypeError(`--networks must be an integer ≥ 2, got ${JSON.stringify(values.networks)}`);
  const threads = parseThreads(values.threads);
  // The demo is the whole show (charts and demo.svg): without its libraries it stops before starting.
  const libs = await requireExtras('the demo', ['asciichart', 'vega', 'vega-lite']);
  const bars = await progressBars(values.json);
  initSync();
  const say = (text: string): void => { if (!values.json) console.log(text); };
  say(`weight-init demo — the seeds' story: depth ${DEPTH}, width ${WIDTH}, h¹ = W¹x; ReLU's too small, too large and He as ensembles of ${networks} networks at batch 1, the rest (and the symmetry columns) one network at batch ${BATCH}\n`);
  const chapters = [{ act: 'relu', crit: 2, orthoGain: Math.SQRT2 }, { act: 'tanh', crit: 1, orthoGain: 1 }] as const;
  const wanted = values.activations.split(',');
  const story = chapters.filter((c) => wanted.includes(c.act));
  if (story.length !== wanted.length) throw new TypeError(`--activations takes relu and/or tanh, got ${JSON.stringify(values.activations)}`);
  const rows: DemoRow[] = [];
  const figure: Run[] = [];
  for (const { act, crit, orthoGain } of story) {
    const inits = storyInits(act, crit, orthoGain);
    // activateInput: false (h¹ = W¹x) is where the finite-width theory is exact; the single runs
    // share it so every row's q₁ means the same thing.
    const base = { depth: DEPTH, width: WIDTH, activation: act, seed: 1, activateInput: false } as const;
    // Inits without an ensemble are drawn from their single run, so only those need its backward pass.
    const single = runAll(inits.map((it) => ({ label: it.label, config: { ...base, batch: BATCH, init: it.spec, backward: !it.ensemble, jacobianProbes: 0, weightGradNorm: false } })), bars);
    const ensembles = runAll(inits.filter((it) => it.ensemble).map((it) => ({
      label: it.label, config: { ...base, batch: 1, init: it.spec, networks, threads, jacobianProbes: 0, weightGradNorm: false },
    })), bars);
    const actRows = inits.map((it, i): DemoRow => {
      const ens = ensembles.find((r) => r.label === it.label)?.result;
      return { activation: act, init: it.name, single: single[i]!.result, ...(ens === undefined ? {} : { ensemble: ens }) };
    });
    rows.push(...actRows);
    // One label per init in both rows, so an init has one colour; the subtitle says which lines are medians.
    const drawn = actRows.map((row) => ({ label: row.init, result: row.ensemble ?? row.single }));
    figure.push(...drawn);
    if (!values.json) {
      console.log(`${act}:\n`);
      console.log(storyTable(actRows, inits));
      console.log('\n' + terminalChart(libs.asciichart, drawn, 'q') + '\n');
      console.log(terminalChart(libs.asciichart, drawn, 'g') + '\n');
    }
  }
  const activationOf = (r: Run): string => r.result.activation;
  writeFileSync('demo.svg', await renderSvg(libs, figureSpec(figure, `The seeds' story: depth ${DEPTH}, width ${WIDTH}`, activationOf)));
  if (values.json) {
    process.stdout.write(JSON.stringify({ depth: DEPTH, width: WIDTH, networks, rows }, null, 2) + '\n');
    return;
  }
  console.log(caption(rows) + '\n');
  console.log('wrote demo.svg\n');
  samplingReport();
}
