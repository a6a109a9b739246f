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
import { nextPollDelay, type PollSchedule } from "./poll-schedule";
import { type ProgressSink, startProgress } from "./progress";

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
}

export async function waitFor<T = PipelineStatus>(
  condition: Condition<T>,
  options: WaitOptions<T>,
): Promise<T> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  const deadline = started + options.timeoutSeconds * 1000;
  const progress = startProgress(options.pipeline, condition.waitingFor, started, options.progress);
  let last: T | undefined = options.initial;
  let lastSummary = "";
  let polls = 0;
  let sinceChange = 0;

  for (;;) {
    if (last) {
      const verdict = condition.classify(last, clock.now());
      if (verdict.kind === "done") {
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
      throw new WaitTimeoutError(
        options.pipeline,
        condition.waitingFor,
        options.timeoutSeconds,
        condition.timeoutInput,
        isStatus(last) ? last : undefined,
      );
    }
    if (polls > 0 || last)
      await clock.sleep(Math.min(nextPollDelay(options.schedule, sinceChange++), deadline - now));
    polls++;
    last = await pollOrGone(options);
  }
}

function isStatus(v: unknown): v is PipelineStatus {
  return typeof v === "object" && v !== null && "deployment_status" in v;
}

async function pollOrGone<T>(options: WaitOptions<T>): Promise<T> {
  try {
    return await options.poll();
  } catch (e) {
    if (
      isFelderaError(e, "FELDERA_ERR_API") &&
      (e as { errorCode?: string }).errorCode === "UnknownPipelineName"
    ) {
      throw new PipelineGoneError(options.pipeline, options.pipelineId);
    }
    throw e;
  }
}
