// ESLint (flat config) with typescript-eslint. Its main job is a guard against one bug class:
// Math.exp/log/pow/sin/cos/tanh/… are not specified bit-exactly by ECMAScript and differ between
// engines (Chromium, Deno, Bun, Firefox, WebKit vs Node), so library code must use the
// deterministic functions of src/math/elementary.ts instead. `**` is Math.pow, so it is banned too.
import tseslint from 'typescript-eslint';

/** Math members whose results differ between JavaScript engines. */
const INEXACT_MATH = [
  'exp', 'expm1', 'log', 'log1p', 'log2', 'log10', 'pow', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2',
  'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'cbrt', 'hypot',
];
const USE_OWN_MATH = 'engines disagree on its bits; use src/math/elementary.ts';

export default tseslint.config(
  // assembly/ is AssemblyScript (decorators on functions, i32/f32 types), which typescript-eslint
  // cannot parse; its rules are the compiler's. binaries.ts is generated.
  { ignores: ['dist/**', 'dist-playground/**', 'node_modules/**', 'build/**', 'assembly/**', 'src/kernels/wasm/binaries.ts', 'test/artifacts/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // `const { dropped: _, ...rest } = o` is the idiom for omitting a key.
      '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // One import statement per module.
      'no-duplicate-imports': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-properties': ['error', ...INEXACT_MATH.map((property) => ({ object: 'Math', property, message: USE_OWN_MATH }))],
      'no-restricted-syntax': ['error',
        // A constant power of two (2 ** 32, 2 ** -24) is exact; any other `**` goes through pow.
        {
          selector: "BinaryExpression[operator='**']:not([left.raw='2'][right.type='Literal']):not([left.raw='2'][right.operator='-'][right.argument.type='Literal'])",
          message: `\`**\` is Math.pow: ${USE_OWN_MATH} (pow2 of src/math/pow2.ts for 2^n, x * x for squares)`,
        },
        { selector: "AssignmentExpression[operator='**=']", message: `\`**=\` is Math.pow: ${USE_OWN_MATH}` },
      ],
    },
  },
  {
    // Display-only code: these files format numbers for people (axis ticks of the CLI's charts);
    // nothing they compute is returned by the library or decides a returned bit.
    files: ['src/cli/plots.ts'],
    rules: { 'no-restricted-properties': 'off', 'no-restricted-syntax': 'off' },
  },
);
