// Every performance target of the benchmarks, in one place, each with where it comes from. The
// benchmarks read their numbers from here for their PASS/MISS lines and the `targets` they write to
// bench/results/<name>.json. A MISS is reported, not an error: a benchmark exits 0 either way
// (bench/run.mjs), because a shared or slower machine misses targets without anything being wrong.
// Not a benchmark itself: bench/run.mjs skips this file.

/** The targets, by benchmark file (bench/<key>.mjs; modelInit is bench/model-init.mjs). */
export const THRESHOLDS = deepFreeze({
  sampling: {
    // Issue 2: normal on wasm-simd at least 5x the fastest pure-JS peer in the same run (the other
    // libraries and the hand-written xorshift128 baselines; not our own js backend, not fill).
    normalPeerFactor: 5,
    // Issue 2: and faster than PyTorch 1.13 `torch.empty(2**24).normal_()`, one thread, on the
    // reference machine: 328 M values/s.
    normalMinMps: 328,
    // Issue 2: uniform on wasm-simd at least 13% of the Float32Array.fill ceiling in the same run.
    uniformFillFraction: 0.13,
  },
  orthogonal: {
    // Issue 4: a 1024 x 1024 float32 orthogonal matrix on wasm-simd, one thread, in 0.25 s or less.
    n: 1024,
    maxSeconds: 0.25,
  },
  simulate: {
    // Issue 5: SGEMM f32 at n = 1024, operands resident in WASM memory, at least 30 GFLOP/s.
    gemmN: 1024,
    gemmMinGflops: 30,
    // Issue 5: simulate()'s forward + backward pass, batch 256 x width 512 x depth 50, one thread,
    // in 0.45 s or less (the slower of tanh and ReLU).
    fwdBwdMaxSeconds: 0.45,
  },
  parallel: {
    // Issue 7, item 1: `threads: 2` at least 1.8x one thread at 2^26 values.
    minSpeedup: 1.8,
  },
  simulateEnsemble: {
    // Issue 15, item 3: simulate({ networks: 16 }) at batch 512 x width 256 x depth 50 with
    // `threads: 2` at least 1.8x `threads: 1`, same run (bench/ensemble.mjs).
    minSpeedup: 1.8,
  },
  modelInit: {
    // Issue 7, item 3: writeSafetensors of a 1e9-parameter model within 2x the time of a plain fs
    // write of as many zero bytes (median paired ratio).
    maxRatioToZeroWrite: 2,
  },
  slices: {
    // Issue 13, part 1: a [4096, 4096] tensor's column slice [:, 0:64] in under 1/20 of the whole
    // tensor's time (bench/slices.mjs): the cost is proportional to the slice.
    maxColumnSliceFraction: 1 / 20,
  },
  sharded: {
    // Issue 13, part 3: a 1e9-parameter sharded checkpoint written by 2 independent processes (one
    // thread each, 2 cores) at least 1.8x the aggregate throughput of 1 process, same run
    // (bench/sharded.mjs).
    minSpeedup: 1.8,
  },
});

function deepFreeze(o) {
  for (const v of Object.values(o)) if (v !== null && typeof v === 'object') deepFreeze(v);
  return Object.freeze(o);
}
