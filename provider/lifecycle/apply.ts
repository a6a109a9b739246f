/**
 * Performs a plan: each step is one request or one wait, in order. The only code that writes to Feldera
 * (with create.ts and destroy.ts) and the only code that waits.
 *
 * It keeps a `Tracker` of the newest pipeline it has seen (the full shape from reads and write
 * responses, overlaid with the newest status a wait polled), so that
 *  - the caller gets final outputs without another full GET when nothing but statuses moved, and
 *  - a failure half way can still report the pipeline's id and current state (partial-failure path).
 */
import type { DesiredPipeline, PipelineTimeouts } from "../model/inputs";
import type { Pipeline, PipelineStatus } from "../model/wire";
import type { PlanFeatures } from "../plan/field-changes";
import type { Step } from "../plan/steps";
import { cleared } from "./awaiters/cleared";
import { compiled } from "./awaiters/compiled";
import { deployed } from "./awaiters/deployed";
import { healthyFor } from "./awaiters/healthy";
import { inputsProgressed, isRunningCleanly, type StatusWithStats } from "./awaiters/inputs-progressed";
import { settled } from "./awaiters/settled";
import { stopped } from "./awaiters/stopped";
import type { PipelineApi } from "./pipeline-api";
import { COMPILE_SCHEDULE, DEPLOY_SCHEDULE, type PollSchedule } from "./poll-schedule";
import type { ProgressSink } from "./progress";
import type { StageTimings } from "./stage-timings";
import { type Condition, systemClock, type WaitClock, waitFor } from "./wait";

/** What performing steps needs: where to send them, how long each wait may take, where progress goes. */
export interface StepContext {
  api: PipelineApi;
  timeouts: PipelineTimeouts;
  progress?: ProgressSink;
  clock?: WaitClock;
  /** Shared by the waits of one provider instance, so later waits poll where earlier ones ended. */
  timings?: StageTimings;
  /** The command that resumes this operation after a timeout (default `pulumi up`). */
  rerun?: string;
}

/** What planning needs on top: the declaration (whose `timeouts` the steps use) and the server's features. */
export interface LifecycleContext extends StepContext {
  features: PlanFeatures;
  desired: DesiredPipeline;
}

/** The newest knowledge of one pipeline. `full` always holds the program and configs. */
export class Tracker {
  /** A status showed a newer `version` than `full`: the program or configs changed behind our back. */
  stale = false;

  constructor(public full: Pipeline) {}

  get name(): string {
    return this.full.name;
  }

  /** Adopt a newer full read or write response. */
  sawFull(p: Pipeline): void {
    this.full = p;
    this.stale = false;
  }

  /**
   * Adopt a newer status. While `version` is unchanged no core field changed (docs/feldera/pipeline-object.md#counters), so the program and
   * configs we hold are still current and only the status fields are overlaid.
   */
  sawStatus(s: PipelineStatus): void {
    if (s.version === this.full.version) this.full = { ...this.full, ...s };
    else this.stale = true;
  }
}

export async function applySteps(ctx: StepContext, tracker: Tracker, steps: readonly Step[]): Promise<void> {
  const { api } = ctx;
  let minProgramVersion = tracker.full.program_version ?? 0;
  for (const step of steps) {
    const name = tracker.name;
    switch (step.kind) {
      case "stop":
        await api.stop(name, { force: true }); // never the bare /stop: that is suspend, 501 on OSS (docs/feldera/deployment-and-stop.md#stop)
        break;
      case "clear-storage":
        await api.clearStorage(name);
        break;
      case "patch": {
        const after = await api.patchPipeline(name, step.body);
        tracker.sawFull(after);
        minProgramVersion = after.program_version ?? minProgramVersion;
        break;
      }
      case "dismiss-error":
        await api.dismissError(name);
        break;
      case "start":
        // Errors were dismissed by an explicit step: a retried start must not silently wipe a new one (docs/feldera/deployment-and-stop.md#start).
        await api.start(name, {
          initial: step.initial,
          bootstrapPolicy: step.bootstrapPolicy,
          dismissError: false,
        });
        break;
      case "pause":
        await api.pause(name);
        break;
      case "resume":
        await api.resume(name);
        break;
      case "activate":
        await api.activate(name, step.initial);
        break;
      case "approve":
        await api.approve(name);
        break;
      case "delete":
        await api.deletePipeline(name);
        break;
      case "await-stopped":
        await wait(ctx, tracker, stopped(), ctx.timeouts.stop, DEPLOY_SCHEDULE);
        break;
      case "await-cleared":
        await wait(ctx, tracker, cleared(), ctx.timeouts.clear, DEPLOY_SCHEDULE);
        break;
      case "await-compiled":
        await wait(
          ctx,
          tracker,
          compiled(name, minProgramVersion, readFull(ctx, tracker)),
          ctx.timeouts.compile,
          COMPILE_SCHEDULE,
        );
        break;
      case "await-deployed":
        await wait(
          ctx,
          tracker,
          deployed(name, step.target, readFull(ctx, tracker)),
          ctx.timeouts.start,
          DEPLOY_SCHEDULE,
        );
        break;
      case "health-gate":
        await healthGate(ctx, tracker, step.seconds, step.requireInputProgress);
        break;
      case "await-settled": {
        const { compile, start } = ctx.timeouts;
        await wait(ctx, tracker, settled(), compile + start, DEPLOY_SCHEDULE);
        break;
      }
    }
  }
}

/** Stays Running for `seconds`, then (optionally) sees every input connector receive records. */
async function healthGate(
  ctx: StepContext,
  tracker: Tracker,
  seconds: number,
  inputs: boolean,
): Promise<void> {
  const name = tracker.name;
  const clock = ctx.clock ?? systemClock;
  await wait(ctx, tracker, healthyFor(name, seconds), seconds + ctx.timeouts.start, DEPLOY_SCHEDULE);
  if (!inputs) return;
  await waitFor(inputsProgressed(name, { seconds, startedAt: clock.now() - seconds * 1000 }), {
    pipeline: name,
    pipelineId: tracker.full.id,
    poll: async (): Promise<StatusWithStats> => {
      const status = await ctx.api.getPipelineStatus(name);
      tracker.sawStatus(status);
      return isRunningCleanly(status) ? { status, stats: await ctx.api.getStats(name) } : { status };
    },
    timeoutSeconds: ctx.timeouts.start,
    schedule: DEPLOY_SCHEDULE,
    clock: ctx.clock,
    progress: ctx.progress,
  });
}

function readFull(ctx: StepContext, tracker: Tracker): () => Promise<Pipeline> {
  return async () => {
    const p = await ctx.api.getPipeline(tracker.name);
    tracker.sawFull(p);
    return p;
  };
}

async function wait(
  ctx: StepContext,
  tracker: Tracker,
  condition: Condition<PipelineStatus>,
  timeoutSeconds: number,
  schedule: PollSchedule,
): Promise<void> {
  const name = tracker.name;
  await waitFor(condition, {
    pipeline: name,
    pipelineId: tracker.full.id,
    poll: async () => {
      const s = await ctx.api.getPipelineStatus(name);
      tracker.sawStatus(s);
      return s;
    },
    timeoutSeconds,
    schedule,
    clock: ctx.clock,
    progress: ctx.progress,
    timings: ctx.timings,
    rerun: ctx.rerun,
  });
}
