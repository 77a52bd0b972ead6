export type Gen = (rng: () => number) => number | [number, number];
export interface Range { label: string; gen: Gen }
export function makeRng(seed: number): () => number;
export function unit(rng: () => number): number;
export function uniform(rng: () => number, lo: number, hi: number): number;
export function bitsInBinades(rng: () => number, e0: number, e1: number, negative?: boolean): number;
export function nudge(rng: () => number, x: number, n: number): number;
export const RANGES: Record<'exp' | 'expm1' | 'log' | 'log1p' | 'tanh' | 'sin' | 'cos' | 'erf' | 'erfc' | 'hypot', Range[]>;
