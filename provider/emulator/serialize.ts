/**
 * The three serialisations of a pipeline (docs/feldera/pipeline-object.md#fields), key for key in the server's order:
 *  - ALL: `GET …?selector=all` (the default);
 *  - STATUS: `selector=status` — no runtime_config, program_code, udf_*, program_error, program_info or
 *    deployment_resources_status_details, but program_config stays; `status_with_connectors` adds
 *    `connectors` when the stats are available (omitted, not null, otherwise);
 *  - WRITE: the body of POST/PUT/PATCH/update_runtime — ALL without the bootstrap fields.
 * Fields a legacy server did not have yet are left out (docs/feldera/versions.md).
 */

import { combinedDesiredStatus, combinedStatus, type RuntimeStatus } from "../model/status";
import type { Behaviours } from "../model/versions";
import { withoutUnknownKey } from "./configs";
import type { PipelineState } from "./pipeline-state";
import { partialProgramInfo } from "./sql/program-info";

export type Shape = "all" | "status" | "status_with_connectors" | "write";

/** Runtime statuses in which a pipeline answers connector statistics (pipeline_management.rs). */
const STATS_STATUSES: readonly RuntimeStatus[] = [
  "Bootstrapping",
  "ConcurrentBootstrapping",
  "Synchronizing",
  "Replaying",
  "Running",
  "Paused",
];

export function serializePipeline(p: PipelineState, shape: Shape, f: Behaviours): Record<string, unknown> {
  const full = shape === "all" || shape === "write";
  const out: Record<string, unknown> = { id: p.id, name: p.name, description: p.description };
  if (f.clientMetadata) out["tags"] = [...p.tags];
  Object.assign(out, { created_at: p.createdAt, version: p.version, platform_version: p.platformVersion });
  if (full) {
    Object.assign(out, {
      runtime_config: withoutUnknownKey(p.runtimeConfig, "clock_timezone_offset", f.clockTimezoneOffset),
      program_code: p.programCode,
      udf_rust: p.udfRust,
      udf_toml: p.udfToml,
    });
  }
  out["program_config"] = withoutUnknownKey(p.programConfig, "use_platform_compiler", f.usePlatformCompiler);
  Object.assign(out, {
    program_version: p.programVersion,
    program_status: p.programStatus,
    program_status_since: p.programStatusSince,
  });
  if (full) {
    out["program_error"] = p.programError;
    out["program_info"] = partialProgramInfo(p.programInfo);
  }
  Object.assign(out, {
    deployment_error: p.deploymentError,
    refresh_version: p.refreshVersion,
    storage_status: p.storageStatus,
  });
  if (f.storageStatusDetails) out["storage_status_details"] = p.storageStatusDetails;
  Object.assign(out, {
    deployment_id: p.deploymentId,
    deployment_initial: p.deploymentInitial,
    deployment_status: combinedStatus(p.resourcesStatus, p.runtimeStatus),
    deployment_status_since: latest(p.resourcesStatusSince, p.runtimeStatusSince),
    deployment_desired_status: combinedDesiredStatus(
      p.resourcesDesired,
      p.runtimeDesired,
      p.deploymentInitial,
    ),
    deployment_desired_status_since: latest(p.resourcesDesiredSince, p.runtimeDesiredSince),
    deployment_resources_status: p.resourcesStatus,
  });
  if (full && f.resourcesStatusDetails) out["deployment_resources_status_details"] = p.resourcesStatusDetails;
  Object.assign(out, {
    deployment_resources_status_since: p.resourcesStatusSince,
    deployment_resources_desired_status: p.resourcesDesired,
    deployment_resources_desired_status_since: p.resourcesDesiredSince,
    deployment_runtime_status: p.runtimeStatus,
  });
  if (f.bootstrapPolicy) out["deployment_runtime_status_details"] = p.runtimeStatusDetails;
  Object.assign(out, {
    deployment_runtime_status_since: p.runtimeStatusSince,
    deployment_runtime_desired_status: p.runtimeDesired,
    deployment_runtime_desired_status_since: p.runtimeDesiredSince,
  });
  if (shape !== "write") Object.assign(out, bootstrapFields(p, f));
  if (shape === "status_with_connectors") {
    const stats = connectorStats(p);
    if (stats) out["connectors"] = stats;
  }
  return out;
}

/** `combine_since`: the later of the two timestamps; the runtime one is null while not Provisioned. */
function latest(a: string, b: string | null): string {
  return b !== null && b > a ? b : a;
}

/** The flattened bootstrap config (`null`/`false`/`false` when not deployed), absent before v0.164. */
function bootstrapFields(p: PipelineState, f: Behaviours): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (f.bootstrapPolicy) out["bootstrap_policy"] = p.bootstrap?.bootstrap_policy ?? null;
  if (f.silentBootstrap) out["silent_bootstrap"] = p.bootstrap?.silent_bootstrap ?? false;
  if (f.programValidation) out["concurrent_bootstrap"] = p.bootstrap?.concurrent_bootstrap ?? false;
  return out;
}

function connectorStats(p: PipelineState): { num_errors: number } | undefined {
  const fromDetails = p.runtimeStatusDetails?.["connector_stats"] as { num_errors: number } | undefined;
  if (fromDetails) return fromDetails;
  return p.runtimeStatus !== null && STATS_STATUSES.includes(p.runtimeStatus) ? { num_errors: 0 } : undefined;
}
