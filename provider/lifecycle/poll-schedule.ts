/**
 * How long a wait sleeps before its next poll.
 *
 * Without history: quick at first (most transitions of a healthy pipeline take well under a second
 * against a warm server), then backing off geometrically while nothing changes, and quick again after
 * every change, because Feldera's transitions come in runs (Provisioning → Initializing → Running). The
 * cap keeps a long wait (a first Rust build: minutes) at about one request per cap.
 *
 * With history (stage-timings.ts: this stage ended the wait after between `min` and `max` ms before):
 * no poll is spent before the window at more than the capped pace, polls are dense inside the window,
 * where the end almost certainly falls, and back off again after it, as far apart as the run is late.
 * So the end of a wait is seen within tens of milliseconds while polling less than a fixed-interval
 * poller would (bench/README.md has the figures, and the case where no poller can do both).
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
export const COMPILE_SCHEDULE: PollSchedule = { initialMs: 100, factor: 1.3, maxMs: 2000 };
/** Start, stop, pause, clear: usually seconds. */
export const DEPLOY_SCHEDULE: PollSchedule = { initialMs: 100, factor: 1.3, maxMs: 1000 };

/** Arrive this early before the earliest end seen: server and network jitter. */
const LEAD_MS = 25;
/** Polls spread over the window; their spacing is clamped to [MIN_DENSE_MS, MAX_DENSE_MS]. */
const DENSE_POLLS = 4;
const MIN_DENSE_MS = 20;
const MAX_DENSE_MS = 160;

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
  const spacing = Math.min(MAX_DENSE_MS, Math.max(MIN_DENSE_MS, (window.max - window.min) / DENSE_POLLS));
  // The first dense poll half a spacing into the window: a poll at its very start could only catch a run
  // faster than every one seen, and each poll inside then covers the spacing around it.
  const opens = window.min - LEAD_MS + spacing / 2;
  if (elapsedMs < opens) {
    // Before the window: sleep up to its opening, but never longer than the cap (a run faster than any
    // seen so far, e.g. a small edit after full builds, is still noticed). Runs that all took within a
    // quarter of each other (one stack's pipelines on one server) earn a cap twice as long: a run faster
    // than all of them is unlikely, and is still seen within two caps.
    const tight = window.max - window.min <= window.min / 4;
    return Math.max(1, Math.round(Math.min(opens - elapsedMs, (tight ? 2 : 1) * schedule.maxMs)));
  }
  if (elapsedMs <= window.max + spacing) return Math.round(spacing);
  // A slower run than any seen: back off again, in proportion to how late it already is. Not from the
  // unchanged-poll count: the dense polls inside the window would put a run only just late straight at
  // the cap (measured: 50 updates at once each seeing their compile ~1.5 s late).
  const overdue = elapsedMs - window.max;
  return Math.min(schedule.maxMs, Math.max(schedule.initialMs, Math.round(overdue * (schedule.factor - 1))));
}
