/**
 * create, read, update and delete of a Pipeline: parse → plan/apply (lifecycle) → outputs. The only
 * Pulumi-specific logic here is the shape of results and the partial-failure path.
 */
import { isFelderaError } from "../errors";
import { type LifecycleContext, Tracker } from "../lifecycle/apply";
import { converge } from "../lifecycle/converge";
import { createOrAdopt, settleCreated } from "../lifecycle/create";
import { destroyPipeline } from "../lifecycle/destroy";
import { PipelineGoneError } from "../lifecycle/errors";
import { locate } from "../lifecycle/locate";
import { checkPipelineInputs } from "../model/check-inputs";
import { type DesiredPipeline, timeoutsFrom } from "../model/inputs";
import { type Connection, withConnection } from "./connection";
import { InvalidInputError, isPartialFailure, PartialFailureError } from "./errors";
import { readBack, toOutputs } from "./outputs";

type Props = Record<string, unknown>;

function parse(props: Props): DesiredPipeline {
  const r = checkPipelineInputs(props);
  if (r.kind === "valid") return r.desired;
  if (r.kind === "invalid") throw new InvalidInputError({ failures: r.failures });
  throw new InvalidInputError({
    failures: r.unknownFields.map((f) => ({ property: f, reason: `${f}: is not known yet` })),
  });
}

function context(c: Connection, desired: DesiredPipeline): LifecycleContext {
  return {
    api: c.client,
    features: c.features,
    desired,
    timeouts: desired.timeouts,
    progress: c.progress,
    timings: c.timings,
  };
}

/**
 * Failures once the pipeline exists carry its id and current state, so the engine records it. A pipeline
 * that vanished meanwhile is recorded only if its id still exists (renamed during the wait): recording a
 * deleted one would make every later `pulumi up` fail until a refresh.
 */
async function partial(e: unknown, tracker: Tracker, inputs: Props, c: Connection): Promise<unknown> {
  if (isPartialFailure(e)) return e;
  if (isFelderaError(e, "FELDERA_ERR_PIPELINE_GONE")) {
    const live = await locate(c.client, tracker.name, tracker.full.id).catch(() => undefined);
    if (!live) return e;
    tracker.sawFull(live);
  }
  const properties = { ...readBack(inputs, tracker.full, c.features), __provider: inputs["__provider"] };
  return new PartialFailureError({ cause: e, id: tracker.full.id, properties });
}

export async function createResource(self: unknown, props: Props): Promise<{ id: string; outs: Props }> {
  const desired = parse(props);
  return withConnection(self, async (c) => {
    const ctx = context(c, desired);
    const created = await createOrAdopt(ctx);
    try {
      const final = await settleCreated(ctx, created);
      return { id: final.id, outs: toOutputs(props, final) };
    } catch (e) {
      throw await partial(e, created.tracker, props, c);
    }
  });
}

export async function readResource(
  self: unknown,
  id: string,
  props: Props,
): Promise<{ id: string; props: Props }> {
  return withConnection(self, async (c) => {
    const live = await locate(c.client, String(props["name"] ?? ""), id);
    // An empty id tells the engine the resource is gone (deleted outside Pulumi).
    if (!live) return { id: "", props: {} };
    return { id: live.id, props: readBack(props, live, c.features) };
  });
}

export async function updateResource(
  self: unknown,
  id: string,
  olds: Props,
  news: Props,
): Promise<{ outs: Props }> {
  const desired = parse(news);
  return withConnection(self, async (c) => {
    const name = String(olds["name"] ?? desired.name);
    const live = await locate(c.client, name, id);
    if (!live) throw new PipelineGoneError({ pipeline: name, pipelineId: id });
    const tracker = new Tracker(live);
    try {
      return { outs: toOutputs(news, await converge(context(c, desired), tracker)) };
    } catch (e) {
      throw await partial(e, tracker, news, c);
    }
  });
}

export async function deleteResource(self: unknown, id: string, props: Props): Promise<void> {
  await withConnection(self, (c) =>
    destroyPipeline(
      {
        api: c.client,
        timeouts: timeoutsFrom(props["timeouts"]),
        progress: c.progress,
        timings: c.timings,
        rerun: "pulumi destroy",
      },
      String(props["name"] ?? ""),
      id,
    ),
  );
}
