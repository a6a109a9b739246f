/**
 * What a handler answers, before it becomes bytes. Handlers return a `Reply` (never throw for an
 * expected refusal), mirroring how the server's handlers return `Result<HttpResponse, ManagerError>`.
 */
import { type ErrorCode, type ErrorDetailsArg, failure } from "./errors";

export type ReplyBody = { kind: "json"; value: unknown } | { kind: "text"; value: string };

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: ReplyBody | undefined;
}

/** GET/POST/PUT/PATCH pipeline responses carry `Cache-Control: no-cache` (docs/feldera/update-rules.md#endpoints). */
const NO_CACHE = { "cache-control": "no-cache" };

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers, body: { kind: "json", value } };
}

export function jsonNoCache(status: number, value: unknown): Reply {
  return json(status, value, NO_CACHE);
}

/** actix's plain-text bodies (docs/feldera/errors-and-retries.md#error-body): malformed JSON, bad query values, 413, unknown routes. */
export function text(status: number, value: string, headers: Record<string, string> = {}): Reply {
  return { status, headers, body: { kind: "text", value } };
}

export function empty(status: number, headers: Record<string, string> = {}): Reply {
  return { status, headers, body: undefined };
}

/** A Feldera ErrorResponse; 503s carry `Retry-After: 5` (docs/feldera/errors-and-retries.md#error-body). */
export function refuse<C extends ErrorCode>(code: C, ...details: ErrorDetailsArg<C>): Reply {
  const f = failure(code, ...details);
  return json(f.status, f.body, f.status === 503 ? { "retry-after": "5" } : {});
}
