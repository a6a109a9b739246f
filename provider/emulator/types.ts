/**
 * The emulator's public contract (`pulumi-feldera/emulator`). Other layers and their tests code against
 * these names; docs/feldera/README.md states the behaviour the emulator follows.
 */

/** How long each simulated stage takes, in milliseconds of emulated time (multiplied by `timeScale`). */
export interface StageDelays {
  /** `CompilingSql` → `SqlCompiled`/`SqlError`/`SystemError` (docs/feldera/compilation.md#program-status). Default 500. */
  compileSqlMs: number;
  /** `CompilingRust` → `Success`/`RustError` (docs/feldera/compilation.md#program-status). Default 2000. */
  compileRustMs: number;
  /** `Provisioning` → `Provisioned` (docs/feldera/deployment-and-stop.md#resources-status). Default 1000. */
  provisionMs: number;
  /** runtime `Initializing` → the next runtime phase (docs/feldera/deployment-and-stop.md#runtime-status). Default 500. */
  initializeMs: number;
  /** runtime `Bootstrapping` → `deployment_initial` (docs/feldera/deployment-and-stop.md#runtime-status). Default 300. */
  bootstrapMs: number;
  /** `Stopping` → `Stopped` (docs/feldera/deployment-and-stop.md#resources-status). Default 500. */
  stopMs: number;
  /** storage `Clearing` → `Cleared` (docs/feldera/storage.md). Default 300. */
  clearMs: number;
  /** runtime desired `Suspended` → runtime `Suspended` (checkpoint taken, docs/feldera/deployment-and-stop.md#stop). Default 500. */
  suspendMs: number;
}

export type ApiKeyRole = "read" | "write";

export interface EmulatorOptions {
  /** Interface to listen on. Default `"127.0.0.1"`. */
  host?: string;
  /** Port; default 0 (ephemeral). */
  port?: number;
  /**
   * Platform version the server reports, default `"0.337.0"`; drives legacy behaviour (docs/feldera/versions.md).
   * 0.148.0 is the oldest version emulated; older versions are refused.
   */
  version?: string;
  /** Default `"enterprise"`. OSS refuses fault tolerance, `stop?force=false` and `/activate` (docs/feldera/deployment-and-stop.md#stop, docs/feldera/deployment-and-stop.md#runtime-actions). */
  edition?: "enterprise" | "open-source";
  /**
   * Multiplies every stage delay and the provisioning timeout (emulated time). Default 1; tests use
   * 0.01–0.05. Fault `delay` actions and `refreshTickMs` are wall-clock milliseconds and are not scaled.
   */
  timeScale?: number;
  /** Per-stage delays in ms before `timeScale`; unspecified stages keep their defaults. */
  delays?: Partial<StageDelays>;
  /** If given, every `/v0` request needs `Authorization: Bearer <key>` (docs/feldera/auth-and-tenants.md#authentication); a bare string has role write. */
  apiKeys?: Array<string | { key: string; role: ApiKeyRole }>;
  /** Deterministic fault injection, applied before authentication and routing. */
  faults?: FaultRule[];
  /** Seed of the PRNG used by probabilistic faults. Default 1. */
  seed?: number;
  /** Keep parsed response bodies in the request log (test/support validates every response with them). */
  recordResponseBodies?: boolean;
  /** While Provisioned, bump `refresh_version` every N wall-clock ms (runner detail refresh, docs/feldera/pipeline-object.md#counters). 0 = off. */
  refreshTickMs?: number;
  /** Runner default when `runtime_config.provisioning_timeout_secs` is null (docs/feldera/deployment-and-stop.md#resources-status). Default 20. */
  provisioningTimeoutSecs?: number;
}

export interface Emulator {
  /** `"http://127.0.0.1:PORT"` */
  readonly url: string;
  readonly port: number;
  /** Stops serving, clears every timer, destroys open sockets. Idempotent. */
  close(): Promise<void>;
  /** Every request in arrival order. */
  readonly requests: readonly RequestLogEntry[];
  clearRequests(): void;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Changes stage delays for transitions scheduled from now on. */
  setDelays(delays: Partial<StageDelays>): void;
  /**
   * A Provisioning/Provisioned pipeline fails at runtime: → `Stopping` with `deployment_error`, desired
   * `Stopped` (docs/feldera/deployment-and-stop.md#resources-status). Default error: `DbspPanic`. Throws if the pipeline is unknown or not deployed.
   */
  crash(name: string, error?: { error_code: string; message: string }): void;
  /** The next start of `name` fails while Provisioning (`RunnerProvisionError` by default). */
  failNextProvisioning(name: string, error?: { error_code: string; message: string }): void;
  /**
   * `GET /stats` (ControllerStatus): while Running, each input connector of the program (a table's
   * `WITH ('connectors' = …)`, named `<table>.<connector>`) receives 1000 records per emulated second
   * (wall time ÷ `timeScale`); nothing while Paused. Programs calling NOW() also have the `now` clock
   * input (one record per emulated second). Finite sources (`empty_input`, datagen with `limit`s,
   * `url_input`, `file_input` without `follow`) reach `end_of_input`; output connectors transmit one record per
   * program input record. The controls below change that from now on; counts already received stay.
   *
   * `stallInputs`: the program's input connectors stop receiving (`false`: they resume) while the
   * pipeline stays Running — a pipeline that is up but gets no data. The `now` clock keeps ticking.
   * Persists across restarts of the pipeline. Throws if the pipeline is unknown.
   */
  stallInputs(name: string, stalled?: boolean): void;
  /**
   * A transport error on input connector `endpoint` (e.g. `"orders.kafka"`): `num_transport_errors` +1
   * and the pipeline's `connector_stats.num_errors` +1. Fatal by default: the connector reports
   * `fatal_error` (the first one) and health Unhealthy, and stops receiving, while the pipeline keeps
   * running (as Feldera does). Throws if the pipeline is not deployed or has no such input connector.
   */
  failInput(name: string, endpoint: string, message: string, options?: { fatal?: boolean }): void;
  /**
   * Input connector `endpoint` (every program input connector when omitted) reaches end of input now.
   * Throws if the pipeline is not deployed or has no such input connector.
   */
  endInput(name: string, endpoint?: string): void;
  /**
   * The runner loses contact with the pipeline process (docs/feldera/deployment-and-stop.md#runtime-status): runtime status and desired become
   * `Unavailable` (combined `deployment_status` Unavailable), forwarded requests (`/stats`, `/pause`, …)
   * answer 503 `PipelineUnavailable`, and inputs receive nothing. `false` restores what the pipeline
   * reported before. Throws unless the pipeline is Provisioned and settled (no transition under way).
   */
  setUnavailable(name: string, unavailable?: boolean): void;
  /** The pipeline as `GET ?selector=all` would return it, or undefined if there is none. */
  snapshot(name: string): unknown | undefined;
  /** Called after every observable state change with the pipeline's new `selector=all` snapshot. */
  onTransition(listener: (name: string, pipeline: unknown) => void): () => void;
  /**
   * Simulates a platform upgrade (docs/feldera/compilation.md#when-compilation-runs): the server reports `version` from now on, its legacy behaviour
   * follows the new version, and pipelines still compiling with an older `platform_version` are bumped
   * back to `Pending`. Lets tests exercise PUT's platform bump and `/update_runtime` (docs/feldera/update-rules.md#put-and-rename).
   */
  upgradePlatform(version: string): void;
}

export interface RequestLogEntry {
  method: string;
  /** URL path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, or the raw text if it was not JSON, or undefined when empty. */
  body: unknown;
  /** Status sent (or that would have been sent, for `drop: after-handling`); 0 when nothing was handled. */
  status: number;
  /** `Date.now()` at arrival. */
  startedAt: number;
  durationMs: number;
  /** With `recordResponseBodies`: parsed JSON, or text, or undefined for an empty body. */
  responseBody?: unknown;
  responseContentType?: string;
  /** The fault applied, e.g. `"status:503"`, `"drop:after-handling"`, `"delay:200"`. */
  fault?: string;
}

export type FaultAction =
  | {
      kind: "status";
      status: 408 | 429 | 500 | 502 | 503 | 504;
      /**
       * Default: `feldera` (an ErrorResponse) for 500 and 503, `html` (a proxy page) for 502 and 504,
       * `empty` for 408 and 429.
       */
      body?: "feldera" | "html" | "empty";
      retryAfterSeconds?: number;
    }
  | { kind: "drop"; when: "before-handling" | "after-handling" }
  | { kind: "delay"; ms: number };

export interface FaultRule {
  /** e.g. `"POST"`; default any. */
  method?: string;
  /** Matched against the URL path (no query); a string must match exactly. Default any. */
  path?: string | RegExp;
  /** Let the first N matching requests through. Default 0. */
  after?: number;
  /** Apply to this many matching requests after `after`. Default 1 (Infinity allowed). */
  times?: number;
  /** Apply to each matching request (after `after`) with this probability instead of counting. */
  probability?: number;
  action: FaultAction;
}
