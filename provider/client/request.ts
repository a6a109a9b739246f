/**
 * A request with its retries. Rules (openapi.json `info.description`, docs/feldera/errors-and-retries.md#transient, docs/feldera/errors-and-retries.md#retry-policy):
 *
 * 1. A 2xx is returned as is.
 * 2. A 401 with a token command re-runs the command once and resends at once (auth.ts).
 * 3. A 404 to a DELETE after an attempt whose outcome was unknown means that attempt deleted it: success.
 * 4. No response (refused, reset, timeout) is retried for idempotent operations; for the others only when
 *    the request provably never left (a connect-phase failure). TLS verification failures never retry.
 * 5. 408, 429, 502, 503, 504 are retried for idempotent operations; anything else (other 4xx, 500, 501)
 *    surfaces at once.
 * 6. Before each retry: stop if `maxRetries` are used up; wait `Retry-After` (capped) if the server sent
 *    one, else full-jitter backoff; if that wait would pass the deadline, stop now rather than sleep
 *    in vain. Stopping wraps the last error in FelderaRetryDeadlineError (unless retries are disabled).
 *    The deadline is checked between attempts: an attempt under way runs to its own per-request timeout.
 */
import { isFelderaError } from "../errors";
import type { Authenticator } from "./auth";
import {
  type FelderaApiError,
  type FelderaHttpError,
  FelderaRetryDeadlineError,
  type FelderaTransportError,
} from "./errors";
import { type HttpCall, isPermanentTransport, type RawResponse, sendOnce, target, type Wire } from "./http";
import { isIdempotent } from "./idempotency";
import { errorFromResponse, TRANSIENT_STATUSES } from "./response";
import { backoffMs, type RetryPolicy } from "./retry-policy";

/** The retry state of one logical operation; shared by the requests of a create (create.ts). */
export interface RetryBudget {
  readonly startedAt: number;
  /** Requests sent so far. */
  attempts: number;
  /** Waits taken so far (what `maxRetries` bounds). */
  retries: number;
}

export type RequestFailure = FelderaApiError | FelderaHttpError | FelderaTransportError | Error;

export interface SendOptions {
  budget?: RetryBudget;
  /** DELETE: a 404 after an attempt that may have succeeded is that attempt's success (docs/feldera/deployment-and-stop.md#idempotency). */
  notFoundAfterUnknownOutcomeIsSuccess?: boolean;
}

export class Requester {
  constructor(
    private readonly wire: Wire,
    private readonly auth: Authenticator,
    private readonly policy: RetryPolicy,
    private readonly send: typeof sendOnce = sendOnce,
  ) {}

  newBudget(): RetryBudget {
    return { startedAt: this.policy.now(), attempts: 0, retries: 0 };
  }

  /** A budget for a sub-request: same deadline, its own retry count. */
  childBudget(parent: RetryBudget): RetryBudget {
    return { startedAt: parent.startedAt, attempts: 0, retries: 0 };
  }

  /** Sends `call` until it succeeds or must stop. Resolves with a 2xx (or a rule-3 404); rejects typed. */
  async request(call: HttpCall, options: SendOptions = {}): Promise<RawResponse> {
    const budget = options.budget ?? this.newBudget();
    const idempotent = isIdempotent(call.op, call.query);
    let header = await this.auth.header();
    let refreshed = false;
    let outcomeUnknown = false;
    for (;;) {
      budget.attempts++;
      let raw: RawResponse;
      try {
        raw = await this.send(this.wire, call, header);
      } catch (e) {
        if (!isTransportFailure(e)) throw e;
        const retryable = !isPermanentTransport(e.causeCode ?? "") && (idempotent || e.requestSent === "no");
        if (!retryable) throw e;
        outcomeUnknown ||= e.requestSent === "maybe";
        await this.waitBeforeRetry(budget, call, e);
        continue;
      }
      if (raw.status >= 200 && raw.status < 300) return raw;
      if (raw.status === 401 && this.auth.canRefresh && !refreshed) {
        refreshed = true;
        header = await this.auth.refresh(header);
        continue;
      }
      if (raw.status === 404 && outcomeUnknown && options.notFoundAfterUnknownOutcomeIsSuccess) return raw;
      const error = errorFromResponse(raw, {
        method: call.method,
        path: target(this.wire, call),
        attempts: budget.attempts,
        secrets: this.wire.secrets,
        authHint: (status) => this.auth.hint(status),
      });
      if (!(idempotent && TRANSIENT_STATUSES.has(raw.status))) throw error;
      outcomeUnknown = true;
      await this.waitBeforeRetry(budget, call, error);
    }
  }

  /**
   * Rule 6: wait before the next attempt, or throw when the budget says stop. Public for create.ts, whose
   * loop spans several requests.
   */
  async waitBeforeRetry(budget: RetryBudget, call: HttpCall, last: Error): Promise<void> {
    const { policy } = this;
    if (policy.maxRetries === 0) throw last;
    const elapsed = policy.now() - budget.startedAt;
    const stop = (reason: string): never => {
      throw new FelderaRetryDeadlineError(
        {
          method: call.method,
          path: target(this.wire, call),
          attempts: budget.attempts,
          elapsedMs: elapsed,
          reason,
        },
        last,
      );
    };
    if (budget.retries >= policy.maxRetries) stop(`the ${policy.maxRetries} retries allowed are used up`);
    const asked = (last as { retryAfterMs?: number }).retryAfterMs;
    const wait =
      asked !== undefined ? Math.min(asked, policy.retryAfterCapMs) : backoffMs(policy, budget.retries);
    if (elapsed + wait > policy.deadlineMs) {
      stop(
        asked !== undefined
          ? `the server asked to retry after ${seconds(asked)} s, which would pass the ${seconds(policy.deadlineMs)} s retry deadline`
          : `the ${seconds(policy.deadlineMs)} s retry deadline is reached`,
      );
    }
    budget.retries++;
    await policy.sleep(wait);
  }
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

function isTransportFailure(e: unknown): e is Error & { causeCode?: string; requestSent: "no" | "maybe" } {
  return isFelderaError(e, "FELDERA_ERR_TRANSPORT") || isFelderaError(e, "FELDERA_ERR_REQUEST_TIMEOUT");
}
