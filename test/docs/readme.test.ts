// Every ```js block in the README runs as an ES module importing the built package by name
// (Node resolves 'weight-init' to ./dist through the package's own exports map), and must exit 0.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('README examples', () => {
  it('has runnable examples and a built package', () => {
    expect(blocks.length).toBeGreaterThan(0);
    expect(existsSync(new URL('dist/index.js', root)), 'run `npm run build` first').toBe(true);
  });
  const dir = new URL('test/artifacts/', root);
  mkdirSync(dir, { recursive: true });
  blocks.forEach((code, i) => {
    it(`example ${i + 1}: ${code.split('\n').find((l) => l.startsWith('//'))?.slice(3) ?? ''}`, () => {
      const file = new URL(`readme-${i + 1}.mjs`, dir);
      writeFileSync(file, code);
      execFileSync(process.execPath, [file.pathname], { stdio: 'pipe', timeout: 60_000 });
    });
  });
});
