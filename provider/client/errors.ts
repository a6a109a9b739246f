/**
 * The client's errors: one class per way a request can fail, each with a stable `code` (provider/errors.ts)
 * and the structured fields a caller decides on. Shape after Feldera's Python client (FelderaAPIError with
 * status, error_code, details, retry_after) and undici (coded errors, branded for cross-copy checks).
 *
 * Messages are written for a person reading `pulumi up` output: what was asked (method and path), what
 * came back, and where useful what to change. Every message passes through `redact` here as a last line
 * of defence; the code that builds them also redacts the exact secrets it knows (SecretSet).
 */
import { FelderaError, hasFelderaBrand } from "../error-base";
import { redact } from "./redact";

/** Whether the request may have reached the server before the connection failed (docs/feldera/errors-and-retries.md#transient "no response"). */
export type RequestSent = "no" | "maybe";

interface RequestRef {
  method: string;
  /** Path and query as sent, without scheme and host. */
  path: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const withHint = (message: string, hint?: string) => (hint ? `${message}. ${hint}` : message);

/** A Feldera error body (`{message, error_code, details}`, docs/feldera/errors-and-retries.md#error-body) on a non-2xx response. */
export class FelderaApiError extends FelderaError {
  readonly code = "FELDERA_ERR_API" as const;
  readonly status: number;
  /** The server's own `error_code`, e.g. `UpdateRestrictedToStopped`. */
  readonly errorCode: string;
  readonly serverMessage: string;
  readonly details: unknown;
  readonly method: string;
  readonly path: string;
  /** From `Retry-After` (seconds or HTTP-date), when the server sent one. */
  readonly retryAfterMs?: number;
  readonly attempts: number;

  /** @internal */
  constructor(
    init: RequestRef & {
      status: number;
      errorCode: string;
      serverMessage: string;
      details?: unknown;
      retryAfterMs?: number;
      attempts: number;
      hint?: string;
    },
  ) {
    const after = init.attempts > 1 ? ` (attempt ${init.attempts})` : "";
    super(
      redact(
        withHint(
          `Feldera API error ${init.status} ${init.errorCode} on ${init.method} ${init.path}${after}: ${init.serverMessage}`,
          init.hint,
        ),
      ),
    );
    this.status = init.status;
    this.errorCode = init.errorCode;
    this.serverMessage = redact(init.serverMessage);
    this.details = init.details;
    this.method = init.method;
    this.path = init.path;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    this.attempts = init.attempts;
  }
}

/**
 * A non-2xx response whose body is not Feldera's: a proxy's 502 page, an empty 401, actix's plain-text
 * 400/404/413 (docs/feldera/errors-and-retries.md#error-body). The openapi description asks clients to keep these apart from Feldera's own errors.
 */
export class FelderaHttpError extends FelderaError {
  readonly code = "FELDERA_ERR_NOT_FELDERA" as const;
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly contentType: string;
  /** At most 300 characters of the body, single-line and credential-redacted. */
  readonly bodyExcerpt: string;
  readonly retryAfterMs?: number;
  readonly attempts: number;

  /** @internal */
  constructor(
    init: RequestRef & {
      status: number;
      contentType: string;
      bodyExcerpt: string;
      retryAfterMs?: number;
      attempts: number;
      hint?: string;
    },
  ) {
    super(redact(withHint(describeHttpError(init), init.hint)));
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.contentType = init.contentType;
    this.bodyExcerpt = redact(init.bodyExcerpt);
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    this.attempts = init.attempts;
  }
}

/**
 * Not necessarily a proxy: Feldera's web framework answers an empty 401 and plain-text 400/413 too. A 401
 * without Feldera's body is its answer to a missing or unverifiable bearer (docs/feldera/auth-and-tenants.md#authentication): say that, not how the
 * body looked.
 */
function describeHttpError(
  init: RequestRef & { status: number; contentType: string; bodyExcerpt: string },
): string {
  const body = init.bodyExcerpt ? `: ${init.bodyExcerpt}` : " with an empty body";
  if (init.status === 401) {
    return `The server rejected ${init.method} ${init.path} for lack of a valid credential (HTTP 401${init.bodyExcerpt ? body : ""})`;
  }
  const type = init.contentType || "no content-type";
  return `HTTP ${init.status} on ${init.method} ${init.path} without a Feldera error body (${type})${body}`;
}

/** No response at all: refused, reset, DNS, TLS. `cause` is the underlying (undici or system) error. */
export class FelderaTransportError extends FelderaError {
  readonly code = "FELDERA_ERR_TRANSPORT" as const;
  readonly method: string;
  readonly path: string;
  /** e.g. `ECONNREFUSED`, `UND_ERR_SOCKET`, `DEPTH_ZERO_SELF_SIGNED_CERT`. */
  readonly causeCode: string;
  readonly requestSent: RequestSent;

  /** @internal */
  constructor(
    init: RequestRef & {
      host: string;
      causeCode: string;
      causeMessage: string;
      requestSent: RequestSent;
      hint?: string;
    },
    options?: { cause?: unknown },
  ) {
    super(
      redact(
        withHint(
          `No response from Feldera at ${init.host} to ${init.method} ${init.path}: ${init.causeCode} ${init.causeMessage}`.trim(),
          init.hint,
        ),
      ),
      options,
    );
    this.method = init.method;
    this.path = init.path;
    this.causeCode = init.causeCode;
    this.requestSent = init.requestSent;
  }
}

/** The per-attempt timeout (headers and body) expired; the server may have acted on the request. */
export class FelderaRequestTimeoutError extends FelderaError {
  readonly code = "FELDERA_ERR_REQUEST_TIMEOUT" as const;
  readonly method: string;
  readonly path: string;
  readonly timeoutMs: number;
  readonly requestSent = "maybe" as const;

  /** @internal */
  constructor(init: RequestRef & { host: string; timeoutMs: number }) {
    super(
      `Feldera at ${init.host} did not answer ${init.method} ${init.path} within ${init.timeoutMs} ms ` +
        `(per-request timeout: feldera:requestTimeoutSeconds / FELDERA_REQUEST_TIMEOUT)`,
    );
    this.method = init.method;
    this.path = init.path;
    this.timeoutMs = init.timeoutMs;
  }
}

/** Retries exhausted, or the total deadline reached (or about to be, by a `Retry-After`). */
export class FelderaRetryDeadlineError extends FelderaError {
  readonly code = "FELDERA_ERR_RETRY_DEADLINE" as const;
  readonly method: string;
  readonly path: string;
  readonly attempts: number;
  readonly elapsedMs: number;
  readonly reason: string;

  /** @internal */
  constructor(init: RequestRef & { attempts: number; elapsedMs: number; reason: string }, cause: Error) {
    super(
      redact(
        `Gave up on ${init.method} ${init.path} after ${plural(init.attempts, "attempt")} in ` +
          `${(init.elapsedMs / 1000).toFixed(1)} s: ${init.reason}. Last error: ${cause.message}`,
      ),
      { cause },
    );
    this.method = init.method;
    this.path = init.path;
    this.attempts = init.attempts;
    this.elapsedMs = init.elapsedMs;
    this.reason = init.reason;
  }
}

/** A 2xx response that lacks or mistypes a field this package relies on. */
export class FelderaResponseShapeError extends FelderaError {
  readonly code = "FELDERA_ERR_RESPONSE_SHAPE" as const;
  readonly method: string;
  readonly path: string;
  /** e.g. `program_status`, `[2].name`, or `(body)` when the body is not JSON at all. */
  readonly field: string;
  readonly serverVersion: string;

  /** @internal */
  constructor(init: RequestRef & { field: string; problem: string; serverVersion: string }) {
    super(
      redact(
        `Unexpected response from Feldera (${init.serverVersion}) to ${init.method} ${init.path}: ` +
          `${init.field} ${init.problem}. This package supports Feldera v0.148.0 and later; ` +
          `if the server is newer than v0.337.0, please report this`,
      ),
    );
    this.method = init.method;
    this.path = init.path;
    this.field = init.field;
    this.serverVersion = init.serverVersion;
  }
}

/** A connection setting is missing or malformed. Names the key, where it came from, and the fix. */
export class FelderaConfigError extends FelderaError {
  readonly code = "FELDERA_ERR_CONFIG" as const;
  /** The setting (`host`, `apiKey`, …), when one setting is at fault. */
  readonly setting?: string;
  /** Where its value came from, e.g. `FELDERA_REQUEST_TIMEOUT` or `feldera:requestTimeoutSeconds`. */
  readonly source?: string;

  /** @internal */
  constructor(
    message: string,
    init: { setting?: string; source?: string } = {},
    options?: { cause?: unknown },
  ) {
    super(redact(message), options);
    if (init.setting !== undefined) this.setting = init.setting;
    if (init.source !== undefined) this.source = init.source;
  }
}

/** The auth token command failed, timed out, or printed nothing. Never carries the command's output. */
export class FelderaAuthCommandError extends FelderaError {
  readonly code = "FELDERA_ERR_AUTH_COMMAND" as const;
  readonly exitCode: number | null;
  readonly stderrExcerpt: string;

  /** @internal */
  constructor(init: { exitCode: number | null; problem: string; stderrExcerpt: string }) {
    const stderr = init.stderrExcerpt ? `; stderr: ${init.stderrExcerpt}` : "";
    super(
      redact(
        `The auth token command (feldera:authTokenCommand / FELDERA_AUTH_TOKEN_COMMAND) ${init.problem}${stderr}`,
      ),
    );
    this.exitCode = init.exitCode;
    this.stderrExcerpt = redact(init.stderrExcerpt);
  }
}

/** The server is not a Feldera API server this package can drive (too old, or not Feldera at all). */
export class FelderaUnsupportedServerError extends FelderaError {
  readonly code = "FELDERA_ERR_UNSUPPORTED_SERVER" as const;
  /** The server's version, when it told us one. */
  readonly serverVersion?: string;

  /** @internal */
  constructor(message: string, init: { serverVersion?: string } = {}, options?: { cause?: unknown }) {
    super(redact(message), options);
    if (init.serverVersion !== undefined) this.serverVersion = init.serverVersion;
  }
}

/** True for a Feldera error body (from any loaded copy of this package), optionally with one `error_code`. */
export function isApiError(e: unknown, errorCode?: string): e is FelderaApiError {
  if (!hasFelderaBrand(e, "FELDERA_ERR_API")) return false;
  return errorCode === undefined || (e as FelderaApiError).errorCode === errorCode;
}
