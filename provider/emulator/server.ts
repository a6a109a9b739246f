/**
 * The HTTP server: reads a request, lets the fault injector act as a misbehaving network or proxy,
 * dispatches, writes the reply, and logs the exchange. Sockets are tracked so `close()` can destroy
 * keep-alive connections instead of waiting for clients to hang up.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { dispatch } from "./dispatch";
import { describeFault, type FaultInjector } from "./faults";
import type { PipelineStore } from "./pipeline-store";
import { empty, json, type Reply, text } from "./reply";
import { RequestLog } from "./request-log";
import { JSON_LIMIT_BYTES } from "./request-parsing";
import type { FaultAction } from "./types";

export interface HttpServer {
  server: Server;
  log: RequestLog;
  close(): Promise<void>;
}

export function createHttpServer(store: PipelineStore, faults: FaultInjector): HttpServer {
  const log = new RequestLog(store.settings.recordResponseBodies);
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(store, faults, log, req, res).catch((e: unknown) => {
      res.destroy(e instanceof Error ? e : new Error(String(e)));
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return {
    server,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        if (!server.listening) return resolve();
        server.close(() => resolve());
      }),
  };
}

async function handle(
  store: PipelineStore,
  faults: FaultInjector,
  log: RequestLog,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const startedAt = Date.now();
  const url = new URL(req.url ?? "/", "http://emulator");
  const method = (req.method ?? "GET").toUpperCase();
  const { text: rawBody, bytes } = await readBody(req);
  const entry = log.begin(method, url, rawBody, startedAt);

  let fault = faults.next(method, url.pathname);
  if (fault?.kind === "delay") {
    entry.fault = describeFault(fault);
    const { ms } = fault;
    await new Promise((resolve) => setTimeout(resolve, ms));
    fault = undefined;
  }
  if (fault?.kind === "drop" && fault.when === "before-handling") {
    entry.fault = describeFault(fault);
    log.finish(entry, 0, undefined);
    res.socket?.destroy();
    return;
  }
  const reply =
    fault?.kind === "status"
      ? faultReply(fault)
      : dispatch(store, {
          method,
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: rawBody,
          bodyBytes: bytes,
        });
  if (fault) entry.fault = describeFault(fault);
  if (fault?.kind === "drop") {
    // after-handling: the request took effect, the response is lost.
    log.finish(entry, reply.status, undefined);
    res.socket?.destroy();
    return;
  }
  const payload = write(res, reply);
  log.finish(entry, reply.status, payload);
}

/** Buffers up to the JSON limit; beyond it only counts, so a 413 can still be answered (docs/feldera/errors-and-retries.md#error-body). */
function readBody(req: IncomingMessage): Promise<{ text: string | undefined; bytes: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= JSON_LIMIT_BYTES) chunks.push(chunk);
    });
    req.on("end", () =>
      resolve({
        text: bytes <= JSON_LIMIT_BYTES ? Buffer.concat(chunks).toString("utf8") : undefined,
        bytes,
      }),
    );
    req.on("error", reject);
  });
}

function write(res: ServerResponse, reply: Reply): { contentType: string | undefined; text: string } {
  const headers: Record<string, string> = { ...reply.headers };
  let body = "";
  if (reply.body?.kind === "json") {
    headers["content-type"] = "application/json";
    body = JSON.stringify(reply.body.value);
  } else if (reply.body?.kind === "text") {
    headers["content-type"] = reply.headers["content-type"] ?? "text/plain; charset=utf-8";
    body = reply.body.value;
  }
  headers["content-length"] = String(Buffer.byteLength(body));
  res.writeHead(reply.status, headers);
  res.end(body);
  return { contentType: headers["content-type"], text: body };
}

const PROXY_PAGE = (status: number) =>
  `<html>\r\n<head><title>${status} ${STATUS_TEXT[status]}</title></head>\r\n<body>\r\n<center><h1>${status} ${STATUS_TEXT[status]}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;

const STATUS_TEXT: Record<number, string> = {
  408: "Request Timeout",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Temporarily Unavailable",
  504: "Gateway Time-out",
};

function faultReply(action: Extract<FaultAction, { kind: "status" }>): Reply {
  const { status } = action;
  const kind =
    action.body ?? (status === 500 || status === 503 ? "feldera" : status >= 502 ? "html" : "empty");
  const headers: Record<string, string> = {};
  // A Feldera-generated 503 always says when to come back (docs/feldera/errors-and-retries.md#error-body); a proxy only if told to.
  if (action.retryAfterSeconds !== undefined) headers["retry-after"] = String(action.retryAfterSeconds);
  else if (status === 503 && kind === "feldera") headers["retry-after"] = "5";
  if (kind === "empty") return empty(status, headers);
  if (kind === "html") return text(status, PROXY_PAGE(status), { ...headers, "content-type": "text/html" });
  return json(status, felderaFaultBody(status), headers);
}

function felderaFaultBody(status: number) {
  if (status === 503) {
    return {
      message:
        "The lock required for this operation took too long to acquire. Try this operation again later.",
      error_code: "LockTookTooLong",
      details: {},
    };
  }
  if (status === 500) {
    return {
      message: "Unexpected Postgres error: 'connection closed (injected fault)'",
      error_code: "PostgresError",
      details: { error: "connection closed (injected fault)" },
    };
  }
  return { message: `Injected fault: HTTP ${status}`, error_code: "InjectedFault", details: {} };
}
