// The initializer API, re-exported for src/index.ts.
export { computeFans } from './fans.js';
export { calculateGain, gainFor } from './gain.js';
export type { Nonlinearity, Activation, ActivationName } from './gain.js';
export type { InitOptions, Layout, DType, Fans } from './common.js';
export type { Initializer } from './define.js';
export { zeros, ones, constant, eye, identity, dirac } from './constant.js';
export type { ConstantOptions, IdentityOptions, DiracOptions } from './constant.js';
export { uniform, normal, truncatedNormal, sparse } from './random.js';
export type { UniformInitOptions, NormalInitOptions, TruncatedNormalInitOptions, SparseOptions } from './random.js';
export {
  varianceScaling, glorotUniform, glorotNormal, heUniform, heNormal, lecunUniform, lecunNormal,
  xavierUniform, xavierNormal, kaimingUniform, kaimingNormal, TRUNCATED_STD_CORRECTION,
} from './variance-scaling.js';
export type { VarianceScalingOptions, XavierOptions, KaimingOptions, FanMode, Distribution } from './variance-scaling.js';
export { orthogonal, deltaOrthogonal } from './orthogonal.js';
export type { OrthogonalOptions, DeltaOrthogonalOptions } from './orthogonal.js';
export { getInitializer } from './get-initializer.js';
export type { BoundInitializer } from './get-initializer.js';
export { registerInitializer } from './registry.js';
export type { AnyInitializer } from './registry.js';
export { initializerDescriptors } from './descriptors.js';
export type {
  InitializerDescriptor, OptionDescriptor, NumberOptionDescriptor, ChoiceOptionDescriptor, VarianceScalingPreset, NominalVariance,
} from './descriptors.js';
export { torchDefaults } from './torch-defaults.js';
export type { TorchLinearOptions, TorchConvOptions, TorchParams } from './torch-defaults.js';
