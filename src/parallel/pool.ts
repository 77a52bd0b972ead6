// Parallel fill: the calling thread and a small persistent pool of workers split a draw into
// chunks of CHUNK_BLOCKS Philox blocks, claimed dynamically from a shared counter. Chunk c is
// blocks [counter + c·CHUNK_BLOCKS, …) whoever computes it, so the values are the single-thread
// values for any thread count and any scheduling. The API stays synchronous: the caller blocks in
// Atomics.wait while workers finish (allowed in Node and in browser workers, not on a browser's
// main thread — there `parallelFill` declines and the caller fills on one thread).
//
// Data path: the caller computes its chunks straight into the output. Workers write into the output
// when it lives on a SharedArrayBuffer; otherwise into SLOTS staging chunks each (a persistent
// SharedArrayBuffer per worker), which the caller copies out between its own chunks — memory stays
// bounded whatever the request, and the copy overlaps the workers' compute.
//
// Ensembles (simulate's `networks`) use the same workers with another job: whole networks are the
// chunks. Network k is claimed from a shared counter and computed wholly by one thread into record
// k of a shared float64 output, so the records — and what is summarised from them in network order —
// are the same for any thread count and scheduling.
import { activeKernels, type FillTarget } from '../kernels/backend.js';
import type { Kind } from '../kernels/abi.js';
import { U128 } from '../random/types.js';

/** Philox blocks per chunk: 2^18 values, 1 MiB of float32. */
export const CHUNK_BLOCKS = 1 << 16;
/** Values per chunk. */
export const CHUNK_VALUES = 4 * CHUNK_BLOCKS;
/** Staging chunks per worker (float64-sized: 8 MiB per worker). */
export const SLOTS = 4;
/** Control words: next chunk, chunks finished by workers, error flag, then (state, chunk) per slot. */
export const NEXT = 0, FILLED = 1, ERROR = 2, HEAD = 3;

/** Element type of the output, as the worker re-creates its views. */
export type Elem = 'f32' | 'f64' | 'u32';

/** What a worker is sent for one fill (structured-cloned; SharedArrayBuffers are shared). */
export interface Job {
  ctrl: SharedArrayBuffer;
  staging: SharedArrayBuffer;
  /** The output's buffer when the caller's array is on a SharedArrayBuffer (in-place), else null. */
  out: SharedArrayBuffer | null;
  outOffset: number;
  elem: Elem;
  index: number;
  kind: Kind;
  k0: number;
  k1: number;
  counter: bigint;
  count: number;
  chunks: number;
  params: number[];
  backend: string;
}

/**
 * What a worker is sent for an ensemble: claim networks from ctrl[NEXT] until `networks`, write
 * network k's `recordLength` values at k·recordLength of `out`, bump ctrl[FILLED] per network
 * (ctrl[ERROR] set when one failed). The worker runs it with src/simulate/ensemble-job.ts.
 */
export interface EnsembleJob {
  type: 'ensemble';
  ctrl: SharedArrayBuffer;
  out: SharedArrayBuffer;
  /** The SimulateConfig without its callbacks (structured-cloned). */
  config: unknown;
  networks: number;
  recordLength: number;
  backend: string;
}

interface PoolWorker {
  post(job: Job | EnsembleJob): void;
  staging: SharedArrayBuffer;
}

interface NodeWorkerCtor {
  new (url: URL): { postMessage(m: unknown): void; unref(): void; on(e: string, f: (x: unknown) => void): void };
}

type Env = { kind: 'node'; Worker: NodeWorkerCtor } | { kind: 'web' } | { kind: 'none' };

let env: Env | undefined;
let last: { threads: number; chunks: number; caller: number } | undefined;

/**
 * @internal For tests and benchmarks: the last parallel fill's thread count, chunk count and how
 * many chunks the calling thread computed itself (the rest were the workers').
 */
export function lastParallelFill(): { threads: number; chunks: number; caller: number } | undefined {
  return last;
}
let lastEnsemble: { threads: number; networks: number; caller: number } | undefined;

/**
 * @internal For tests and benchmarks: the last parallel ensemble's thread count, network count and
 * how many networks the calling thread computed itself (the rest were the workers').
 */
export function lastParallelEnsemble(): { threads: number; networks: number; caller: number } | undefined {
  return lastEnsemble;
}
const pool: PoolWorker[] = [];

function detect(): Env {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') return { kind: 'none' };
  const g = globalThis as {
    process?: { versions?: { node?: string }; getBuiltinModule?: (id: string) => unknown };
    WorkerGlobalScope?: abstract new () => unknown;
    crossOriginIsolated?: boolean;
    Worker?: unknown;
  };
  if (typeof g.process?.versions?.node === 'string') {
    // Node >= 20.16 / 22.3: a synchronous way to reach worker_threads from an ESM module that
    // browser bundles never see; older Node fills on one thread.
    const wt = typeof g.process.getBuiltinModule === 'function'
      ? g.process.getBuiltinModule('node:worker_threads') as { Worker?: NodeWorkerCtor } | undefined : undefined;
    return wt?.Worker !== undefined ? { kind: 'node', Worker: wt.Worker } : { kind: 'none' };
  }
  // Browsers: only inside a worker (the page's main thread may not block) of a cross-origin
  // isolated page (SharedArrayBuffer), and only where workers can start workers.
  const inWorker = typeof g.WorkerGlobalScope === 'function' && globalThis instanceof g.WorkerGlobalScope;
  if (inWorker && g.crossOriginIsolated === true && typeof g.Worker === 'function') return { kind: 'web' };
  return { kind: 'none' };
}

/** True when this thread can run parallel fills (it may block and can start workers). */
export function parallelSupported(): boolean {
  return (env ??= detect()).kind !== 'none';
}

// The worker script for Node and for the sources (tests run src/*.ts; they use the built worker).
// Deliberately not the `new URL('literal', import.meta.url)` pattern: bundlers turn that into an
// asset (Vite inlines it, webpack warns about the expression); only the browser branch below, which
// they bundle properly, should be one.
const HERE = import.meta.url;

function workerUrl(): URL {
  return new URL(HERE.endsWith('.ts') ? '../../dist/parallel/worker.js' : './worker.js', HERE);
}

function spawn(e: Env): PoolWorker {
  const staging = new SharedArrayBuffer(SLOTS * CHUNK_VALUES * 8);
  if (e.kind === 'node') {
    const w = new e.Worker(workerUrl());
    w.unref(); // never keeps Node alive
    // A worker that fails to start claims no chunk, so the caller computes them; nothing to do.
    w.on('error', () => undefined);
    return { staging, post: (job) => w.postMessage(job) };
  }
  const w = import.meta.url.endsWith('.ts')
    ? new Worker(workerUrl(), { type: 'module' })
    : new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  return { staging, post: (job) => w.postMessage(job) };
}

/** The typed-array view of `length` elements of kind `elem` at `byteOffset` of a shared buffer. */
export function sharedView(elem: Elem, buf: SharedArrayBuffer, byteOffset: number, length: number): FillTarget {
  return elem === 'f64' ? new Float64Array(buf, byteOffset, length)
    : elem === 'u32' ? new Uint32Array(buf, byteOffset, length) : new Float32Array(buf, byteOffset, length);
}

/**
 * A new output of n elements for a fill on `threads` threads: on a SharedArrayBuffer when that fill
 * will run in parallel (the workers then write their chunks in place: no staging copy, which costs
 * a 2-thread fill about 8 % of its time), otherwise an ordinary typed array. Either way the values
 * are the same; only `result.buffer`'s type tells.
 */
export function allocateOutput<A extends Float32Array | Float64Array | Uint32Array>(
  ctor: { new (n: number): A; new (buf: SharedArrayBuffer): A; readonly BYTES_PER_ELEMENT: number }, n: number, threads: number): A {
  if (threads > 1 && n >= 2 * CHUNK_VALUES && parallelSupported()) return new ctor(new SharedArrayBuffer(n * ctor.BYTES_PER_ELEMENT));
  return new ctor(n);
}

/**
 * Fills `out` (count = out.length values of `kind` from block `counter`) on `threads` threads: this
 * one and threads − 1 pool workers. Returns false, having done nothing, when this thread cannot run
 * a parallel fill (see {@link parallelSupported}) or the request is under two chunks; the caller
 * then fills on one thread, with the same values.
 */
export function parallelFill(kind: Kind, k0: number, k1: number, counter: bigint, out: FillTarget,
  params: readonly number[], threads: number): boolean {
  const count = out.length;
  const chunks = Math.ceil(count / CHUNK_VALUES);
  const n = Math.min(threads, chunks);
  if (n <= 1 || !parallelSupported()) return false;
  const e = env!;
  while (pool.length < n - 1) pool.push(spawn(e));
  const elem: Elem = out instanceof Float64Array ? 'f64' : out instanceof Uint32Array ? 'u32' : 'f32';
  const inPlace = out.buffer instanceof SharedArrayBuffer;
  const ctrl = new Int32Array(new SharedArrayBuffer(4 * (HEAD + 2 * SLOTS * (n - 1))));
  const backend = activeKernels().name;
  for (let w = 0; w < n - 1; w++) {
    const worker = pool[w]!;
    worker.post({
      ctrl: ctrl.buffer as SharedArrayBuffer, staging: worker.staging, out: inPlace ? out.buffer as SharedArrayBuffer : null,
      outOffset: out.byteOffset, elem, index: w, kind, k0, k1, counter, count, chunks, params: [...params], backend,
    });
  }
  const fill = activeKernels().fill;
  const stagingViews = inPlace ? [] : pool.slice(0, n - 1).map((w) => sharedView(elem, w.staging, 0, SLOTS * CHUNK_VALUES));
  let copied = 0;
  // Copies every filled staging slot into `out` and frees it; returns how many.
  const drain = (): number => {
    let k = 0;
    for (let w = 0; w < n - 1; w++) {
      for (let s = 0; s < SLOTS; s++) {
        const at = HEAD + 2 * (w * SLOTS + s);
        if (Atomics.load(ctrl, at) !== 1) continue;
        const c = ctrl[at + 1]!;
        const values = Math.min(CHUNK_VALUES, count - c * CHUNK_VALUES);
        const src = stagingViews[w]!.subarray(s * CHUNK_VALUES, s * CHUNK_VALUES + values);
        out.set(src as never, c * CHUNK_VALUES);
        Atomics.store(ctrl, at, 0);
        Atomics.notify(ctrl, at);
        k++;
      }
    }
    copied += k;
    return k;
  };
  let mine = 0;
  for (let c = Atomics.add(ctrl, NEXT, 1); c < chunks; c = Atomics.add(ctrl, NEXT, 1)) {
    const values = Math.min(CHUNK_VALUES, count - c * CHUNK_VALUES);
    fill(kind, k0, k1, (counter + BigInt(c * CHUNK_BLOCKS)) % U128, values, out, c * CHUNK_VALUES, params);
    mine++;
    if (!inPlace) drain();
  }
  const theirs = chunks - mine; // every chunk is claimed now; workers finish theirs
  last = { threads: n, chunks, caller: mine };
  // A worker that fails sets ERROR and bumps FILLED (waking us) without filling its slot.
  for (;;) {
    const f = Atomics.load(ctrl, FILLED); // any slot filled after this read bumps FILLED past f
    if (Atomics.load(ctrl, ERROR) !== 0) throw new Error('weight-init: a parallel fill worker failed');
    if (inPlace ? f >= theirs : (drain(), copied >= theirs)) break;
    Atomics.wait(ctrl, FILLED, f);
  }
  return true;
}

/**
 * Runs an ensemble's networks 0 … networks − 1 on `threads` threads: this one computes network 0
 * (so the caller's callbacks and full result can see it) and then claims networks like the
 * threads − 1 pool workers do. `local(k, out)` computes network k here into record k of `out`;
 * a worker computes it from `config` (structured-cloned: no functions). `onDone(done)` is called
 * here, with a growing count of finished networks, between local networks and while waiting.
 * Returns the records (a float64 view of a SharedArrayBuffer), or undefined, having done nothing,
 * when this thread cannot run in parallel, fewer than two threads would run, or `config` cannot be
 * cloned; the caller then computes every network itself, with the same values.
 *
 * @throws Error when a worker failed on a network.
 */
export function parallelEnsemble(config: unknown, networks: number, recordLength: number, threads: number,
  local: (k: number, out: Float64Array) => void, onDone?: (done: number) => void): Float64Array | undefined {
  const n = Math.min(threads, networks);
  if (n <= 1 || !parallelSupported()) return undefined;
  const e = env!;
  while (pool.length < n - 1) pool.push(spawn(e));
  const ctrl = new Int32Array(new SharedArrayBuffer(4 * HEAD));
  ctrl[NEXT] = 1; // network 0 is this thread's
  const out = new Float64Array(new SharedArrayBuffer(8 * networks * recordLength));
  const backend = activeKernels().name;
  for (let w = 0; w < n - 1; w++) {
    const job: EnsembleJob = {
      type: 'ensemble', ctrl: ctrl.buffer as SharedArrayBuffer, out: out.buffer as SharedArrayBuffer, config, networks, recordLength, backend,
    };
    try {
      pool[w]!.post(job);
    } catch (err) {
      // A config that cannot be cloned fails on the first post, before any worker has a job.
      if (w === 0) return undefined;
      throw err;
    }
  }
  let mine = 0;
  for (let k = 0; k < networks; k = Atomics.add(ctrl, NEXT, 1)) {
    try {
      local(k, out);
    } catch (err) {
      Atomics.store(ctrl, NEXT, networks); // the workers stop claiming: the result is lost anyway
      throw err;
    }
    mine++;
    onDone?.(mine + Atomics.load(ctrl, FILLED));
  }
  const theirs = networks - mine; // every network is claimed now; workers finish theirs
  lastEnsemble = { threads: n, networks, caller: mine };
  for (;;) {
    const f = Atomics.load(ctrl, FILLED);
    if (Atomics.load(ctrl, ERROR) !== 0) throw new Error('weight-init: a parallel ensemble worker failed');
    if (f >= theirs) break;
    onDone?.(mine + f);
    Atomics.wait(ctrl, FILLED, f);
  }
  return out;
}
