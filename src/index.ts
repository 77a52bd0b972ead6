// weight-init: the public API, re-exported in one place.
export { init, initSync, backend, setBackend, availableBackends } from './kernels/backend.js';
export type { BackendName } from './kernels/backend.js';
export { Generator } from './random/generator.js';
export type { FloatArray, UniformOptions, NormalOptions, TruncatedNormalOptions } from './random/types.js';
export type { ThreadsOptions, Threads } from './random/types.js';
export { parallelSupported } from './parallel/pool.js';
export { defaultGenerator, manualSeed } from './random/default-generator.js';
export * from './initializers/index.js';
export type { HalfDType, InitResult } from './initializers/common.js';
export { simulate } from './simulate/simulate.js';
export type {
  SimulateConfig, SimulateResult, LayerStats, JacobianStats, TrainResult, TrainOptions, InitSpec, BiasSpec, ResidualSpec,
  EnsembleStats, EnsembleLayer, EnsembleSummary,
} from './simulate/config.js';
export { meanField, criticalLine, phaseDiagram } from './simulate/mean-field.js';
export type { MeanFieldOptions, MeanFieldResult, PhaseDiagramOptions, PhaseDiagram } from './simulate/mean-field.js';
export { lsuv } from './simulate/lsuv.js';
export type { LsuvNetwork, LsuvOptions, LsuvResult } from './simulate/lsuv.js';
export { coordCheck } from './simulate/coord-check.js';
export type { CoordCheckOptions, CoordCheckResult, CoordCheckLayer, Parametrization } from './simulate/coord-check.js';
export type { SimActivation, SimActivationName } from './simulate/activation.js';
export { TorchGenerator } from './torch/generator.js';
export type { Sampler, PositionalSampler } from './random/types.js';
export { initModel } from './interop/model-init.js';
export type { ModelSpec, ModelSpecDocument, ParamSpec, ModelInitOptions } from './interop/model-init.js';
export { huggingFaceSpec, huggingFaceArchitecture, HF_MODEL_TYPES, HF_RECIPES } from './models/huggingface.js';
export type { HuggingFaceSpecOptions, HuggingFaceRecipe, HuggingFaceDType } from './models/huggingface.js';
export { describeSpec, compareSpecs, groupName } from './models/describe.js';
export type { SpecDescription, DescribedGroup, DescribedInit, DescribeOptions, DTypeBytes, SpecComparison, GroupComparison } from './models/describe.js';
export { initStats, truncatedMoments } from './models/init-stats.js';
export type { InitStats } from './models/init-stats.js';
