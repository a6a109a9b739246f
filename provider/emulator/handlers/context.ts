/**
 * What a route handler receives: the instance, decoded path parameters, the typed query and the JSON
 * body, both already accepted by the extractor layer (request-parsing.ts).
 */

import type { Behaviour } from "../../model/versions";
import type { PipelineState } from "../pipeline-state";
import type { PipelineStore } from "../pipeline-store";
import { type Reply, refuse } from "../reply";
import type { BodySpec, QueryParam } from "../request-parsing";

export interface RequestContext {
  store: PipelineStore;
  params: Record<string, string>;
  query: Record<string, string | boolean>;
  body: Record<string, unknown>;
}

export type Handler = (ctx: RequestContext) => Reply;

export type Role = "read" | "write";

export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** OpenAPI path template, e.g. `/v0/pipelines/{pipeline_name}/start`. */
  pattern: string;
  /** Minimum role (api/rbac.rs), or `public` for the unauthenticated probes. */
  role: Role | "public";
  /** The route exists only on servers that have this behaviour (docs/feldera/versions.md); otherwise it is an unknown route. */
  behaviour?: Behaviour;
  query?: (store: PipelineStore) => Record<string, QueryParam>;
  body?: (store: PipelineStore) => BodySpec;
  handler: Handler;
}

/** The pipeline named in the path, or the 404 every `/pipelines/{name}` call gives for a missing one. */
export function pipelineOf(ctx: RequestContext): PipelineState | Reply {
  const name = ctx.params["pipeline_name"]!;
  return ctx.store.find(name) ?? refuse("UnknownPipelineName", { pipeline_name: name });
}

export function isPipeline(v: PipelineState | Reply): v is PipelineState {
  return "programStatus" in v;
}
