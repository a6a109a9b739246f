/**
 * A `PipelineApi` (provider/lifecycle/pipeline-api.ts) answered from a script, and a clock that moves only
 * when a wait sleeps: the lifecycle's specs run without a server and without real time.
 *
 * Reads answer from ordered lists whose last entry repeats; a write succeeds (PATCH answers the newest
 * pipeline, with the last polled status, the body applied and `version` +1) unless the script queued a
 * failure for it.
 * Every call is recorded in words, so a test compares the whole conversation with one `toEqual`.
 */
import { FelderaApiError, FelderaRequestTimeoutError } from "../../provider/client/errors";
import type { LifecycleContext, StepContext } from "../../provider/lifecycle/apply";
import type { PipelineApi } from "../../provider/lifecycle/pipeline-api";
import type { WaitClock } from "../../provider/lifecycle/wait";
import { DEFAULT_TIMEOUTS, type DesiredPipeline } from "../../provider/model/inputs";
import type {
  PatchPipelineBody,
  Pipeline,
  PipelineStats,
  PipelineStatus,
  PostPutPipelineBody,
} from "../../provider/model/wire";
import type { PlanFeatures } from "../../provider/plan/field-changes";

/** A clock that advances only when the wait sleeps: no test waits on real time. */
export function fakeClock(): WaitClock & { sleeps: number[] } {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
  };
}

type Answer<T> = T | Error;

type WriteMethod =
  | "createPipeline"
  | "patchPipeline"
  | "deletePipeline"
  | "start"
  | "stop"
  | "pause"
  | "resume"
  | "approve"
  | "activate"
  | "clearStorage"
  | "dismissError";

export interface Script {
  /** `getPipeline` answers in order (the last repeats); default: the newest pipeline written. */
  reads?: Answer<Pipeline>[];
  /** `getPipelineStatus` answers in order; the last repeats. */
  polls?: Answer<PipelineStatus>[];
  /** `listPipelineStatuses`. */
  list?: PipelineStatus[];
  /** `getStats` answers in order; the last repeats. */
  stats?: PipelineStats[];
  /** Failures of writes, consumed one per call of that method; a call with none left succeeds. */
  failures?: Partial<Record<WriteMethod, Error[]>>;
  /** The pipeline PATCH and POST build on (default: the first read). */
  current?: Pipeline;
}

/** A server error body as the client raises it (docs/feldera/errors-and-retries.md#error-body). */
export function apiError(errorCode: string, status = 400): FelderaApiError {
  return new FelderaApiError({
    status,
    errorCode,
    serverMessage: `refused: ${errorCode}`,
    method: "POST",
    path: "/v0/pipelines/orders",
    attempts: 1,
  });
}

export const unknownPipeline = () => apiError("UnknownPipelineName", 404);

/** A request whose answer was lost: the server may have acted on it. */
export function lostAnswer(path = "/v0/pipelines/orders"): FelderaRequestTimeoutError {
  return new FelderaRequestTimeoutError({ method: "POST", path, host: "feldera.test", timeoutMs: 30_000 });
}

export class ScriptedApi implements PipelineApi {
  readonly calls: string[] = [];
  private readonly used = new Map<string, number>();
  private current: Pipeline | undefined;

  constructor(private readonly script: Script = {}) {
    const first = script.reads?.find((r): r is Pipeline => !(r instanceof Error));
    this.current = script.current ?? first;
  }

  /** The calls that write, without the reads. */
  get writes(): string[] {
    return this.calls.filter((c) => !/^(get|list)/.test(c));
  }

  private next<T>(key: string, list: Answer<T>[] | undefined, fallback?: T): T {
    const i = this.used.get(key) ?? 0;
    this.used.set(key, i + 1);
    const answer = list && list.length > 0 ? list[Math.min(i, list.length - 1)] : fallback;
    if (answer === undefined) throw new Error(`the script has no answer for ${key}`);
    if (answer instanceof Error) throw answer;
    return answer;
  }

  private write(method: WriteMethod, call: string): void {
    this.calls.push(call);
    const i = this.used.get(method) ?? 0;
    this.used.set(method, i + 1);
    const failure = this.script.failures?.[method]?.[i];
    if (failure) throw failure;
  }

  async getPipeline(name: string): Promise<Pipeline> {
    this.calls.push(`getPipeline ${name}`);
    return this.next("reads", this.script.reads, this.current);
  }
  async getPipelineStatus(name: string): Promise<PipelineStatus> {
    this.calls.push(`getPipelineStatus ${name}`);
    const s = this.next("polls", this.script.polls);
    // What the server reports is what a later write builds on.
    if (this.current) this.current = { ...this.current, ...s };
    return s;
  }
  async listPipelineStatuses(): Promise<PipelineStatus[]> {
    this.calls.push("listPipelineStatuses");
    return this.script.list ?? [];
  }
  async getStats(name: string): Promise<PipelineStats> {
    this.calls.push(`getStats ${name}`);
    return this.next("stats", this.script.stats);
  }
  async createPipeline(body: PostPutPipelineBody): Promise<Pipeline> {
    this.write("createPipeline", `create ${Object.keys(body).join(",")}`);
    this.current = { ...this.current!, ...(body as Partial<Pipeline>), version: 1 };
    return this.current;
  }
  async patchPipeline(name: string, body: PatchPipelineBody): Promise<Pipeline> {
    this.write("patchPipeline", `patch ${name} ${Object.keys(body).join(",")}`);
    const base = this.current!;
    this.current = { ...base, ...(body as Partial<Pipeline>), version: base.version + 1 };
    return this.current;
  }
  async deletePipeline(name: string): Promise<void> {
    this.write("deletePipeline", `delete ${name}`);
  }
  async start(name: string, o: { initial: string; bootstrapPolicy: string; dismissError: boolean }) {
    this.write("start", `start ${name} ${o.initial} ${o.bootstrapPolicy}${o.dismissError ? " dismiss" : ""}`);
  }
  async stop(name: string, o: { force: boolean }): Promise<void> {
    this.write("stop", `stop ${name}${o.force ? " force" : ""}`);
  }
  async pause(name: string): Promise<void> {
    this.write("pause", `pause ${name}`);
  }
  async resume(name: string): Promise<void> {
    this.write("resume", `resume ${name}`);
  }
  async approve(name: string): Promise<void> {
    this.write("approve", `approve ${name}`);
  }
  async activate(name: string, initial?: string): Promise<void> {
    this.write("activate", `activate ${name} ${initial ?? ""}`.trim());
  }
  async clearStorage(name: string): Promise<void> {
    this.write("clearStorage", `clear ${name}`);
  }
  async dismissError(name: string): Promise<void> {
    this.write("dismissError", `dismiss_error ${name}`);
  }
}

/** The `selector=status` view of a pipeline fixture: no program text or configs, as the server sends it. */
export function status(p: Pipeline): PipelineStatus {
  const {
    program_code: _code,
    runtime_config: _runtime,
    udf_rust: _rust,
    udf_toml: _toml,
    program_error: _error,
    program_info: _info,
    ...rest
  } = p;
  return rest;
}

/** What performing steps needs, against `api`, with the default timeouts, a fake clock and no narration. */
export function stepContext(api: PipelineApi, overrides: Partial<StepContext> = {}): StepContext {
  return { api, timeouts: { ...DEFAULT_TIMEOUTS }, clock: fakeClock(), progress: () => {}, ...overrides };
}

/** What converging needs on top: the declaration (whose timeouts the waits use) and the server's features. */
export function lifecycleContext(
  api: PipelineApi,
  desired: DesiredPipeline,
  features: PlanFeatures,
  overrides: Partial<LifecycleContext> = {},
): LifecycleContext {
  return { ...stepContext(api), timeouts: desired.timeouts, desired, features, ...overrides };
}
