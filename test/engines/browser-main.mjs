// The engine matrix's page script (bundled with the package by esbuild into one ESM file): runs the
// workload on every backend and exposes the result as window.__engineResult, in the shape of
// run-engine.mjs's output.
import * as lib from '../../dist/index.js';
import { workloadOnEveryBackend } from './workload.mjs';

async function main() {
  const results = await workloadOnEveryBackend(lib);
  return { engine: 'browser', version: navigator.userAgent, availableBackends: lib.availableBackends(), results };
}

main().then(
  (r) => { window.__engineResult = r; },
  (e) => { window.__engineResult = { fatal: String((e && e.stack) || e) }; },
);
