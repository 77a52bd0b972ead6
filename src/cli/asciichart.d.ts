// Minimal types for asciichart (the package ships none).
declare module 'asciichart' {
  /** Options of plot(). */
  export interface PlotConfig { height?: number; colors?: string[]; format?: (x: number, i: number) => string; min?: number; max?: number; padding?: string; offset?: number }
  /** Renders one series or several as a multi-line string. */
  export function plot(series: number[] | number[][], config?: PlotConfig): string;
  export const blue: string, green: string, red: string, yellow: string, magenta: string, cyan: string, lightgray: string;
  const asciichart: { plot: typeof plot; blue: string; green: string; red: string; yellow: string; magenta: string; cyan: string; lightgray: string };
  export { asciichart as default };
}
