// The worker side of an ensemble (src/parallel/worker.ts loads this on its first ensemble job):
// rebuild the plan from the cloned config, then claim networks from the shared counter and write
// each one's record, exactly as the calling thread does in ensemble.ts.
import { ERROR, FILLED, NEXT, type EnsembleJob } from '../parallel/pool.js';
import { parseConfig, type SimulateConfig } from './config.js';
import { encodeNetwork, networkPlan } from './ensemble.js';
import { runPlan } from './simulate.js';

/**
 * Serves one ensemble job on this worker until no network is left to claim. A network that throws
 * sets the job's error flag (the caller then throws); it is still counted, so the caller wakes.
 * @internal
 */
export function runEnsembleJob(job: EnsembleJob): void {
  const ctrl = new Int32Array(job.ctrl);
  const out = new Float64Array(job.out);
  // The caller parsed the same config before posting it, so this does not throw.
  const plan = parseConfig(job.config as SimulateConfig);
  for (let k = Atomics.add(ctrl, NEXT, 1); k < job.networks; k = Atomics.add(ctrl, NEXT, 1)) {
    try {
      encodeNetwork(runPlan(networkPlan(plan, k)), out, k * job.recordLength);
    } catch {
      Atomics.store(ctrl, ERROR, 1);
    }
    Atomics.add(ctrl, FILLED, 1);
    Atomics.notify(ctrl, FILLED);
  }
}
