import { describe, expect, it } from "vitest";
import { isApiError } from "../../provider/client";
import { isFelderaError } from "../../provider/errors";
import {
  client,
  closedPort,
  drop,
  fastRetry,
  feldera,
  json,
  pipelineJson,
  rejection,
  scriptedServer,
} from "./support/scripted-server";

describe("retries of idempotent requests", () => {
  for (const status of [408, 429, 502, 503, 504]) {
    it(`retries a GET answered ${status} and returns the eventual success`, async () => {
      const server = await scriptedServer((n, _req, res) => {
        if (n === 1) feldera(res, status, "Transient");
        else json(res, 200, pipelineJson("orders"));
      });
      const p = await client({ host: server.url }).getPipeline("orders");
      expect(p.name).toBe("orders");
      expect(server.count()).toBe(2);
    });
  }

  it("retries a PATCH whose connection drops after the request was read", async () => {
    const server = await scriptedServer((n, _req, res) => {
      switch (n) {
        case 1:
        case 2:
          return drop(res);
        default:
          return json(res, 200, pipelineJson("orders", { description: "x" }));
      }
    });
    const p = await client({ host: server.url }).patchPipeline("orders", { description: "x" });
    expect(p.description).toBe("x");
    expect(server.count()).toBe(3);
    expect(server.requests.every((r) => r.method === "PATCH" && r.body === '{"description":"x"}')).toBe(true);
  });

  it("retries an action when the connection is refused, then gives up with the attempts and elapsed time", async () => {
    const retry = fastRetry({ maxRetries: 3 });
    const c = client({ host: `http://127.0.0.1:${await closedPort()}`, retry });
    const e = await rejection(c.pause("orders"));
    expect(e).toMatchObject({ code: "FELDERA_ERR_RETRY_DEADLINE", attempts: 4 });
    expect((e.cause as { causeCode?: string }).causeCode).toBe("ECONNREFUSED");
    expect(e.message).toMatch(/after 4 attempts in \d+\.\d s/);
    expect(retry.sleeps).toHaveLength(3);
  });

  it("backs off with full jitter: random() times a doubling ceiling capped at maxDelayMs", async () => {
    const retry = fastRetry({ maxRetries: 5, baseDelayMs: 100, maxDelayMs: 500, random: () => 0.99 });
    const server = await scriptedServer((n, _req, res) =>
      n <= 5 ? feldera(res, 503, "X") : json(res, 200, []),
    );
    await client({ host: server.url, retry }).listPipelines();
    expect(retry.sleeps).toEqual([99, 198, 396, 495, 495]);
  });

  it("retries a start sent with dismiss_error=false", async () => {
    const server = await scriptedServer((n, _req, res) =>
      n === 1 ? drop(res) : json(res, 202, "Pipeline is starting"),
    );
    await client({ host: server.url }).start("orders");
    expect(server.count()).toBe(2);
    expect(server.requests[1]!.url).toBe("/v0/pipelines/orders/start?initial=running&dismiss_error=false");
  });

  it("does not retry a start sent with dismiss_error=true (a retry could wipe a new error)", async () => {
    const server = await scriptedServer((_n, _req, res) => feldera(res, 503, "LockTookTooLong"));
    const e = await rejection(client({ host: server.url }).start("orders", { dismissError: true }));
    expect(isApiError(e, "LockTookTooLong")).toBe(true);
    expect(server.count()).toBe(1);
  });

  it("does not retry a stop without force (the suspend variant)", async () => {
    const server = await scriptedServer((_n, _req, res) =>
      feldera(res, 503, "PipelineInteractionUnreachable"),
    );
    const e = await rejection(client({ host: server.url }).stop("orders", { force: false }));
    expect(e).toMatchObject({ code: "FELDERA_ERR_API", status: 503 });
    expect(server.count()).toBe(1);
  });
});

describe("errors that surface at once", () => {
  for (const [status, code] of [
    [400, "UpdateRestrictedToStopped"],
    [404, "UnknownPipelineName"],
    [409, "DuplicateName"],
    [500, "PostgresError"],
    [501, "EnterpriseFeature"],
  ] as const) {
    it(`surfaces ${status} ${code} after one request, with the server's error_code`, async () => {
      const server = await scriptedServer((_n, _req, res) =>
        feldera(res, status, code, "the server says no"),
      );
      const e = await rejection(client({ host: server.url }).patchPipeline("orders", { program_code: "x" }));
      expect(e).toMatchObject({ code: "FELDERA_ERR_API", status, errorCode: code, attempts: 1 });
      expect(e.message).toBe(
        `Feldera API error ${status} ${code} on PATCH /v0/pipelines/orders: the server says no`,
      );
      expect(server.count()).toBe(1);
    });
  }

  it("does not retry a TLS-less server answered over https (a permanent transport failure)", async () => {
    const server = await scriptedServer((_n, _req, res) => json(res, 200, []));
    const retry = fastRetry();
    const e = await rejection(client({ host: server.url.replace("http:", "https:"), retry }).listPipelines());
    expect(e.code).toBe("FELDERA_ERR_TRANSPORT");
    expect(retry.sleeps).toEqual([]);
  });
});

describe("Retry-After", () => {
  it("waits the seconds the server asks for instead of the backoff", async () => {
    const retry = fastRetry();
    const server = await scriptedServer((n, _req, res) =>
      n === 1 ? feldera(res, 503, "LockTookTooLong", "busy", { "retry-after": "5" }) : json(res, 200, []),
    );
    await client({ host: server.url, retry }).listPipelineStatuses();
    expect(retry.sleeps).toEqual([5000]);
  });

  it("waits until an HTTP-date the server asks for", async () => {
    const retry = fastRetry();
    const at = new Date(Date.now() + 8_000).toUTCString();
    const server = await scriptedServer((n, _req, res) => {
      if (n > 1) return json(res, 200, []);
      res.writeHead(429, { "retry-after": at, "content-type": "text/plain" });
      res.end("slow down");
    });
    await client({ host: server.url, retry }).listPipelineStatuses();
    expect(server.count()).toBe(2);
    expect(retry.sleeps).toHaveLength(1);
    expect(retry.sleeps[0]).toBeGreaterThan(5_000);
    expect(retry.sleeps[0]).toBeLessThanOrEqual(8_000);
  });

  it("caps a long Retry-After at retryAfterCapMs", async () => {
    const retry = fastRetry({ retryAfterCapMs: 2_000 });
    const server = await scriptedServer((n, _req, res) =>
      n === 1 ? feldera(res, 503, "X", "busy", { "retry-after": "30" }) : json(res, 200, []),
    );
    await client({ host: server.url, retry }).listPipelines();
    expect(retry.sleeps).toEqual([2_000]);
  });

  it("fails at once, saying so, when the Retry-After would pass the deadline", async () => {
    const retry = fastRetry({ deadlineMs: 10_000 });
    const server = await scriptedServer((_n, _req, res) =>
      feldera(res, 503, "X", "busy", { "retry-after": "20" }),
    );
    const e = await rejection(client({ host: server.url, retry }).listPipelines());
    expect(e.code).toBe("FELDERA_ERR_RETRY_DEADLINE");
    expect(e.message).toContain(
      "the server asked to retry after 20 s, which would pass the 10 s retry deadline",
    );
    expect(isApiError(e.cause, "X")).toBe(true);
    expect(server.count()).toBe(1);
    expect(retry.sleeps).toEqual([]);
  });

  it("records the server's Retry-After on the error", async () => {
    const server = await scriptedServer((_n, _req, res) =>
      feldera(res, 503, "X", "busy", { "retry-after": "5" }),
    );
    const e = await rejection(
      client({ host: server.url, retry: fastRetry({ maxRetries: 0 }) }).listPipelines(),
    );
    expect(e).toMatchObject({ code: "FELDERA_ERR_API", retryAfterMs: 5000 });
  });
});

describe("budget", () => {
  it("stops at the deadline even when retries remain", async () => {
    const retry = fastRetry({
      maxRetries: 100,
      deadlineMs: 3_000,
      baseDelayMs: 1_000,
      maxDelayMs: 1_000,
      random: () => 1,
    });
    const server = await scriptedServer((_n, _req, res) => feldera(res, 502, "X"));
    const e = await rejection(client({ host: server.url, retry }).listPipelines());
    expect(e.code).toBe("FELDERA_ERR_RETRY_DEADLINE");
    expect(e.message).toContain("the 3 s retry deadline is reached");
    expect(server.count()).toBe(4);
  });

  it("stops after maxRetries and wraps the last error", async () => {
    const server = await scriptedServer((_n, _req, res) => feldera(res, 504, "CompilerTimeout"));
    const e = await rejection(
      client({ host: server.url, retry: fastRetry({ maxRetries: 2 }) }).validateProgram({ program_code: "" }),
    );
    expect(e).toMatchObject({ code: "FELDERA_ERR_RETRY_DEADLINE", attempts: 3 });
    expect(e.message).toContain("the 2 retries allowed are used up");
    expect(isApiError(e.cause, "CompilerTimeout")).toBe(true);
    expect(server.count()).toBe(3);
  });

  it("surfaces the error itself when retries are disabled", async () => {
    const server = await scriptedServer((_n, _req, res) => feldera(res, 503, "X"));
    const e = await rejection(
      client({ host: server.url, retry: fastRetry({ maxRetries: 0 }) }).listPipelines(),
    );
    expect(isApiError(e, "X")).toBe(true);
    expect(server.count()).toBe(1);
  });
});

describe("per-request timeout", () => {
  it("aborts an attempt that gets no answer in time and retries it", async () => {
    const server = await scriptedServer((n, _req, res) => {
      if (n > 1) json(res, 200, pipelineJson("orders"));
      // n === 1: never answers.
    });
    const p = await client({ host: server.url, requestTimeoutMs: 150 }).getPipeline("orders");
    expect(p.name).toBe("orders");
    expect(server.count()).toBe(2);
  });

  it("lets /validate_program compile past the configured timeout: the server compiles before answering", async () => {
    const answer = { Success: { program_info: { schema: { inputs: [], outputs: [] } } } };
    // Answers everything after 400 ms: a compile within the server's limit, a slow read beyond ours.
    const server = await scriptedServer((_n, req, res) => {
      const validate = req.url?.startsWith("/v0/validate_program");
      setTimeout(() => json(res, 200, validate ? answer : pipelineJson("orders")), 400);
    });
    const c = client({ host: server.url, requestTimeoutMs: 100, retry: fastRetry({ maxRetries: 0 }) });
    const r = await c.validateProgram({ program_code: "CREATE TABLE t (x INT);" });
    expect(r).toHaveProperty("Success");
    expect(server.count()).toBe(1); // no abort-and-resend of the same compile
    await expect(c.getPipeline("orders")).rejects.toMatchObject({ code: "FELDERA_ERR_REQUEST_TIMEOUT" });
  });

  it("reports a timeout as a request-timeout error that may have been sent", async () => {
    const server = await scriptedServer(() => {
      /* never answers */
    });
    const e = await rejection(
      client({ host: server.url, requestTimeoutMs: 100, retry: fastRetry({ maxRetries: 0 }) }).getPipeline(
        "orders",
      ),
    );
    expect(e).toMatchObject({ code: "FELDERA_ERR_REQUEST_TIMEOUT", requestSent: "maybe", timeoutMs: 100 });
    expect(e.message).toContain("did not answer GET /v0/pipelines/orders?selector=all within 100 ms");
  });

  it("times out a body that trickles slower than the budget", async () => {
    const server = await scriptedServer((_n, _req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("[");
      // The rest never comes.
    });
    const e = await rejection(
      client({
        host: server.url,
        requestTimeoutMs: 150,
        retry: fastRetry({ maxRetries: 0 }),
      }).listPipelines(),
    );
    expect(isFelderaError(e, "FELDERA_ERR_REQUEST_TIMEOUT")).toBe(true);
  });
});

describe("DELETE", () => {
  it("counts a 404 on a retry as success (the lost attempt deleted it)", async () => {
    const server = await scriptedServer((n, _req, res) =>
      n === 1 ? drop(res) : feldera(res, 404, "UnknownPipelineName"),
    );
    await client({ host: server.url }).deletePipeline("orders");
    expect(server.count()).toBe(2);
  });

  it("counts a 404 after a 503 as success", async () => {
    const server = await scriptedServer((n, _req, res) =>
      n === 1 ? feldera(res, 503, "LockTookTooLong") : feldera(res, 404, "UnknownPipelineName"),
    );
    await client({ host: server.url }).deletePipeline("orders");
    expect(server.count()).toBe(2);
  });

  it("reports a 404 on the first attempt as UnknownPipelineName", async () => {
    const server = await scriptedServer((_n, _req, res) => feldera(res, 404, "UnknownPipelineName"));
    const e = await rejection(client({ host: server.url }).deletePipeline("orders"));
    expect(isApiError(e, "UnknownPipelineName")).toBe(true);
  });
});
