/**
 * Desired-status writes: `/start` (docs/feldera/deployment-and-stop.md#start), `/stop` (docs/feldera/deployment-and-stop.md#stop), `/dismiss_error` (docs/feldera/deployment-and-stop.md#dismiss-error) and `/clear` (docs/feldera/storage.md).
 * None of them moves a counter; the runner does the moving (runner.ts).
 */
import { jsonEqual } from "../../model/json";
import type { StartInitial } from "../../model/status";
import {
  BOOTSTRAP_POLICIES,
  FAILED_PROGRAM_STATUSES,
  initialToRuntimeStatus,
  START_INITIALS,
} from "../../model/status";
import {
  type BootstrapConfig,
  clearStartRequest,
  isFullyStopped,
  type PipelineState,
  setResourcesDesired,
} from "../pipeline-state";
import type { PipelineStore } from "../pipeline-store";
import { json, type Reply, refuse } from "../reply";
import type { QueryParam } from "../request-parsing";
import { followRuntimeDesired, reconcileDeployment } from "../runner";
import { isPipeline, pipelineOf, type RequestContext } from "./context";

/** Parameters a server did not have yet are unknown to it, hence ignored (docs/feldera/versions.md). */
export function startQuery(store: PipelineStore): Record<string, QueryParam> {
  const f = store.behaviours;
  return {
    initial: { kind: "string" },
    ...(f.bootstrapPolicy ? { bootstrap_policy: { kind: "enum", values: BOOTSTRAP_POLICIES } } : {}),
    ...(f.silentBootstrap ? { silent_bootstrap: { kind: "bool" } } : {}),
    ...(f.programValidation ? { concurrent_bootstrap: { kind: "bool" } } : {}),
    ...(f.dismissError ? { dismiss_error: { kind: "bool" } } : {}),
  };
}

export const MUTUALLY_EXCLUSIVE =
  "`silent_bootstrap` and `concurrent_bootstrap` are mutually exclusive; set at most one";

const STOPPING_HINT =
  "Cannot restart the pipeline while it is stopping. Wait until it is stopped before starting the pipeline again.";

export function startPipeline(ctx: RequestContext): Reply {
  const { store, query } = ctx;
  const f = store.behaviours;
  const bootstrap: BootstrapConfig = {
    bootstrap_policy: (query["bootstrap_policy"] as BootstrapConfig["bootstrap_policy"]) ?? "await_approval",
    silent_bootstrap: query["silent_bootstrap"] === true,
    concurrent_bootstrap: query["concurrent_bootstrap"] === true,
  };
  if (bootstrap.silent_bootstrap && bootstrap.concurrent_bootstrap) {
    return refuse("InvalidBootstrapConfig", { reason: MUTUALLY_EXCLUSIVE });
  }
  const initial = (query["initial"] as string | undefined) ?? "running";
  if (!(START_INITIALS as readonly string[]).includes(initial)) {
    return refuse("UnsupportedPipelineAction", {
      action: `/start?initial=${initial}`,
      reason: `unknown initial runtime desired status: ${initial}`,
    });
  }
  const p = pipelineOf(ctx);
  if (!isPipeline(p)) return p;
  // Before v0.251 /start neither dismissed nor checked errors; they were cleared on provisioning (docs/feldera/versions.md).
  const dismiss = f.dismissError && query["dismiss_error"] !== false;
  if (p.resourcesDesired === "Stopped" && p.resourcesStatus !== "Stopped") {
    return refuse("IllegalPipelineAction", {
      status: p.resourcesStatus,
      current_desired_status: p.resourcesDesired,
      new_desired_status: "Provisioned",
      hint: STOPPING_HINT,
    });
  }
  if (f.dismissError && !dismiss && p.deploymentError !== null)
    return refuse("CannotStartWithUndismissedError");
  if (f.dismissError && p.storageStatus === "Clearing") return refuse("CannotStartWhileClearingStorage");
  if (f.startCompileErrorCheck && FAILED_PROGRAM_STATUSES.includes(p.programStatus)) {
    return refuse("CannotStartWithCompilationError");
  }
  const wanted = initialToRuntimeStatus(initial as StartInitial);
  if (p.deploymentInitial !== null && p.deploymentInitial !== wanted)
    return refuse("InitialImmutableUnlessStopped");
  if (f.bootstrapPolicyImmutable && p.bootstrap !== null && !jsonEqual(p.bootstrap, bootstrap)) {
    return refuse("BootstrapPolicyImmutableUnlessStopped");
  }
  if (wanted === "Standby" && !standbyAllowed(p)) return refuse("InitialStandbyNotAllowed");

  setResourcesDesired(p, "Provisioned", store.now());
  p.deploymentInitial = wanted;
  p.bootstrap = bootstrap;
  if (dismiss) p.deploymentError = null;
  store.changed(p);
  reconcileDeployment(store, p);
  return json(202, "Pipeline is starting");
}

/** Standby needs a file backend that syncs to object storage (docs/feldera/deployment-and-stop.md#standby-start). */
function standbyAllowed(p: PipelineState): boolean {
  const backend = (
    p.runtimeConfig.storage as { backend?: { name?: string; config?: { sync?: unknown } } } | null
  )?.backend;
  return backend?.name === "file" && backend.config?.sync !== null && backend.config?.sync !== undefined;
}

export const STOP_QUERY: Record<string, QueryParam> = { force: { kind: "bool" } };

export function stopPipeline(ctx: RequestContext): Reply {
  const { store } = ctx;
  const force = ctx.query["force"] === true;
  // The OSS server refuses before it even looks the pipeline up (docs/feldera/deployment-and-stop.md#stop).
  if (!force && store.edition === "open-source") {
    return refuse("EnterpriseFeature", { feature: "stop?force=false" });
  }
  const p = pipelineOf(ctx);
  if (!isPipeline(p)) return p;
  if (!force && p.resourcesStatus === "Provisioned") return suspend(store, p);
  setResourcesDesired(p, "Stopped", store.now());
  // Early-start cancel: nothing was deployed, so the start request is forgotten at once (docs/feldera/deployment-and-stop.md#bookkeeping).
  if (p.resourcesStatus === "Stopped") clearStartRequest(p);
  store.changed(p);
  reconcileDeployment(store, p);
  return json(202, "Pipeline is forcefully stopping");
}

/** Enterprise `stop?force=false` on a Provisioned pipeline: the pipeline's own suspend action (docs/feldera/deployment-and-stop.md#stop). */
function suspend(store: PipelineStore, p: PipelineState): Reply {
  if (p.runtimeStatus === "Unavailable") return refuse("PipelineUnavailable", { pipeline_name: p.name });
  if (p.runtimeConfig.storage === null) {
    const reason =
      "this pipeline does not support the suspend action for the following reason(s):\n    - Storage must be configured";
    return refuse("UnsupportedPipelineAction", { action: "suspend", reason });
  }
  if (p.runtimeDesired === "Standby") return refuse("InvalidTransition", ["suspend", "Standby"]);
  if (p.runtimeDesired !== "Suspended") followRuntimeDesired(store, p, "Suspended");
  return json(202, "Pipeline is suspending");
}

export function dismissError(ctx: RequestContext): Reply {
  const p = pipelineOf(ctx);
  if (!isPipeline(p)) return p;
  if (p.deploymentError !== null && !isFullyStopped(p)) return refuse("DismissErrorRestrictedToFullyStopped");
  if (p.deploymentError !== null) {
    p.deploymentError = null;
    ctx.store.changed(p);
  }
  return json(200, "Pipeline deployment error has been dismissed");
}

export function clearStorage(ctx: RequestContext): Reply {
  const { store } = ctx;
  const p = pipelineOf(ctx);
  if (!isPipeline(p)) return p;
  // Already Cleared: a no-op without any state check (docs/feldera/storage.md).
  if (p.storageStatus !== "Cleared") {
    if (!isFullyStopped(p)) {
      return refuse("StorageStatusImmutableUnlessStopped", {
        resources_status: p.resourcesStatus,
        resources_desired_status: p.resourcesDesired,
        current_status: p.storageStatus,
        new_status: "Clearing",
      });
    }
    if (p.storageStatus === "InUse") {
      p.storageStatus = "Clearing";
      p.storageStatusDetails = null;
      store.changed(p);
      store.scheduler.schedule(`${p.id}/storage`, store.delays.clearMs, () => finishClearing(store, p.id));
    }
  }
  return json(202, "Pipeline storage is being cleared");
}

/** Clearing → Cleared (docs/feldera/storage.md): the checkpoints are gone. No counter moves. */
function finishClearing(store: PipelineStore, id: string): void {
  const p = store.findById(id);
  if (p?.storageStatus !== "Clearing") return;
  p.storageStatus = "Cleared";
  p.storageStatusDetails = null;
  p.checkpoint = null;
  store.changed(p);
}
