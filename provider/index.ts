/**
 * pulumi-feldera: Feldera streaming-SQL pipelines as Pulumi resources.
 *
 *   import * as feldera from "pulumi-feldera";
 *   new feldera.Pipeline("orders", { programCode: sql, runtimeConfig: { workers: 8 } });
 */
export { isFelderaError, FelderaError, type FelderaErrorCode } from "./errors";
export type { DesiredStatus, PipelineInputs, DesiredPipeline, HealthGate } from "./model/inputs";
export type { RuntimeConfig, RuntimeConfigInput } from "./model/runtime-config";
export type { ProgramConfig, ProgramConfigInput } from "./model/program-config";
export { Pipeline, PIPELINE_TYPE, type PipelineArgs } from "./resource/pipeline";
export { pipelineProvider } from "./resource/provider";
export type { ServerOutputs } from "./resource/outputs";
export { FelderaClient, resolveConnection, type ConnectionSettings } from "./client";
