// weight-init: the public API, re-exported in one place.
export { init, initSync, backend, setBackend, availableBackends } from './backend.js';
export type { BackendName } from './backend.js';
export { Generator } from './generator.js';
export type { FloatArray, UniformOptions, NormalOptions, TruncatedNormalOptions } from './generator.js';
export { defaultGenerator, manualSeed } from './default-generator.js';
export * from './initializers/index.js';
export { orthogonal, deltaOrthogonal } from './initializers/orthogonal.js';
export type { OrthogonalOptions, DeltaOrthogonalOptions } from './initializers/orthogonal.js';
