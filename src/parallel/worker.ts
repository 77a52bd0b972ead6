// A fill worker (Node worker_threads or a module Web Worker): instantiates the kernels itself
// (the same modules as the caller: backend.ts and its embedded WASM), then serves jobs from
// pool.ts — claims chunks from the shared counter until none are left, writing each into the
// caller's SharedArrayBuffer output or into its staging slots for the caller to copy. An ensemble
// job (simulate's `networks`) claims whole networks the same way. The simulator is imported
// statically, not on first use: a dynamic import() would make a code-splitting worker bundle,
// which Vite's default worker format (iife) refuses to build (test/browser/parallel.test.ts).
import { activeKernels, backend, setBackend, type BackendName } from '../kernels/backend.js';
import { U128 } from '../random/types.js';
import { runEnsembleJob } from '../simulate/ensemble-job.js';
import { CHUNK_BLOCKS, CHUNK_VALUES, ERROR, FILLED, HEAD, NEXT, SLOTS, sharedView, type EnsembleJob, type Job } from './pool.js';

function useBackend(name: string): void {
  try {
    if (backend() !== name) setBackend(name as BackendName);
  } catch {
    // Every backend gives the same bits; keep the best one this thread has.
  }
}

/** An ensemble job: networks claimed from the shared counter (see parallelEnsemble in pool.ts). */
function runEnsemble(job: EnsembleJob): void {
  if (Atomics.load(new Int32Array(job.ctrl), NEXT) >= job.networks) return; // the caller has them all
  useBackend(job.backend);
  runEnsembleJob(job);
}

function run(job: Job): void {
  const ctrl = new Int32Array(job.ctrl);
  if (Atomics.load(ctrl, NEXT) >= job.chunks) return; // the caller already has every chunk
  useBackend(job.backend);
  const fill = activeKernels().fill;
  const out = job.out === null ? undefined : sharedView(job.elem, job.out, job.outOffset, job.count);
  const staging = sharedView(job.elem, job.staging, 0, SLOTS * CHUNK_VALUES);
  let slot = 0;
  for (let c = Atomics.add(ctrl, NEXT, 1); c < job.chunks; c = Atomics.add(ctrl, NEXT, 1)) {
    const values = Math.min(CHUNK_VALUES, job.count - c * CHUNK_VALUES);
    const at = HEAD + 2 * (job.index * SLOTS + slot);
    try {
      const block = (job.counter + BigInt(c * CHUNK_BLOCKS)) % U128;
      if (out !== undefined) fill(job.kind, job.k0, job.k1, block, values, out, c * CHUNK_VALUES, job.params);
      else {
        while (Atomics.load(ctrl, at) !== 0) Atomics.wait(ctrl, at, 1); // the caller has not copied it yet
        fill(job.kind, job.k0, job.k1, block, values, staging, slot * CHUNK_VALUES, job.params);
        ctrl[at + 1] = c;
        Atomics.store(ctrl, at, 1);
        slot = (slot + 1) % SLOTS;
      }
    } catch {
      Atomics.store(ctrl, ERROR, 1);
    }
    Atomics.add(ctrl, FILLED, 1);
    Atomics.notify(ctrl, FILLED);
  }
}

/** One message: a fill job, or an ensemble job (the only kind with a `type`). */
function onJob(m: Job | EnsembleJob): void {
  if ('type' in m) runEnsemble(m);
  else run(m);
}

interface Port { on(e: 'message', f: (m: Job | EnsembleJob) => void): void }
const proc = (globalThis as { process?: { versions?: { node?: string }; getBuiltinModule?: (id: string) => unknown } }).process;
if (typeof proc?.versions?.node === 'string' && typeof proc.getBuiltinModule === 'function') {
  const { parentPort } = proc.getBuiltinModule('node:worker_threads') as { parentPort: Port | null };
  parentPort?.on('message', onJob);
} else {
  (globalThis as unknown as { onmessage: (e: { data: Job | EnsembleJob }) => void }).onmessage = (e) => onJob(e.data);
}
