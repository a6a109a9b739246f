/**
 * One HTTP attempt over the injected undici dispatcher: build the request, enforce the per-attempt timeout
 * (headers and body together), and turn "no response" into a typed error that says whether the request may
 * have reached the server. Deciding what a response *means*, and whether to try again, happens elsewhere
 * (response.ts, request.ts).
 */
import type { IncomingHttpHeaders } from "node:http";
import type { Dispatcher } from "undici";
import { FelderaRequestTimeoutError, FelderaTransportError, type RequestSent } from "./errors";
import type { Operation, Query } from "./idempotency";
import type { SecretSet } from "./redact";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One request of the Feldera API, before the base URL is applied. */
export interface HttpCall {
  op: Operation;
  method: Method;
  /** API path, e.g. `/v0/pipelines/orders` (names already percent-encoded). */
  path: string;
  query?: Query;
  /** JSON-serialised when present. */
  body?: unknown;
  /**
   * A floor under the configured per-request timeout, for calls the server itself lets run long: it
   * compiles `/validate_program` and `/diff` synchronously, for up to its `sql_compilation_timeout_secs`.
   */
  minTimeoutMs?: number;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  contentType: string;
  text: string;
}

/** What every attempt of one client shares. */
export interface Wire {
  dispatcher: Dispatcher;
  /** `scheme://host:port` */
  origin: string;
  /** A path prefix from the host URL (`""` when none), e.g. `/feldera`. */
  basePath: string;
  /** How to name the server in messages: origin plus prefix, never credentials. */
  hostLabel: string;
  /** User-Agent, Accept, Feldera-Tenant. */
  headers: Readonly<Record<string, string>>;
  timeoutMs: number;
  secrets: SecretSet;
}

/** Path and query as sent: what messages and errors call `path`. */
export function target(wire: Pick<Wire, "basePath">, call: Pick<HttpCall, "path" | "query">): string {
  const query = new URLSearchParams(call.query ?? {}).toString();
  return `${wire.basePath}${call.path}${query ? `?${query}` : ""}`;
}

/** Sends `call` once. Resolves with any response (2xx or not); rejects only when there is none. */
export async function sendOnce(wire: Wire, call: HttpCall, authorization?: string): Promise<RawResponse> {
  const path = target(wire, call);
  const headers: Record<string, string> = { ...wire.headers };
  if (authorization) headers["authorization"] = authorization;
  let body: string | undefined;
  if (call.body !== undefined) {
    body = JSON.stringify(call.body);
    headers["content-type"] = "application/json";
  }
  // One timer for headers *and* body: undici's own timeouts are per phase (and the body one is an idle
  // timeout), so a slow trickle could otherwise outlive the budget. They stay as a backstop.
  const timeoutMs = Math.max(wire.timeoutMs, call.minTimeoutMs ?? 0);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const res = await wire.dispatcher.request({
      origin: wire.origin,
      path,
      method: call.method,
      headers,
      body: body ?? null,
      signal: controller.signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      // Lets undici avoid pipelining a create behind other requests on one connection.
      idempotent: call.method !== "POST",
    });
    const text = await res.body.text();
    const ct = res.headers["content-type"];
    return {
      status: res.statusCode,
      headers: res.headers,
      contentType: (Array.isArray(ct) ? ct[0] : ct) ?? "",
      text,
    };
  } catch (e) {
    const code = causeCode(e);
    if (timedOut || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
      throw new FelderaRequestTimeoutError({
        method: call.method,
        path,
        host: wire.hostLabel,
        timeoutMs,
      });
    }
    throw new FelderaTransportError(
      {
        method: call.method,
        path,
        host: wire.hostLabel,
        causeCode: code,
        causeMessage: wire.secrets.redact(e instanceof Error ? e.message : String(e)),
        requestSent: requestSent(code),
        hint: transportHint(code, wire.hostLabel),
      },
      { cause: e },
    );
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Failures of the connect phase: no byte of the request was written, so even a create may be resent.
 * TLS verification failures also happen before the request is written (but are not transient).
 */
const NOT_SENT = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** Certificate and TLS-handshake failures: sending again gives the same answer. */
export function isTlsFailure(code: string): boolean {
  return (
    /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/.test(code) ||
    code === "HOSTNAME_MISMATCH"
  );
}

/** Local misuse (bad argument, closed client): a bug or a shutdown, never worth a retry. */
export function isPermanentTransport(code: string): boolean {
  return (
    isTlsFailure(code) ||
    code === "UND_ERR_INVALID_ARG" ||
    code === "UND_ERR_DESTROYED" ||
    code === "UND_ERR_CLOSED" ||
    code === "ERR_INVALID_URL"
  );
}

function requestSent(code: string): RequestSent {
  return NOT_SENT.has(code) || isTlsFailure(code) ? "no" : "maybe";
}

/** The code of the innermost error that has one (undici wraps system errors; AggregateError for happy eyeballs). */
function causeCode(e: unknown): string {
  let cur: unknown = e;
  for (let depth = 0; depth < 5 && cur; depth++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === "string" && c !== "UND_ERR") return c;
    const inner = (cur as { errors?: unknown[] }).errors?.[0];
    cur = (cur as { cause?: unknown }).cause ?? inner;
  }
  return "UNKNOWN";
}

function transportHint(code: string, host: string): string | undefined {
  if (code === "ECONNREFUSED")
    return `Is Feldera running at ${host}? Check feldera:host / FELDERA_HOST (scheme, host and port)`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN")
    return `The host name does not resolve: check feldera:host / FELDERA_HOST`;
  if (code === "EPROTO" || code === "ERR_SSL_WRONG_VERSION_NUMBER")
    return `Does the server speak ${host.startsWith("https:") ? "plain HTTP? Try http://" : "TLS? Try https://"}`;
  if (isTlsFailure(code))
    return (
      `TLS verification failed: give the server's CA with feldera:caCertPath / FELDERA_HTTPS_TLS_CERT ` +
      `(or, for testing only, feldera:insecureTls / FELDERA_TLS_INSECURE=1)`
    );
  return undefined;
}
