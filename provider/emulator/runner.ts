/**
 * The runner (docs/feldera/deployment-and-stop.md#resources-status) and the pipeline process it deploys (docs/feldera/deployment-and-stop.md#runtime-status), as one timer per pipeline
 * under the key `<id>/deployment`. The client only writes desired statuses; this moves the actual ones:
 *
 *   Stopped ──(desired Provisioned, program Success)──▶ Provisioning ──provisionMs──▶ Provisioned
 *      ▲   └─(program failed: remain Stopped, StartFailedDueToFailedCompilation, desired := Stopped)
 *      │                         │ provisioning error / timeout          │ desired Stopped, crash,
 *      │                         ▼                                       ▼ runtime Suspended, rejection
 *      └────────stopMs──────── Stopping ◀────────────────────────────────┘
 *
 * While Provisioned the runtime status walks Initializing ──initializeMs──▶ [AwaitingApproval ──/approve──▶]
 * [Bootstrapping ──bootstrapMs──▶] the runtime desired status (`deployment_initial` unless /pause,
 * /resume or /activate changed it meanwhile). A checkpoint of a different program makes the start ask
 * for approval (`bootstrap_policy=await_approval`, the default), bootstrap (`allow`) or fail (`reject`).
 *
 * Each scheduled step re-checks the resources status it expects when it fires, so a step overtaken by a
 * stop or a crash does nothing.
 */
import type { ResourcesStatus, RuntimeDesiredStatus, RuntimeStatus } from "../model/status";
import { COMPILING_PROGRAM_STATUSES, FAILED_PROGRAM_STATUSES } from "../model/status";
import { kickCompiler } from "./compiler";
import type { Engine } from "./engine";
import { type ErrorBody, errorBody } from "./errors";
import {
  type Checkpoint,
  clearRuntime,
  clearStartRequest,
  type PipelineState,
  setResourcesDesired,
  setResourcesStatus,
  setRuntimeDesired,
  setRuntimeReport,
  setRuntimeStatus,
} from "./pipeline-state";
import { diffPrograms } from "./sql/diff";

type Step = (p: PipelineState) => void;

function schedule(
  engine: Engine,
  p: PipelineState,
  delayMs: number,
  expect: ResourcesStatus,
  fn: Step,
): void {
  const { id } = p;
  engine.scheduler.schedule(`${id}/deployment`, delayMs, () => {
    const current = engine.findById(id);
    if (current && current.resourcesStatus === expect) fn(current);
  });
}

/** Decides the runner's next move after anything that may have changed what it should do. */
export function reconcileDeployment(engine: Engine, p: PipelineState): void {
  const wantsUp = p.resourcesDesired === "Provisioned";
  if (p.resourcesStatus === "Stopped" && wantsUp) {
    // Early start (docs/feldera/deployment-and-stop.md#start): wait, without a timeout, while the program compiles.
    if (COMPILING_PROGRAM_STATUSES.includes(p.programStatus)) return;
    schedule(engine, p, 0, "Stopped", (q) => startDeployment(engine, q));
  } else if ((p.resourcesStatus === "Provisioning" || p.resourcesStatus === "Provisioned") && !wantsUp) {
    schedule(engine, p, 0, p.resourcesStatus, (q) => toStopping(engine, q, null));
  }
}

function startDeployment(engine: Engine, p: PipelineState): void {
  if (p.resourcesDesired !== "Provisioned") return;
  if (FAILED_PROGRAM_STATUSES.includes(p.programStatus)) {
    const compilerError = `${p.programStatus} occurred (see \`program_error\` for more information)`;
    remainStoppedWithError(
      engine,
      p,
      errorBody("StartFailedDueToFailedCompilation", { compiler_error: compilerError }),
    );
    return;
  }
  if (p.programStatus !== "Success") return;
  toProvisioning(engine, p);
}

/** "Remain Stopped with error" (docs/feldera/deployment-and-stop.md#resources-status): a runner write, so +1 refresh_version. */
function remainStoppedWithError(engine: Engine, p: PipelineState, error: ErrorBody): void {
  p.deploymentError = error;
  setResourcesDesired(p, "Stopped", engine.now());
  clearStartRequest(p);
  p.refreshVersion++;
  engine.changed(p);
}

function toProvisioning(engine: Engine, p: PipelineState): void {
  setResourcesStatus(p, "Provisioning", engine.now());
  p.storageStatus = "InUse"; // docs/feldera/storage.md: on the first provisioning attempt, whether or not storage is configured
  p.deploymentId = engine.ids.next();
  p.deploymentError = null;
  engine.changed(p);
  const timeoutSecs = p.runtimeConfig.provisioning_timeout_secs ?? engine.settings.provisioningTimeoutSecs;
  const failure = p.failNextProvisioning;
  p.failNextProvisioning = null;
  const provisionMs = engine.delays.provisionMs;
  if (failure) {
    schedule(engine, p, Math.min(provisionMs, timeoutSecs * 1000), "Provisioning", (q) =>
      toStopping(engine, q, failure),
    );
  } else if (provisionMs > timeoutSecs * 1000) {
    const timeout = errorBody("AutomatonProvisioningTimeout", { timeout: { secs: timeoutSecs, nanos: 0 } });
    schedule(engine, p, timeoutSecs * 1000, "Provisioning", (q) => toStopping(engine, q, timeout));
  } else {
    schedule(engine, p, provisionMs, "Provisioning", (q) => toProvisioned(engine, q));
  }
}

function toProvisioned(engine: Engine, p: PipelineState): void {
  const now = engine.now();
  setResourcesStatus(p, "Provisioned", now);
  p.deploymentError = null;
  // The runner's first write: Initializing, desired = deployment_initial (docs/feldera/deployment-and-stop.md#runtime-status), in the same update.
  p.runtimeStatus = "Initializing";
  p.runtimeStatusSince = now;
  p.runtimeDesired = p.deploymentInitial;
  p.runtimeDesiredSince = now;
  p.runtimeStatusDetails = {};
  p.storageStatusDetails = { checkpoints: checkpointList(p) };
  engine.changed(p);
  schedule(engine, p, engine.delays.initializeMs, "Provisioned", (q) => afterInitializing(engine, q));
}

function afterInitializing(engine: Engine, p: PipelineState): void {
  const checkpoint = p.checkpoint;
  // Servers before /approve existed bootstrapped modified programs without asking (docs/feldera/versions.md).
  const policy = engine.features.bootstrapPolicy
    ? (p.bootstrap?.bootstrap_policy ?? "await_approval")
    : "allow";
  if (checkpoint === null || checkpoint.programVersion === p.programVersion) reachDesired(engine, p);
  else if (policy === "reject") toStopping(engine, p, errorBody("BootstrapRejected"));
  else if (policy === "allow") startBootstrapping(engine, p);
  else awaitApproval(engine, p, checkpoint);
}

function awaitApproval(engine: Engine, p: PipelineState, checkpoint: Checkpoint): void {
  setRuntimeStatus(p, "AwaitingApproval", engine.now());
  p.runtimeStatusDetails = { approval_diff: diffPrograms(checkpoint.programInfo, p.programInfo!) };
  engine.changed(p);
}

/**
 * `/approve` while AwaitingApproval (docs/feldera/deployment-and-stop.md#runtime-actions): the pipeline leaves that phase before the call returns. Its
 * `concurrent_bootstrap` choice steers this bootstrap only: forwarded actions change the runtime, never the
 * stored bootstrap config, which `/start` alone sets (docs/feldera/deployment-and-stop.md#bookkeeping) and which a repeated identical `/start` must
 * still match (docs/feldera/deployment-and-stop.md#start).
 */
export function approveBootstrap(engine: Engine, p: PipelineState, concurrent: boolean): void {
  if (p.runtimeStatus !== "AwaitingApproval") return;
  startBootstrapping(engine, p, concurrent);
}

function startBootstrapping(
  engine: Engine,
  p: PipelineState,
  concurrentRequested = p.bootstrap?.concurrent_bootstrap === true,
): void {
  const concurrent = concurrentRequested && engine.features.programValidation;
  setRuntimeStatus(p, concurrent ? "ConcurrentBootstrapping" : "Bootstrapping", engine.now());
  p.runtimeStatusDetails = {};
  engine.changed(p);
  schedule(engine, p, engine.delays.bootstrapMs, "Provisioned", (q) => reachDesired(engine, q));
}

/** The pipeline is up: it runs as desired, and what it runs is now what storage holds. */
function reachDesired(engine: Engine, p: PipelineState): void {
  const target = (p.runtimeDesired ?? "Running") as RuntimeStatus;
  setRuntimeStatus(p, target, engine.now());
  p.runtimeStatusDetails =
    target === "Running" || target === "Paused" ? { connector_stats: { num_errors: 0 } } : {};
  // Without storage there is nothing to resume from (docs/feldera/deployment-and-stop.md#runtime-status), so no checkpoint to compare next time.
  p.checkpoint =
    p.runtimeConfig.storage === null
      ? null
      : { uuid: engine.ids.next(), programVersion: p.programVersion, programInfo: p.programInfo };
  p.storageStatusDetails = { checkpoints: checkpointList(p) };
  engine.changed(p);
  if (target === "Suspended") schedule(engine, p, 0, "Provisioned", (q) => toStopping(engine, q, null));
}

/** Pause/resume/activate changed the runtime desired status; a settled pipeline follows it (docs/feldera/deployment-and-stop.md#runtime-actions). */
export function followRuntimeDesired(engine: Engine, p: PipelineState, desired: RuntimeDesiredStatus): void {
  setRuntimeDesired(p, desired, engine.now());
  engine.changed(p);
  const settled =
    p.runtimeStatus === "Running" || p.runtimeStatus === "Paused" || p.runtimeStatus === "Standby";
  if (settled && p.runtimeStatus !== desired) {
    if (desired === "Suspended") {
      schedule(engine, p, engine.delays.suspendMs, "Provisioned", (q) => reachDesired(engine, q));
    } else {
      schedule(engine, p, 0, "Provisioned", (q) => reachDesired(engine, q));
    }
  }
}

/**
 * The runner loses (`true`) or regains contact with the pipeline process (docs/feldera/deployment-and-stop.md#runtime-status): an unreachable pipeline
 * reads runtime status and desired `Unavailable`, and once it answers again the runner copies what it
 * reports, which is what it reported before. Only on a settled pipeline, so no scheduled step of the
 * runner can overwrite `Unavailable`: the caller checks `isDeploymentPending` first.
 */
export function setUnreachable(engine: Engine, p: PipelineState, unreachable: boolean): void {
  const now = engine.now();
  if (unreachable && p.unreachable === null && p.runtimeStatus !== null) {
    p.unreachable = { status: p.runtimeStatus, desired: p.runtimeDesired };
    setRuntimeReport(p, "Unavailable", "Unavailable", now);
    engine.changed(p);
  } else if (!unreachable && p.unreachable !== null) {
    const { status, desired } = p.unreachable;
    p.unreachable = null;
    setRuntimeReport(p, status, desired, now);
    engine.changed(p);
  }
}

/** Whether a step of the runner is scheduled for `p` (a transition under way). */
export function isDeploymentPending(engine: Engine, p: PipelineState): boolean {
  return engine.scheduler.isPending(`${p.id}/deployment`);
}

/** → Stopping. With an error the runner also sets desired Stopped (docs/feldera/deployment-and-stop.md#resources-status); a stop request already did. */
export function toStopping(engine: Engine, p: PipelineState, error: ErrorBody | null): void {
  const now = engine.now();
  setResourcesStatus(p, "Stopping", now);
  setResourcesDesired(p, "Stopped", now);
  clearRuntime(p);
  clearStartRequest(p);
  if (error) p.deploymentError = error;
  engine.changed(p);
  schedule(engine, p, engine.delays.stopMs, "Stopping", (q) => toStopped(engine, q));
}

function toStopped(engine: Engine, p: PipelineState): void {
  setResourcesStatus(p, "Stopped", engine.now());
  p.deploymentId = null;
  engine.changed(p);
  kickCompiler(engine, p);
}

function checkpointList(p: PipelineState): unknown[] {
  if (p.checkpoint === null) return [];
  return [
    {
      uuid: p.checkpoint.uuid,
      identifier: null,
      fingerprint: p.checkpoint.programVersion,
      size: 4096,
      steps: 1,
      processed_records: 0,
    },
  ];
}
