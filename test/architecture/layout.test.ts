// The house rules a file listing can check (the import rules are dependency-cruiser's, `npm run
// deps`): a short root of entries, no source file a newcomer cannot read in one sitting, and tests
// that mirror the source folders.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC = join(ROOT, 'src');
const GENERATED = new Set(['src/kernels/wasm/binaries.ts']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe('layout', () => {
  it('src/ root holds at most 6 files, and they are the entries and the shared validation', () => {
    const root = readdirSync(SRC).filter((f) => statSync(join(SRC, f)).isFile());
    expect(root.length).toBeLessThanOrEqual(6);
    expect(root.sort()).toEqual(['index.ts', 'node.ts', 'tfjs.ts', 'validate.ts']);
  });

  it('the entries only re-export', () => {
    for (const entry of ['index.ts', 'node.ts', 'tfjs.ts']) {
      const code = readFileSync(join(SRC, entry), 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('//'));
      const joined = code.join('\n').replace(/export (type )?\{[^}]*\} from '[^']+';/g, '').replace(/export \* from '[^']+';/g, '');
      expect(joined.trim(), entry).toBe('');
    }
  });

  it('no source file is over 450 lines (generated files aside)', () => {
    const long = files(SRC).filter((f) => f.endsWith('.ts') && !GENERATED.has(relative(ROOT, f)))
      .map((f) => [relative(ROOT, f), readFileSync(f, 'utf8').split('\n').length] as const)
      .filter(([, n]) => n > 450);
    expect(long).toEqual([]);
  });

  it('tests mirror the source folders', () => {
    const folders = readdirSync(SRC).filter((f) => statSync(join(SRC, f)).isDirectory());
    const tests = new Set(readdirSync(join(ROOT, 'test')));
    expect(folders.filter((f) => !tests.has(f))).toEqual([]);
  });
});
