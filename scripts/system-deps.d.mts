export const SYSTEM_PACKAGES: string[];
export const SYSTEM_BINARIES: { chromium: string; firefox: string; webkitDriver: string; miniBrowser: string; xvfbRun: string };
export const INSTALL_HINT: string;
export function missingBinaries(): string[];
