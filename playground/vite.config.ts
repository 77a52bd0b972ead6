// `npm run playground` (vite playground) serves this; `npm run build:playground` writes static files.
// 'weight-init' is the library's source, so the playground follows the working tree (run
// `npm run build:wasm` once: src/kernels/wasm/binaries.ts is generated).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: { alias: { 'weight-init': fileURLToPath(new URL('../src/index.ts', import.meta.url)) } },
  worker: { format: 'es' },
  build: { outDir: fileURLToPath(new URL('../dist-playground', import.meta.url)), emptyOutDir: true, target: 'es2022' },
  server: { host: '127.0.0.1' },
});
