/**
 * How often a wait polls. Quick at first (most transitions of a healthy pipeline take well under a second
 * against a warm server), then backing off geometrically while nothing changes, and quick again after
 * every change, because Feldera's transitions come in runs (Provisioning → Initializing → Running).
 * The caps keep a long wait (a first Rust build: minutes) at most one request per interval.
 */
export interface PollSchedule {
  /** First delay after a status change, in ms. */
  readonly initialMs: number;
  /** Growth per unchanged poll. */
  readonly factor: number;
  /** Longest delay, in ms. */
  readonly maxMs: number;
}

/** Compilation: SQL takes seconds, Rust from seconds to minutes; nothing to gain from sub-second polls late. */
export const COMPILE_SCHEDULE: PollSchedule = { initialMs: 100, factor: 1.5, maxMs: 2000 };
/** Start, stop, pause, clear: usually seconds. */
export const DEPLOY_SCHEDULE: PollSchedule = { initialMs: 100, factor: 1.5, maxMs: 1000 };

/** The delay before poll number `unchanged` (0-based) since the status last changed. */
export function nextPollDelay(schedule: PollSchedule, unchanged: number): number {
  return Math.min(schedule.maxMs, Math.round(schedule.initialMs * schedule.factor ** unchanged));
}
