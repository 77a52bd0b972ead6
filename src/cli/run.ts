// Running simulations for the CLI: the progress bar (optional) and the one loop every command uses.
import { simulate, type SimulateConfig } from '../index.js';
import { optionalExtra, type ExtraModules } from './extras.js';
import type { Run } from './plots.js';

/**
 * The progress-bar library when a bar could be shown (stderr is a terminal and not `quiet`), else
 * `undefined`. Without cli-progress the CLI works as before, just without the bar: a missing
 * decoration is not worth a failure or a line of noise.
 */
export async function progressBars(quiet: boolean): Promise<ExtraModules['cli-progress'] | undefined> {
  return quiet || process.stderr.isTTY !== true ? undefined : optionalExtra('cli-progress');
}

/**
 * `threads` as the CLI takes it: `auto` or a positive integer.
 *
 * @throws TypeError naming the option for anything else
 */
export function parseThreads(text: string): number | 'auto' {
  if (text === 'auto') return 'auto';
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new TypeError(`--threads must be a positive integer or auto, got ${JSON.stringify(text)}`);
  return n;
}

/** Runs the configs with a progress bar on stderr (when `bars` is given) once the work has taken more than a second. */
export function runAll(configs: { label: string; config: SimulateConfig }[], bars: ExtraModules['cli-progress'] | undefined): Run[] {
  const start = performance.now();
  let bar: InstanceType<ExtraModules['cli-progress']['SingleBar']> | undefined;
  const runs: Run[] = [];
  const total = configs.length;
  configs.forEach(({ label, config }, i) => {
    // A single network never passes the ensemble options: `networks: 1` is simulate() as it always was.
    const { networks, threads, ...single } = config;
    const full: SimulateConfig = networks !== undefined && networks > 1 ? { ...single, networks, threads } : single;
    const result = simulate({
      ...full,
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
