// The one dispatch point: every kernel call goes through `activeKernels()` (`activeKernels().fill`,
// `.householderQ`, `.sgemm`, …), whichever of the three interchangeable backends is active. Backends
// trust their inputs; validation lives in the API. Layers above reach kernels only through this file
// and ./abi.ts, so what they need of the twins is re-exported here.
import { Kind, PER_BLOCK, type HalfId } from './abi.js';
import { forEachSpan, gatherRuns, type Runs } from './spans.js';
import { fillReference, type FillTarget } from './reference/sample.js';
import { householderQReference } from './reference/qr.js';
import { toHalfReference } from './reference/half.js';
import { activateReference, sgemmReference } from './reference/gemm.js';
import { layerStatsReference, sumSquaresReference } from './reference/layer.js';
import {
  instantiateAsync, instantiateLinalgAsync, instantiateLinalgSync, instantiateSync, simdSupported, wasmAvailable,
  type KernelExports, type LinalgExports, type WasmFlavor,
} from './wasm/load.js';

export type { FillTarget };
/**
 * The Philox4x32-10 block function (the twin's; every backend computes the same words). Callers
 * that need single blocks, such as a stream's key derivation, use it directly instead of a fill.
 */
export { philoxBlock } from './reference/philox.js';
/** The scalar half-precision conversions and the pattern order key (the twin's; see `toHalf`). */
export { bf16FromBits, f16FromBits, halfKey } from './reference/half.js';

export type { Runs };

/** `wasm-simd` (fastest), `wasm-scalar` (engines without SIMD), `js` (no WebAssembly at all). */
export type BackendName = 'wasm-simd' | 'wasm-scalar' | 'js';

const BACKENDS: readonly BackendName[] = ['wasm-simd', 'wasm-scalar', 'js'];

/** A kernel implementation: writes `count` values of `kind` starting at Philox block `counter`. */
export interface Backend {
  readonly name: BackendName;
  fill(kind: Kind, k0: number, k1: number, counter: bigint, count: number, dst: FillTarget, off: number, params: readonly number[]): void;
  /**
   * Gathered fill: for each run (start, at, length), writes to dst[at, at + length) the values a
   * fill of `kind` from block `counter` puts at flat positions [start, start + length). Same values
   * as `fill` (the same block kernels, then a copy), with no object made per run.
   */
  fillRuns(kind: Kind, k0: number, k1: number, counter: bigint, runs: Runs, dst: FillTarget, params: readonly number[]): void;
  /**
   * Rounds each float32 of `src` to the half format `format` (bits into `dst`, same length), then
   * steps any pattern whose order key is outside [kLo, kHi] one value toward the inside
   * (−0x8000 and 0x7fff keep all).
   */
  toHalf(src: Float32Array, dst: Uint16Array, format: HalfId, kLo: number, kHi: number): void;
  /**
   * Overwrites `a` (m x n float64, column-major, m >= n >= 1) with the reduced Q of its blocked
   * Householder QR; with `signFix`, column j is multiplied by sign(R[j, j]) (sign(0) = +1).
   * Throws a RangeError when the WASM memory cannot grow to hold the matrix and its workspace.
   */
  householderQ(a: Float64Array, m: number, n: number, signFix: boolean): void;
  /**
   * C (m x n, row-major, length m·n) = A·B in f32, with A(i, k) = a[i·rsA + k·csA] and
   * B(k, j) = b[k·rsB + j·csB] (a transpose is a swap of strides). Each C[i, j] is accumulated from
   * +0 in increasing k, one rounding per product and per sum: bit-identical on every backend.
   * Throws a RangeError when the WASM memory cannot grow to hold the operands.
   */
  sgemm(m: number, n: number, k: number, a: Float32Array, rsA: number, csA: number,
    b: Float32Array, rsB: number, csB: number, c: Float32Array): void;
  /** y[i] = φ(x[i]) and d[i] = φ′(x[i]) (kind: an ACT id of ./abi.ts; param: leaky ReLU's slope or ELU's alpha). */
  activate(kind: number, param: number, x: Float32Array, y: Float32Array, d: Float32Array): void;
  /**
   * A workspace of `floats` f32 values that lives until `release()`: the simulator keeps its
   * weights and activations there and runs the kernels on offsets into it, with no copies (WASM:
   * pinned in the linear-algebra module's memory, which is never shrunk; js: an ArrayBuffer).
   * One at a time per backend. Throws a RangeError when WASM memory cannot hold it.
   */
  workspace(floats: number): Workspace;
}

/**
 * Kernels on a {@link Backend.workspace}. f32 arguments are element offsets into `f32()`; `norm`
 * and `out` are element offsets into `f64()` (the same bytes). Same bits on every backend.
 */
export interface Workspace {
  /** A view of the whole workspace; take it again after any call that may grow WASM memory (any other kernel). */
  f32(): Float32Array;
  /** The same bytes as float64. */
  f64(): Float64Array;
  /** `Backend.sgemm` on offsets (C must not overlap A or B). */
  sgemm(m: number, n: number, k: number, a: number, rsA: number, csA: number, b: number, rsB: number, csB: number, c: number): void;
  /** `Backend.activate` on n values at offsets x, y, d. */
  activate(kind: number, param: number, x: number, y: number, d: number, n: number): void;
  /**
   * With kind >= 0, y, d = φ(x), φ′(x) first (as `activate`); then per-layer sums of h, y, d
   * (rows x cols) into f64 out[0..8) (src/kernels/reference/layer.ts).
   */
  layerStats(kind: number, param: number, x: number, h: number, y: number, d: number, rows: number, cols: number, norm: number, out: number): void;
  /** With d >= 0: x ⊙= d (n values) first. Returns Σx² in float64. */
  sumSquares(x: number, d: number, n: number): number;
  /** Frees the workspace (its views must not be used afterwards). */
  release(): void;
}

function jsWorkspace(floats: number): Workspace {
  const buf = new ArrayBuffer(Math.ceil(floats / 2) * 8);
  const f32 = new Float32Array(buf), f64 = new Float64Array(buf);
  const sub = (o: number, n: number): Float32Array => f32.subarray(o, o + n);
  return {
    f32: () => f32,
    f64: () => f64,
    sgemm(m, n, k, a, rsA, csA, b, rsB, csB, c) {
      sgemmReference(m, n, k, f32.subarray(a), rsA, csA, f32.subarray(b), rsB, csB, sub(c, m * n));
    },
    activate(kind, param, x, y, d, n) {
      activateReference(kind, param, sub(x, n), sub(y, n), sub(d, n));
    },
    layerStats(kind, param, x, h, y, d, rows, cols, norm, out) {
      const n = rows * cols;
      layerStatsReference(kind, param, sub(x, n), sub(h, n), sub(y, n), sub(d, n), rows, cols, f64.subarray(norm, norm + cols), f64.subarray(out, out + 8));
    },
    sumSquares(x, d, n) {
      return sumSquaresReference(sub(x, n), d >= 0 ? sub(d, n) : undefined, n);
    },
    release() {},
  };
}

// The js backend's gather scratch: 1024 blocks, one array per value type.
const JS_GATHER_BLOCKS = 1024;
let jsScratchU32: Uint32Array | undefined;
let jsScratchF32: Float32Array | undefined;

const jsBackend: Backend = {
  name: 'js',
  fill(kind, k0, k1, counter, count, dst, off, params) {
    forEachSpan(counter, Math.ceil(count / PER_BLOCK), Infinity, (c0, c1, c2, c3, n, first) => {
      fillReference(kind, k0, k1, c0, c1, c2, c3, Math.min(PER_BLOCK * n, count - PER_BLOCK * first), dst, off + PER_BLOCK * first, params);
    });
  },
  fillRuns(kind, k0, k1, counter, runs, dst, params) {
    const scratch = kind === Kind.U32
      ? (jsScratchU32 ??= new Uint32Array(PER_BLOCK * JS_GATHER_BLOCKS))
      : (jsScratchF32 ??= new Float32Array(PER_BLOCK * JS_GATHER_BLOCKS));
    gatherRuns(counter, runs, JS_GATHER_BLOCKS, dst, (c0, c1, c2, c3, n) => {
      fillReference(kind, k0, k1, c0, c1, c2, c3, PER_BLOCK * n, scratch, 0, params);
      return scratch;
    });
  },
  toHalf: toHalfReference,
  householderQ: householderQReference,
  sgemm: sgemmReference,
  activate: activateReference,
  workspace: jsWorkspace,
};

/** Rounds a byte count up to a 64-byte boundary (regions of the linalg arena). */
const align64 = (bytes: number): number => Math.ceil(bytes / 64) * 64;

// Copy-out chunk: 256 KiB of scratch stays in L2 between the kernel's stores and the copy.
const WASM_CHUNK_BLOCKS = 1 << 14;

function wasmBackend(name: BackendName, x: KernelExports, flavor: WasmFlavor): Backend {
  const ptr = x.scratchPtr();
  const maxBlocks = Math.min(WASM_CHUNK_BLOCKS, Math.floor(x.scratchBytes() / (4 * PER_BLOCK)));
  // n blocks of `kind` into the scratch at `ptr`.
  const blocks = (kind: Kind, k0: number, k1: number, c0: number, c1: number, c2: number, c3: number, n: number, p: readonly number[]): void => {
    switch (kind) {
      case Kind.U32: x.fillU32(k0, k1, c0, c1, c2, c3, n); break;
      case Kind.Uniform: x.fillUniform(k0, k1, c0, c1, c2, c3, n, p[0]!, p[1]!); break;
      case Kind.Normal: x.fillNormal(k0, k1, c0, c1, c2, c3, n, p[0]!, p[1]!); break;
      case Kind.TruncCentral: x.fillTruncCentral(k0, k1, c0, c1, c2, c3, n, p[0]!, p[1]!, p[2]!, p[3]!, p[4]!, p[5]!, p[6]!); break;
      case Kind.TruncTail: x.fillTruncTail(k0, k1, c0, c1, c2, c3, n, p[0]!, p[1]!, p[2]!, p[3]!, p[4]!, p[5]!, p[6]!); break;
    }
  };
  // The kernels' memory never grows (./wasm/load.ts), so these views of the scratch never detach.
  const scratchU32 = new Uint32Array(x.memory.buffer, ptr, PER_BLOCK * maxBlocks);
  const scratchF32 = new Float32Array(x.memory.buffer, ptr, PER_BLOCK * maxBlocks);
  const scratchU16 = new Uint16Array(x.memory.buffer, ptr, PER_BLOCK * maxBlocks);
  return {
    name,
    toHalf(src, dst, format, kLo, kHi) {
      for (let off = 0; off < src.length; off += scratchF32.length) {
        const m = Math.min(scratchF32.length, src.length - off);
        scratchF32.set(m === src.length ? src : src.subarray(off, off + m));
        x.toHalf(format, m, kLo, kHi);
        dst.set(m === scratchU16.length ? scratchU16 : scratchU16.subarray(0, m), off);
      }
    },
    fillRuns(kind, k0, k1, counter, runs, dst, p) {
      const scratch = kind === Kind.U32 ? scratchU32 : scratchF32;
      gatherRuns(counter, runs, maxBlocks, dst, (c0, c1, c2, c3, n) => {
        blocks(kind, k0, k1, c0, c1, c2, c3, n, p);
        return scratch;
      });
    },
    fill(kind, k0, k1, counter, count, dst, off, p) {
      forEachSpan(counter, Math.ceil(count / PER_BLOCK), maxBlocks, (c0, c1, c2, c3, n, first) => {
        blocks(kind, k0, k1, c0, c1, c2, c3, n, p);
        const values = Math.min(PER_BLOCK * n, count - PER_BLOCK * first);
        const view = kind === Kind.U32 ? new Uint32Array(x.memory.buffer, ptr, values) : new Float32Array(x.memory.buffer, ptr, values);
        dst.set(view, off + PER_BLOCK * first);
      });
    },
    householderQ(a, m, n, signFix) {
      const la = (linalgInstances[flavor] ??= instantiateLinalgSync(flavor));
      const ptr = la.qrReserve(m, n);
      if (ptr === 0) throw new RangeError(`orthogonal: a ${m} x ${n} float64 matrix and its workspace do not fit WebAssembly memory (4 GiB)`);
      // qrReserve may have grown memory: views are made after it.
      new Float64Array(la.memory.buffer, ptr, m * n).set(a);
      la.qrHouseholderQ(ptr, m, n, signFix ? 1 : 0);
      a.set(new Float64Array(la.memory.buffer, ptr, m * n));
    },
    sgemm(m, n, k, a, rsA, csA, b, rsB, csB, c) {
      const la = (linalgInstances[flavor] ??= instantiateLinalgSync(flavor));
      const aBytes = align64(4 * a.length), bBytes = align64(4 * b.length), cBytes = align64(4 * m * n);
      const total = aBytes + bBytes + cBytes + la.sgemmPackBytes();
      const base = total < 2 ** 32 ? la.reserve(total) : 0;
      if (base === 0) throw new RangeError(`sgemm: a ${m} x ${k} by ${k} x ${n} float32 product does not fit WebAssembly memory (4 GiB)`);
      const pa = base, pb = pa + aBytes, pc = pb + bBytes, pp = pc + cBytes;
      new Float32Array(la.memory.buffer, pa, a.length).set(a);
      new Float32Array(la.memory.buffer, pb, b.length).set(b);
      la.sgemm(m, n, k, pa, rsA, csA, pb, rsB, csB, pc, pp);
      c.set(new Float32Array(la.memory.buffer, pc, m * n));
    },
    activate(kind, param, x, y, d) {
      const la = (linalgInstances[flavor] ??= instantiateLinalgSync(flavor));
      const bytes = align64(4 * x.length);
      const base = la.reserve(3 * bytes);
      if (base === 0) throw new RangeError(`activate: ${x.length} float32 values do not fit WebAssembly memory (4 GiB)`);
      new Float32Array(la.memory.buffer, base, x.length).set(x);
      la.activate(kind, param, base, base + bytes, base + 2 * bytes, x.length);
      y.set(new Float32Array(la.memory.buffer, base + bytes, x.length));
      d.set(new Float32Array(la.memory.buffer, base + 2 * bytes, x.length));
    },
    workspace(floats) {
      const la = (linalgInstances[flavor] ??= instantiateLinalgSync(flavor));
      const bytes = align64(4 * floats);
      const base = la.pin(bytes + la.sgemmPackBytes());
      if (base === 0) throw new RangeError(`simulate: a workspace of ${floats} float32 values does not fit WebAssembly memory (4 GiB), or one is already in use`);
      const pack = base + bytes;
      let f32 = new Float32Array(0), f64 = new Float64Array(0);
      const fresh = (): void => {
        if (f32.buffer !== la.memory.buffer || f32.length === 0) {
          f32 = new Float32Array(la.memory.buffer, base, floats);
          f64 = new Float64Array(la.memory.buffer, base, floats >> 1);
        }
      };
      let live = true;
      return {
        f32: () => { fresh(); return f32; },
        f64: () => { fresh(); return f64; },
        sgemm(m, n, k, a, rsA, csA, b, rsB, csB, c) {
          la.sgemm(m, n, k, base + 4 * a, rsA, csA, base + 4 * b, rsB, csB, base + 4 * c, pack);
        },
        activate(kind, param, x, y, d, n) {
          la.activate(kind, param, base + 4 * x, base + 4 * y, base + 4 * d, n);
        },
        layerStats(kind, param, x, h, y, d, rows, cols, norm, out) {
          la.layerStats(kind, param, base + 4 * x, base + 4 * h, base + 4 * y, base + 4 * d, rows, cols, base + 8 * norm, base + 8 * out);
        },
        sumSquares(x, d, n) {
          return la.sumSquares(base + 4 * x, d >= 0 ? base + 4 * d : 0, n);
        },
        release() {
          if (live) la.unpin();
          live = false;
        },
      };
    },
  };
}

const instances: Partial<Record<WasmFlavor, KernelExports>> = {};
// The linear-algebra module: separate memory that grows; instantiated on first use or by init().
const linalgInstances: Partial<Record<WasmFlavor, LinalgExports>> = {};
let active: Backend | undefined;
let pending: Promise<BackendName> | undefined;

function bestAvailable(): BackendName {
  if (simdSupported()) return 'wasm-simd';
  return wasmAvailable() ? 'wasm-scalar' : 'js';
}

function flavorOf(name: BackendName): WasmFlavor | undefined {
  return name === 'wasm-simd' ? 'simd' : name === 'wasm-scalar' ? 'scalar' : undefined;
}

/** Makes `name` the active backend (instantiating its module if needed); returns the name. */
function selectBackend(name: BackendName): BackendName {
  const flavor = flavorOf(name);
  if (flavor === undefined) active = jsBackend;
  else {
    const x = (instances[flavor] ??= instantiateSync(flavor));
    active = wasmBackend(name, x, flavor);
  }
  return name;
}

/**
 * Loads the fastest backend this runtime supports (`wasm-simd`, else `wasm-scalar`, else `js`) and
 * resolves to its name; where WebAssembly exists but may not compile (a Content-Security-Policy
 * without 'wasm-unsafe-eval'), it falls back to `js`. Idempotent: later calls return the same promise. Optional: the first
 * sampling call initialises synchronously when `init()` was never awaited.
 */
export function init(): Promise<BackendName> {
  if (active !== undefined) return Promise.resolve(active.name);
  pending ??= (async () => {
    let name = bestAvailable();
    const flavor = flavorOf(name);
    try {
      if (flavor !== undefined && instances[flavor] === undefined) instances[flavor] = await instantiateAsync(flavor);
      if (flavor !== undefined && linalgInstances[flavor] === undefined) linalgInstances[flavor] = await instantiateLinalgAsync(flavor);
    } catch {
      // Compilation refused (a CSP without 'wasm-unsafe-eval', a locked-down runtime): the plain-JS
      // twin gives the same bits, only slower.
      name = 'js';
    }
    // setBackend() may have run while we were compiling; it wins.
    const forced = active as Backend | undefined;
    return forced === undefined ? selectBackend(name) : forced.name;
  })();
  return pending;
}

/** Synchronous `init()` for Node, workers and small-module main threads; returns the backend name. */
export function initSync(): BackendName {
  if (active !== undefined) return active.name;
  try {
    return selectBackend(bestAvailable());
  } catch {
    return selectBackend('js'); // compilation refused: see init()
  }
}

/** The active backend's name (initialising synchronously if nothing has yet). */
export function backend(): BackendName {
  return activeKernels().name;
}

/** Backends this runtime can run, fastest first. */
export function availableBackends(): BackendName[] {
  return BACKENDS.filter((b) => b === 'js' || (b === 'wasm-simd' ? simdSupported() : wasmAvailable()));
}

/**
 * Forces a backend (tests, benchmarks, strict CSP pages). Every backend gives the same bits for the
 * same seed, so switching never changes results, only speed.
 */
export function setBackend(name: BackendName): void {
  if (typeof name !== 'string' || !BACKENDS.includes(name)) {
    throw new TypeError(`setBackend: name must be one of ${BACKENDS.map((b) => `'${b}'`).join(', ')}, got ${String(name)}`);
  }
  if (!availableBackends().includes(name)) {
    throw new RangeError(`setBackend: backend '${name}' is not supported by this runtime (available: ${availableBackends().join(', ')})`);
  }
  selectBackend(name);
}

/** Byte length of the active WASM backend's memory (undefined for `js`); for tests of the no-growth rule. */
export function wasmMemoryBytes(): number | undefined {
  const flavor = flavorOf(activeKernels().name);
  return flavor === undefined ? undefined : instances[flavor]!.memory.buffer.byteLength;
}

/**
 * The active backend's kernels (fill, householderQ, sgemm, activate, workspace), initialising
 * synchronously on first use. Internal: the public {@link backend} returns only the name.
 */
export function activeKernels(): Backend {
  if (active === undefined) initSync();
  return active!;
}
