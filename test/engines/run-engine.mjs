// Runs the engine matrix's workload on every backend in the current JavaScript runtime (Node, Deno,
// Bun) against the built package (dist/index.js) and prints one JSON line:
// { engine, version, availableBackends, results: { [backend]: { backend, items, ms } | { error } } }.
import * as lib from '../../dist/index.js';
import { workloadOnEveryBackend } from './workload.mjs';

function engine() {
  if (typeof Deno !== 'undefined') return { engine: 'deno', version: Deno.version.deno };
  if (typeof Bun !== 'undefined') return { engine: 'bun', version: Bun.version };
  return { engine: 'node', version: process.versions.node };
}

const results = await workloadOnEveryBackend(lib);
console.log(JSON.stringify({ ...engine(), availableBackends: lib.availableBackends(), results }));
