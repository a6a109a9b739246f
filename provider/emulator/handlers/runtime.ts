/**
 * Actions the manager forwards to the running pipeline process (docs/feldera/deployment-and-stop.md#runtime-actions): `/pause`, `/resume`,
 * `/activate`, `/approve`. They need resources `Provisioned` (else 503 PipelineInteractionNotDeployed)
 * and a reachable pipeline (runtime status `Unavailable` → 503 PipelineUnavailable), and change only the
 * runtime desired status; the pipeline's own answer comes back verbatim (202 with a JSON string, or its
 * `InvalidTransition`). Accepted while still Initializing: the pipeline remembers the desired status and
 * reaches it when initialisation ends.
 */
import type { RuntimeDesiredStatus } from "../../model/status";
import type { PipelineState } from "../pipeline-state";
import type { PipelineStore } from "../pipeline-store";
import { json, type Reply, refuse } from "../reply";
import type { QueryParam } from "../request-parsing";
import { approveBootstrap, followRuntimeDesired } from "../runner";
import { isPipeline, pipelineOf, type RequestContext } from "./context";
import { MUTUALLY_EXCLUSIVE } from "./lifecycle";

/** The pipeline a forwarded request reaches, or the manager's refusal to forward it (interaction.rs). */
export function deployedPipeline(ctx: RequestContext): PipelineState | Reply {
  const p = pipelineOf(ctx);
  if (!isPipeline(p)) return p;
  return unreachableRefusal(p) ?? p;
}

/** Why the manager would not forward a request to `p`'s process, or undefined if it would. */
export function unreachableRefusal(p: PipelineState): Reply | undefined {
  if (p.resourcesStatus !== "Provisioned") {
    return refuse("PipelineInteractionNotDeployed", {
      pipeline_name: p.name,
      status: p.resourcesStatus,
      desired_status: p.resourcesDesired,
    });
  }
  if (p.runtimeStatus === "Unavailable") return refuse("PipelineUnavailable", { pipeline_name: p.name });
  return undefined;
}

/** The pipeline's allowed desired-status transitions (docs/feldera/deployment-and-stop.md#runtime-status); Standby is left only through /activate. */
function mayTransition(from: RuntimeDesiredStatus, to: RuntimeDesiredStatus): boolean {
  if (from === to) return true;
  if (from === "Standby") return to === "Paused" || to === "Running";
  if (from === "Paused" || from === "Running")
    return to === "Paused" || to === "Running" || to === "Suspended";
  return false;
}

function transition(
  store: PipelineStore,
  p: PipelineState,
  action: string,
  to: RuntimeDesiredStatus,
  mayActivate: boolean,
): Reply {
  const from = p.runtimeDesired ?? "Unavailable";
  if ((mayActivate || from !== "Standby") && mayTransition(from, to)) {
    if (from !== to) followRuntimeDesired(store, p, to);
    return json(202, `Pipeline transitioning from ${from} to ${to}`);
  }
  return refuse("InvalidTransition", [action, from]);
}

export function pausePipeline(ctx: RequestContext): Reply {
  const p = deployedPipeline(ctx);
  return isPipeline(p) ? transition(ctx.store, p, "pause", "Paused", false) : p;
}

export function resumePipeline(ctx: RequestContext): Reply {
  const p = deployedPipeline(ctx);
  return isPipeline(p) ? transition(ctx.store, p, "start", "Running", false) : p;
}

const SNAKE_DESIRED = ["unavailable", "coordination", "standby", "paused", "running", "suspended"] as const;

export const ACTIVATE_QUERY: Record<string, QueryParam> = {
  initial: { kind: "enum", values: SNAKE_DESIRED },
};

export function activatePipeline(ctx: RequestContext): Reply {
  // OSS refuses before looking the pipeline up (pipeline_interaction.rs).
  if (ctx.store.edition === "open-source") {
    return refuse("EnterpriseFeature", { feature: "start from object store (S3)" });
  }
  const p = deployedPipeline(ctx);
  if (!isPipeline(p)) return p;
  const initial = (ctx.query["initial"] as string | undefined) ?? "running";
  const to = (initial[0]!.toUpperCase() + initial.slice(1)) as RuntimeDesiredStatus;
  if (to !== "Running" && to !== "Paused") return refuse("InvalidActivateStatus", to);
  return transition(ctx.store, p, "activate", to, true);
}

/** `silent_bootstrap` came with v0.300, `concurrent_bootstrap` with v0.324: older servers ignore them (docs/feldera/versions.md). */
export function approveQuery(store: PipelineStore): Record<string, QueryParam> {
  const f = store.behaviours;
  return {
    ...(f.silentBootstrap ? { silent_bootstrap: { kind: "bool" } } : {}),
    ...(f.programValidation ? { concurrent_bootstrap: { kind: "bool" } } : {}),
  };
}

/** 200 (not 202), returned once the pipeline has left AwaitingApproval; a no-op in any other phase. */
export function approvePipeline(ctx: RequestContext): Reply {
  const silent = ctx.query["silent_bootstrap"] === true;
  const concurrent = ctx.query["concurrent_bootstrap"] === true;
  if (silent && concurrent) return refuse("InvalidBootstrapConfig", { reason: MUTUALLY_EXCLUSIVE });
  const p = deployedPipeline(ctx);
  if (!isPipeline(p)) return p;
  approveBootstrap(ctx.store, p, concurrent);
  return json(200, "Bootstrap approved");
}
