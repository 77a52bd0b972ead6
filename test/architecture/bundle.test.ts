// What a browser bundle of the common case carries: a user who calls kaimingNormal with a Generator
// must not ship PyTorch parity (TorchGenerator, its LAPACK, erff, mt19937 and glibc replays). The
// initializers reach src/torch/ only by capability (src/random/types.ts), so with the package's
// "sideEffects": false a bundler drops every dist/torch/ module. Bundles the built package (dist/,
// from `npm run build`) with esbuild and reads the inputs off its metafile.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = `${ROOT}dist/index.js`;

describe('bundle of kaimingNormal with a Generator', () => {
  test('has no dist/torch/ module', async () => {
    if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npm run build\` first (this test bundles the built package)`);
    const result = await build({
      stdin: {
        contents: `import { kaimingNormal, Generator } from ${JSON.stringify(ENTRY)};\n`
          + 'console.log(kaimingNormal([64, 32], { generator: new Generator(1) }));\n',
        resolveDir: ROOT,
        sourcefile: 'entry.js',
      },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      minify: false,
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    // metafile.inputs lists every module esbuild read; the output's inputs are the ones whose code
    // is in the bundle (tree-shaken modules have no bytes there).
    const [output] = Object.values(result.metafile.outputs);
    const inputs = Object.entries(output!.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([p]) => p);
    const text = result.outputFiles[0]!.text;
    const bytes = result.outputFiles[0]!.contents.byteLength;
    console.log(`kaimingNormal + Generator bundle: ${bytes} bytes (${(bytes / 1024).toFixed(1)} KiB, unminified, the WASM binaries included), ${inputs.length} modules`);
    expect(inputs.some((p) => p.includes('dist/random/generator.js')), 'the bundle should contain the Generator').toBe(true);
    expect(inputs.filter((p) => /(^|\/)dist\/torch\//.test(p)), 'dist/torch/ modules in the bundle').toEqual([]);
    // The name TorchGenerator stays in error messages ("a TorchGenerator has none"); its code does not.
    expect(text).not.toMatch(/\bclass TorchGenerator\b|\b(torchOrthogonal|torchQr|erffGlibc|torchErfinvF32|logGlibc|sinGlibc|normalFill16)\b/);
  });
});
