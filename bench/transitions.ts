/**
 * The emulator's own clock for each pipeline: every observable state change (`onTransition`) recorded with
 * `Date.now()` at the moment it happened, so "when did the server reach the target" is read from the server
 * side, on the same machine clock as the request log and the provider's return times.
 */
import type { Emulator } from "../provider/emulator";

export interface TransitionPoint {
  at: number;
  programStatus: string;
  programVersion: number;
  deploymentStatus: string;
  desiredStatus: string;
  storageStatus: string;
}

export interface TransitionRecorder {
  timeline(name: string): readonly TransitionPoint[];
  /** Forgets everything recorded so far (between sections, to keep memory flat). */
  clear(): void;
  stop(): void;
}

interface Snapshot {
  program_status?: string;
  program_version?: number;
  deployment_status?: string;
  deployment_desired_status?: string;
  storage_status?: string;
}

export function recordTransitions(emulator: Emulator): TransitionRecorder {
  const byName = new Map<string, TransitionPoint[]>();
  const unsubscribe = emulator.onTransition((name, pipeline) => {
    const s = pipeline as Snapshot;
    const list = byName.get(name) ?? [];
    list.push({
      at: Date.now(),
      programStatus: String(s.program_status),
      programVersion: Number(s.program_version),
      deploymentStatus: String(s.deployment_status),
      desiredStatus: String(s.deployment_desired_status),
      storageStatus: String(s.storage_status),
    });
    byName.set(name, list);
  });
  return {
    timeline: (name) => byName.get(name) ?? [],
    clear: () => byName.clear(),
    stop: unsubscribe,
  };
}
