/**
 * Create, or adopt. `POST /v0/pipelines` with the declaration, then the same convergence as an update
 * (wait for compilation, start with the declared status, wait until there).
 *
 * Adoption exists because Pulumi's `import` option does not work for dynamic providers (read receives no
 * `__provider`, pulumi#7534): with `adopt: true` an existing pipeline of that name is recorded and brought
 * to the declared state with the same minimal steps as an update. Without it, an existing name is an
 * error that names `adopt`, never a silent takeover of someone else's pipeline.
 */

import { isFelderaError } from "../errors";
import type { Pipeline } from "../model/wire";
import { createBody } from "../plan/create-body";
import { unsupportedSettingsRefusal } from "../plan/refusals";
import { type LifecycleContext, Tracker } from "./apply";
import { converge } from "./converge";
import { PlanRefusedError } from "./errors";
import { getIfExists } from "./locate";

export interface Created {
  tracker: Tracker;
  adopted: boolean;
}

/** Step 1: make the pipeline exist (the tracker is what a partial failure reports from here on). */
export async function createOrAdopt(ctx: LifecycleContext): Promise<Created> {
  const { api, desired } = ctx;
  const unsupported = unsupportedSettingsRefusal(desired, ctx.features);
  if (unsupported) {
    throw new PlanRefusedError({ pipeline: desired.name, ...unsupported });
  }
  if (desired.adopt) {
    const existing = await getIfExists(api, desired.name);
    if (existing) return { tracker: new Tracker(existing), adopted: true };
  }
  try {
    return {
      tracker: new Tracker(await api.createPipeline(createBody(desired, ctx.features))),
      adopted: false,
    };
  } catch (e) {
    if (!isDuplicateName(e)) throw e;
    if (desired.adopt) {
      // Created by someone else between our read and our POST: adopt it as asked.
      const existing = await getIfExists(api, desired.name);
      if (existing) return { tracker: new Tracker(existing), adopted: true };
    }
    throw new PlanRefusedError({
      pipeline: desired.name,
      reason: "exists",
      message: `A pipeline named '${desired.name}' already exists in Feldera and is not managed by this stack; nothing was changed.`,
      fix: `set adopt: true on this Pipeline to take it over (pulumi up then brings it to the declared state with minimal changes), or choose another name.`,
    });
  }
}

/** Step 2: bring it to the declaration. */
export function settleCreated(ctx: LifecycleContext, created: Created): Promise<Pipeline> {
  return converge(ctx, created.tracker);
}

function isDuplicateName(e: unknown): boolean {
  return isFelderaError(e, "FELDERA_ERR_API") && e.errorCode === "DuplicateName";
}
