import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { type FelderaClient, isIdempotent } from "../../provider/client";
import { OPERATIONS } from "../../provider/client/idempotency";
import { operationIds, specProblems } from "./support/openapi";
import {
  client,
  json,
  pipelineJson,
  rejection,
  type SeenRequest,
  scriptedServer,
} from "./support/scripted-server";

const DIFF = {
  program_diff: null,
  program_diff_error: null,
  added_input_connectors: [],
  modified_input_connectors: [],
  removed_input_connectors: [],
  added_output_connectors: [],
  modified_output_connectors: [],
  removed_output_connectors: [],
};

const STATS = {
  global_metrics: { state: "Running", total_input_records: 7 },
  inputs: [
    {
      endpoint_name: "orders.gen",
      config: { stream: "orders" },
      metrics: { total_records: 7, end_of_input: false, num_transport_errors: 0, num_parse_errors: 0 },
      fatal_error: null,
      paused: false,
      barrier: false,
    },
  ],
  outputs: [],
};

/** Answers like Feldera for every route the client uses. */
function answer(req: SeenRequest, res: ServerResponse, putCount: { n: number }) {
  const path = req.url.split("?")[0]!;
  if (path === "/v0/config") return json(res, 200, { version: "0.337.0", edition: "Open source" });
  if (path === "/v0/validate_program") return json(res, 200, { Success: { program_info: { schema: {} } } });
  if (path === "/v0/pipelines") {
    return req.method === "POST"
      ? json(res, 201, pipelineJson("orders"))
      : json(res, 200, [pipelineJson("orders")]);
  }
  if (path.endsWith("/diff")) return json(res, 200, DIFF);
  if (path.endsWith("/stats")) return json(res, 200, STATS);
  if (/\/v0\/pipelines\/[^/]+\/[a-z_]+$/.test(path)) return json(res, 202, "Pipeline is doing it");
  if (req.method === "DELETE") {
    res.writeHead(200);
    return void res.end();
  }
  if (req.method === "PUT") return json(res, putCount.n++ === 0 ? 201 : 200, pipelineJson("orders"));
  return json(res, 200, pipelineJson("orders"));
}

const BODY = { name: "orders", program_code: "CREATE TABLE t (x INT);" };

/** Each method, the request line it must send, and what it resolves to. */
const CASES: [string, (c: FelderaClient) => Promise<unknown>, string, unknown?][] = [
  ["listPipelines", (c) => c.listPipelines(), "GET /v0/pipelines?selector=all"],
  ["listPipelineStatuses", (c) => c.listPipelineStatuses(), "GET /v0/pipelines?selector=status"],
  ["getPipeline", (c) => c.getPipeline("orders"), "GET /v0/pipelines/orders?selector=all"],
  ["getPipelineStatus", (c) => c.getPipelineStatus("orders"), "GET /v0/pipelines/orders?selector=status"],
  ["createPipeline", (c) => c.createPipeline(BODY), "POST /v0/pipelines"],
  ["putPipeline", (c) => c.putPipeline("orders", BODY), "PUT /v0/pipelines/orders"],
  [
    "patchPipeline",
    (c) => c.patchPipeline("orders", { description: "d", tags: ["a"] }),
    "PATCH /v0/pipelines/orders",
  ],
  ["deletePipeline", (c) => c.deletePipeline("orders"), "DELETE /v0/pipelines/orders", undefined],
  [
    "start",
    (c) =>
      c.start("orders", {
        initial: "paused",
        bootstrapPolicy: "allow",
        silentBootstrap: true,
        concurrentBootstrap: false,
      }),
    "POST /v0/pipelines/orders/start?initial=paused&dismiss_error=false&bootstrap_policy=allow&silent_bootstrap=true&concurrent_bootstrap=false",
    undefined,
  ],
  ["stop", (c) => c.stop("orders", { force: true }), "POST /v0/pipelines/orders/stop?force=true", undefined],
  ["pause", (c) => c.pause("orders"), "POST /v0/pipelines/orders/pause", undefined],
  ["resume", (c) => c.resume("orders"), "POST /v0/pipelines/orders/resume", undefined],
  ["approve", (c) => c.approve("orders"), "POST /v0/pipelines/orders/approve", undefined],
  [
    "approve concurrently",
    (c) => c.approve("orders", { concurrentBootstrap: true }),
    "POST /v0/pipelines/orders/approve?concurrent_bootstrap=true",
    undefined,
  ],
  ["activate", (c) => c.activate("orders"), "POST /v0/pipelines/orders/activate", undefined],
  ["clearStorage", (c) => c.clearStorage("orders"), "POST /v0/pipelines/orders/clear", undefined],
  ["dismissError", (c) => c.dismissError("orders"), "POST /v0/pipelines/orders/dismiss_error", undefined],
  ["getServerConfig", (c) => c.getServerConfig(), "GET /v0/config"],
  [
    "validateProgram",
    (c) => c.validateProgram({ program_code: "SELECT 1", runtime_version: null }),
    "POST /v0/validate_program",
  ],
  ["diffPipeline", (c) => c.diffPipeline("orders"), "POST /v0/pipelines/orders/diff", DIFF],
  ["getStats", (c) => c.getStats("orders"), "GET /v0/pipelines/orders/stats", STATS],
];

describe("every method", () => {
  it.each(CASES)("%s sends a request that conforms to openapi.json", async (_name, call, line, expected) => {
    const put = { n: 0 };
    const server = await scriptedServer((_n, req, res) => answer(req, res, put));
    const result = await call(client({ host: server.url }));
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([line]);
    expect(specProblems(server.requests[0]!)).toEqual([]);
    if (expected !== undefined || result === undefined) expect(result).toEqual(expected);
  });

  it("sends activate's initial in snake_case, as the server parses it (openapi.json shows the PascalCase enum)", async () => {
    const server = await scriptedServer((_n, req, res) => answer(req, res, { n: 0 }));
    await client({ host: server.url }).activate("orders", "paused");
    expect(server.requests[0]!.url).toBe("/v0/pipelines/orders/activate?initial=paused");
  });

  it("tells a created PUT from an updating one", async () => {
    const put = { n: 0 };
    const server = await scriptedServer((_n, req, res) => answer(req, res, put));
    const c = client({ host: server.url });
    expect((await c.putPipeline("orders", BODY)).created).toBe(true);
    expect((await c.putPipeline("orders", BODY)).created).toBe(false);
  });

  it("percent-encodes pipeline names in paths", async () => {
    const server = await scriptedServer((_n, req, res) => answer(req, res, { n: 0 }));
    await client({ host: server.url }).getPipelineStatus("a b/c");
    expect(server.requests[0]!.url).toBe("/v0/pipelines/a%20b%2Fc?selector=status");
  });

  it("refuses stop without an explicit force (a bare /stop is the suspend variant)", async () => {
    const server = await scriptedServer((_n, req, res) => answer(req, res, { n: 0 }));
    const c = client({ host: server.url });
    const e = await rejection(Promise.resolve().then(() => c.stop("orders", {} as { force: boolean })));
    expect(e.code).toBe("FELDERA_ERR_CONFIG");
    expect(server.count()).toBe(0);
  });
});

describe("the openapi.json conformance check", () => {
  const seen = (method: string, url: string, body = ""): SeenRequest => ({ method, url, headers: {}, body });

  it("catches a body the server would reject (null description in a POST, docs/feldera/update-rules.md#request-bodies)", () => {
    const req = seen(
      "POST",
      "/v0/pipelines",
      JSON.stringify({ name: "x", program_code: "", description: null }),
    );
    expect(specProblems(req)).not.toEqual([]);
  });

  it("catches an undeclared or invalid query parameter", () => {
    expect(specProblems(seen("POST", "/v0/pipelines/x/stop?forced=true"))).not.toEqual([]);
    expect(specProblems(seen("POST", "/v0/pipelines/x/stop?force=maybe"))).not.toEqual([]);
  });

  it("flags activate's snake_case initial, where openapi.json and the server disagree", () => {
    expect(specProblems(seen("POST", "/v0/pipelines/x/activate?initial=paused"))).toHaveLength(1);
  });
});

describe("isIdempotent", () => {
  it("names only operations that exist in openapi.json", () => {
    const ids = new Set(operationIds());
    expect(OPERATIONS.filter((op) => !ids.has(op))).toEqual([]);
  });

  it.each([
    ["post_pipeline", {}, false],
    ["post_pipeline_start", { dismiss_error: "false" }, true],
    ["post_pipeline_start", { dismiss_error: "true" }, false],
    ["post_pipeline_start", {}, false],
    ["post_pipeline_stop", { force: "true" }, true],
    ["post_pipeline_stop", { force: "false" }, false],
    ["patch_pipeline", {}, true],
    ["post_pipeline_clear", {}, true],
    ["post_validate_program", {}, true],
    ["get_pipeline_stats", {}, true],
  ] as const)("classifies %s %o as idempotent: %s", (op, query, expected) => {
    expect(isIdempotent(op, query)).toBe(expected);
  });
});
