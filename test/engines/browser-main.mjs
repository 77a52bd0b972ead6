// The engine matrix's page script (bundled with the package by esbuild into one ESM file): runs the
// workload on every backend and exposes the result as window.__engineResult, in the shape of
// run-engine.mjs's output.
import * as lib from '../../dist/index.js';
import { workload } from './workload.mjs';

const BACKENDS = ['wasm-simd', 'wasm-scalar', 'js'];

async function main() {
  const results = {};
  for (const backend of BACKENDS) {
    try {
      results[backend] = await workload(lib, backend);
    } catch (e) {
      results[backend] = { error: String((e && e.stack) || e) };
    }
  }
  return { engine: 'browser', version: navigator.userAgent, availableBackends: lib.availableBackends(), results };
}

main().then(
  (r) => { window.__engineResult = r; },
  (e) => { window.__engineResult = { fatal: String((e && e.stack) || e) }; },
);
