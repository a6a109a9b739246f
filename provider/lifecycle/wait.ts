/**
 * The one poll loop. Every wait of this package is `waitFor(condition)`: it polls the cheap
 * `selector=status` shape, asks the condition for a verdict, reports progress, adapts its interval and
 * enforces its own deadline (the dynamic-provider host ignores Pulumi's customTimeouts and its cancel is a
 * no-op, so nobody else will stop a wait).
 *
 * A status outside the condition's pending and target sets is the condition's to judge: conditions
 * return `fail` for terminal states (a compile error, a crash) so a doomed wait ends at once instead of
 * at its deadline.
 */
import { isFelderaError } from "../errors";
import type { PipelineStatus } from "../model/wire";
import { PipelineGoneError, WaitTimeoutError } from "./errors";
import { nextPollDelay, type PollSchedule, type Prediction } from "./poll-schedule";
import { type ProgressSink, startProgress } from "./progress";
import type { StageTimings } from "./stage-timings";

export type Verdict =
  | { kind: "done" }
  | { kind: "pending"; status: string }
  /** Terminal: the wait cannot succeed. The error may need more data (e.g. compiler output), hence async. */
  | { kind: "fail"; error: () => Promise<Error> | Error };

/** A wait's contract: what it waits for and how to judge each observation (a status, unless stated). */
export interface Condition<T = PipelineStatus> {
  /** Completes "waiting for pipeline 'x' to …", e.g. "compile", "be Running". */
  readonly waitingFor: string;
  /** The input that sets this wait's deadline, named in the timeout error, e.g. "timeouts.compile". */
  readonly timeoutInput: string;
  classify(observed: T, now: number): Verdict;
  /**
   * The stage an observation is in and when it began on the server's clock (a `*_since` timestamp), so
   * that waits can learn how long stages take (stage-timings.ts). Conditions without one poll by backoff.
   */
  stage?(observed: T): { key: string; since: string | null | undefined };
  /**
   * Without `stage`: whether how long whole waits of this kind took predicts the next one, measured on
   * our clock. True for storage clearing (the server's work, no timestamps); not for a health gate, which
   * counts from its own first observation, so a later first poll would only make it longer.
   */
  readonly predictable?: boolean;
}

export interface WaitClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: WaitClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface WaitOptions<T = PipelineStatus> {
  pipeline: string;
  /** The pipeline id, so a deletion during the wait can be reported precisely. */
  pipelineId?: string;
  poll: () => Promise<T>;
  timeoutSeconds: number;
  schedule: PollSchedule;
  clock?: WaitClock;
  progress?: ProgressSink;
  /** An observation already made (e.g. a write's response): judged before the first poll. */
  initial?: T;
  /** What this provider learnt about stage durations; a wait both reads and extends it. */
  timings?: StageTimings;
  /** The command a timeout error tells the user to run again (default `pulumi up`). */
  rerun?: string;
}

export async function waitFor<T = PipelineStatus>(
  condition: Condition<T>,
  options: WaitOptions<T>,
): Promise<T> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  const deadline = started + options.timeoutSeconds * 1000;
  const progress = startProgress(options.pipeline, condition.waitingFor, started, options.progress);
  const stages = new StageTracker(condition, options.timings, started);
  let last: T | undefined = options.initial;
  let lastSummary = "";
  let polls = 0;
  let sinceChange = 0;

  for (;;) {
    if (last) {
      const verdict = condition.classify(last, clock.now());
      if (verdict.kind === "done") {
        stages.finish(last);
        progress.finish(clock.now());
        return last;
      }
      if (verdict.kind === "fail") throw await verdict.error();
      if (verdict.status !== lastSummary) {
        lastSummary = verdict.status;
        sinceChange = 0;
      }
      progress.update(verdict.status, clock.now());
    }
    const now = clock.now();
    if (now >= deadline) {
      throw new WaitTimeoutError({
        pipeline: options.pipeline,
        waitingFor: condition.waitingFor,
        timeoutSeconds: options.timeoutSeconds,
        timeoutInput: condition.timeoutInput,
        last: isStatus(last) ? last : undefined,
        rerun: options.rerun,
      });
    }
    // The first poll waits too when history predicts this wait as a whole: right after the write that
    // started it, a poll could only see the stage we already know the pipeline is in.
    if (polls > 0 || last || stages.predict(now)) {
      const delay = nextPollDelay(options.schedule, sinceChange++, stages.predict(now));
      await clock.sleep(Math.min(delay, deadline - now));
    }
    polls++;
    last = await pollOrGone(options);
    stages.observe(last, clock.now());
  }
}

/**
 * The stages one wait passes through, with their server-side start times: read to predict when the
 * current one ends, written (as "time from this stage to the target") when the wait succeeds.
 *
 * The wait itself is the first stage (`wait:<waitingFor>`, begun when the wait began, in server time):
 * before anything is observed, how long whole waits of this kind took says when to look first. For a
 * `predictable` condition without server timestamps (storage clearing), only this stage is learnt, on our
 * own clock: the target was reached between the last pending poll and the first that saw it, so the middle.
 */
class StageTracker<T> {
  private readonly seen = new Map<string, number>();
  private readonly wait: { key: string; since: number } | undefined;
  private current: { key: string; since: number } | undefined;
  /** When the last two polls were received (local clock). */
  private previousAt: number | undefined;
  private lastAt: number | undefined;

  constructor(
    private readonly condition: Condition<T>,
    private readonly timings: StageTimings | undefined,
    private readonly startedAt: number,
  ) {
    if (!timings || !(condition.stage || condition.predictable)) return;
    this.wait = { key: `wait:${condition.waitingFor}`, since: startedAt - timings.offsetMs };
    this.current = this.wait;
    this.seen.set(this.wait.key, this.wait.since);
  }

  observe(observed: T, receivedAt: number): void {
    this.previousAt = this.lastAt;
    this.lastAt = receivedAt;
    const stage = this.stageOf(observed);
    if (!stage || !this.timings) return;
    this.timings.observeOffset(receivedAt, stage.since);
    if (!this.seen.has(stage.key)) this.seen.set(stage.key, stage.since);
    this.current = stage;
  }

  predict(now: number): Prediction | undefined {
    if (!this.current || !this.timings) return undefined;
    const window = this.timings.window(this.current.key);
    if (!window) return undefined;
    return { elapsedMs: Math.max(0, now - this.timings.offsetMs - this.current.since), window };
  }

  finish(observed: T): void {
    if (!this.timings || !this.wait) return;
    const target = this.stageOf(observed);
    if (target) {
      for (const [key, since] of this.seen) this.timings.recordRemaining(key, target.since - since);
    } else if (this.condition.predictable && this.previousAt !== undefined && this.lastAt !== undefined) {
      // Done at the first poll says nothing: it may have been done before the wait began.
      this.timings.recordRemaining(this.wait.key, (this.previousAt + this.lastAt) / 2 - this.startedAt);
    }
  }

  /** The stage and its start; a start from before this wait (a stale stage) is not a measurement. */
  private stageOf(observed: T): { key: string; since: number } | undefined {
    const s = this.condition.stage?.(observed);
    const since = s?.since ? Date.parse(s.since) : Number.NaN;
    if (!s || Number.isNaN(since)) return undefined;
    const waitStartServer = this.startedAt - (this.timings?.offsetMs ?? 0);
    return since < waitStartServer - STALE_MS ? undefined : { key: s.key, since };
  }
}

/** A stage that began this long before the wait started belongs to an earlier episode. */
const STALE_MS = 2000;

function isStatus(v: unknown): v is PipelineStatus {
  return typeof v === "object" && v !== null && "deployment_status" in v;
}

async function pollOrGone<T>(options: WaitOptions<T>): Promise<T> {
  try {
    return await options.poll();
  } catch (e) {
    if (isFelderaError(e, "FELDERA_ERR_API") && e.errorCode === "UnknownPipelineName") {
      throw new PipelineGoneError({ pipeline: options.pipeline, pipelineId: options.pipelineId });
    }
    throw e;
  }
}
