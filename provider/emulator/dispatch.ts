/**
 * One request through the layers a real deployment has, in the order they act:
 * authentication middleware → router → query extractor → JSON extractor → handler.
 * (Faults sit in front of all of this, in server.ts, as a proxy or the network would.)
 */
import type { IncomingHttpHeaders } from "node:http";
import { authorize } from "./auth";
import type { PipelineStore } from "./pipeline-store";
import { json, type Reply, text } from "./reply";
import { JSON_LIMIT_BYTES, parseJsonBody, parseQuery } from "./request-parsing";
import { matchRoute } from "./routes";

export interface IncomingRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body as received, or undefined if it was larger than the JSON limit. */
  body: string | undefined;
  bodyBytes: number;
}

export function dispatch(store: PipelineStore, req: IncomingRequest): Reply {
  const match = matchRoute(req.method, req.path);
  const route =
    match && (!match.route.behaviour || store.behaviours[match.route.behaviour]) ? match.route : undefined;
  // Unknown routes under /v0 still pass authentication first (the auth middleware wraps the API scope).
  const role = route?.role ?? (req.path.startsWith("/v0/") ? "read" : "public");
  const unauthorized = authorize(req.headers, store.settings.apiKeys, role);
  if (unauthorized) return unauthorized;
  if (!route || !match) return text(404, "");

  const query = parseQuery(req.query, route.query?.(store) ?? {});
  if (!query.ok) return query.reply;
  let body: Record<string, unknown> = {};
  if (route.body) {
    if (req.body === undefined || req.bodyBytes > JSON_LIMIT_BYTES) {
      return text(
        413,
        `JSON payload (${req.bodyBytes} bytes) is larger than allowed (limit: ${JSON_LIMIT_BYTES} bytes).`,
      );
    }
    const parsed = parseJsonBody(req.body, req.headers["content-type"], route.body(store));
    if (!parsed.ok) return parsed.reply;
    body = parsed.value;
  }
  try {
    return route.handler({ store, params: match.params, query: query.value, body });
  } catch (e) {
    // A bug in the emulator, not a Feldera behaviour: say so loudly rather than hang the client.
    const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    return json(500, {
      message: `Feldera emulator internal error: ${error}`,
      error_code: "EmulatorBug",
      details: {},
    });
  }
}
