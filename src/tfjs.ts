// weight-init/tfjs: every initializer as a TF.js `Initializer` class (src/interop/tfjs.ts).
// @tensorflow/tfjs-core and @tensorflow/tfjs-layers are peer dependencies of this entry only.
// Re-exports only.
export {
  WeightInitZeros,
  WeightInitOnes,
  WeightInitConstant,
  WeightInitEye,
  WeightInitIdentity,
  WeightInitDirac,
  WeightInitUniform,
  WeightInitNormal,
  WeightInitTruncatedNormal,
  WeightInitSparse,
  WeightInitVarianceScaling,
  WeightInitGlorotUniform,
  WeightInitGlorotNormal,
  WeightInitHeUniform,
  WeightInitHeNormal,
  WeightInitLecunUniform,
  WeightInitLecunNormal,
  WeightInitXavierUniform,
  WeightInitXavierNormal,
  WeightInitKaimingUniform,
  WeightInitKaimingNormal,
  WeightInitOrthogonal,
  WeightInitDeltaOrthogonal,
  tfInitializerClasses,
  registerTfInitializers,
  tfInitializer,
} from './interop/tfjs.js';
export type { TfConfig, WeightInitTfInitializer, WeightInitTfClass } from './interop/tfjs.js';
