/**
 * A real `node:http` server on 127.0.0.1, port 0, that counts requests and answers each one as the test
 * scripts it (`switch (n)`, after undici's retry-handler tests and Feldera's rest-api retry tests). Every
 * server and client made here is closed after the test.
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";
import { FelderaClient, type FelderaClientOptions, type RetryPolicy } from "../../../provider/client";

export interface SeenRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** `n` counts from 1. The handler must answer, or drop the socket (`drop(res)`). */
export type Script = (n: number, req: SeenRequest, res: ServerResponse) => void | Promise<void>;

export interface ScriptedServer {
  url: string;
  port: number;
  requests: SeenRequest[];
  count(): number;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}

export async function scriptedServer(
  script: Script,
  options: { tls?: { key: string; cert: string }; port?: number } = {},
): Promise<ScriptedServer> {
  const { tls } = options;
  const requests: SeenRequest[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const seen: SeenRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(seen);
      void Promise.resolve(script(requests.length, seen, res)).catch((e: unknown) => {
        res.statusCode = 599;
        res.end(String(e));
      });
    });
  };
  const server: Server = tls ? createHttpsServer(tls, handler) : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  onCleanup(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return {
    url: `${tls ? "https" : "http"}://127.0.0.1:${port}`,
    port,
    requests,
    count: () => requests.length,
  };
}

/** A port nothing listens on: bound, then released (connection refused). */
export async function closedPort(): Promise<number> {
  const server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function feldera(
  res: ServerResponse,
  status: number,
  errorCode: string,
  message = `${errorCode} happened`,
  headers: Record<string, string> = {},
): void {
  json(res, status, { message, error_code: errorCode, details: {} }, headers);
}

export function text(res: ServerResponse, status: number, body: string, contentType = "text/plain"): void {
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/** Closes the connection without a response (after the request was read: the outcome is unknown). */
export function drop(res: ServerResponse): void {
  res.socket?.destroy();
}

/** A retry policy that never really waits: sleeps advance a fake clock and are recorded. */
export function fastRetry(overrides: Partial<RetryPolicy> = {}): Partial<RetryPolicy> & { sleeps: number[] } {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return {
    random: () => 0.5,
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
    ...overrides,
    sleeps,
  };
}

/** A client closed after the test; warnings collected instead of printed. */
export function client(
  options: Partial<FelderaClientOptions> & { host: string },
): FelderaClient & { warnings: string[] } {
  const warnings: string[] = [];
  const { sleeps: _ignored, ...retry } = (options.retry ?? fastRetry()) as Partial<RetryPolicy> & {
    sleeps?: unknown;
  };
  const c = new FelderaClient({
    onWarning: (w) => warnings.push(w),
    requestTimeoutMs: 5_000,
    ...options,
    retry,
  }) as FelderaClient & { warnings: string[] };
  c.warnings = warnings;
  onCleanup(() => c.close());
  return c;
}

/** The rejection of `p`, failing the test if it resolves. */
export async function rejection(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error("expected a rejection, got a result");
}

/** A pipeline object in the ALL shape, as the server would return it. */
export function pipelineJson(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "0190d8a0-0000-7000-8000-000000000001",
    name,
    description: "",
    tags: [],
    created_at: "2026-08-20T10:00:00Z",
    version: 1,
    platform_version: "0.337.0",
    runtime_config: {},
    program_code: "CREATE TABLE t (x INT);",
    udf_rust: "",
    udf_toml: "",
    program_config: {},
    program_version: 1,
    program_status: "Pending",
    program_status_since: "2026-08-20T10:00:00Z",
    program_error: { sql_compilation: null, rust_compilation: null, system_error: null },
    program_info: null,
    deployment_error: null,
    refresh_version: 1,
    storage_status: "Cleared",
    deployment_status: "Stopped",
    deployment_desired_status: "Stopped",
    deployment_resources_status: "Stopped",
    deployment_resources_desired_status: "Stopped",
    ...overrides,
  };
}
