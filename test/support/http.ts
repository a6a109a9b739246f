/**
 * A tiny raw HTTP client for tests that need to see exactly what a Feldera server answers: status,
 * headers and body, without any client-side retry, parsing or error mapping (that is what the provider's
 * client does, and what these tests must not depend on).
 */
import { request as undiciRequest } from "undici";

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as text. */
  text: string;
  /** The body parsed as JSON when it parses, else undefined. */
  json: unknown;
}

export interface RawRequestOptions {
  /** JSON-encoded unless a string; a string is sent as is. */
  body?: unknown;
  /** Defaults to `application/json` when there is a body. */
  contentType?: string | null;
  headers?: Record<string, string>;
  /** Appended as `?k=v&…`. */
  query?: Record<string, string | number | boolean>;
}

export async function http(
  baseUrl: string,
  method: string,
  path: string,
  options: RawRequestOptions = {},
): Promise<RawResponse> {
  const url = new URL(path, baseUrl);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, String(v));
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    if (options.contentType !== null) headers["content-type"] = options.contentType ?? "application/json";
  }
  const res = await undiciRequest(url, { method: method as "GET", headers, body });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) {
    if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(", ") : v;
  }
  return { status: res.statusCode, headers: flat, text, json };
}

/** A bound helper: `const api = client(url); await api.get("/v0/pipelines")`. */
export function client(baseUrl: string, defaults: Pick<RawRequestOptions, "headers"> = {}) {
  const call =
    (method: string) =>
    (path: string, options: RawRequestOptions = {}) =>
      http(baseUrl, method, path, { ...options, headers: { ...defaults.headers, ...options.headers } });
  return {
    get: call("GET"),
    post: call("POST"),
    put: call("PUT"),
    patch: call("PATCH"),
    delete: call("DELETE"),
  };
}

export type Client = ReturnType<typeof client>;

/** Polls `probe` until it returns a defined value, or fails after `timeoutMs` with the last value seen. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  {
    timeoutMs = 10_000,
    intervalMs = 10,
    what = "condition",
  }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
