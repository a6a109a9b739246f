/**
 * `GET /v0/pipelines/{name}/stats`: the manager forwards it to the pipeline process (docs/feldera/deployment-and-stop.md#runtime-actions), so it fails
 * like every forwarded request — 404 UnknownPipelineName, 503 PipelineInteractionNotDeployed unless
 * resources are Provisioned, 503 PipelineUnavailable while the runtime status is Unavailable — and
 * otherwise returns the process's own answer verbatim:
 *  - no controller yet (Initializing, AwaitingApproval, Standby): 503 `Initializing`;
 *  - suspended: 503 `Suspended`;
 *  - otherwise 200 with its ControllerStatus (stats-report.ts).
 * The process's 503s carry no Retry-After; only the manager adds one to its own (docs/feldera/errors-and-retries.md#error-body).
 */
import type { RuntimeStatus } from "../../model/status";
import { failure } from "../errors";
import { json, type Reply } from "../reply";
import type { QueryParam } from "../request-parsing";
import { syncStats } from "../stats";
import { controllerStatus } from "../stats-report";
import { isPipeline, type RequestContext } from "./context";
import { deployedPipeline } from "./runtime";

/** `StatsParams`: the pipeline parses it (here, before the handler: a bad value is a plain 400 either way). */
export const STATS_QUERY: Record<string, QueryParam> = { include_connector_errors: { kind: "bool" } };

/** Phases in which the pipeline server has no controller to ask (server.rs `missing_controller_error`). */
const NOT_INITIALIZED: readonly RuntimeStatus[] = ["Initializing", "AwaitingApproval", "Standby"];

export function getPipelineStats(ctx: RequestContext): Reply {
  const p = deployedPipeline(ctx);
  if (!isPipeline(p)) return p;
  const status = p.runtimeStatus ?? "Initializing";
  if (NOT_INITIALIZED.includes(status)) return pipelineError(failure("Initializing", null));
  if (status === "Suspended") return pipelineError(failure("Suspended", null));
  syncStats(ctx.store, p);
  const includeErrors = ctx.query["include_connector_errors"] === true;
  return json(200, controllerStatus(ctx.store, p, p.stats!, includeErrors));
}

function pipelineError(f: ReturnType<typeof failure>): Reply {
  return json(f.status, f.body);
}
