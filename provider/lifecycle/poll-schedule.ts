/**
 * How long a wait sleeps before its next poll.
 *
 * Without history: quick at first (most transitions of a healthy pipeline take well under a second
 * against a warm server), then backing off geometrically while nothing changes, and quick again after
 * every change, because Feldera's transitions come in runs (Provisioning → Initializing → Running). The
 * cap keeps a long wait (a first Rust build: minutes) at about one request per cap.
 *
 * With history (stage-timings.ts: this stage ended the wait after between `min` and `max` ms before):
 * no poll is spent before the window at more than the backed-off pace, polls are dense inside the
 * window, where the end almost certainly falls, and geometric again after it. So the end of a wait is
 * seen within a few tens of milliseconds while polling no more than a fixed-interval poller would.
 */
import type { StageWindow } from "./stage-timings";

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

/** Arrive this early before the earliest end seen: server and network jitter. */
const LEAD_MS = 25;
/** Polls spread over the window; their spacing is clamped to [MIN_DENSE_MS, MAX_DENSE_MS]. */
const DENSE_POLLS = 5;
const MIN_DENSE_MS = 20;
const MAX_DENSE_MS = 250;

export interface Prediction {
  /** Time since the current stage began, on the server's clock. */
  elapsedMs: number;
  window: StageWindow;
}

/** The delay before poll number `unchanged` (0-based) since the status last changed. */
export function nextPollDelay(schedule: PollSchedule, unchanged: number, prediction?: Prediction): number {
  const backoff = Math.min(schedule.maxMs, Math.round(schedule.initialMs * schedule.factor ** unchanged));
  if (!prediction) return backoff;
  const { elapsedMs, window } = prediction;
  const opens = window.min - LEAD_MS;
  if (elapsedMs < opens) {
    // Before the window: sleep up to its opening, but never longer than the backed-off pace would (a
    // faster run than any seen so far is still noticed).
    return Math.max(1, Math.min(opens - elapsedMs, Math.max(backoff, schedule.maxMs)));
  }
  const spacing = Math.min(MAX_DENSE_MS, Math.max(MIN_DENSE_MS, (window.max - window.min) / DENSE_POLLS));
  if (elapsedMs <= window.max + spacing) return Math.round(spacing);
  return backoff; // a slower run than any seen: back to backing off
}
