// 2^n for integer n, exact in every engine. `2 ** n` with a variable n is Math.pow, which
// ECMAScript leaves implementation-approximated (and which is a slow call in V8); the table is
// built by repeated doubling and halving, which is exact over the whole range.

const MIN = -160;
const POW2 = new Float64Array(321);
POW2[-MIN] = 1;
for (let i = -MIN + 1; i < POW2.length; i++) POW2[i] = POW2[i - 1]! * 2;
for (let i = -MIN - 1; i >= 0; i--) POW2[i] = POW2[i + 1]! / 2;

/** 2^n, exactly, for an integer n in [-160, 160]. */
export function pow2(n: number): number {
  return POW2[n - MIN]!;
}
