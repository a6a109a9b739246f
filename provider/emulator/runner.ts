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
import type { PipelineStore } from "./pipeline-store";
import { diffPrograms } from "./sql/diff";

type Step = (p: PipelineState) => void;

function schedule(
  store: PipelineStore,
  p: PipelineState,
  delayMs: number,
  expect: ResourcesStatus,
  fn: Step,
): void {
  const { id } = p;
  store.scheduler.schedule(`${id}/deployment`, delayMs, () => {
    const current = store.findById(id);
    if (current && current.resourcesStatus === expect) fn(current);
  });
}

/** Decides the runner's next move after anything that may have changed what it should do. */
export function reconcileDeployment(store: PipelineStore, p: PipelineState): void {
  const wantsUp = p.resourcesDesired === "Provisioned";
  if (p.resourcesStatus === "Stopped" && wantsUp) {
    // Early start (docs/feldera/deployment-and-stop.md#start): wait, without a timeout, while the program compiles.
    if (COMPILING_PROGRAM_STATUSES.includes(p.programStatus)) return;
    schedule(store, p, 0, "Stopped", (q) => startDeployment(store, q));
  } else if ((p.resourcesStatus === "Provisioning" || p.resourcesStatus === "Provisioned") && !wantsUp) {
    schedule(store, p, 0, p.resourcesStatus, (q) => toStopping(store, q, null));
  }
}

function startDeployment(store: PipelineStore, p: PipelineState): void {
  if (p.resourcesDesired !== "Provisioned") return;
  if (FAILED_PROGRAM_STATUSES.includes(p.programStatus)) {
    const compilerError = `${p.programStatus} occurred (see \`program_error\` for more information)`;
    remainStoppedWithError(
      store,
      p,
      errorBody("StartFailedDueToFailedCompilation", { compiler_error: compilerError }),
    );
    return;
  }
  if (p.programStatus !== "Success") return;
  toProvisioning(store, p);
}

/** "Remain Stopped with error" (docs/feldera/deployment-and-stop.md#resources-status): a runner write, so +1 refresh_version. */
function remainStoppedWithError(store: PipelineStore, p: PipelineState, error: ErrorBody): void {
  p.deploymentError = error;
  setResourcesDesired(p, "Stopped", store.now());
  clearStartRequest(p);
  p.refreshVersion++;
  store.changed(p);
}

function toProvisioning(store: PipelineStore, p: PipelineState): void {
  setResourcesStatus(p, "Provisioning", store.now());
  p.storageStatus = "InUse"; // docs/feldera/storage.md: on the first provisioning attempt, whether or not storage is configured
  p.deploymentId = store.ids.next();
  p.deploymentError = null;
  store.changed(p);
  const timeoutSecs = p.runtimeConfig.provisioning_timeout_secs ?? store.settings.provisioningTimeoutSecs;
  const failure = p.failNextProvisioning;
  p.failNextProvisioning = null;
  const provisionMs = store.delays.provisionMs;
  if (failure) {
    schedule(store, p, Math.min(provisionMs, timeoutSecs * 1000), "Provisioning", (q) =>
      toStopping(store, q, failure),
    );
  } else if (provisionMs > timeoutSecs * 1000) {
    const timeout = errorBody("AutomatonProvisioningTimeout", { timeout: { secs: timeoutSecs, nanos: 0 } });
    schedule(store, p, timeoutSecs * 1000, "Provisioning", (q) => toStopping(store, q, timeout));
  } else {
    schedule(store, p, provisionMs, "Provisioning", (q) => toProvisioned(store, q));
  }
}

function toProvisioned(store: PipelineStore, p: PipelineState): void {
  const now = store.now();
  setResourcesStatus(p, "Provisioned", now);
  p.deploymentError = null;
  // The runner's first write: Initializing, desired = deployment_initial (docs/feldera/deployment-and-stop.md#runtime-status), in the same update.
  p.runtimeStatus = "Initializing";
  p.runtimeStatusSince = now;
  p.runtimeDesired = p.deploymentInitial;
  p.runtimeDesiredSince = now;
  p.runtimeStatusDetails = {};
  p.storageStatusDetails = { checkpoints: checkpointList(p) };
  store.changed(p);
  schedule(store, p, store.delays.initializeMs, "Provisioned", (q) => afterInitializing(store, q));
}

function afterInitializing(store: PipelineStore, p: PipelineState): void {
  const checkpoint = p.checkpoint;
  // Servers before /approve existed bootstrapped modified programs without asking (docs/feldera/versions.md).
  const policy = store.behaviours.bootstrapPolicy
    ? (p.bootstrap?.bootstrap_policy ?? "await_approval")
    : "allow";
  if (checkpoint === null || checkpoint.programVersion === p.programVersion) reachDesired(store, p);
  else if (policy === "reject") toStopping(store, p, errorBody("BootstrapRejected"));
  else if (policy === "allow") startBootstrapping(store, p);
  else awaitApproval(store, p, checkpoint);
}

function awaitApproval(store: PipelineStore, p: PipelineState, checkpoint: Checkpoint): void {
  setRuntimeStatus(p, "AwaitingApproval", store.now());
  p.runtimeStatusDetails = { approval_diff: diffPrograms(checkpoint.programInfo, p.programInfo!) };
  store.changed(p);
}

/**
 * `/approve` while AwaitingApproval (docs/feldera/deployment-and-stop.md#runtime-actions): the pipeline leaves that phase before the call returns. Its
 * `concurrent_bootstrap` choice steers this bootstrap only: forwarded actions change the runtime, never the
 * stored bootstrap config, which `/start` alone sets (docs/feldera/deployment-and-stop.md#bookkeeping) and which a repeated identical `/start` must
 * still match (docs/feldera/deployment-and-stop.md#start).
 */
export function approveBootstrap(store: PipelineStore, p: PipelineState, concurrent: boolean): void {
  if (p.runtimeStatus !== "AwaitingApproval") return;
  startBootstrapping(store, p, concurrent);
}

function startBootstrapping(
  store: PipelineStore,
  p: PipelineState,
  concurrentRequested = p.bootstrap?.concurrent_bootstrap === true,
): void {
  const concurrent = concurrentRequested && store.behaviours.programValidation;
  setRuntimeStatus(p, concurrent ? "ConcurrentBootstrapping" : "Bootstrapping", store.now());
  p.runtimeStatusDetails = {};
  store.changed(p);
  schedule(store, p, store.delays.bootstrapMs, "Provisioned", (q) => reachDesired(store, q));
}

/** The pipeline is up: it runs as desired, and what it runs is now what storage holds. */
function reachDesired(store: PipelineStore, p: PipelineState): void {
  const target = (p.runtimeDesired ?? "Running") as RuntimeStatus;
  setRuntimeStatus(p, target, store.now());
  p.runtimeStatusDetails =
    target === "Running" || target === "Paused" ? { connector_stats: { num_errors: 0 } } : {};
  // Without storage there is nothing to resume from (docs/feldera/deployment-and-stop.md#runtime-status), so no checkpoint to compare next time.
  p.checkpoint =
    p.runtimeConfig.storage === null
      ? null
      : { uuid: store.ids.next(), programVersion: p.programVersion, programInfo: p.programInfo };
  p.storageStatusDetails = { checkpoints: checkpointList(p) };
  store.changed(p);
  if (target === "Suspended") schedule(store, p, 0, "Provisioned", (q) => toStopping(store, q, null));
}

/** Pause/resume/activate changed the runtime desired status; a settled pipeline follows it (docs/feldera/deployment-and-stop.md#runtime-actions). */
export function followRuntimeDesired(
  store: PipelineStore,
  p: PipelineState,
  desired: RuntimeDesiredStatus,
): void {
  setRuntimeDesired(p, desired, store.now());
  store.changed(p);
  const settled =
    p.runtimeStatus === "Running" || p.runtimeStatus === "Paused" || p.runtimeStatus === "Standby";
  if (settled && p.runtimeStatus !== desired) {
    if (desired === "Suspended") {
      schedule(store, p, store.delays.suspendMs, "Provisioned", (q) => reachDesired(store, q));
    } else {
      schedule(store, p, 0, "Provisioned", (q) => reachDesired(store, q));
    }
  }
}

/**
 * The runner loses (`true`) or regains contact with the pipeline process (docs/feldera/deployment-and-stop.md#runtime-status): an unreachable pipeline
 * reads runtime status and desired `Unavailable`, and once it answers again the runner copies what it
 * reports, which is what it reported before. Only on a settled pipeline, so no scheduled step of the
 * runner can overwrite `Unavailable`: the caller checks `isDeploymentPending` first.
 */
export function setUnreachable(store: PipelineStore, p: PipelineState, unreachable: boolean): void {
  const now = store.now();
  if (unreachable && p.unreachable === null && p.runtimeStatus !== null) {
    p.unreachable = { status: p.runtimeStatus, desired: p.runtimeDesired };
    setRuntimeReport(p, "Unavailable", "Unavailable", now);
    store.changed(p);
  } else if (!unreachable && p.unreachable !== null) {
    const { status, desired } = p.unreachable;
    p.unreachable = null;
    setRuntimeReport(p, status, desired, now);
    store.changed(p);
  }
}

/** Whether a step of the runner is scheduled for `p` (a transition under way). */
export function isDeploymentPending(store: PipelineStore, p: PipelineState): boolean {
  return store.scheduler.isPending(`${p.id}/deployment`);
}

/** → Stopping. With an error the runner also sets desired Stopped (docs/feldera/deployment-and-stop.md#resources-status); a stop request already did. */
export function toStopping(store: PipelineStore, p: PipelineState, error: ErrorBody | null): void {
  const now = store.now();
  setResourcesStatus(p, "Stopping", now);
  setResourcesDesired(p, "Stopped", now);
  clearRuntime(p);
  clearStartRequest(p);
  if (error) p.deploymentError = error;
  store.changed(p);
  schedule(store, p, store.delays.stopMs, "Stopping", (q) => toStopped(store, q));
}

function toStopped(store: PipelineStore, p: PipelineState): void {
  setResourcesStatus(p, "Stopped", store.now());
  p.deploymentId = null;
  store.changed(p);
  kickCompiler(store, p);
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
