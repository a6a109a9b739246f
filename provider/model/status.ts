/**
 * Feldera's status vocabularies, spelled exactly as on the wire (PascalCase), and the two derivations
 * the server performs (docs/feldera/deployment-and-stop.md#combined-status). Shared by the emulator (which must derive them as the server
 * does) and by the provider (which must read them as the server means them).
 *
 * Servers add runtime statuses regularly (docs/feldera/versions.md#robust-parsing), so wire types
 * are `Known | (string & {})`: the known literals autocomplete, anything else still parses.
 */

export const PROGRAM_STATUSES = [
  "Pending",
  "CompilingSql",
  "SqlCompiled",
  "CompilingRust",
  "Success",
  "SqlError",
  "RustError",
  "SystemError",
] as const;
export type ProgramStatus = (typeof PROGRAM_STATUSES)[number];

/** Program statuses from which compilation still progresses without a client write (docs/feldera/compilation.md#program-status). */
export const COMPILING_PROGRAM_STATUSES: readonly ProgramStatus[] = [
  "Pending",
  "CompilingSql",
  "SqlCompiled",
  "CompilingRust",
];
/** Terminal failures: only an edit of a program field leaves them (docs/feldera/compilation.md#program-status). */
export const FAILED_PROGRAM_STATUSES: readonly ProgramStatus[] = ["SqlError", "RustError", "SystemError"];

export const RESOURCES_STATUSES = ["Stopped", "Provisioning", "Provisioned", "Stopping"] as const;
export type ResourcesStatus = (typeof RESOURCES_STATUSES)[number];

export const RESOURCES_DESIRED_STATUSES = ["Stopped", "Provisioned"] as const;
export type ResourcesDesiredStatus = (typeof RESOURCES_DESIRED_STATUSES)[number];

export const RUNTIME_STATUSES = [
  "Unavailable",
  "Coordination",
  "Standby",
  "Initializing",
  "AwaitingApproval",
  "Bootstrapping",
  "Replaying",
  "Paused",
  "Running",
  "Suspended",
  "ConcurrentBootstrapping",
  "Synchronizing",
] as const;
export type RuntimeStatus = (typeof RUNTIME_STATUSES)[number];

export const RUNTIME_DESIRED_STATUSES = [
  "Unavailable",
  "Coordination",
  "Standby",
  "Paused",
  "Running",
  "Suspended",
] as const;
export type RuntimeDesiredStatus = (typeof RUNTIME_DESIRED_STATUSES)[number];

export const COMBINED_STATUSES = [
  "Stopped",
  "Provisioning",
  "Unavailable",
  "Coordination",
  "Standby",
  "AwaitingApproval",
  "Initializing",
  "Bootstrapping",
  "ConcurrentBootstrapping",
  "Synchronizing",
  "Replaying",
  "Paused",
  "Running",
  "Suspended",
  "Stopping",
] as const;
export type CombinedStatus = (typeof COMBINED_STATUSES)[number];

export const COMBINED_DESIRED_STATUSES = [
  "Stopped",
  "Unavailable",
  "Standby",
  "Paused",
  "Running",
  "Suspended",
] as const;
export type CombinedDesiredStatus = (typeof COMBINED_DESIRED_STATUSES)[number];

export const STORAGE_STATUSES = ["Cleared", "InUse", "Clearing"] as const;
export type StorageStatus = (typeof STORAGE_STATUSES)[number];

/** The `initial` query values of `/start` (snake_case on the wire, unlike the statuses). */
export const START_INITIALS = ["running", "paused", "standby"] as const;
export type StartInitial = (typeof START_INITIALS)[number];

export const BOOTSTRAP_POLICIES = ["allow", "reject", "await_approval"] as const;
export type BootstrapPolicy = (typeof BOOTSTRAP_POLICIES)[number];

/** A wire value that may be a status this version does not know yet. */
export type Open<T extends string> = T | (string & {});

/** `deployment_status` from the resources and runtime statuses (docs/feldera/deployment-and-stop.md#combined-status). */
export function combinedStatus(
  resources: ResourcesStatus,
  runtime: RuntimeStatus | null | undefined,
): CombinedStatus {
  // A Provisioned pipeline reports its runtime status verbatim; null there is abnormal and reads Unavailable.
  if (resources === "Provisioned") return runtime ?? "Unavailable";
  return resources;
}

/** `deployment_desired_status` (docs/feldera/deployment-and-stop.md#combined-status). `Coordination` cannot be a desired status (docs/feldera/oddities.md). */
export function combinedDesiredStatus(
  resourcesDesired: ResourcesDesiredStatus,
  runtimeDesired: RuntimeDesiredStatus | null | undefined,
  initial: RuntimeDesiredStatus | null | undefined,
): CombinedDesiredStatus {
  if (resourcesDesired === "Stopped") return "Stopped";
  const pick = runtimeDesired ?? initial ?? "Unavailable";
  return pick === "Coordination" ? "Unavailable" : pick;
}

/** The wire status (`deployment_initial`, PascalCase) that `/start?initial=` (snake_case) asks for. */
export function initialToRuntimeStatus(initial: StartInitial): "Running" | "Paused" | "Standby" {
  return initial === "running" ? "Running" : initial === "paused" ? "Paused" : "Standby";
}
