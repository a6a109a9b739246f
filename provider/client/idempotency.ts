/**
 * Which operations are safe to send twice. The one place that decides; the retry loop only asks.
 *
 * Repeating a request is safe when the operation sets a desired state (repeating yields the same state)
 * or is a pure function of its input (docs/feldera/deployment-and-stop.md#idempotency; the same list as Feldera's Rust client,
 * crates/rest-api/src/retry.rs). An operation that is not idempotent is retried only when the request
 * provably never reached the server (a connect-phase failure); an ambiguous outcome is left to the
 * caller (create resolves it by reading the pipeline, create.ts).
 *
 * Operation names are the openapi `operationId`s.
 */

export type Operation =
  | "get_config"
  | "list_pipelines"
  | "get_pipeline"
  | "get_pipeline_stats"
  | "post_pipeline"
  | "put_pipeline"
  | "patch_pipeline"
  | "delete_pipeline"
  | "post_pipeline_start"
  | "post_pipeline_stop"
  | "post_pipeline_pause"
  | "post_pipeline_resume"
  | "post_pipeline_approve"
  | "post_pipeline_activate"
  | "post_pipeline_clear"
  | "post_pipeline_dismiss_error"
  | "post_validate_program"
  | "post_pipeline_diff";

/** Query parameters as sent (strings), for the operations whose safety depends on them. */
export type Query = Readonly<Record<string, string>>;

interface Rule {
  idempotent: boolean | ((query: Query) => boolean);
  why: string;
}

const RULES: Readonly<Record<Operation, Rule>> = {
  get_config: { idempotent: true, why: "GET: reads only" },
  list_pipelines: { idempotent: true, why: "GET: reads only" },
  get_pipeline: { idempotent: true, why: "GET: reads only" },
  get_pipeline_stats: {
    idempotent: true,
    why: "GET: reads only (forwarded to the pipeline, docs/feldera/deployment-and-stop.md#runtime-actions)",
  },
  post_pipeline: {
    idempotent: false,
    why: "a second create answers 409 DuplicateName (docs/feldera/update-rules.md#put-and-rename); an ambiguous outcome is resolved by reading",
  },
  put_pipeline: {
    idempotent: true,
    why: "full replace: the same body yields the same pipeline (docs/feldera/deployment-and-stop.md#idempotency)",
  },
  patch_pipeline: {
    idempotent: true,
    why: "sets the given fields: the same body yields the same pipeline (docs/feldera/deployment-and-stop.md#idempotency)",
  },
  delete_pipeline: {
    idempotent: true,
    why: "a 404 on a retry means the first attempt deleted it (docs/feldera/deployment-and-stop.md#idempotency)",
  },
  post_pipeline_start: {
    idempotent: (q) => q["dismiss_error"] === "false",
    why:
      "sets the desired status; but with dismiss_error=true a retry could wipe an error the first attempt " +
      "produced and start again, so only dismiss_error=false is repeatable (docs/feldera/deployment-and-stop.md#start)",
  },
  post_pipeline_stop: {
    idempotent: (q) => q["force"] === "true",
    why: "force=true sets desired Stopped, always allowed (docs/feldera/deployment-and-stop.md#stop); force=false forwards a suspend to the pipeline",
  },
  post_pipeline_pause: {
    idempotent: true,
    why: "same desired status → 202, no effect (docs/feldera/deployment-and-stop.md#runtime-actions)",
  },
  post_pipeline_resume: {
    idempotent: true,
    why: "same desired status → 202, no effect (docs/feldera/deployment-and-stop.md#runtime-actions)",
  },
  post_pipeline_approve: {
    idempotent: true,
    why: "a no-op outside AwaitingApproval (docs/feldera/deployment-and-stop.md#idempotency)",
  },
  post_pipeline_activate: {
    idempotent: true,
    why: "activating an active pipeline is a no-op (docs/feldera/deployment-and-stop.md#idempotency)",
  },
  post_pipeline_clear: {
    idempotent: true,
    why: "Clearing → Clearing and Cleared → 202 no-op (docs/feldera/storage.md)",
  },
  post_pipeline_dismiss_error: {
    idempotent: true,
    why: "dismissing no error succeeds in any state (docs/feldera/deployment-and-stop.md#dismiss-error)",
  },
  post_validate_program: {
    idempotent: true,
    why: "pure: compiles SQL, stores nothing (docs/feldera/compilation.md#validate-program)",
  },
  post_pipeline_diff: {
    idempotent: true,
    why: "pure: compares programs, stores nothing (docs/feldera/compilation.md#program-diff)",
  },
};

/** Every operation this client sends (tests check each against openapi.json's operationIds). */
export const OPERATIONS = Object.keys(RULES) as readonly Operation[];

/** Whether `op` with this query may be sent again after a response-less or transient failure. */
export function isIdempotent(op: Operation, query: Query = {}): boolean {
  const rule = RULES[op].idempotent;
  return typeof rule === "function" ? rule(query) : rule;
}

/** The reason recorded for `op`, for messages and documentation. */
export function idempotencyReason(op: Operation): string {
  return RULES[op].why;
}
