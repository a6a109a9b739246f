import { describe, expect, it } from "vitest";
import { isApiError } from "../../provider/client";
import type { PostPutPipelineBody } from "../../provider/model/wire";
import {
  client,
  closedPort,
  drop,
  fastRetry,
  feldera,
  json,
  pipelineJson,
  rejection,
  type ScriptedServer,
  scriptedServer,
  text,
} from "./support/scripted-server";

const BODY: PostPutPipelineBody = {
  name: "orders",
  program_code: "CREATE TABLE t (x INT);",
  description: "orders pipeline",
  tags: ["team:data"],
  runtime_config: { workers: 4 },
  program_config: { profile: "optimized" },
};

/** The pipeline as the server stores our BODY: configs re-serialised with defaults filled in (docs/feldera/update-rules.md#normalisation). */
const STORED = pipelineJson("orders", {
  program_code: BODY.program_code,
  description: BODY.description,
  tags: BODY.tags,
  runtime_config: { workers: 4, hosts: 1, fault_tolerance: { model: "none", checkpoint_interval_secs: 60 } },
  program_config: { profile: "optimized", cache: true, runtime_version: null, use_platform_compiler: false },
});

const methods = (requests: { method: string; url: string }[]) => requests.map((r) => `${r.method} ${r.url}`);

describe("createPipeline", () => {
  it("sends the body once and returns the created pipeline", async () => {
    const server = await scriptedServer((_n, _req, res) => json(res, 201, STORED));
    const p = await client({ host: server.url }).createPipeline(BODY);
    expect(p.name).toBe("orders");
    expect(methods(server.requests)).toEqual(["POST /v0/pipelines"]);
    expect(JSON.parse(server.requests[0]!.body)).toEqual(BODY);
    expect(server.requests[0]!.headers["content-type"]).toBe("application/json");
  });

  it("resends a create whose connection was refused (it never reached the server)", async () => {
    const port = await closedPort();
    let server: ScriptedServer | undefined;
    // The server comes up during the first backoff: attempt 1 is refused, attempt 2 lands.
    const retry = fastRetry({
      sleep: async () => {
        server ??= await scriptedServer((_n, _req, res) => json(res, 201, STORED), { port });
      },
    });
    const p = await client({ host: `http://127.0.0.1:${port}`, retry }).createPipeline(BODY);
    expect(p.name).toBe("orders");
    expect(methods(server!.requests)).toEqual(["POST /v0/pipelines"]);
  });

  it("gives up on a create whose connection stays refused, naming the cause", async () => {
    const retry = fastRetry({ maxRetries: 2 });
    const e = await rejection(
      client({ host: `http://127.0.0.1:${await closedPort()}`, retry }).createPipeline(BODY),
    );
    expect(e).toMatchObject({ code: "FELDERA_ERR_RETRY_DEADLINE", attempts: 3 });
    expect((e.cause as { causeCode?: string }).causeCode).toBe("ECONNREFUSED");
  });

  it("does not resend a create answered 500", async () => {
    const server = await scriptedServer((_n, _req, res) => feldera(res, 500, "PostgresError"));
    const e = await rejection(client({ host: server.url }).createPipeline(BODY));
    expect(isApiError(e, "PostgresError")).toBe(true);
    expect(server.count()).toBe(1);
  });

  it("surfaces a 409 DuplicateName on the first attempt without reading", async () => {
    const server = await scriptedServer((_n, _req, res) => feldera(res, 409, "DuplicateName"));
    const e = await rejection(client({ host: server.url }).createPipeline(BODY));
    expect(isApiError(e, "DuplicateName")).toBe(true);
    expect(methods(server.requests)).toEqual(["POST /v0/pipelines"]);
  });

  it("resolves a dropped create by reading: found and equal is our create, returned without a second POST", async () => {
    const server = await scriptedServer((n, _req, res) => (n === 1 ? drop(res) : json(res, 200, STORED)));
    const p = await client({ host: server.url }).createPipeline(BODY);
    expect(p.id).toBe(STORED["id"]);
    expect(methods(server.requests)).toEqual(["POST /v0/pipelines", "GET /v0/pipelines/orders?selector=all"]);
  });

  it("resolves a timed-out create by reading: not found, so the POST is sent again", async () => {
    const server = await scriptedServer((n, _req, res) => {
      switch (n) {
        case 1:
          return; // never answers: the per-request timeout fires
        case 2:
          return feldera(res, 404, "UnknownPipelineName");
        default:
          return json(res, 201, STORED);
      }
    });
    const retry = fastRetry();
    const p = await client({ host: server.url, requestTimeoutMs: 150, retry }).createPipeline(BODY);
    expect(p.name).toBe("orders");
    expect(methods(server.requests)).toEqual([
      "POST /v0/pipelines",
      "GET /v0/pipelines/orders?selector=all",
      "POST /v0/pipelines",
    ]);
    expect(retry.sleeps).toHaveLength(1);
  });

  it("resolves a proxy 502 on create by reading: found but different is someone else's pipeline (409)", async () => {
    const theirs = { ...STORED, program_code: "CREATE TABLE other (y INT);" };
    const server = await scriptedServer((n, _req, res) =>
      n === 1 ? text(res, 502, "<html>Bad Gateway</html>", "text/html") : json(res, 200, theirs),
    );
    const e = await rejection(client({ host: server.url }).createPipeline(BODY));
    expect(e).toMatchObject({ code: "FELDERA_ERR_API", status: 409, errorCode: "DuplicateName" });
    expect(e.message).toContain("its program_code differs");
    expect(server.count()).toBe(2);
  });

  it("treats tags as unknown to a server whose pipelines carry none (before v0.313)", async () => {
    const { tags: _dropped, ...old } = STORED;
    const server = await scriptedServer((n, _req, res) =>
      n === 1 ? feldera(res, 503, "LockTookTooLong") : json(res, 200, old),
    );
    const p = await client({ host: server.url }).createPipeline(BODY);
    expect(p.name).toBe("orders");
  });

  it("sees different tags as a different pipeline on a server with tags", async () => {
    const server = await scriptedServer((n, _req, res) =>
      n === 1 ? drop(res) : json(res, 200, { ...STORED, tags: ["team:other"] }),
    );
    const e = await rejection(client({ host: server.url }).createPipeline(BODY));
    expect(e.message).toContain("its tags differs");
  });

  it("surfaces a 409 DuplicateName after a refused connection without reading: no earlier POST can have landed", async () => {
    const port = await closedPort();
    let server: ScriptedServer | undefined;
    const retry = fastRetry({
      sleep: async () => {
        server ??= await scriptedServer((_n, _req, res) => feldera(res, 409, "DuplicateName"), { port });
      },
    });
    const e = await rejection(client({ host: `http://127.0.0.1:${port}`, retry }).createPipeline(BODY));
    expect(isApiError(e, "DuplicateName")).toBe(true); // not returned as ours, even if it looked the same
    expect(methods(server!.requests)).toEqual(["POST /v0/pipelines"]);
  });

  it("resolves a 409 DuplicateName on a resent POST by reading and comparing", async () => {
    const server = await scriptedServer((n, _req, res) => {
      switch (n) {
        case 1:
          return drop(res); // lands on the server, answer lost
        case 2:
          return feldera(res, 404, "UnknownPipelineName"); // not yet visible
        case 3:
          return feldera(res, 409, "DuplicateName"); // the first POST landed in between
        default:
          return json(res, 200, STORED);
      }
    });
    const p = await client({ host: server.url }).createPipeline(BODY);
    expect(p.name).toBe("orders");
    expect(methods(server.requests)).toEqual([
      "POST /v0/pipelines",
      "GET /v0/pipelines/orders?selector=all",
      "POST /v0/pipelines",
      "GET /v0/pipelines/orders?selector=all",
    ]);
  });

  it("says the outcome is unknown when reading back fails too", async () => {
    const server = await scriptedServer((n, _req, res) =>
      n === 1 ? drop(res) : feldera(res, 500, "PostgresError"),
    );
    const e = await rejection(client({ host: server.url }).createPipeline(BODY));
    expect(e.code).toBe("FELDERA_ERR_RETRY_DEADLINE");
    expect(e.message).toContain("the outcome of creating 'orders' is unknown");
    expect(isApiError(e.cause, "PostgresError")).toBe(true);
  });

  it("gives up within the create's budget when the create keeps failing ambiguously", async () => {
    const server = await scriptedServer((_n, req, res) =>
      req.method === "POST" ? feldera(res, 503, "LockTookTooLong") : feldera(res, 404, "UnknownPipelineName"),
    );
    const e = await rejection(
      client({ host: server.url, retry: fastRetry({ maxRetries: 2 }) }).createPipeline(BODY),
    );
    expect(e.code).toBe("FELDERA_ERR_RETRY_DEADLINE");
    expect(server.requests.filter((r) => r.method === "POST")).toHaveLength(3);
  });
});
