/**
 * The planner: (declared pipeline, live pipeline, server features) → an ordered list of steps, or a
 * refusal. Pure: no I/O, no clock. The lifecycle performs the steps; this decides them.
 *
 * Rules, in the order they are applied:
 *  0. A declaration using settings the server is too old to know is refused (it would silently ignore them).
 *  1. A pipeline the server is still moving (starting, stopping, clearing) is left to settle first — unless
 *     the plan has to stop it anyway, which `/stop?force=true` may do at any moment (docs/feldera/deployment-and-stop.md#stop).
 *  2. A core change on a pipeline that is not fully stopped needs a stop (docs/feldera/update-rules.md#running-edit): allowed by
 *     `onRunningChange: "restart"`, refused by `"fail"`. Client metadata never needs one.
 *  3. A storage-bound change while storage is not Cleared needs `/clear` (docs/feldera/update-rules.md#storage-bound), which deletes
 *     checkpoints: only with `onStorageConflict: "clear"`; refused by default.
 *     Refusals come before any write, so a refused plan changes nothing.
 *  4. One PATCH with exactly the changed top-level fields.
 *  5. Wait for compilation whenever the program is not compiled (also for "stopped": a SQL error must fail
 *     the update, not the next start).
 *  6. Move the runtime status: start (after dismissing a deployment error), pause, resume, activate,
 *     approve, or stop. `/start` never resumes a paused pipeline (docs/feldera/deployment-and-stop.md#start), so that is `/resume`.
 */
import type { DesiredPipeline, DesiredStatus } from "../model/inputs";
import type { BootstrapPolicy, StartInitial } from "../model/status";
import type { PatchPipelineBody, Pipeline } from "../model/wire";
import { diffFields, type FieldChanges, type PlanFeatures, type TopLevelField } from "./field-changes";
import { classifyPhase, forcedStopUnderway, isMoving, type Phase } from "./phase";
import {
  type PlanRefusal,
  runningChangeRefusal,
  storageConflictRefusal,
  unsupportedSettingsRefusal,
} from "./refusals";

export type RuntimeTarget = "Running" | "Paused" | "Standby";

export type Step =
  | { kind: "await-settled" }
  | { kind: "stop" }
  | { kind: "await-stopped" }
  | { kind: "clear-storage"; fields: string[] }
  | { kind: "await-cleared" }
  | { kind: "patch"; body: PatchPipelineBody; fields: TopLevelField[] }
  | { kind: "await-compiled" }
  | { kind: "dismiss-error" }
  | { kind: "start"; initial: StartInitial; bootstrapPolicy: BootstrapPolicy }
  | { kind: "pause" }
  | { kind: "resume" }
  | { kind: "activate"; initial: "running" | "paused" }
  | { kind: "approve" }
  | { kind: "await-deployed"; target: RuntimeTarget }
  | { kind: "health-gate"; seconds: number; requireInputProgress: boolean }
  | { kind: "delete" };

export type Plan = { steps: Step[]; changes: FieldChanges; phase: Phase } | { refusal: PlanRefusal };

/** Steps after which the pipeline runs a new deployment or resumes processing. */
const STARTS = new Set<Step["kind"]>(["start", "resume", "activate", "approve"]);

const TARGET: Record<Exclude<DesiredStatus, "stopped">, RuntimeTarget> = {
  running: "Running",
  paused: "Paused",
  standby: "Standby",
};

export function planSteps(desired: DesiredPipeline, live: Pipeline, features: PlanFeatures): Plan {
  const unsupported = unsupportedSettingsRefusal(desired, features);
  if (unsupported) return { refusal: unsupported };
  const phase = classifyPhase(live);
  const changes = diffFields(desired, live, features);
  const want = desired.desiredStatus;

  const needsRestart = changes.core && phase !== "stopped";
  // Stopping (forced) or clearing on its own: the change needs no stop from us, so nothing to refuse.
  const stopsByItself = (phase === "stopping" && forcedStopUnderway(live)) || phase === "clearing";
  const storageConflict =
    changes.storageBound.length > 0 &&
    live.storage_status !== "Cleared" &&
    live.storage_status !== "Clearing";
  if (needsRestart && !stopsByItself && desired.onRunningChange === "fail") {
    return { refusal: runningChangeRefusal(desired.name, phase, changes) };
  }
  if (storageConflict && desired.onStorageConflict === "fail") {
    return { refusal: storageConflictRefusal(desired.name, changes.storageBound) };
  }
  // Standby is only reachable as a start's initial status: a deployed pipeline gets there by a restart.
  const restartForStandby = want === "standby" && (phase === "running" || phase === "paused");
  const mustStop =
    phase !== "stopped" &&
    phase !== "clearing" &&
    (needsRestart || storageConflict || want === "stopped" || restartForStandby);

  if (!mustStop && isMoving(phase)) {
    // A clearing pipeline counts as stopped once Cleared; anything else moving is re-planned once settled.
    return { steps: [{ kind: "await-settled" }], changes, phase };
  }

  const steps: Step[] = [];
  if (mustStop) {
    if (phase !== "stopping" || !forcedStopUnderway(live)) steps.push({ kind: "stop" });
    steps.push({ kind: "await-stopped" });
  }
  if (storageConflict)
    steps.push({ kind: "clear-storage", fields: changes.storageBound }, { kind: "await-cleared" });
  if (changes.fields.length > 0) steps.push({ kind: "patch", body: changes.patch, fields: changes.fields });
  if (changes.program || live.program_status !== "Success") steps.push({ kind: "await-compiled" });

  const from: Phase = mustStop ? "stopped" : phase;
  steps.push(...statusSteps(from, want, desired.bootstrapPolicy, live, features));
  // The promotion gate watches every (re)start of a running pipeline, never an untouched one.
  const restarted = steps.some((s) => STARTS.has(s.kind));
  if (desired.healthGate && want === "running" && restarted) {
    const { seconds, requireInputProgress } = desired.healthGate;
    steps.push({ kind: "health-gate", seconds, requireInputProgress });
  }
  return { steps, changes, phase };
}

/** Steps from a settled phase to the declared status (rule 6). */
function statusSteps(
  from: Phase,
  want: DesiredStatus,
  bootstrapPolicy: BootstrapPolicy,
  live: Pipeline,
  features: PlanFeatures,
): Step[] {
  if (want === "stopped") return from === "stopped" ? [] : [{ kind: "stop" }, { kind: "await-stopped" }];
  const target = TARGET[want];
  const arrive: Step = { kind: "await-deployed", target };
  const start = (hasError: boolean): Step[] => [
    ...(hasError && features.dismissError ? [{ kind: "dismiss-error" } as const] : []),
    { kind: "start", initial: want, bootstrapPolicy },
    arrive,
  ];
  switch (from) {
    case "stopped":
      return start(Boolean(live.deployment_error));
    case "running":
      return want === "running" ? [] : want === "paused" ? [{ kind: "pause" }, arrive] : [];
    case "paused":
      return want === "paused" ? [] : want === "running" ? [{ kind: "resume" }, arrive] : [];
    case "standby":
      if (want === "standby") return [];
      // `/activate` is Enterprise only (501 on open source, docs/feldera/deployment-and-stop.md#runtime-actions); there a restart is the way out of standby.
      if (features.edition === "open-source")
        return [{ kind: "stop" }, { kind: "await-stopped" }, ...start(false)];
      return [{ kind: "activate", initial: want }, arrive];
    case "awaiting-approval": {
      // Our default policy is "allow": the reviewed `pulumi up` is the approval. With "await_approval" the
      // wait reports AwaitingApproval instead of approving on someone's behalf. An approved pipeline goes
      // where its start said (`deployment_initial`, docs/feldera/deployment-and-stop.md#resources-status); a different declared status is the next plan's.
      if (bootstrapPolicy !== "allow") return [arrive];
      const startedFor = Object.values(TARGET).find((t) => t === live.deployment_initial) ?? target;
      return [{ kind: "approve" }, { kind: "await-deployed", target: startedFor }];
    }
    default:
      return [arrive];
  }
}
