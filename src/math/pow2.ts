// 2^n for integer n, exact in every engine. `2 ** n` with a variable n is Math.pow, which
// ECMAScript leaves implementation-approximated (and which is a slow call in V8). The table holds
// every normal power of two, built by repeated doubling and halving from 1, which is exact; a
// lookup is also the fastest way to scale by 2^n in the twins' hot loops.

const MIN = -1022;
const MAX = 1023;
const POW2 = new Float64Array(MAX - MIN + 1);
POW2[-MIN] = 1;
for (let i = -MIN + 1; i < POW2.length; i++) POW2[i] = POW2[i - 1]! * 2;
for (let i = -MIN - 1; i >= 0; i--) POW2[i] = POW2[i + 1]! / 2;

/** 2^n, exactly, for an integer n in [−1022, 1023] (the normal exponents). */
export function pow2(n: number): number {
  return POW2[n - MIN]!;
}
