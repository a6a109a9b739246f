/**
 * Where a live pipeline is in its lifecycle, reduced to the few phases a plan branches on.
 *
 * ```text
 *   stopped ──/start──► starting ──► running ◄──/resume── paused
 *      ▲                   │            │  └───/pause────►  │
 *      │                   ▼            ▼                   │
 *      └──── stopping ◄── (any deployed phase) ◄────────────┘      clearing: storage being cleared while stopped
 * ```
 *
 * - `stopped`: fully stopped (resources Stopped and desired Stopped, docs/feldera/deployment-and-stop.md#combined-status): the only phase that accepts
 *   core edits (docs/feldera/update-rules.md#running-edit), `/clear` and a delete.
 * - `starting`: the server is working towards Provisioned: early start (Stopped, desired Provisioned,
 *   compiling), Provisioning, or Provisioned while the runtime is still initialising / bootstrapping.
 * - `running` | `paused` | `standby`: deployed and settled in that runtime status.
 * - `awaiting-approval`: deployed, waiting for `/approve` (docs/feldera/deployment-and-stop.md#runtime-status) — settled until someone acts.
 * - `stopping`: a stop is under way (Stopping, a stop requested, or the runtime suspending/suspended).
 * - `clearing`: fully stopped with storage Clearing (docs/feldera/storage.md): nothing may start until it is Cleared.
 * - `unknown`: a status this version does not know (treated as transitional: docs/feldera/versions.md#robust-parsing).
 */
import type { PipelineStatus } from "../model/wire";

export type Phase =
  | "stopped"
  | "starting"
  | "running"
  | "paused"
  | "standby"
  | "awaiting-approval"
  | "stopping"
  | "clearing"
  | "unknown";

/** Runtime statuses on the way to the initial status (docs/feldera/deployment-and-stop.md#runtime-status "typical start sequence"). */
const STARTING_RUNTIME = new Set([
  "Initializing",
  "Replaying",
  "Bootstrapping",
  "ConcurrentBootstrapping",
  "Synchronizing",
  "Coordination",
  // Unreachable or not yet answering; the runner keeps polling (docs/feldera/deployment-and-stop.md#runtime-status), so it is still on its way.
  "Unavailable",
]);

const SETTLED_RUNTIME: Record<string, Phase> = {
  Running: "running",
  Paused: "paused",
  Standby: "standby",
  AwaitingApproval: "awaiting-approval",
};

export function classifyPhase(live: PipelineStatus): Phase {
  const resources = live.deployment_resources_status ?? legacyResources(live.deployment_status);
  const desired =
    live.deployment_resources_desired_status ?? (resources === "Stopped" ? "Stopped" : "Provisioned");

  if (resources === "Stopped") {
    if (desired === "Provisioned") return "starting"; // early start: waits for compilation (docs/feldera/deployment-and-stop.md#start)
    return live.storage_status === "Clearing" ? "clearing" : "stopped";
  }
  if (resources === "Stopping" || desired === "Stopped") return "stopping";
  if (resources === "Provisioning") return "starting";
  if (resources !== "Provisioned") return "unknown";

  const runtime = live.deployment_runtime_status ?? "Unavailable";
  const runtimeDesired = live.deployment_runtime_desired_status;
  if (runtime === "Suspended" || runtimeDesired === "Suspended") return "stopping";
  if (STARTING_RUNTIME.has(runtime)) return "starting";
  const settled = SETTLED_RUNTIME[runtime];
  if (!settled) return "unknown";
  // A pause or resume that has been accepted but not yet carried out is still moving (docs/feldera/deployment-and-stop.md#runtime-actions).
  if (settled !== "awaiting-approval" && runtimeDesired && runtimeDesired !== runtime) return "starting";
  return settled;
}

/**
 * In the `stopping` phase, whether a forced stop is already under way (resources Stopping, or desired
 * Stopped). The other way into that phase is a suspend (`/stop` without force, runtime desired Suspended),
 * which may drag on and which `/stop?force=true` overrides at any moment (docs/feldera/deployment-and-stop.md#stop).
 */
export function forcedStopUnderway(live: PipelineStatus): boolean {
  return (
    live.deployment_resources_status === "Stopping" || live.deployment_resources_desired_status === "Stopped"
  );
}

/** Phases in which the server is still moving on its own: wait for them to settle before acting. */
export function isMoving(phase: Phase): boolean {
  return phase === "starting" || phase === "stopping" || phase === "clearing" || phase === "unknown";
}

/** Servers predating the v0.148 status rework only have `deployment_status` (docs/feldera/versions.md). */
function legacyResources(status: string): string {
  if (status === "Stopped" || status === "Stopping" || status === "Provisioning") return status;
  return "Provisioned";
}
