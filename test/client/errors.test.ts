import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { isApiError } from "../../provider/client";
import { redact } from "../../provider/client/redact";
import { isFelderaError } from "../../provider/errors";
import {
  client,
  closedPort,
  fastRetry,
  feldera,
  json,
  pipelineJson,
  rejection,
  scriptedServer,
  text,
} from "./support/scripted-server";

const CANARY_KEY = `apikey:${"C4N4RY".repeat(21)}xy`;
/** A credential with no recognisable shape: only verbatim redaction can catch it. */
const CANARY_TOKEN = "plain-canary-credential-7f3a9";

/** Every way an error can reach a person or a log: message, stack, JSON, and inspect (which follows `cause`). */
function expectNoSecret(e: unknown, ...secrets: string[]): void {
  const views = [
    (e as Error).message,
    (e as Error).stack ?? "",
    JSON.stringify(e),
    inspect(e, { depth: 10, showHidden: false }),
  ];
  for (const secret of secrets) for (const view of views) expect(view).not.toContain(secret);
}

describe("Feldera errors and foreign errors", () => {
  it("parses a Feldera error body sent with a non-JSON content type (docs/feldera/auth-and-tenants.md#authentication)", async () => {
    const server = await scriptedServer((_n, _req, res) =>
      text(res, 401, '{"message":"Unauthorized API key","error_code":"AuthenticationFailed"}', "text/plain"),
    );
    const e = await rejection(
      client({ host: server.url, auth: { kind: "apiKey", apiKey: CANARY_KEY } }).listPipelines(),
    );
    expect(e).toMatchObject({ code: "FELDERA_ERR_API", status: 401, errorCode: "AuthenticationFailed" });
  });

  it("says authentication failed and names the settings that supply the key", async () => {
    const server = await scriptedServer((_n, _req, res) =>
      feldera(res, 401, "AuthenticationFailed", "Unauthorized API key"),
    );
    const e = await rejection(
      client({ host: server.url, auth: { kind: "apiKey", apiKey: CANARY_KEY } }).listPipelines(),
    );
    expect(e.message).toContain(
      "Authentication failed: the API key from feldera:apiKey or FELDERA_API_KEY was rejected",
    );
    expectNoSecret(e, CANARY_KEY);
  });

  it("tells how to authenticate when a server without a key answers an empty 401", async () => {
    const server = await scriptedServer((_n, _req, res) => {
      res.writeHead(401, { "www-authenticate": "Bearer" });
      res.end();
    });
    const e = await rejection(client({ host: server.url }).listPipelines());
    expect(e).toMatchObject({ code: "FELDERA_ERR_NOT_FELDERA", status: 401, bodyExcerpt: "" });
    expect(e.message).toContain("set an API key with feldera:apiKey (as a secret) or FELDERA_API_KEY");
    expect(e.message).toMatch(
      /^The server rejected GET \/v0\/pipelines\S* for lack of a valid credential \(HTTP 401\)\. /,
    );
    expect(e.message).not.toContain("content-type");
  });

  it("describes an empty 401 to a key as a refused credential, naming the setting", async () => {
    const server = await scriptedServer((_n, _req, res) => {
      res.writeHead(401, { "www-authenticate": 'Bearer error_description="bad token"' });
      res.end();
    });
    const e = await rejection(
      client({ host: server.url, auth: { kind: "apiKey", apiKey: CANARY_KEY } }).listPipelines(),
    );
    expect(e.message).toContain("for lack of a valid credential");
    expect(e.message).toContain("feldera:apiKey or FELDERA_API_KEY");
    expectNoSecret(e, CANARY_KEY);
  });

  it("reports a proxy's HTML 502 page as not Feldera's, with a short excerpt", async () => {
    const page = `<html><head><title>502 Bad Gateway</title></head><body>${"nginx ".repeat(200)}</body></html>`;
    const server = await scriptedServer((_n, _req, res) => text(res, 502, page, "text/html"));
    const e = await rejection(
      client({ host: server.url, retry: fastRetry({ maxRetries: 0 }) }).getPipeline("a"),
    );
    expect(e).toMatchObject({ code: "FELDERA_ERR_NOT_FELDERA", status: 502, contentType: "text/html" });
    expect((e.bodyExcerpt as string).length).toBeLessThanOrEqual(300);
    expect(e.bodyExcerpt).toMatch(/^<html><head><title>502 Bad Gateway/);
    expect(e.message).toContain("A proxy between this client and Feldera answered");
  });

  it("reports actix's plain-text 400 as not Feldera's", async () => {
    const server = await scriptedServer((_n, _req, res) =>
      text(res, 400, "Json deserialize error: missing field `name`"),
    );
    const e = await rejection(client({ host: server.url }).patchPipeline("a", {}));
    expect(e).toMatchObject({ code: "FELDERA_ERR_NOT_FELDERA", status: 400 });
    expect(e.message).toContain("Json deserialize error: missing field `name`");
    expect(e.message).toContain("without a Feldera error body (text/plain"); // not blamed on a proxy
  });

  it("hints at the host's path prefix on a plain-text 404", async () => {
    const server = await scriptedServer((_n, _req, res) => text(res, 404, ""));
    const e = await rejection(client({ host: server.url }).listPipelines());
    expect(e.message).toContain("including any path prefix");
  });

  it("recognises an error_code with isApiError across error kinds", async () => {
    const server = await scriptedServer((_n, _req, res) => feldera(res, 400, "UpdateRestrictedToStopped"));
    const e = await rejection(client({ host: server.url }).patchPipeline("a", { program_code: "" }));
    expect(isApiError(e)).toBe(true);
    expect(isApiError(e, "UpdateRestrictedToStopped")).toBe(true);
    expect(isApiError(e, "DuplicateName")).toBe(false);
    expect(isApiError(new Error("x"))).toBe(false);
  });
});

describe("no error ever contains the credential", () => {
  it("redacts a key the server echoes in its message and details", async () => {
    const server = await scriptedServer((_n, _req, res) =>
      json(res, 400, { message: `bad key ${CANARY_KEY}`, error_code: "X", details: { got: CANARY_KEY } }),
    );
    const e = await rejection(
      client({ host: server.url, auth: { kind: "apiKey", apiKey: CANARY_KEY } }).listPipelines(),
    );
    expect(e.message).toContain("bad key [REDACTED]");
    expectNoSecret(e, CANARY_KEY);
  });

  it("redacts a shapeless token verbatim from a proxy page, through retries", async () => {
    const server = await scriptedServer((_n, req, res) =>
      text(
        res,
        502,
        `<pre>upstream failed; Authorization: ${req.headers.authorization}; raw ${CANARY_TOKEN}</pre>`,
        "text/html",
      ),
    );
    const e = await rejection(
      client({
        host: server.url,
        auth: { kind: "apiKey", apiKey: CANARY_TOKEN },
        retry: fastRetry({ maxRetries: 2 }),
      }).listPipelines(),
    );
    expect(e.code).toBe("FELDERA_ERR_RETRY_DEADLINE");
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${CANARY_TOKEN}`);
    expectNoSecret(e, CANARY_TOKEN);
  });

  it("keeps the key out of transport errors", async () => {
    const c = client({
      host: `http://127.0.0.1:${await closedPort()}`,
      auth: { kind: "apiKey", apiKey: CANARY_KEY },
      retry: fastRetry({ maxRetries: 1 }),
    });
    const e = await rejection(c.start("a"));
    expectNoSecret(e, CANARY_KEY);
  });

  it("redacts Feldera keys, bearer values and JWTs by shape", () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl";
    expect(redact(`key ${CANARY_KEY}, Authorization: Bearer abc.def, token ${jwt}`)).toBe(
      "key [REDACTED], Authorization: Bearer [REDACTED], token [REDACTED]",
    );
  });
});

describe("response shape", () => {
  it("names the missing field, the endpoint and an unknown version", async () => {
    const { program_status: _missing, ...broken } = pipelineJson("a");
    const server = await scriptedServer((_n, _req, res) => json(res, 200, broken));
    const e = await rejection(client({ host: server.url }).getPipeline("a"));
    expect(e).toMatchObject({
      code: "FELDERA_ERR_RESPONSE_SHAPE",
      field: "program_status",
      serverVersion: "unknown version",
    });
    expect(e.message).toContain(
      "Unexpected response from Feldera (unknown version) to GET /v0/pipelines/a?selector=all",
    );
    expect(e.message).toContain("program_status is missing");
  });

  it("names the element and the server version once known", async () => {
    const server = await scriptedServer((_n, req, res) =>
      req.url === "/v0/config"
        ? json(res, 200, { version: "0.337.0", edition: "Open source" })
        : json(res, 200, [pipelineJson("a"), { ...pipelineJson("b"), version: "seven" }]),
    );
    const c = client({ host: server.url });
    await c.features();
    const e = await rejection(c.listPipelines());
    expect(e).toMatchObject({ field: "[1].version", serverVersion: "v0.337.0" });
    expect(e.message).toContain("[1].version is invalid");
  });

  it("rejects a 2xx body that is not JSON", async () => {
    const server = await scriptedServer((_n, _req, res) => text(res, 200, "<html>login</html>", "text/html"));
    const e = await rejection(client({ host: server.url }).listPipelines());
    expect(e).toMatchObject({ code: "FELDERA_ERR_RESPONSE_SHAPE", field: "(body)" });
  });

  it("accepts a JSON success body sent as text/plain and keeps unknown fields", async () => {
    const server = await scriptedServer((_n, _req, res) =>
      text(res, 200, JSON.stringify(pipelineJson("a", { brand_new_field: 1 })), "text/plain"),
    );
    const p = await client({ host: server.url }).getPipeline("a");
    expect((p as Record<string, unknown>)["brand_new_field"]).toBe(1);
  });

  it("is a FelderaError from any loaded copy (brand check)", async () => {
    const server = await scriptedServer((_n, _req, res) => json(res, 200, {}));
    const e = await rejection(client({ host: server.url }).getServerConfig());
    expect(isFelderaError(e, "FELDERA_ERR_RESPONSE_SHAPE")).toBe(true);
    expect(e.name).toBe("FelderaResponseShapeError");
  });
});
