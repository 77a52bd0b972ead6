// weight-init: the public API, re-exported in one place.
export { init, initSync, backend, setBackend, availableBackends } from './backend.js';
export type { BackendName } from './backend.js';
export { Generator } from './generator.js';
export type { FloatArray, UniformOptions, NormalOptions, TruncatedNormalOptions } from './generator.js';
export type { ThreadsOptions } from './generator.js';
export type { Threads } from './parallel/threads.js';
export { parallelSupported } from './parallel/pool.js';
export { defaultGenerator, manualSeed } from './default-generator.js';
export * from './initializers/index.js';
export { simulate } from './simulate/simulate.js';
export type {
  SimulateConfig, SimulateResult, LayerStats, JacobianStats, TrainResult, TrainOptions, InitSpec, BiasSpec, ResidualSpec,
} from './simulate/simulate.js';
export { meanField, criticalLine, phaseDiagram } from './simulate/mean-field.js';
export type { MeanFieldOptions, MeanFieldResult, PhaseDiagramOptions, PhaseDiagram } from './simulate/mean-field.js';
export { lsuv } from './simulate/lsuv.js';
export type { LsuvNetwork, LsuvOptions, LsuvResult } from './simulate/lsuv.js';
export type { SimActivation, SimActivationName } from './simulate/activation.js';
export { TorchGenerator } from './torch-generator.js';
export type { Sampler } from './sampler.js';
export { initModel } from './model-init.js';
export type { ModelSpec, ParamSpec, ModelInitOptions } from './model-init.js';
