// The calls whose bytes the bundler matrix hashes, shared by the pages and by Node
// (test/browser/bundlers.test.ts passes the built package's exports as `lib`).

/** The small simulation of the matrix: tanh with biases, backward pass and Jacobian probes. */
export const SIMULATE_CONFIG = Object.freeze({
  depth: 12, width: 64, batch: 32, activation: 'tanh', init: 'kaimingNormal', bias: { sigmaB2: 0.05 }, seed: 42, jacobianProbes: 4,
});

const LAYER_KEYS = ['preMean', 'q', 'postMean', 'postVar', 'zeroFraction', 'saturatedFraction', 'cosine', 'distinctNeurons', 'g', 'weightGradNorm'];

/** Every number of a simulate() result, in a fixed order, as float64 (absent values as NaN). */
export function simulateNumbers(r) {
  const xs = [r.depth, r.batch, ...r.widths];
  for (const layer of r.layers) for (const k of LAYER_KEYS) xs.push(layer[k] ?? NaN);
  const j = r.jacobian;
  xs.push(j ? j.meanSquaredSingularValue : NaN, j ? j.singularValueVariance : NaN, j ? j.probes : NaN);
  if (r.theory) xs.push(...r.theory.q, ...r.theory.g);
  return new Float64Array(xs);
}

async function sha256(...arrays) {
  const bytes = new Uint8Array(arrays.reduce((n, a) => n + a.byteLength, 0));
  let at = 0;
  for (const a of arrays) {
    bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += a.byteLength;
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Runs the matrix's calls on `lib` ({ init, Generator, kaimingNormal, simulate, setBackend, backend })
 * with `mode`: null (init() picks), a backend name (forced after init()), or 'js-first' (setBackend('js')
 * before init(), as a page under a CSP without 'wasm-unsafe-eval').
 */
export async function workload(lib, mode) {
  if (mode === 'js-first') lib.setBackend('js');
  const initialised = await lib.init();
  if (mode && mode !== 'js-first') lib.setBackend(mode);
  const normal = new lib.Generator(42).normal(100000);
  const kaiming = lib.kaimingNormal([256, 128], { seed: 42 });
  const sim = lib.simulate({ ...SIMULATE_CONFIG });
  const simNumbers = simulateNumbers(sim);
  return {
    initialised,
    backend: lib.backend(),
    simulateBackend: sim.backend,
    hashes: { normal: await sha256(normal), kaiming: await sha256(kaiming), simulate: await sha256(simNumbers) },
    hash: await sha256(normal, kaiming, simNumbers),
  };
}
