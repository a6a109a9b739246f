/**
 * One pipeline as the manager stores it (docs/feldera/pipeline-object.md), plus the hidden bits the emulator needs
 * (bootstrap config, the checkpoint's program, injected failures). Every status write goes through the
 * setters below, because they carry the two rules that are easy to get wrong by hand:
 *  - a `*_since` timestamp moves only when its value changes (docs/feldera/pipeline-object.md#fields), except `program_status_since`,
 *    which is re-stamped on every program status write;
 *  - `refresh_version` moves exactly as docs/feldera/pipeline-object.md#counters says.
 */
import type { RuntimeConfig } from "../model/runtime-config";
import type {
  BootstrapPolicy,
  ProgramStatus,
  ResourcesDesiredStatus,
  ResourcesStatus,
  RuntimeDesiredStatus,
  RuntimeStatus,
  StorageStatus,
} from "../model/status";
import type { ErrorBody } from "./errors";
import type { ProcessStats } from "./process-stats";
import type { ProgramInfo, SqlCompilerMessage } from "./sql/program-info";

export interface SqlCompilationInfo {
  exit_code: number;
  messages: SqlCompilerMessage[];
}
export interface RustCompilationInfo {
  exit_code: number;
  stdout: string;
  stderr: string;
}
export interface ProgramError {
  sql_compilation: SqlCompilationInfo | null;
  rust_compilation: RustCompilationInfo | null;
  system_error: string | null;
}

export interface BootstrapConfig {
  bootstrap_policy: BootstrapPolicy;
  silent_bootstrap: boolean;
  concurrent_bootstrap: boolean;
}

/** What the last run left in storage (docs/feldera/deployment-and-stop.md#runtime-status: AwaitingApproval needs "a checkpoint whose program differs"). */
export interface Checkpoint {
  uuid: string;
  programVersion: number;
  programInfo: ProgramInfo | null;
}

export type DeploymentInitial = "Running" | "Paused" | "Standby";

/** What the pipeline last reported before the runner lost contact with it (docs/feldera/deployment-and-stop.md#runtime-status: → `Unavailable`). */
export interface LastReported {
  status: RuntimeStatus;
  desired: RuntimeDesiredStatus | null;
}

export interface PipelineState {
  id: string;
  name: string;
  description: string;
  tags: string[];
  createdAt: string;
  version: number;
  platformVersion: string;
  /** Stored as re-serialised at write time (docs/feldera/update-rules.md#normalisation). */
  runtimeConfig: RuntimeConfig;
  programCode: string;
  udfRust: string;
  udfToml: string;
  programConfig: Record<string, unknown>;
  programVersion: number;
  programStatus: ProgramStatus;
  programStatusSince: string;
  programError: ProgramError;
  /** The full program info, incl. what serialisation strips (docs/feldera/pipeline-object.md#fields). */
  programInfo: ProgramInfo | null;
  deploymentError: ErrorBody | null;
  refreshVersion: number;
  storageStatus: StorageStatus;
  storageStatusDetails: { checkpoints: unknown[] } | null;
  deploymentId: string | null;
  deploymentInitial: DeploymentInitial | null;
  resourcesStatus: ResourcesStatus;
  resourcesStatusSince: string;
  resourcesStatusDetails: unknown;
  resourcesDesired: ResourcesDesiredStatus;
  resourcesDesiredSince: string;
  runtimeStatus: RuntimeStatus | null;
  runtimeStatusSince: string | null;
  runtimeStatusDetails: Record<string, unknown> | null;
  runtimeDesired: RuntimeDesiredStatus | null;
  runtimeDesiredSince: string | null;
  bootstrap: BootstrapConfig | null;
  // Hidden state (never serialised).
  checkpoint: Checkpoint | null;
  failNextProvisioning: ErrorBody | null;
  /** The running process's `/stats` counters (stats.ts); null while not Provisioned. */
  stats: ProcessStats | null;
  /** Test control `stallInputs`: the program's input connectors receive nothing. Survives restarts. */
  inputsStalled: boolean;
  /** Set while the runner cannot reach the process (test control `setUnavailable`). */
  unreachable: LastReported | null;
}

export function emptyProgramError(): ProgramError {
  return { sql_compilation: null, rust_compilation: null, system_error: null };
}

export function isFullyStopped(p: PipelineState): boolean {
  return p.resourcesStatus === "Stopped" && p.resourcesDesired === "Stopped";
}

/** Statuses whose write does not bump `refresh_version` (docs/feldera/pipeline-object.md#counters). */
const SILENT_PROGRAM_STATUSES: readonly ProgramStatus[] = ["CompilingSql", "CompilingRust"];

export function setProgramStatus(p: PipelineState, status: ProgramStatus, now: string): void {
  p.programStatus = status;
  p.programStatusSince = now;
  if (!SILENT_PROGRAM_STATUSES.includes(status)) p.refreshVersion++;
}

/** A runner write of the resources status: always +1 refresh_version, even "remain" writes (docs/feldera/pipeline-object.md#counters). */
export function setResourcesStatus(p: PipelineState, status: ResourcesStatus, now: string): void {
  if (p.resourcesStatus !== status) p.resourcesStatusSince = now;
  p.resourcesStatus = status;
  p.refreshVersion++;
}

/** Desired-status writes (/start, /stop, runner rejections) never touch refresh_version (docs/feldera/pipeline-object.md#counters). */
export function setResourcesDesired(p: PipelineState, desired: ResourcesDesiredStatus, now: string): void {
  if (p.resourcesDesired !== desired) p.resourcesDesiredSince = now;
  p.resourcesDesired = desired;
}

/** A runtime-status change the runner copied from the pipeline: a details refresh, +1 (docs/feldera/pipeline-object.md#counters). */
export function setRuntimeStatus(p: PipelineState, status: RuntimeStatus | null, now: string): void {
  if (p.runtimeStatus === status) return;
  p.runtimeStatus = status;
  p.runtimeStatusSince = status === null ? null : now;
  p.refreshVersion++;
}

export function setRuntimeDesired(p: PipelineState, desired: RuntimeDesiredStatus | null, now: string): void {
  if (p.runtimeDesired === desired) return;
  p.runtimeDesired = desired;
  p.runtimeDesiredSince = desired === null ? null : now;
  p.refreshVersion++;
}

/** One runner details refresh that may move both runtime status and desired status: +1 in all (docs/feldera/pipeline-object.md#counters). */
export function setRuntimeReport(
  p: PipelineState,
  status: RuntimeStatus,
  desired: RuntimeDesiredStatus | null,
  now: string,
): void {
  const before = p.refreshVersion;
  setRuntimeStatus(p, status, now);
  setRuntimeDesired(p, desired, now);
  p.refreshVersion = Math.min(p.refreshVersion, before + 1);
}

/** Leaving `Provisioned` erases everything the pipeline process reported (docs/feldera/deployment-and-stop.md#bookkeeping). */
export function clearRuntime(p: PipelineState): void {
  p.runtimeStatus = null;
  p.runtimeStatusSince = null;
  p.runtimeStatusDetails = null;
  p.runtimeDesired = null;
  p.runtimeDesiredSince = null;
  p.unreachable = null;
}

/** `deployment_initial` and the bootstrap config go together (docs/feldera/deployment-and-stop.md#bookkeeping). */
export function clearStartRequest(p: PipelineState): void {
  p.deploymentInitial = null;
  p.bootstrap = null;
}
