/**
 * pulumi-feldera: Feldera streaming-SQL pipelines as Pulumi resources.
 *
 *   import * as feldera from "pulumi-feldera";
 *   new feldera.Pipeline("orders", { programCode: sql, runtimeConfig: { workers: 8 } });
 *
 * Everything exported here is declared in terms of the package's own types (./types), never zod's or
 * undici's: these declarations must compile under any tsconfig a Pulumi program has (the repository's
 * tests pack the package and check a matrix of them).
 */

// The brand check, not errors.ts's narrowing map: that map names every error class, whose declarations
// reach zod-derived model types, which must stay out of what users' compilers read.
export { FelderaError, type FelderaErrorCode, hasFelderaBrand as isFelderaError } from "./error-base";
export { PIPELINE_TYPE, Pipeline } from "./resource/pipeline";
export { pipelineProvider } from "./resource/provider";
export type { ServerOutputs } from "./types/outputs";
export type {
  BootstrapPolicy,
  DesiredStatus,
  HealthGate,
  PipelineArgs,
  PipelineTimeouts,
  RunningChangePolicy,
  StorageConflictPolicy,
} from "./types/pipeline-args";
export type { CompilationProfile, ProgramConfig } from "./types/program-config";
export type {
  FaultToleranceConfig,
  FaultToleranceModel,
  PipelineTemplateConfigMap,
  ResourceConfig,
  RuntimeConfig,
} from "./types/runtime-config";
export type {
  DefaultStorageBackend,
  FileBackendConfig,
  FileStorageBackend,
  ObjectStorageBackend,
  ObjectStorageConfig,
  StorageBackend,
  StorageCompression,
  StorageOptions,
} from "./types/storage";
export type { SyncConfig } from "./types/sync";
