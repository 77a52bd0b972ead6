/** The TypeScript ABI the AssemblyScript constants are generated from. */
export const ABI_SOURCE: string;
/** The generated AssemblyScript file. */
export const ABI_TARGET: string;
/** camelCase or PascalCase to SCREAMING_SNAKE. */
export function screamingSnake(name: string): string;
/** The AssemblyScript constants of the ABI module's exports, as [name, value, origin] rows. */
export function abiConstants(abi: Record<string, unknown>): [string, number, string][];
/** The text of assembly/abi.ts for the ABI module's exports. */
export function assemblyAbi(abi: Record<string, unknown>): string;
/** Loads src/kernels/abi.ts by transpiling it with esbuild. */
export function loadAbi(): Promise<Record<string, unknown>>;
