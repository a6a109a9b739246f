/**
 * Splits one operation on one pipeline into its waits and measures each from both sides:
 *
 *   trigger write ──(server works: serverMs)──▶ target reached ──(client notices: overheadMs)──▶ wait ends
 *
 *  - trigger: a write after which the client must wait — create/PUT or a program PATCH (→ compiled),
 *    `/start` (→ the `initial` runtime status), `/stop` (→ fully Stopped), `/clear` (→ storage Cleared);
 *  - target reached: the first emulator transition after the trigger that satisfies the wait (the
 *    emulator's clock: TransitionRecorder);
 *  - wait ends: the client's next write (it acts on what it saw), or, after the operation's last wait, the
 *    moment the operation returned. A full read at the end of a wait (the Python SDK reads `selector=all`
 *    after compiling) is therefore part of that wait.
 *
 * Between trigger and end we count status polls and full reads. Pure.
 */
import type { RequestLogEntry, StageDelays } from "../provider/emulator";
import { describeRequest, kindOf } from "./request-kinds";
import type { TransitionPoint } from "./transitions";

export type WaitKind = "compile" | "deploy" | "stop" | "clear";

export interface WaitMeasurement {
  kind: WaitKind;
  /** e.g. "POST /v0/pipelines/{name}/start?initial=running" */
  trigger: string;
  triggerAt: number;
  /** NaN when the target was never reached in the recorded timeline. */
  targetAt: number;
  endAt: number;
  /** Target reached minus trigger arrival: the server's own time. */
  serverMs: number;
  /** Wait end minus target reached: what the client added. */
  overheadMs: number;
  polls: number;
  /** Arrival of the wait's first status poll (NaN if it made none). */
  firstPollAt: number;
  fullReads: number;
  /** The server-side stages passed between trigger and target, in order (e.g. CompilingSql, CompilingRust). */
  path: string[];
}

type Entry = Pick<RequestLogEntry, "method" | "path" | "query" | "body" | "startedAt">;

const PROGRAM_FIELDS = ["program_code", "udf_rust", "udf_toml", "program_config"];
const RUNTIME_TARGET: Record<string, string> = { running: "Running", paused: "Paused", standby: "Standby" };

interface WaitSpec {
  kind: WaitKind;
  /** The status this wait watches. */
  field: "programStatus" | "deploymentStatus" | "storageStatus";
  /** The write has taken effect: states before it cannot satisfy the wait by accident. */
  begun(p: TransitionPoint): boolean;
  reached(p: TransitionPoint): boolean;
}

export function waitAfter(r: Entry): WaitSpec | undefined {
  if (r.method === "GET") return undefined;
  const action = /^\/v0\/pipelines\/[^/]+\/([a-z_]+)$/.exec(r.path)?.[1];
  const isCreate = (r.method === "POST" && r.path === "/v0/pipelines") || r.method === "PUT";
  const body = r.body && typeof r.body === "object" ? (r.body as Record<string, unknown>) : {};
  const changesProgram = r.method === "PATCH" && PROGRAM_FIELDS.some((f) => f in body);
  if (isCreate || changesProgram) {
    return {
      kind: "compile",
      field: "programStatus",
      begun: (p) => p.programStatus !== "Success",
      reached: (p) => p.programStatus === "Success",
    };
  }
  if (r.method !== "POST" || !action) return undefined;
  if (action === "start" || action === "resume" || action === "pause") {
    const target =
      action === "start"
        ? RUNTIME_TARGET[r.query["initial"] ?? "running"]
        : action === "resume"
          ? "Running"
          : "Paused";
    return {
      kind: "deploy",
      field: "deploymentStatus",
      begun: () => true,
      reached: (p) => p.deploymentStatus === target,
    };
  }
  if (action === "stop") {
    return {
      kind: "stop",
      field: "deploymentStatus",
      begun: () => true,
      reached: (p) => p.deploymentStatus === "Stopped" && p.desiredStatus === "Stopped",
    };
  }
  if (action === "clear") {
    return {
      kind: "clear",
      field: "storageStatus",
      begun: () => true,
      reached: (p) => p.storageStatus === "Cleared",
    };
  }
  return undefined;
}

const STAGE_DELAY: Record<string, keyof StageDelays> = {
  CompilingSql: "compileSqlMs",
  CompilingRust: "compileRustMs",
  Provisioning: "provisionMs",
  Initializing: "initializeMs",
  Bootstrapping: "bootstrapMs",
  Stopping: "stopMs",
  Clearing: "clearMs",
};

/** What the configured delays alone make a wait take: the sum of its stages' delays × timeScale. */
export function configuredMs(
  wait: Pick<WaitMeasurement, "path">,
  delays: StageDelays,
  timeScale: number,
): number {
  return (
    wait.path.reduce((s, stage) => s + (STAGE_DELAY[stage] ? delays[STAGE_DELAY[stage]] : 0), 0) * timeScale
  );
}

/** When the target was reached after `from` (NaN if never) and the stages passed on the way. */
function target(
  timeline: readonly TransitionPoint[],
  from: number,
  spec: WaitSpec,
): { at: number; path: string[] } {
  const path: string[] = [];
  let i = timeline.findIndex((p) => p.at >= from && spec.begun(p));
  if (i < 0) return { at: Number.NaN, path };
  for (; i < timeline.length; i++) {
    const p = timeline[i]!;
    if (spec.reached(p)) return { at: p.at, path };
    if (path[path.length - 1] !== p[spec.field]) path.push(p[spec.field]);
  }
  return { at: Number.NaN, path };
}

/**
 * The waits of one operation. `requests`: that operation's requests about this pipeline, in arrival
 * order; `timeline`: the pipeline's transitions; `returnedAt`: when the operation returned to its caller.
 */
export function measureWaits(
  requests: readonly Entry[],
  timeline: readonly TransitionPoint[],
  returnedAt: number,
): WaitMeasurement[] {
  const out: WaitMeasurement[] = [];
  requests.forEach((trigger, i) => {
    const spec = waitAfter(trigger);
    if (!spec) return;
    let end = requests.length;
    for (let j = i + 1; j < requests.length; j++) {
      if (requests[j]!.method !== "GET") {
        end = j;
        break;
      }
    }
    const between = requests.slice(i + 1, end);
    const endAt = end < requests.length ? requests[end]!.startedAt : returnedAt;
    const { at: targetAt, path } = target(timeline, trigger.startedAt, spec);
    out.push({
      kind: spec.kind,
      trigger: describeRequest(trigger),
      triggerAt: trigger.startedAt,
      targetAt,
      endAt,
      serverMs: targetAt - trigger.startedAt,
      overheadMs: endAt - targetAt,
      polls: between.filter((r) => kindOf(r) === "status").length,
      firstPollAt: between.find((r) => kindOf(r) === "status")?.startedAt ?? Number.NaN,
      fullReads: between.filter((r) => kindOf(r) === "full").length,
      path,
    });
  });
  return out;
}
