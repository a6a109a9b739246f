/**
 * Ties an operation record (engine-ops.ts) to what the emulator saw: its requests about that pipeline,
 * and its waits measured against the pipeline's transitions (waits.ts).
 */
import type { RequestLogEntry } from "../provider/emulator";
import { pipelineOf } from "./request-kinds";
import type { TransitionRecorder } from "./transitions";
import { measureWaits, type WaitMeasurement } from "./waits";

export interface OpWindow {
  name: string;
  returnedAt: number;
  fromIndex: number;
  toIndex: number;
}

/** The requests about `op.name` that arrived while the operation ran, in arrival order. */
export function requestsOf(all: readonly RequestLogEntry[], op: OpWindow): RequestLogEntry[] {
  return all.slice(op.fromIndex, op.toIndex).filter((r) => pipelineOf(r) === op.name);
}

export function waitsOf(
  all: readonly RequestLogEntry[],
  recorder: TransitionRecorder,
  op: OpWindow,
): WaitMeasurement[] {
  return measureWaits(requestsOf(all, op), recorder.timeline(op.name), op.returnedAt);
}

/** The server's own time in an operation: the sum of its waits' server times (NaN if one is unknown). */
export function serverTimeOf(waits: readonly WaitMeasurement[]): number {
  return waits.reduce((s, w) => s + w.serverMs, 0);
}
