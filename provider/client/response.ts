/**
 * What a response means: a typed error for a non-2xx (Feldera's own body or someone else's, as the
 * openapi description asks clients to distinguish), or the validated body of a 2xx.
 *
 * Bodies are parsed as JSON whatever the content type says: Feldera sends some of its JSON (the 401 of a bad
 * API key) with a non-JSON content type (docs/feldera/auth-and-tenants.md#authentication), and we validate the parsed shape anyway.
 */
import type { z } from "zod";
import { ErrorResponseSchema } from "../model/wire";
import { FelderaApiError, FelderaHttpError, FelderaResponseShapeError } from "./errors";
import type { RawResponse } from "./http";
import type { SecretSet } from "./redact";
import { parseRetryAfter } from "./retry-policy";

/** Transient by the API's own guidance (408, 502, 503, 504, docs/feldera/errors-and-retries.md#transient) plus 429 as the official clients do (docs/feldera/errors-and-retries.md#retry-policy). */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

export interface ResponseContext {
  method: string;
  /** Path and query as sent. */
  path: string;
  attempts: number;
  secrets: SecretSet;
  /** What to tell a person about a 401/403, given how this client authenticates (auth.ts). */
  authHint: (status: number) => string | undefined;
}

export type JsonParse = { ok: true; value: unknown } | { ok: false };

export function parseJson(text: string): JsonParse {
  if (text.trim() === "") return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The error a non-2xx response stands for. */
export function errorFromResponse(
  raw: RawResponse,
  ctx: ResponseContext,
): FelderaApiError | FelderaHttpError {
  const retryAfterMs = parseRetryAfter(raw.headers["retry-after"], Date.now());
  const parsed = parseJson(raw.text);
  const body = parsed.ok ? ErrorResponseSchema.safeParse(parsed.value) : undefined;
  if (body?.success) {
    return new FelderaApiError({
      status: raw.status,
      errorCode: body.data.error_code,
      serverMessage: ctx.secrets.redact(body.data.message),
      details: ctx.secrets.redactJson(body.data.details ?? null),
      method: ctx.method,
      path: ctx.path,
      attempts: ctx.attempts,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      ...hintFor(raw.status, ctx, true),
    });
  }
  return new FelderaHttpError({
    status: raw.status,
    method: ctx.method,
    path: ctx.path,
    contentType: raw.contentType,
    bodyExcerpt: ctx.secrets.excerpt(raw.text),
    attempts: ctx.attempts,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...hintFor(raw.status, ctx, false),
  });
}

function hintFor(status: number, ctx: ResponseContext, fromFeldera: boolean): { hint?: string } {
  const auth = ctx.authHint(status);
  if (auth) return { hint: auth };
  if (fromFeldera) return {};
  if (status === 404)
    return {
      hint: "No such API route: check that feldera:host / FELDERA_HOST points at the Feldera API, including any path prefix",
    };
  if (status === 413)
    return { hint: "The request body is over the server's JSON size limit (2 MiB by default)" };
  if (status === 502 || status === 504) return { hint: "A proxy between this client and Feldera answered" };
  return {};
}

/** The 2xx body, validated; extra fields are kept (the schemas are loose). */
export function decodeBody<T>(
  raw: RawResponse,
  schema: z.ZodType<T>,
  ctx: { method: string; path: string; serverVersion: string },
): T {
  const parsed = parseJson(raw.text);
  if (!parsed.ok) {
    throw new FelderaResponseShapeError({
      ...ctx,
      field: "(body)",
      problem: `is not JSON (status ${raw.status}, ${raw.contentType || "no content-type"}, ${raw.text.length} bytes)`,
    });
  }
  const result = schema.safeParse(parsed.value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const value = valueAt(parsed.value, issue.path);
  throw new FelderaResponseShapeError({
    ...ctx,
    field: formatPath(issue.path) || "(body)",
    problem: value === undefined ? "is missing" : `is invalid: ${issue.message} (got ${describe(value)})`,
  });
}

/** `[3, "program_status"]` → `[3].program_status` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur = root;
  for (const key of path) {
    if (typeof cur !== "object" || cur === null) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `a string of ${value.length} characters`;
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
