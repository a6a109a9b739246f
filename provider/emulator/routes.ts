/**
 * The route table: method, OpenAPI path template, minimum role (as `api/rbac.rs` lists it), the behaviour
 * that introduced the route (docs/feldera/versions.md), query and body extractors, and the handler. A path that matches no
 * row, or a row whose behaviour this server version lacks, is an unknown route: a plain-text 404.
 */
import type { Route } from "./handlers/context";
import {
  clearStorage,
  dismissError,
  STOP_QUERY,
  startPipeline,
  startQuery,
  stopPipeline,
} from "./handlers/lifecycle";
import {
  deletePipeline,
  getPipeline,
  listPipelines,
  patchBodySpec,
  patchPipeline,
  postPipeline,
  postPutBodySpec,
  putPipelineHandler,
  selectorQuery,
  updateRuntime,
} from "./handlers/pipelines";
import { getAuthConfig, getClusterHealth, getConfig, getHealthz } from "./handlers/platform";
import { DIFF_BODY, diffPipeline, VALIDATE_BODY, validateProgram } from "./handlers/program";
import {
  ACTIVATE_QUERY,
  activatePipeline,
  approvePipeline,
  approveQuery,
  pausePipeline,
  resumePipeline,
} from "./handlers/runtime";
import { getPipelineStats, STATS_QUERY } from "./handlers/stats";

const P = "/v0/pipelines/{pipeline_name}";
const fixed =
  <T>(v: T) =>
  () =>
    v;

export const ROUTES: readonly Route[] = [
  { method: "GET", pattern: "/healthz", role: "public", handler: getHealthz },
  { method: "GET", pattern: "/config/authentication", role: "public", handler: getAuthConfig },
  { method: "GET", pattern: "/v0/config", role: "read", handler: getConfig },
  { method: "GET", pattern: "/v0/cluster_healthz", role: "read", handler: getClusterHealth },
  { method: "GET", pattern: "/v0/pipelines", role: "read", query: selectorQuery, handler: listPipelines },
  { method: "POST", pattern: "/v0/pipelines", role: "write", body: postPutBodySpec, handler: postPipeline },
  { method: "GET", pattern: P, role: "read", query: selectorQuery, handler: getPipeline },
  { method: "PUT", pattern: P, role: "write", body: postPutBodySpec, handler: putPipelineHandler },
  { method: "PATCH", pattern: P, role: "write", body: patchBodySpec, handler: patchPipeline },
  { method: "DELETE", pattern: P, role: "write", handler: deletePipeline },
  { method: "POST", pattern: `${P}/start`, role: "write", query: startQuery, handler: startPipeline },
  { method: "POST", pattern: `${P}/stop`, role: "write", query: fixed(STOP_QUERY), handler: stopPipeline },
  { method: "POST", pattern: `${P}/pause`, role: "write", handler: pausePipeline },
  { method: "POST", pattern: `${P}/resume`, role: "write", handler: resumePipeline },
  {
    method: "POST",
    pattern: `${P}/approve`,
    role: "write",
    behaviour: "bootstrapPolicy",
    query: approveQuery,
    handler: approvePipeline,
  },
  {
    method: "POST",
    pattern: `${P}/activate`,
    role: "write",
    query: fixed(ACTIVATE_QUERY),
    handler: activatePipeline,
  },
  { method: "POST", pattern: `${P}/clear`, role: "write", handler: clearStorage },
  {
    method: "GET",
    pattern: `${P}/stats`,
    role: "read",
    query: fixed(STATS_QUERY),
    handler: getPipelineStats,
  },
  {
    method: "POST",
    pattern: `${P}/dismiss_error`,
    role: "write",
    behaviour: "dismissError",
    handler: dismissError,
  },
  {
    method: "POST",
    pattern: `${P}/update_runtime`,
    role: "write",
    behaviour: "updateRuntime",
    handler: updateRuntime,
  },
  {
    method: "POST",
    pattern: `${P}/diff`,
    role: "write",
    behaviour: "programValidation",
    body: fixed(DIFF_BODY),
    handler: diffPipeline,
  },
  {
    method: "POST",
    pattern: "/v0/validate_program",
    role: "write",
    behaviour: "programValidation",
    body: fixed(VALIDATE_BODY),
    handler: validateProgram,
  },
];

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** The row for `method` + `path`; literal segments beat parameters (`/v0/pipelines` vs `{name}`). */
export function matchRoute(method: string, path: string): RouteMatch | undefined {
  const segments = path.split("/");
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const parts = route.pattern.split("/");
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = parts.every((part, i) => {
      const segment = segments[i]!;
      if (!part.startsWith("{")) return part === segment;
      if (segment === "") return false;
      params[part.slice(1, -1)] = safeDecode(segment);
      return true;
    });
    if (matches) return { route, params };
  }
  return undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
