/**
 * Brings an existing pipeline to its declaration: plan from what we know, apply, and plan again from
 * what the steps left behind, until a plan is empty. The second plan usually costs nothing (the waits
 * already polled the final status) and catches what changed under us meanwhile.
 *
 * Some refusals are not errors but "wrong state now" (docs/feldera/errors-and-retries.md#transient): another client started the pipeline between
 * our read and our PATCH, a crash stopped it during our pause. Those are answered by reading again and
 * re-planning, a bounded number of times, never by blind retry of the same request.
 */
import { isFelderaError } from "../errors";
import type { Pipeline } from "../model/wire";
import { describePlan } from "../plan/describe";
import { planSteps } from "../plan/steps";
import { applySteps, type LifecycleContext, type Tracker } from "./apply";
import { PlanRefusedError, UnexpectedStateError } from "./errors";

const MAX_ROUNDS = 5;

/** Error codes meaning "the pipeline is not in the state the plan assumed" (docs/feldera/errors-and-retries.md#error-codes, docs/feldera/errors-and-retries.md#transient). */
const WRONG_STATE_NOW = new Set([
  "UpdateRestrictedToStopped",
  "EditRestrictedToClearedStorage",
  "IllegalPipelineAction",
  "CannotStartWhileClearingStorage",
  "CannotStartWithUndismissedError",
  "StorageStatusImmutableUnlessStopped",
  "InitialImmutableUnlessStopped",
  "BootstrapPolicyImmutableUnlessStopped",
  "PipelineInteractionNotDeployed",
  "DismissErrorRestrictedToFullyStopped",
  "DeleteRestrictedToFullyStopped",
  "DeleteRestrictedToClearedStorage",
  "InvalidTransition",
]);

export function isWrongStateNow(e: unknown): boolean {
  return isFelderaError(e, "FELDERA_ERR_API") && WRONG_STATE_NOW.has(e.errorCode);
}

export async function converge(ctx: LifecycleContext, tracker: Tracker): Promise<Pipeline> {
  let lastWrongState: unknown;
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    if (tracker.stale) tracker.sawFull(await ctx.api.getPipeline(tracker.name));
    const plan = planSteps(ctx.desired, tracker.full, ctx.features);
    if ("refusal" in plan) {
      throw new PlanRefusedError({ pipeline: tracker.name, ...plan.refusal });
    }
    if (plan.steps.length === 0) return tracker.full;
    if (round > 1) ctx.progress?.(`feldera: pipeline '${tracker.name}': ${describePlan(plan.steps)}`);
    try {
      await applySteps(ctx, tracker, plan.steps);
    } catch (e) {
      if (!isWrongStateNow(e)) throw e;
      lastWrongState = e;
      tracker.stale = true;
    }
  }
  throw new UnexpectedStateError({
    pipeline: tracker.name,
    message: `did not reach the declared state after ${MAX_ROUNDS} rounds of planning; something else keeps changing it${
      lastWrongState instanceof Error ? ` (last refusal: ${lastWrongState.message})` : ""
    }. Stop the other client, then run pulumi up again.`,
  });
}
