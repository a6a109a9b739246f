/**
 * What we read from Feldera's REST API, as zod schemas (snake_case and PascalCase exactly as on the wire).
 *
 * Tolerant by design (docs/feldera/versions.md#robust-parsing): extra fields are kept, unknown enum values
 * parse (new runtime statuses appear regularly), and only what this package relies on is required: `id`,
 * `name`, `version`, `program_status`, `deployment_status` (plus `program_code` in the full shape). Fields
 * newer than v0.148 (tags, storage_status_details, bootstrap_policy, …) are optional so older servers parse.
 * A response that misses a required field is a `FelderaResponseShapeError` naming the field and the server.
 */
import { z } from "zod";
import type {
  CombinedDesiredStatus,
  CombinedStatus,
  Open,
  ProgramStatus,
  ResourcesDesiredStatus,
  ResourcesStatus,
  RuntimeDesiredStatus,
  RuntimeStatus,
  StorageStatus,
} from "./status";

/** An enum value we know, or a newer one we do not: typed as the known literals plus `string`. */
const open = <T extends string>() => z.string() as unknown as z.ZodType<Open<T>>;

export const ErrorResponseSchema = z.looseObject({
  message: z.string(),
  error_code: z.string(),
  // Opaque (docs/feldera/errors-and-retries.md#error-body): `{}` on most endpoints, `null` on some, absent on auth failures.
  details: z.unknown().optional(),
});
export type ErrorResponse = z.output<typeof ErrorResponseSchema>;

export const SqlCompilerMessageSchema = z.looseObject({
  start_line_number: z.number(),
  start_column: z.number(),
  end_line_number: z.number(),
  end_column: z.number(),
  warning: z.boolean(),
  error_type: z.string(),
  message: z.string(),
  snippet: z.string().nullish(),
});
export type SqlCompilerMessage = z.output<typeof SqlCompilerMessageSchema>;

export const SqlCompilationInfoSchema = z.looseObject({
  exit_code: z.number(),
  messages: z.array(SqlCompilerMessageSchema),
});
export type SqlCompilationInfo = z.output<typeof SqlCompilationInfoSchema>;

export const RustCompilationInfoSchema = z.looseObject({
  exit_code: z.number(),
  stdout: z.string(),
  stderr: z.string(),
});

export const ProgramErrorSchema = z.looseObject({
  sql_compilation: SqlCompilationInfoSchema.nullish(),
  rust_compilation: RustCompilationInfoSchema.nullish(),
  system_error: z.string().nullish(),
});
export type ProgramError = z.output<typeof ProgramErrorSchema>;

/** The `selector=status` shape: everything a wait needs, without the program text or configs. */
export const PipelineStatusSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  /** Absent on servers before v0.313 (feature detection reads this). */
  tags: z.array(z.string()).optional(),
  created_at: z.string().optional(),
  version: z.number(),
  platform_version: z.string().optional(),
  program_config: z.record(z.string(), z.unknown()).nullish(),
  program_version: z.number().optional(),
  program_status: open<ProgramStatus>(),
  program_status_since: z.string().optional(),
  deployment_error: ErrorResponseSchema.nullish(),
  refresh_version: z.number().optional(),
  storage_status: open<StorageStatus>().optional(),
  storage_status_details: z.unknown().optional(),
  deployment_id: z.string().nullish(),
  deployment_initial: open<RuntimeDesiredStatus>().nullish(),
  deployment_status: open<CombinedStatus>(),
  deployment_status_since: z.string().optional(),
  deployment_desired_status: open<CombinedDesiredStatus>().optional(),
  deployment_desired_status_since: z.string().optional(),
  deployment_resources_status: open<ResourcesStatus>().optional(),
  deployment_resources_status_since: z.string().optional(),
  deployment_resources_desired_status: open<ResourcesDesiredStatus>().optional(),
  deployment_resources_desired_status_since: z.string().optional(),
  deployment_runtime_status: open<RuntimeStatus>().nullish(),
  deployment_runtime_status_details: z.unknown().optional(),
  deployment_runtime_status_since: z.string().nullish(),
  deployment_runtime_desired_status: open<RuntimeDesiredStatus>().nullish(),
  deployment_runtime_desired_status_since: z.string().nullish(),
  bootstrap_policy: z.string().nullish(),
});
export type PipelineStatus = z.output<typeof PipelineStatusSchema>;

/** The full shape (`selector=all`, and the body of POST/PUT/PATCH responses). */
export const PipelineSchema = PipelineStatusSchema.extend({
  program_code: z.string(),
  runtime_config: z.record(z.string(), z.unknown()).nullish(),
  udf_rust: z.string().nullish(),
  udf_toml: z.string().nullish(),
  program_error: ProgramErrorSchema.nullish(),
  program_info: z.unknown().optional(),
});
export type Pipeline = z.output<typeof PipelineSchema>;

/** `GET /v0/config` (docs/feldera/platform.md#config). Only `version` is relied on; `edition` tells OSS from Enterprise. */
export const ServerConfigSchema = z.looseObject({
  version: z.string(),
  edition: z.string().optional(),
  revision: z.string().optional(),
  runtime_revision: z.string().optional(),
  unstable_features: z.string().nullish(),
});
export type ServerConfig = z.output<typeof ServerConfigSchema>;

/** `POST /v0/validate_program` (docs/feldera/compilation.md#validate-program): always 200, an externally tagged union. */
export const ValidateProgramResponseSchema = z.union([
  // Outer objects are strict-typed (not loose) so that `"SqlError" in r` narrows the union for callers.
  z.object({ Success: z.looseObject({ program_info: z.unknown() }) }),
  z.object({ SqlError: z.looseObject({ info: SqlCompilationInfoSchema }) }),
  z.object({ SystemError: z.looseObject({ error: z.string() }) }),
]);
export type ValidateProgramResponse = z.output<typeof ValidateProgramResponseSchema>;

/** `POST /v0/pipelines/{name}/diff` (docs/feldera/compilation.md#program-diff). */
export const PipelineDiffSchema = z.looseObject({
  program_diff: z
    .looseObject({
      added_tables: z.array(z.string()).optional(),
      removed_tables: z.array(z.string()).optional(),
      modified_tables: z.array(z.string()).optional(),
      added_views: z.array(z.string()).optional(),
      removed_views: z.array(z.string()).optional(),
      modified_views: z.array(z.string()).optional(),
    })
    .nullish(),
  program_diff_error: z.string().nullish(),
  added_input_connectors: z.array(z.string()),
  modified_input_connectors: z.array(z.string()),
  removed_input_connectors: z.array(z.string()),
  added_output_connectors: z.array(z.string()),
  modified_output_connectors: z.array(z.string()),
  removed_output_connectors: z.array(z.string()),
});
export type PipelineDiff = z.output<typeof PipelineDiffSchema>;

/**
 * One input connector in `GET /v0/pipelines/{name}/stats` (InputEndpointStatus). Required: what a health
 * gate decides on (has it received records, has it ended, has it failed); the rest is kept unvalidated.
 */
export const InputEndpointStatsSchema = z.looseObject({
  /** `<table>.<connector>`, or `now` for the clock Feldera adds to programs that call NOW(). */
  endpoint_name: z.string(),
  metrics: z.looseObject({
    total_records: z.number(),
    end_of_input: z.boolean(),
    num_transport_errors: z.number(),
    num_parse_errors: z.number(),
  }),
  /** The connector's first fatal error; absent on older servers. */
  fatal_error: z.string().nullish(),
});
export type InputEndpointStats = z.output<typeof InputEndpointStatsSchema>;

/**
 * `GET /v0/pipelines/{name}/stats` (ControllerStatus), the pipeline process's own report, forwarded by
 * the manager (docs/feldera/deployment-and-stop.md#runtime-actions). Only `inputs` is required; global metrics, outputs and checkpoint state are kept.
 */
export const PipelineStatsSchema = z.looseObject({
  global_metrics: z.looseObject({ state: open<"Running" | "Paused" | "Terminated">().optional() }).optional(),
  inputs: z.array(InputEndpointStatsSchema),
  outputs: z.array(z.unknown()).optional(),
});
export type PipelineStats = z.output<typeof PipelineStatsSchema>;

/** Bodies we send. Typed here so client and emulator agree; validated against openapi.json in tests. */
export interface PostPutPipelineBody {
  name: string;
  program_code: string;
  description?: string;
  tags?: string[];
  runtime_config?: Record<string, unknown> | null;
  program_config?: Record<string, unknown> | null;
  udf_rust?: string | null;
  udf_toml?: string | null;
}

/** PATCH: absent = unchanged; top-level only, so configs are always sent whole (the seed document). */
export type PatchPipelineBody = Partial<PostPutPipelineBody>;
