export interface Engines { dir: string; node22: string; deno: string; bun: string; versions: Record<string, string> }
export function enginesDir(): string;
export function ensureEngines(opts?: { update?: boolean; log?: (message: string) => void }): Engines;
