// Every ```js block in README.md and in docs/*.md runs as an ES module importing the built package
// by name (Node resolves 'weight-init' to ./dist through the package's own exports map), and must
// exit 0. A block that must not run (it needs packages the tests do not install, like the TF.js
// example) is fenced as ```javascript instead of ```js, and so is skipped.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const pages = ['README.md', ...readdirSync(new URL('docs/', root)).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const jsBlocks = (text: string) => [...text.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('documentation examples', () => {
  it('has runnable examples and a built package', () => {
    expect(jsBlocks(readFileSync(new URL('README.md', root), 'utf8')).length).toBeGreaterThan(0);
    expect(existsSync(new URL('dist/index.js', root)), 'run `npm run build` first').toBe(true);
  });
  const dir = new URL('test/artifacts/', root);
  mkdirSync(dir, { recursive: true });
  for (const page of pages) {
    const blocks = jsBlocks(readFileSync(new URL(page, root), 'utf8'));
    const stem = page === 'README.md' ? 'readme' : page.slice('docs/'.length, -'.md'.length);
    if (blocks.length > 0) describe(page, () => {
      blocks.forEach((code, i) => {
        it(`example ${i + 1}: ${code.split('\n').find((l) => l.startsWith('//'))?.slice(3) ?? ''}`, () => {
          const file = new URL(`${stem}-${i + 1}.mjs`, dir);
          writeFileSync(file, code);
          execFileSync(process.execPath, [file.pathname], { stdio: 'pipe', timeout: 60_000 });
        });
      });
    });
  }
});
