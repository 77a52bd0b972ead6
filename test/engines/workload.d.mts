export function sha256hex(bytes: Uint8Array): string;
export function canonical(v: unknown): Uint8Array;
export function hashOf(v: unknown): string;
export function itemNames(lib: unknown): string[];
export function workload(lib: unknown, backend: string): Promise<{ backend: string; items: Record<string, string>; ms: number }>;
export const BACKENDS: readonly ['wasm-simd', 'wasm-scalar', 'js'];
export function workloadOnEveryBackend(lib: unknown): Promise<Record<string, { backend: string; items: Record<string, string>; ms: number } | { error: string }>>;
