// The documentation's cross-references resolve:
// - every `docs/<name>.md` path written in README.md, docs/*.md, CHANGELOG.md or src/**/*.ts names
//   an existing file (paths are from the repository root);
// - every relative Markdown link or image in README.md, docs/*.md and CHANGELOG.md points at an
//   existing file (relative to the page), and a `#fragment` at a heading of that page (GitHub's
//   anchors);
// - docs/benchmarks.md is exactly what bench/summary.mjs renders from bench/results/*.json.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (rel: string) => readFileSync(join(root, rel), 'utf8');

function walk(dir: string, ext: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const rel = posix.join(dir, name);
    return statSync(join(root, rel)).isDirectory() ? walk(rel, ext) : rel.endsWith(ext) ? [rel] : [];
  });
}

const pages = ['README.md', ...(existsSync(join(root, 'CHANGELOG.md')) ? ['CHANGELOG.md'] : []), ...walk('docs', '.md')];
const sources = walk('src', '.ts');

/** Text outside fenced code blocks (links and headings in code are not links and headings). */
const prose = (md: string) => md.replace(/^```[\s\S]*?^```/gm, '');

/** GitHub's heading anchors: lower case, markup and punctuation dropped, spaces to hyphens, duplicates numbered. */
function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of prose(md).matchAll(/^#{1,6} +(.+?) *#* *$/gm)) {
    const text = m[1]!.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '');
    const base = text.toLowerCase().replace(/[^\p{L}\p{N}\p{M} _-]/gu, '').replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

describe('documentation links', () => {
  it('finds the pages and sources', () => {
    expect(pages).toContain('README.md');
    expect(pages.length).toBeGreaterThan(5);
    expect(sources.length).toBeGreaterThan(20);
  });

  it('every docs/*.md path mentioned in README.md, docs/, CHANGELOG.md and src/ exists', () => {
    const missing: string[] = [];
    for (const file of [...pages, ...sources]) {
      for (const m of read(file).matchAll(/(?<![\w./-])docs\/[\w.-]+\.md\b/g)) {
        if (!existsSync(join(root, m[0]))) missing.push(`${file}: ${m[0]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every relative link and image in README.md, docs/ and CHANGELOG.md resolves', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const page of pages) {
      for (const m of prose(read(page)).matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?: "[^"]*")?\)/g)) {
        const target = m[1]!;
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, …
        checked++;
        const [path, fragment] = target.split('#', 2) as [string, string | undefined];
        const file = path === '' ? page : posix.normalize(posix.join(posix.dirname(page), decodeURIComponent(path)));
        if (file.startsWith('..') || !existsSync(join(root, file))) {
          broken.push(`${page}: ${target} (no file ${file})`);
          continue;
        }
        if (fragment !== undefined && file.endsWith('.md') && !anchors(read(file)).has(fragment)) {
          broken.push(`${page}: ${target} (no heading #${fragment} in ${file})`);
        }
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  });

  it('docs/benchmarks.md is what bench/summary.mjs renders from bench/results/', async () => {
    const summary = (await import(join(root, 'bench/summary.mjs'))) as { render(): string; outputPath: string };
    expect(relative(root, summary.outputPath)).toBe(join('docs', 'benchmarks.md'));
    expect(read('docs/benchmarks.md'), 'run `node bench/summary.mjs`').toBe(summary.render());
  });
});

