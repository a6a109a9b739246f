/**
 * Pipeline CRUD (docs/feldera/update-rules.md): list/get in the three shapes (docs/feldera/pipeline-object.md#fields), POST, PUT, PATCH, DELETE
 * (docs/feldera/update-rules.md#delete) and `/update_runtime` (docs/feldera/update-rules.md#put-and-rename).
 */

import { isFullyStopped } from "../pipeline-state";
import type { PipelineStore } from "../pipeline-store";
import {
  createPipeline,
  type FullWrite,
  type PipelineWrite,
  putPipeline,
  updatePipeline,
} from "../pipeline-writes";
import { empty, jsonNoCache, type Reply, refuse } from "../reply";
import type { BodySpec, QueryParam } from "../request-parsing";
import { type Shape, serializePipeline } from "../serialize";
import { isPipeline, pipelineOf, type RequestContext } from "./context";

export function selectorQuery(store: PipelineStore): Record<string, QueryParam> {
  const values = [
    "all",
    "status",
    ...(store.behaviours.statusWithConnectors ? ["status_with_connectors"] : []),
  ];
  return { selector: { kind: "enum", values } };
}

const shapeOf = (ctx: RequestContext) => (ctx.query["selector"] ?? "all") as Shape;

export function listPipelines(ctx: RequestContext): Reply {
  const shape = shapeOf(ctx);
  return jsonNoCache(
    200,
    ctx.store.list().map((p) => serializePipeline(p, shape, ctx.store.behaviours)),
  );
}

export function getPipeline(ctx: RequestContext): Reply {
  const p = pipelineOf(ctx);
  if (!isPipeline(p)) return p;
  return jsonNoCache(200, serializePipeline(p, shapeOf(ctx), ctx.store.behaviours));
}

/** PostPutPipeline (docs/feldera/update-rules.md#request-bodies): `description`/`tags` must be omitted rather than null. */
export const POST_PUT_BODY: BodySpec = {
  struct: "PostPutPipelineInternal",
  fields: {
    name: { type: "string", required: true },
    description: { type: "string" },
    tags: { type: "strings" },
    runtime_config: { type: "any" },
    program_code: { type: "string", required: true },
    udf_rust: { type: "string", nullable: true },
    udf_toml: { type: "string", nullable: true },
    program_config: { type: "any" },
  },
};

/** PatchPipeline (docs/feldera/update-rules.md#request-bodies): every field optional, `null` = absent. */
export const PATCH_BODY: BodySpec = {
  struct: "PatchPipelineInternal",
  fields: Object.fromEntries(
    Object.entries(POST_PUT_BODY.fields).map(([k, f]) => [k, { type: f.type, nullable: true }]),
  ),
};

/** Servers before v0.313 do not know `tags`: the key is ignored like any unknown key (docs/feldera/versions.md#before-v0-313). */
function withoutTagsBefore313(spec: BodySpec) {
  return (store: PipelineStore): BodySpec => {
    if (store.behaviours.clientMetadata) return spec;
    const { tags: _ignored, ...fields } = spec.fields;
    return { ...spec, fields };
  };
}

export const postPutBodySpec = withoutTagsBefore313(POST_PUT_BODY);
export const patchBodySpec = withoutTagsBefore313(PATCH_BODY);

function toWrite(body: Record<string, unknown>): PipelineWrite {
  const str = (k: string) => (body[k] ?? undefined) as string | undefined;
  return {
    name: str("name"),
    description: str("description"),
    tags: (body["tags"] ?? undefined) as string[] | undefined,
    runtimeConfig: body["runtime_config"] ?? undefined,
    programCode: str("program_code"),
    udfRust: str("udf_rust"),
    udfToml: str("udf_toml"),
    programConfig: body["program_config"] ?? undefined,
  };
}

export function postPipeline(ctx: RequestContext): Reply {
  return createPipeline(ctx.store, toWrite(ctx.body) as FullWrite);
}

export function putPipelineHandler(ctx: RequestContext): Reply {
  return putPipeline(ctx.store, ctx.params["pipeline_name"]!, toWrite(ctx.body) as FullWrite);
}

export function patchPipeline(ctx: RequestContext): Reply {
  return updatePipeline(ctx.store, ctx.params["pipeline_name"]!, toWrite(ctx.body), false);
}

export function updateRuntime(ctx: RequestContext): Reply {
  return updatePipeline(ctx.store, ctx.params["pipeline_name"]!, {}, true);
}

export function deletePipeline(ctx: RequestContext): Reply {
  const p = pipelineOf(ctx);
  if (!isPipeline(p)) return p;
  if (!isFullyStopped(p)) return refuse("DeleteRestrictedToFullyStopped");
  if (p.storageStatus !== "Cleared") return refuse("DeleteRestrictedToClearedStorage");
  ctx.store.remove(p);
  return empty(200);
}
