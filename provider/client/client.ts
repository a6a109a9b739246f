/**
 * The Feldera client: one method per endpoint this package uses (docs/feldera/update-rules.md#endpoints, docs/feldera/deployment-and-stop.md, docs/feldera/platform.md), each a
 * typed request through the retry loop (request.ts) and a validated body (response.ts). One pool and one
 * feature detection per client; no state outside the instance.
 */
import { z } from "zod";
import { isFelderaError } from "../errors";
import type { BootstrapPolicy, StartInitial } from "../model/status";
import {
  type PatchPipelineBody,
  type Pipeline,
  type PipelineDiff,
  PipelineDiffSchema,
  PipelineSchema,
  type PipelineStats,
  PipelineStatsSchema,
  type PipelineStatus,
  PipelineStatusSchema,
  type PostPutPipelineBody,
  type ServerConfig,
  ServerConfigSchema,
  type ValidateProgramResponse,
  ValidateProgramResponseSchema,
} from "../model/wire";
import { createPipelineResolvingAmbiguity } from "./create";
import { FelderaConfigError, FelderaUnsupportedServerError, isApiError } from "./errors";
import { assertSupported, detectFeatures, type ServerFeatures } from "./features";
import { type HttpCall, target } from "./http";
import type { Query } from "./idempotency";
import { buildClientParts, type ClientParts, type FelderaClientOptions } from "./options";
import { Requester, type SendOptions } from "./request";
import { decodeBody } from "./response";

const PipelineListSchema = z.array(PipelineSchema);
const PipelineStatusListSchema = z.array(PipelineStatusSchema);

/** How a bootstrap runs (mutually exclusive): output connectors off, or beside the running pipeline. */
export interface BootstrapOptions {
  silentBootstrap?: boolean;
  concurrentBootstrap?: boolean;
}

export interface StartOptions extends BootstrapOptions {
  /** Default `running`. */
  initial?: StartInitial;
  /** Omitted when unset: the server's default is `await_approval`. */
  bootstrapPolicy?: BootstrapPolicy;
  /** Default false: callers dismiss first (`dismissError()`), so a retried start cannot wipe a new error (docs/feldera/deployment-and-stop.md#start). */
  dismissError?: boolean;
}

/** Only what was set: servers before v0.300/v0.324 do not know these parameters (and ignore them, docs/feldera/versions.md). */
function bootstrapQuery(opts: BootstrapOptions): Record<string, string> {
  const query: Record<string, string> = {};
  if (opts.silentBootstrap !== undefined) query["silent_bootstrap"] = String(opts.silentBootstrap);
  if (opts.concurrentBootstrap !== undefined)
    query["concurrent_bootstrap"] = String(opts.concurrentBootstrap);
  return query;
}

const pipelinePath = (name: string, action?: string) =>
  `/v0/pipelines/${encodeURIComponent(name)}${action ? `/${action}` : ""}`;

/**
 * `/validate_program` and `/diff` compile before answering, for up to the server's
 * `sql_compilation_timeout_secs` (default 300 s, after which it answers 504 CompilerTimeout, docs/feldera/compilation.md#validate-program): aborting
 * sooner and resending would only start the same compile again.
 */
const COMPILE_REQUEST_TIMEOUT_MS = 310_000;

export class FelderaClient {
  /** The base URL as configured. */
  readonly host: string;
  readonly #parts: ClientParts;
  readonly #requester: Requester;
  #features: Promise<ServerFeatures> | undefined;
  #serverVersion: string | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: FelderaClientOptions) {
    this.host = options.host;
    this.#parts = buildClientParts(options);
    this.#requester = new Requester(this.#parts.wire, this.#parts.auth, this.#parts.policy);
  }

  listPipelines(): Promise<Pipeline[]> {
    return this.#get("list_pipelines", "/v0/pipelines", { selector: "all" }, PipelineListSchema);
  }

  listPipelineStatuses(): Promise<PipelineStatus[]> {
    return this.#get("list_pipelines", "/v0/pipelines", { selector: "status" }, PipelineStatusListSchema);
  }

  getPipeline(name: string): Promise<Pipeline> {
    return this.#get("get_pipeline", pipelinePath(name), { selector: "all" }, PipelineSchema);
  }

  /** The cheap shape every wait polls. */
  getPipelineStatus(name: string): Promise<PipelineStatus> {
    return this.#get("get_pipeline", pipelinePath(name), { selector: "status" }, PipelineStatusSchema);
  }

  /**
   * The running pipeline's statistics: per input connector, records received, end of input, errors.
   * Forwarded to the pipeline process (docs/feldera/deployment-and-stop.md#runtime-actions), so it answers only while the pipeline is up: not deployed
   * (503 PipelineInteractionNotDeployed), unreachable (503 PipelineUnavailable) and still initialising
   * (503 Initializing) are all 503s, which a GET retries within the retry budget before surfacing them.
   */
  getStats(name: string): Promise<PipelineStats> {
    return this.#get("get_pipeline_stats", pipelinePath(name, "stats"), undefined, PipelineStatsSchema);
  }

  /** POST; an ambiguous outcome is resolved by reading the pipeline back (create.ts). */
  createPipeline(body: PostPutPipelineBody): Promise<Pipeline> {
    const post: HttpCall = { op: "post_pipeline", method: "POST", path: "/v0/pipelines", body };
    const requester = this.#requester;
    return createPipelineResolvingAmbiguity(
      {
        newBudget: () => requester.newBudget(),
        post: (b, budget) => this.#send({ ...post, body: b }, PipelineSchema, { budget }),
        find: (name, budget) =>
          this.#send(
            { op: "get_pipeline", method: "GET", path: pipelinePath(name), query: { selector: "all" } },
            PipelineSchema,
            { budget: requester.childBudget(budget) },
          ).catch((e: unknown) => {
            if (isApiError(e, "UnknownPipelineName")) return undefined;
            throw e;
          }),
        waitBeforeRetry: (budget, last) => requester.waitBeforeRetry(budget, post, last),
        path: target(this.#parts.wire, post),
        now: () => this.#parts.policy.now(),
      },
      body,
    );
  }

  /** Full replace, or create when absent (docs/feldera/update-rules.md#put-and-rename): `created` tells which. */
  async putPipeline(
    name: string,
    body: PostPutPipelineBody,
  ): Promise<{ pipeline: Pipeline; created: boolean }> {
    const call: HttpCall = { op: "put_pipeline", method: "PUT", path: pipelinePath(name), body };
    const raw = await this.#requester.request(call);
    return { pipeline: this.#decode(raw, PipelineSchema, call), created: raw.status === 201 };
  }

  patchPipeline(name: string, body: PatchPipelineBody): Promise<Pipeline> {
    return this.#send(
      { op: "patch_pipeline", method: "PATCH", path: pipelinePath(name), body },
      PipelineSchema,
    );
  }

  /** A 404 on a retry counts as success (the lost attempt deleted it); on the first attempt it is an error. */
  async deletePipeline(name: string): Promise<void> {
    await this.#requester.request(
      { op: "delete_pipeline", method: "DELETE", path: pipelinePath(name) },
      { notFoundAfterUnknownOutcomeIsSuccess: true },
    );
  }

  /** Always sends `dismiss_error` explicitly (default false; the server's default is true, docs/feldera/deployment-and-stop.md#start). */
  start(name: string, opts: StartOptions = {}): Promise<void> {
    const query: Record<string, string> = {
      initial: opts.initial ?? "running",
      dismiss_error: String(opts.dismissError ?? false),
    };
    if (opts.bootstrapPolicy !== undefined) query["bootstrap_policy"] = opts.bootstrapPolicy;
    return this.#action("post_pipeline_start", name, "start", { ...query, ...bootstrapQuery(opts) });
  }

  /** `force` is required: a bare `/stop` is the suspend variant, 501 on the open-source edition (docs/feldera/deployment-and-stop.md#stop). */
  stop(name: string, opts: { force: boolean }): Promise<void> {
    if (typeof opts?.force !== "boolean") {
      throw new FelderaConfigError(
        "stop() needs { force: true } (stop now) or { force: false } (suspend first)",
        {
          setting: "force",
        },
      );
    }
    return this.#action("post_pipeline_stop", name, "stop", { force: String(opts.force) });
  }

  pause(name: string): Promise<void> {
    return this.#action("post_pipeline_pause", name, "pause");
  }

  resume(name: string): Promise<void> {
    return this.#action("post_pipeline_resume", name, "resume");
  }

  /** Releases a pipeline waiting in AwaitingApproval; the options choose how this bootstrap runs (docs/feldera/deployment-and-stop.md#runtime-actions). */
  approve(name: string, opts: BootstrapOptions = {}): Promise<void> {
    const query = bootstrapQuery(opts);
    return this.#action(
      "post_pipeline_approve",
      name,
      "approve",
      Object.keys(query).length ? query : undefined,
    );
  }

  /**
   * Standby → active (Enterprise only). `initial` is sent in snake_case: the manager parses it with
   * `snake_case_runtime_desired_status` even though openapi.json reuses the PascalCase enum's schema.
   */
  activate(name: string, initial?: "running" | "paused"): Promise<void> {
    return this.#action("post_pipeline_activate", name, "activate", initial ? { initial } : undefined);
  }

  clearStorage(name: string): Promise<void> {
    return this.#action("post_pipeline_clear", name, "clear");
  }

  dismissError(name: string): Promise<void> {
    return this.#action("post_pipeline_dismiss_error", name, "dismiss_error");
  }

  async getServerConfig(): Promise<ServerConfig> {
    const config = await this.#get("get_config", "/v0/config", undefined, ServerConfigSchema);
    this.#serverVersion = config.version;
    return config;
  }

  validateProgram(req: {
    program_code: string;
    runtime_version?: string | null;
  }): Promise<ValidateProgramResponse> {
    const body: Record<string, unknown> = { program_code: req.program_code };
    if (req.runtime_version != null) body["runtime_version"] = req.runtime_version;
    return this.#send(
      {
        op: "post_validate_program",
        method: "POST",
        path: "/v0/validate_program",
        body,
        minTimeoutMs: COMPILE_REQUEST_TIMEOUT_MS,
      },
      ValidateProgramResponseSchema,
    );
  }

  diffPipeline(name: string, req: { program_code?: string } = {}): Promise<PipelineDiff> {
    // The body is required by openapi.json even when empty (= compare with the current program).
    const body = req.program_code !== undefined ? { program_code: req.program_code } : {};
    return this.#send(
      {
        op: "post_pipeline_diff",
        method: "POST",
        path: pipelinePath(name, "diff"),
        body,
        minTimeoutMs: COMPILE_REQUEST_TIMEOUT_MS,
      },
      PipelineDiffSchema,
    );
  }

  /**
   * What the server supports, detected once per client from `GET /v0/config` (docs/feldera/platform.md#config, docs/feldera/versions.md). A failure is not
   * memoised (the next call asks again), except an unsupported server, which will not change.
   */
  features(): Promise<ServerFeatures> {
    if (this.#features) return this.#features;
    const pending = this.#detectFeatures();
    this.#features = pending;
    pending.catch((e: unknown) => {
      if (this.#features === pending && !isFelderaError(e, "FELDERA_ERR_UNSUPPORTED_SERVER")) {
        this.#features = undefined;
      }
    });
    return pending;
  }

  /** Closes the pool this client built (an injected dispatcher is left to its owner). Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#parts.ownedPool ? this.#parts.ownedPool.close() : Promise.resolve();
    return this.#closing;
  }

  async #detectFeatures(): Promise<ServerFeatures> {
    let config: ServerConfig;
    try {
      config = await this.getServerConfig();
    } catch (e) {
      const notFound =
        (isFelderaError(e, "FELDERA_ERR_API") || isFelderaError(e, "FELDERA_ERR_NOT_FELDERA")) &&
        e.status === 404;
      if (!notFound) throw e;
      throw new FelderaUnsupportedServerError(
        `The server at ${this.#parts.endpoint.label} answered 404 to GET /v0/config: it is not a Feldera API ` +
          `server, or one older than v0.148.0. Check feldera:host / FELDERA_HOST (including any path prefix)`,
        {},
        { cause: e },
      );
    }
    const features = detectFeatures(config);
    assertSupported(features, this.#parts.endpoint.label);
    return features;
  }

  #get<T>(op: HttpCall["op"], path: string, query: Query | undefined, schema: z.ZodType<T>): Promise<T> {
    return this.#send({ op, method: "GET", path, ...(query ? { query } : {}) }, schema);
  }

  async #send<T>(call: HttpCall, schema: z.ZodType<T>, options?: SendOptions): Promise<T> {
    const raw = await this.#requester.request(call, options);
    return this.#decode(raw, schema, call);
  }

  #decode<T>(raw: Parameters<typeof decodeBody>[0], schema: z.ZodType<T>, call: HttpCall): T {
    const v = this.#serverVersion;
    return decodeBody(raw, schema, {
      method: call.method,
      path: target(this.#parts.wire, call),
      serverVersion: v === undefined ? "unknown version" : v.startsWith("v") ? v : `v${v}`,
    });
  }

  /** A POST whose 2xx body (a JSON string such as "Pipeline is starting") carries nothing we use. */
  async #action(op: HttpCall["op"], name: string, action: string, query?: Query): Promise<void> {
    await this.#requester.request({
      op,
      method: "POST",
      path: pipelinePath(name, action),
      ...(query ? { query } : {}),
    });
  }
}
