/**
 * pulumi-feldera: Feldera streaming-SQL pipelines as Pulumi resources.
 *
 *   import * as feldera from "pulumi-feldera";
 *   new feldera.Pipeline("orders", { programCode: sql, runtimeConfig: { workers: 8 } });
 */

export { type ConnectionSettings, FelderaClient, resolveConnection } from "./client";
export { FelderaError, type FelderaErrorCode, isFelderaError } from "./errors";
export type { DesiredPipeline, DesiredStatus, HealthGate, PipelineInputs } from "./model/inputs";
export type { ProgramConfig, ProgramConfigInput } from "./model/program-config";
export type { RuntimeConfig, RuntimeConfigInput } from "./model/runtime-config";
export type { ServerOutputs } from "./resource/outputs";
export { PIPELINE_TYPE, Pipeline, type PipelineArgs } from "./resource/pipeline";
export { pipelineProvider } from "./resource/provider";
