/**
 * `POST /v0/pipelines` when the outcome may be unknown. Create is not idempotent (a second one answers 409
 * DuplicateName, docs/feldera/update-rules.md#put-and-rename), so it is resent blindly only when the request provably never left (request.ts).
 * When the outcome is ambiguous (connection dropped after sending, per-request timeout, a 408/429/502/503/504
 * that a proxy may have produced after Feldera acted), read the pipeline by name:
 *
 * 1. found, and equal to what we sent (server-normalised configs) → it is our create: return it;
 * 2. not found → the POST did not happen: send it again (after the usual wait, within the same budget);
 * 3. found but different → someone else's pipeline: the DuplicateName error the server would have given.
 *
 * A 409 DuplicateName after an ambiguous attempt is resolved the same way: that attempt may have landed
 * after we last looked. After attempts the server provably never handled, it is the server's answer.
 */
import { isFelderaError } from "../errors";
import { PIPELINE_FIELDS, type PipelineField } from "../model/pipeline-fields";
import type { Pipeline, PostPutPipelineBody } from "../model/wire";
import { FelderaApiError, FelderaRetryDeadlineError, isApiError } from "./errors";
import { isPermanentTransport } from "./http";
import type { RetryBudget } from "./request";
import { TRANSIENT_STATUSES } from "./response";

export interface CreateSteps {
  newBudget(): RetryBudget;
  /** One POST (retried inside only for connect-phase failures), decoded. */
  post(body: PostPutPipelineBody, budget: RetryBudget): Promise<Pipeline>;
  /** `GET ?selector=all`, undefined on 404 UnknownPipelineName; same deadline as `budget`. */
  find(name: string, budget: RetryBudget): Promise<Pipeline | undefined>;
  waitBeforeRetry(budget: RetryBudget, last: Error): Promise<void>;
  /** Method and path for messages. */
  path: string;
  now(): number;
}

export async function createPipelineResolvingAmbiguity(
  steps: CreateSteps,
  body: PostPutPipelineBody,
): Promise<Pipeline> {
  const budget = steps.newBudget();
  // Only a POST whose outcome was unknown can have created the pipeline: a resend after a connect-phase
  // failure or a 401 (both inside `post`) follows a request the server never handled, so a DuplicateName
  // then means the name was already taken, whatever the pipeline looks like.
  let earlierMayHaveLanded = false;
  for (;;) {
    let failure: Error;
    try {
      return await steps.post(body, budget);
    } catch (e) {
      const retriedDuplicate = isApiError(e, "DuplicateName") && earlierMayHaveLanded;
      if (!(e instanceof Error) || (!retriedDuplicate && !isAmbiguous(e))) throw e;
      failure = e;
      earlierMayHaveLanded = true;
    }
    let found: Pipeline | undefined;
    try {
      found = await steps.find(body.name, budget);
    } catch (readError) {
      throw new FelderaRetryDeadlineError(
        {
          method: "POST",
          path: steps.path,
          attempts: budget.attempts,
          elapsedMs: steps.now() - budget.startedAt,
          reason:
            `the outcome of creating '${body.name}' is unknown (${failure.message}), and reading it back failed ` +
            `too: check whether the pipeline exists before running again`,
        },
        readError instanceof Error ? readError : new Error(String(readError)),
      );
    }
    if (found) {
      const differs = firstDifference(body, found);
      if (differs === undefined) return found;
      throw new FelderaApiError({
        status: 409,
        errorCode: "DuplicateName",
        serverMessage:
          `A pipeline named '${body.name}' exists but is not the one this create sent (its ${differs} differs): ` +
          `it was created by someone else`,
        details: { name: body.name, differs },
        method: "POST",
        path: steps.path,
        attempts: budget.attempts,
      });
    }
    await steps.waitBeforeRetry(budget, failure);
  }
}

/**
 * The first field in which `found` is not what `sent` asked for, or undefined when it is ours. A field
 * the server does not store (tags before v0.313, docs/feldera/versions.md) is absent from `found`: what we sent was ignored.
 */
export function firstDifference(
  sent: PostPutPipelineBody,
  found: Pipeline,
  table: readonly PipelineField[] = PIPELINE_FIELDS,
): string | undefined {
  const [ours, theirs] = [sent as unknown as Record<string, unknown>, found as Record<string, unknown>];
  const stored = (f: PipelineField) => f.since === undefined || theirs[f.wire] !== undefined;
  return table.find((f) => stored(f) && !f.same(ours[f.wire], theirs[f.wire]))?.wire;
}

/** Whether the request may have been acted on although we got no usable answer. */
function isAmbiguous(e: unknown): boolean {
  if (isFelderaError(e, "FELDERA_ERR_REQUEST_TIMEOUT")) return true;
  if (isFelderaError(e, "FELDERA_ERR_TRANSPORT")) {
    const t = e as unknown as { requestSent: string; causeCode: string };
    return t.requestSent === "maybe" && !isPermanentTransport(t.causeCode);
  }
  if (isFelderaError(e, "FELDERA_ERR_API") || isFelderaError(e, "FELDERA_ERR_NOT_FELDERA")) {
    return TRANSIENT_STATUSES.has((e as unknown as { status: number }).status);
  }
  return false;
}
