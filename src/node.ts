// weight-init/node: the Node-only entry (node:fs). Kept out of the main entry so browser bundles
// never import node:fs. Re-exports only.
export { initModel } from './interop/model-init.js';
export type { ModelSpec, ParamSpec, ModelInitOptions } from './interop/model-init.js';
export { writeSafetensors, MAX_BUFFER_BYTES } from './interop/safetensors.js';
export type { WriteSafetensorsOptions, SafetensorsSummary } from './interop/safetensors.js';
