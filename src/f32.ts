// float32 rounding helpers for bounds: the kernels compare in f32, so a bound must be the f32
// value on the correct side of the double the user gave.
const F = new Float32Array(1);
const I = new Int32Array(F.buffer);

/** Largest float32 magnitude. */
export const F32_MAX = 3.4028234663852886e38;

/** The smallest float32 >= x (x finite or infinite). */
export function f32Up(x: number): number {
  const r = Math.fround(x);
  if (r >= x) return r;
  return nextF32(r, 1);
}

/** The largest float32 <= x. */
export function f32Down(x: number): number {
  const r = Math.fround(x);
  if (r <= x) return r;
  return nextF32(r, -1);
}

function nextF32(r: number, dir: 1 | -1): number {
  if (r === 0) return dir * 1.401298464324817e-45;
  F[0] = r;
  // Moving away from zero adds one to the magnitude's bits; towards zero subtracts one.
  I[0]! += (r > 0) === (dir > 0) ? 1 : -1;
  return F[0]!;
}
