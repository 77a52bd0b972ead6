/** An exact binary value m·2^e (m a BigInt with ~160 significant bits), or a special Number. */
export type RefValue = { m: bigint; e: number } | number;
export function decode(x: number): { m: bigint; e: number };
export function roundToDouble(r: RefValue): number;
export function ulpError(y: number, r: RefValue): number;
export function refExp(x: number): RefValue;
export function refExpm1(x: number): RefValue;
export function refLog(x: number): RefValue;
export function refLog1p(x: number): RefValue;
export function refTanh(x: number): RefValue;
export function refSin(x: number): RefValue;
export function refCos(x: number): RefValue;
export function refErf(x: number): RefValue;
export function refErfc(x: number): RefValue;
export function refHypot(a: number, b: number): RefValue;
export function _erfcCFDepth(x: number, depth: number): RefValue;
