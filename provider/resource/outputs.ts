/**
 * A Pipeline's outputs: the inputs echoed (the host hands the previous *outputs* to diff and update, so
 * they must carry the inputs), plus what the server reports. The server's effective configs are kept in
 * their own outputs, apart from the declared ones, so that defaults the server fills in never show as a
 * diff of `runtimeConfig`.
 *
 * `readBack` turns a live pipeline into that same shape for refresh and for partial failures: each
 * declared field takes its live value, so drift made outside Pulumi shows in the next preview and the
 * next update reverts it.
 */
import { isPlainObject, jsonClone } from "../model/json";
import { PIPELINE_FIELDS, type PipelineField } from "../model/pipeline-fields";
import type { Pipeline } from "../model/wire";
import { type PlanFeatures, storedFields } from "../plan/field-changes";
import { classifyPhase } from "../plan/phase";
import type { ServerOutputs } from "../types/outputs";

/** Output names, registered by the Pipeline class so programs can reference them. */
export const SERVER_OUTPUT_KEYS: readonly (keyof ServerOutputs)[] = [
  "pipelineId",
  "version",
  "programVersion",
  "programStatus",
  "deploymentStatus",
  "deploymentDesiredStatus",
  "deploymentResourcesStatus",
  "deploymentError",
  "storageStatus",
  "platformVersion",
  "effectiveRuntimeConfig",
  "effectiveProgramConfig",
];

export function serverOutputs(live: Pipeline): ServerOutputs {
  const err = live.deployment_error;
  return {
    pipelineId: live.id,
    version: live.version,
    programVersion: live.program_version ?? null,
    programStatus: live.program_status,
    deploymentStatus: live.deployment_status,
    deploymentDesiredStatus: live.deployment_desired_status ?? null,
    deploymentResourcesStatus: live.deployment_resources_status ?? null,
    deploymentError: err ? `${err.error_code}: ${err.message}` : null,
    storageStatus: live.storage_status ?? null,
    platformVersion: live.platform_version ?? null,
    effectiveRuntimeConfig: live.runtime_config ? withoutCredentials(live.runtime_config) : null,
    effectiveProgramConfig: live.program_config ?? null,
  };
}

/** Shown instead of a value that may be a credential. */
export const REDACTED = "[redacted: see the declared runtimeConfig]";

/**
 * The effective runtime config without the values that can carry credentials: environment variables,
 * init containers, object-store settings other than the URL, and the sync keys of a file backend. A program that passes
 * `runtimeConfig` as a secret gets that input (and its echo) encrypted in state, but Pulumi re-marks only
 * outputs of the *same name* secret (pulumi#13260); this output has another name, so it must not carry them.
 */
export function withoutCredentials(config: Record<string, unknown>): Record<string, unknown> {
  const copy = jsonClone(config);
  const redact = (o: Record<string, unknown> | undefined, keep: (k: string) => boolean) => {
    for (const k of Object.keys(o ?? {})) if (!keep(k) && o![k] != null) o![k] = REDACTED;
  };
  redact(asObject(copy["env"]), () => false);
  // Kubernetes container specs: their `env` values and `args` are a common home for credentials.
  if (copy["init_containers"] != null) copy["init_containers"] = REDACTED;
  const backend = asObject(asObject(copy["storage"])?.["backend"]);
  const settings = asObject(backend?.["config"]);
  if (backend?.["name"] === "object") redact(settings, (k) => k === "url");
  redact(asObject(settings?.["sync"]), (k) => k !== "access_key" && k !== "secret_key");
  return copy;
}

const asObject = (v: unknown) => (isPlainObject(v) ? v : undefined);

/** Inputs as declared (without the serialized provider) followed by the server's outputs. */
export function toOutputs(inputs: Record<string, unknown>, live: Pipeline): Record<string, unknown> {
  const { __provider: _, ...declared } = inputs;
  return { ...declared, ...serverOutputs(live) };
}

/** The declared status a live pipeline is in; anything not settled reads "stopped", so a diff follows. */
export function observedStatus(live: Pipeline): "running" | "paused" | "standby" | "stopped" {
  const phase = classifyPhase(live);
  return phase === "running" || phase === "paused" || phase === "standby" ? phase : "stopped";
}

export function readBack(
  previous: Record<string, unknown>,
  live: Pipeline,
  features: PlanFeatures,
  table: readonly PipelineField[] = PIPELINE_FIELDS,
): Record<string, unknown> {
  const { __provider: _, ...declared } = previous;
  const out: Record<string, unknown> = { ...declared };
  const liveFields = live as Record<string, unknown>;
  for (const f of storedFields(features, table)) {
    const liveValue = liveFields[f.wire] ?? f.empty;
    if (f.same(declared[f.input], liveValue)) continue; // as declared (omitted stays omitted): no noise
    out[f.input] = f.declaredForm ? f.declaredForm(declared[f.input], liveValue) : liveValue;
  }
  // Only a settled status is stated; the declared value stays when it is what the pipeline does.
  const observed = observedStatus(live);
  if (observed !== ((declared["desiredStatus"] as string | undefined) ?? "running"))
    out["desiredStatus"] = observed;
  return { ...out, ...serverOutputs(live) };
}
