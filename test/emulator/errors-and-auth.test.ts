/**
 * Conformance: error bodies that are not ErrorResponses, headers, platform endpoints and authentication
 * (docs/feldera/platform.md#config, docs/feldera/errors-and-retries.md#error-body, docs/feldera/auth-and-tenants.md#authentication).
 */
import { describe, expect, it } from "vitest";
import { startTestEmulator, uniqueName, useTestEmulator } from "../support/emulator";
import { client, http } from "../support/http";
import { create, createCompiled, path, SQL } from "./fixtures";

const env = useTestEmulator();

describe("framework errors (docs/feldera/errors-and-retries.md#error-body)", () => {
  it.each([
    ["malformed JSON", "{not json", "application/json", /^Json deserialize error: /],
    [
      "a body that is not an object",
      "[1]",
      "application/json",
      /^Json deserialize error: invalid type: sequence, expected struct/,
    ],
    [
      "a field of the wrong type",
      '{"name": 5, "program_code": ""}',
      "application/json",
      /invalid type: integer `5`, expected a string/,
    ],
    ["a missing required field", '{"name": "x"}', "application/json", /missing field `program_code`/],
    ["a non-JSON content type", '{"name":"x","program_code":""}', "text/plain", /^Content type error$/],
    ["no content type", '{"name":"x","program_code":""}', null, /^Content type error$/],
  ])("answers %s with a plain-text 400", async (_what, body, contentType, message) => {
    const res = await env.api.post("/v0/pipelines", { body, contentType });
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    expect(res.text).toMatch(message);
  });

  it("answers bodies over 2 MiB with a plain-text 413, before the handler", async () => {
    const name = uniqueName();
    const res = await env.api.post("/v0/pipelines", {
      body: { name, program_code: `-- ${"x".repeat(2 * 1024 * 1024)}` },
    });
    expect(res.status).toBe(413);
    expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/is larger than allowed \(limit: 2097152 bytes\)/);
    expect((await env.api.get(path(name))).status).toBe(404);
  });

  it("accepts a program just under the limit", async () => {
    const res = await env.api.post("/v0/pipelines", {
      body: { name: uniqueName(), program_code: `${SQL}-- ${"x".repeat(1024 * 1024)}` },
    });
    expect(res.status).toBe(201);
  });

  it("answers an unknown route, or a known path with the wrong method, with a plain 404", async () => {
    for (const [method, p] of [
      ["GET", "/v0/nothing"],
      ["GET", "/v1/pipelines"],
      ["GET", "/v0/pipelines/x/start"],
      ["POST", "/v0/pipelines/x/teleport"],
    ] as const) {
      const res = await http(env.url, method, p);
      expect(res.status, `${method} ${p}`).toBe(404);
      expect(res.json).toBeUndefined();
    }
  });

  it("marks GET/POST/PUT/PATCH pipeline responses `Cache-Control: no-cache` (docs/feldera/update-rules.md#endpoints)", async () => {
    const name = uniqueName();
    const post = await env.api.post("/v0/pipelines", { body: { name, program_code: SQL } });
    const get = await env.api.get(path(name));
    const list = await env.api.get("/v0/pipelines");
    const patch = await env.api.patch(path(name), { body: { description: "x" } });
    const put = await env.api.put(path(name), { body: { name, program_code: SQL } });
    for (const res of [post, get, list, patch, put]) expect(res.headers["cache-control"]).toBe("no-cache");
  });
});

describe("platform endpoints (docs/feldera/platform.md#config)", () => {
  it("reports every Configuration key, with the edition's name", async () => {
    const res = await env.api.get("/v0/config");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ version: "0.337.0", edition: "Enterprise", unstable_features: null });
    const oss = await startTestEmulator({ edition: "open-source", version: "0.320.1" });
    expect((await oss.api.get("/v0/config")).json).toMatchObject({
      version: "0.320.1",
      edition: "Open source",
      changelog_url: "https://github.com/feldera/feldera/releases/tag/v0.320.1",
    });
  });

  it("answers health probes", async () => {
    expect((await env.api.get("/healthz")).json).toEqual({ status: "healthy" });
    expect((await env.api.get("/v0/cluster_healthz")).json).toMatchObject({ all_healthy: true });
    expect((await env.api.get("/config/authentication")).json).toEqual({});
  });
});

describe("authentication (docs/feldera/auth-and-tenants.md#authentication)", () => {
  const KEYS = [
    { key: "apikey:writer", role: "write" as const },
    { key: "apikey:reader", role: "read" as const },
    "apikey:bare",
  ];
  const bearer = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });

  it("answers a request without a bearer token with 401, an empty body and WWW-Authenticate", async () => {
    const emu = await startTestEmulator({ apiKeys: KEYS });
    const res = await emu.api.get("/v0/pipelines");
    expect(res.status).toBe(401);
    expect(res.text).toBe("");
    expect(res.headers["www-authenticate"]).toBe("Bearer");
  });

  it("answers an unknown key with 401 and the AuthenticationFailed JSON text (no details)", async () => {
    const emu = await startTestEmulator({ apiKeys: KEYS });
    const res = await emu.api.get("/v0/pipelines", bearer("apikey:wrong"));
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ message: "Unauthorized API key", error_code: "AuthenticationFailed" });
  });

  it("treats a token that is not an API key as a JWT: 401, empty body, WWW-Authenticate with a description", async () => {
    const emu = await startTestEmulator({ apiKeys: KEYS });
    const res = await emu.api.get("/v0/pipelines", bearer("eyJhbGciOiJSUzI1NiJ9.e30.c2ln"));
    expect(res.status).toBe(401);
    expect(res.text).toBe("");
    expect(res.headers["www-authenticate"]).toMatch(/^Bearer error_description="[^"]+"$/);
  });

  it("lets a read key read and refuses it writes with 403 InsufficientPermissions, incl. validate and diff", async () => {
    const emu = await startTestEmulator({ apiKeys: KEYS });
    const writer = client(emu.url, bearer("apikey:writer"));
    const reader = client(emu.url, bearer("apikey:reader"));
    const name = uniqueName();
    await createCompiled(writer, name);
    expect((await reader.get(path(name))).status).toBe(200);
    expect((await reader.get("/v0/config")).status).toBe(200);
    for (const [method, p, body] of [
      ["post", "/v0/pipelines", { name: uniqueName(), program_code: SQL }],
      ["post", path(name, "start"), undefined],
      ["post", "/v0/validate_program", { program_code: SQL }],
      ["post", path(name, "diff"), {}],
      ["delete", path(name), undefined],
    ] as const) {
      const res = await reader[method](p, { body });
      expect(res.status, `${method} ${p}`).toBe(403);
      expect(res.json).toEqual({
        message: "Insufficient permissions: this action requires the 'write' role, but the caller has 'read'",
        error_code: "InsufficientPermissions",
        details: { required: "write", actual: "read" },
      });
    }
    expect((await client(emu.url, bearer("apikey:bare")).post(path(name, "start"))).status).toBe(202);
  });

  it("leaves /healthz and /config/authentication open, and guards unknown /v0 routes", async () => {
    const emu = await startTestEmulator({ apiKeys: KEYS });
    expect((await emu.api.get("/healthz")).status).toBe(200);
    const auth = await emu.api.get("/config/authentication");
    expect(auth.json).toMatchObject({ GenericOidc: { client_id: expect.any(String) } });
    expect((await emu.api.get("/v0/nothing")).status).toBe(401);
    expect((await emu.api.get("/v0/nothing", bearer("apikey:reader"))).status).toBe(404);
  });

  it("ignores the Authorization header when no keys are configured", async () => {
    const name = uniqueName();
    await create(env.api, name);
    expect((await env.api.get(path(name), bearer("apikey:whatever"))).status).toBe(200);
  });
});
