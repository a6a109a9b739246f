/**
 * The figures of one scale phase (N operations of one kind with P at once): wall time against the
 * inherent time of that schedule, requests, writes beyond the minimum, and where each operation's own
 * overhead went. Inherent time = the makespan of the operations' server times on P slots in dispatch
 * order (stats.ts listScheduleMakespan); an operation's server time = the sum over its waits of (target
 * reached − the write that started the wait), from the emulator's transition timestamps.
 */
import { DEFAULT_DELAYS, type RequestLogEntry } from "../provider/emulator";
import type { OpRecord } from "./engine-ops";
import { requestsOf, serverTimeOf } from "./op-analysis";
import { countKinds } from "./request-kinds";
import { listScheduleMakespan, ratio, type Summary, sum, summarize } from "./stats";
import type { TransitionRecorder } from "./transitions";
import { configuredMs, measureWaits, type WaitMeasurement } from "./waits";

export const PHASES = ["create", "update", "destroy"] as const;
export type Phase = (typeof PHASES)[number];
/** Writes each operation requires (section 1): create+start; stop, PATCH, start; stop, clear, DELETE. */
export const MIN_WRITES: Record<Phase, number> = { create: 2, update: 3, destroy: 3 };

export interface PhaseResult {
  phase: Phase;
  ops: number;
  wallMs: number;
  inherentMs: number;
  /** The same makespan from the configured delays alone: inherent above it is emulator timer lateness. */
  configuredMs: number;
  ratio: number;
  requests: number;
  requestsPerSecond: number;
  writes: number;
  extraWrites: number;
  polls: number;
  fullReads: number;
  serverMsPerOp: Summary;
  /**
   * Where an operation's own overhead (its wall time minus its server time) goes: before its first
   * write (IPC, check, validation, diff, the read that locates the pipeline) and in its waits.
   */
  leadInMsPerOp: Summary;
  waitOverheadMsPerOp: Summary;
  /** Overhead of each kind of wait in the phase (e.g. how late stop waits notice Stopped). */
  waitOverheadMsByKind: Record<string, Summary>;
  /** CPU time in the phase: the provider process's, and the bench process's (emulator, engine stand-in). */
  cpu: { providerMs: number; benchMs: number };
  errors: string[];
}

export interface PhaseContext {
  requests: readonly RequestLogEntry[];
  recorder: TransitionRecorder;
  parallel: number;
  timeScale: number;
}

function byKind(waits: readonly WaitMeasurement[]): Record<string, Summary> {
  const kinds = [...new Set(waits.map((w) => w.kind))];
  return Object.fromEntries(
    kinds.map((k) => [k, summarize(waits.filter((w) => w.kind === k).map((w) => w.overheadMs))]),
  );
}

/** `from`/`to`: the request log's length when the phase began and ended. */
export function analyzePhase<T>(
  ctx: PhaseContext,
  phase: Phase,
  records: readonly OpRecord<T>[],
  log: { from: number; to: number },
  cpu: PhaseResult["cpu"],
): PhaseResult {
  const ordered = [...records].sort((a, b) => a.dispatchedAt - b.dispatchedAt);
  const ops = ordered.map((r) => {
    const requests = requestsOf(ctx.requests, r);
    const waits = measureWaits(requests, ctx.recorder.timeline(r.name), r.returnedAt);
    const firstWrite = requests.find((q) => q.method !== "GET");
    return {
      waits,
      server: serverTimeOf(waits),
      configured: sum(waits.map((w) => configuredMs(w, DEFAULT_DELAYS, ctx.timeScale))),
      writes: countKinds(requests).write,
      leadIn: firstWrite ? firstWrite.startedAt - r.dispatchedAt : Number.NaN,
    };
  });
  const wallMs =
    Math.max(...records.map((r) => r.returnedAt)) - Math.min(...records.map((r) => r.dispatchedAt));
  const inherentMs = listScheduleMakespan(
    ops.map((o) => o.server),
    ctx.parallel,
  );
  const counts = countKinds(ctx.requests.slice(log.from, log.to));
  const requests = log.to - log.from;
  return {
    phase,
    ops: records.length,
    wallMs,
    inherentMs,
    configuredMs: listScheduleMakespan(
      ops.map((o) => o.configured),
      ctx.parallel,
    ),
    ratio: ratio(wallMs, inherentMs),
    requests,
    requestsPerSecond: requests / (wallMs / 1000),
    writes: counts.write,
    extraWrites: sum(ops.map((o) => Math.max(0, o.writes - MIN_WRITES[phase]))),
    polls: counts.status,
    fullReads: counts.full,
    serverMsPerOp: summarize(ops.map((o) => o.server)),
    leadInMsPerOp: summarize(ops.map((o) => o.leadIn).filter(Number.isFinite)),
    waitOverheadMsPerOp: summarize(ops.map((o) => sum(o.waits.map((w) => w.overheadMs)))),
    waitOverheadMsByKind: byKind(ops.flatMap((o) => o.waits)),
    cpu,
    errors: records.flatMap((r) => (r.error ? [`${r.name}: ${r.error}`] : [])),
  };
}
