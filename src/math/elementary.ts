// Deterministic float64 elementary functions: the one public entry of src/math's own exp/log/…
//
// ECMAScript leaves Math.exp, Math.log, Math.sin, … implementation-approximated, and engines really
// do differ in the last bit. Everything here is built only from + − × ÷, Math.sqrt, integer ops and
// bit casts, which IEEE 754 and ECMAScript specify exactly, so every engine returns the same bits.
// Algorithms are fdlibm's (file names in each function's TSDoc); measured accuracy against an
// independent BigInt reference is in docs/deterministic-math.md (npm run build && npm run ulp).
export { exp, expm1, tanh } from './exp.js';
export { log, log1p } from './log.js';
export { erf, erfc } from './erf.js';
export { hypot } from './hypot.js';
export { sin, cos } from './trig.js';
