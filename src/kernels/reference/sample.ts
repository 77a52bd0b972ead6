// Plain-TS twin of assembly/sample.ts: the same transforms of the same words, with Math.fround at
// every f32 step, so the `js` backend matches `wasm-simd` and `wasm-scalar` bit for bit. It is also
// the fallback where WebAssembly is unavailable and a contender in bench/.
import { Kind } from '../abi.js';
import { philoxBlock } from './philox.js';
import { cosPoly, logf32, logf32Int24, qinv, qinvTail, sinPoly } from './math.js';

const f = Math.fround;
const TWO_M24 = 2 ** -24;
const ANGLE_STEP = f(2 * Math.PI) * TWO_M24;
const EIGHTH_TURN = 0x200000;

/** Output arrays a fill can write: raw words go to Uint32Array, values to Float32/Float64Array. */
export type FillTarget = Uint32Array | Float32Array | Float64Array;

const words = new Uint32Array(4);
const block = new Float64Array(4);

/**
 * Writes `count` values of `kind` into dst[off..off+count), from the blocks starting at counter
 * (c0..c3); blocks = ceil(count / 4), and the last block's unused values are dropped. The caller
 * keeps c0 + blocks <= 2^32 (no carry inside one call).
 */
export function fillReference(
  kind: Kind, k0: number, k1: number, c0: number, c1: number, c2: number, c3: number,
  count: number, dst: FillTarget, off: number, p: readonly number[],
): void {
  const p0 = f(p[0] ?? 0), p1 = f(p[1] ?? 0), p2 = f(p[2] ?? 0), p3 = f(p[3] ?? 0);
  const p4 = f(p[4] ?? 0), p5 = f(p[5] ?? 0), p6 = f(p[6] ?? 0);
  for (let i = 0; i < count; i += 4) {
    philoxBlock(k0, k1, (c0 + i / 4) >>> 0, c1, c2, c3, words);
    switch (kind) {
      case Kind.U32:
        for (let j = 0; j < 4; j++) block[j] = words[j]!;
        break;
      case Kind.Uniform:
        for (let j = 0; j < 4; j++) block[j] = f(f((words[j]! >>> 8) * TWO_M24 * p1) + p0);
        break;
      case Kind.Normal:
        boxMuller(words[0]!, words[1]!, p0, p1, 0);
        boxMuller(words[2]!, words[3]!, p0, p1, 2);
        break;
      case Kind.TruncCentral:
        for (let j = 0; j < 4; j++) block[j] = truncCentral(words[j]!, p0, p1, p2, p3, p4, p5, p6);
        break;
      case Kind.TruncTail:
        for (let j = 0; j < 4; j++) block[j] = truncTail(words[j]!, p0, p1, p2, p3, p4, p5, p6);
        break;
    }
    const n = Math.min(4, count - i);
    for (let j = 0; j < n; j++) dst[off + i + j] = block[j]!;
  }
}

// u1 = (hi24(w0) + 1) / 2^24 in (0, 1]; the angle 2*pi*hi24(w1)/2^24 is reduced exactly on the
// integer to a quadrant q and x in [-pi/4, pi/4).
function boxMuller(w0: number, w1: number, mean: number, std: number, at: number): void {
  const r = f(Math.sqrt(f(logf32Int24((w0 >>> 8) + 1) * -2)));
  const t = (w1 >>> 8) + EIGHTH_TURN;
  const q = (t >>> 22) & 3;
  const x = f(((t & 0x3fffff) - EIGHTH_TURN) * ANGLE_STEP);
  const z = f(x * x);
  const s = sinPoly(x, z);
  const c = cosPoly(z);
  const cs = q === 0 ? c : q === 1 ? -s : q === 2 ? -c : s;
  const sn = q === 0 ? s : q === 1 ? c : q === 2 ? -s : -c;
  block[at] = f(f(f(r * cs) * std) + mean);
  block[at + 1] = f(f(f(r * sn) * std) + mean);
}

function truncCentral(w: number, A: number, Bc: number, width: number, mean: number, std: number, lo: number, hi: number): number {
  const j2 = (w >>> 9) * 2;
  const u = (j2 + 1) * TWO_M24;
  const v = (0xffffff - j2) * TWO_M24;
  const pl = f(A + f(u * width));
  const pr = f(Bc + f(v * width));
  const left = pl <= pr;
  const x = qinv(left ? pl : pr);
  const y = f(f((left ? -x : x) * std) + mean);
  return Math.max(Math.min(y, hi), lo);
}

function truncTail(w: number, L: number, d: number, sgn: number, mean: number, std: number, lo: number, hi: number): number {
  const u = ((w >>> 9) * 2 + 1) * TWO_M24;
  const t = f(1 - f(u * d));
  const lp = f(L + logf32(t));
  const x = f(qinvTail(f(Math.sqrt(-lp))) * sgn);
  const y = f(f(x * std) + mean);
  return Math.max(Math.min(y, hi), lo);
}
