// weight-init/node: the Node-only entry (node:fs). Kept out of the main entry so browser bundles
// never import node:fs. Re-exports only.
export { initModel } from './interop/model-init.js';
export type { ModelSpec, ParamSpec, ModelInitOptions } from './interop/model-init.js';
export { writeSafetensors, MAX_BUFFER_BYTES } from './interop/safetensors.js';
export type { WriteSafetensorsOptions, SafetensorsSummary, FileDType } from './interop/safetensors.js';
export { writeSafetensorsSharded, planShards, assignShards, DEFAULT_MAX_SHARD_BYTES, SHARD_INDEX_FILE } from './interop/sharded.js';
export type { WriteShardedOptions, ShardedSummary, ShardPlan, PlannedShard, PlanShardsOptions } from './interop/sharded.js';
export { detectLauncher, parseSize } from './interop/launcher.js';
export type { LauncherInfo, LauncherOverrides } from './interop/launcher.js';
