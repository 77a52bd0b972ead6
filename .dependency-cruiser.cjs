// The import-structure rules of ../shared/ARCHITECTURE.md ("The house"), checked by `npm run deps`
// (part of `npm test`): data flows one way, from the typed API through the one dispatch point
// (src/kernels/backend.ts) to the kernels, and PyTorch parity (src/torch/) is reached only through
// the public entry, by capability. Every rule is an error; the expected count of violations is 0.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No import cycles, type-only imports included (tsPreCompilationDeps): a cycle is two modules ' +
        'that can only be understood together. Shared types live in leaves such as src/random/types.ts.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'kernels-import-nothing-above',
      severity: 'error',
      comment:
        'src/kernels/ is the bottom layer: it imports only itself. The exceptions are two leaves the ' +
        'twins share with src/math/: src/math/pow2.ts (an exact 2^n table) and src/math/bits.ts (the ' +
        "library's one bit-cast scratch). They import nothing (see the next rule), so the kernels " +
        'still depend on nothing that could depend on them.',
      from: { path: '^src/kernels/' },
      to: { path: '^src/', pathNot: ['^src/kernels/', '^src/math/(pow2|bits)\\.ts$'] },
    },
    {
      name: 'kernel-leaves-stay-leaves',
      severity: 'error',
      comment: 'The modules the kernels may import from outside src/kernels/ must import nothing themselves.',
      from: { path: '^src/math/(pow2|bits)\\.ts$' },
      to: { path: '^src/' },
    },
    {
      name: 'twins-know-no-wasm-loader',
      severity: 'error',
      comment:
        'The plain-TS twins (src/kernels/reference/) are the fallback where WebAssembly is missing and ' +
        'the reference the WASM kernels are checked against: they never load or call WebAssembly.',
      from: { path: '^src/kernels/reference/' },
      to: { path: '^src/kernels/wasm/' },
    },
    {
      name: 'kernels-only-through-dispatch',
      severity: 'error',
      comment:
        'Above the kernels, code reaches them only through the dispatch point (backend.ts) and the ' +
        'kernel kind numbers (abi.ts), so a backend can change without touching its callers.',
      from: { path: '^src/(simulate|initializers|random|parallel)/' },
      to: { path: '^src/kernels/', pathNot: '^src/kernels/(backend|abi)\\.ts$' },
    },
    {
      name: 'cli-uses-public-api',
      severity: 'error',
      comment: 'The weight-init command uses the library like any user: through src/index.ts and src/node.ts.',
      from: { path: '^src/cli/' },
      to: { path: '^src/', pathNot: ['^src/cli/', '^src/(index|node)\\.ts$'] },
    },
    {
      name: 'torch-only-from-public-entry',
      severity: 'error',
      comment:
        'PyTorch parity (TorchGenerator, its math and LAPACK replays) is imported only by the public ' +
        'entry: everything else asks the sampler for a capability (src/random/types.ts), so a bundle ' +
        'that never names TorchGenerator carries none of it.',
      from: { path: '^src/', pathNot: ['^src/index\\.ts$', '^src/torch/'] },
      to: { path: '^src/torch/' },
    },
    {
      name: 'playground-uses-public-api',
      severity: 'error',
      comment:
        "The playground uses the library only as 'weight-init' (a Vite alias of src/index.ts, which " +
        'this tool leaves unresolved): no relative or deep imports into src/ or dist/.',
      from: { path: '^playground/' },
      to: { path: '^(src|dist)/' },
    },
    {
      name: 'playground-resolves-all-but-the-library',
      severity: 'error',
      comment: "Every other import of the playground resolves (its own files, npm packages, node builtins).",
      from: { path: '^playground/' },
      to: { couldNotResolve: true, pathNot: '^weight-init$' },
    },
  ],
  options: {
    // Type-only imports count: a cycle through `import type` is still a cycle for a reader.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
