/**
 * Destroy: stop, clear storage, delete (plan/delete-steps.ts says why each is needed). A pipeline that is
 * already gone is success, by name or by id: a pipeline renamed outside Pulumi is still found and deleted,
 * and one whose name was reused by someone else's pipeline is never touched.
 */
import { isFelderaError } from "../errors";
import { planDelete } from "../plan/delete-steps";
import { applySteps, type StepContext, Tracker } from "./apply";
import { isWrongStateNow } from "./converge";
import { UnexpectedStateError } from "./errors";
import { isUnknownPipeline, locate } from "./locate";

const MAX_ROUNDS = 4;

export async function destroyPipeline(ctx: StepContext, name: string, id: string | undefined): Promise<void> {
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const live = await locate(ctx.api, name, id);
    if (!live) return;
    try {
      await applySteps(ctx, new Tracker(live), planDelete(live));
      return;
    } catch (e) {
      // Gone by that name: deleted meanwhile (the next lookup says so), or renamed (found again by id).
      if (isUnknownPipeline(e) || isFelderaError(e, "FELDERA_ERR_PIPELINE_GONE")) continue;
      if (!isWrongStateNow(e)) throw e;
    }
  }
  throw new UnexpectedStateError({
    pipeline: name,
    message: `could not be deleted after ${MAX_ROUNDS} attempts: something keeps starting it`,
  });
}
