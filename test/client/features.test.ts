import { describe, expect, it } from "vitest";
import { detectFeatures, parseVersion, refineFeaturesFromPipeline } from "../../provider/client";
import { client, fastRetry, feldera, json, rejection, scriptedServer, text } from "./support/scripted-server";

describe("detectFeatures", () => {
  it.each([
    ["0.147.0", { statusRework: false, dismissError: false, tags: false, validateProgram: false }],
    ["0.148.0", { statusRework: true, dismissError: false, tags: false, validateProgram: false }],
    ["0.250.9", { statusRework: true, dismissError: false, tags: false, validateProgram: false }],
    ["0.251.0", { statusRework: true, dismissError: true, tags: false, validateProgram: false }],
    ["v0.300.1", { statusRework: true, dismissError: true, tags: false, validateProgram: false }],
    ["0.313.0", { statusRework: true, dismissError: true, tags: true, validateProgram: false }],
    ["0.323.99", { statusRework: true, dismissError: true, tags: true, validateProgram: false }],
    ["0.324.0", { statusRework: true, dismissError: true, tags: true, validateProgram: true }],
    ["0.337.0+enterprise.abc", { statusRework: true, dismissError: true, tags: true, validateProgram: true }],
    ["1.0.0", { statusRework: true, dismissError: true, tags: true, validateProgram: true }],
  ])("detects the features of %s", (version, expected) => {
    const f = detectFeatures({ version });
    expect(f).toMatchObject(expected);
    expect(f.pipelineDiff).toBe(expected.validateProgram);
    expect(f.descriptionIsMetadata).toBe(expected.tags);
  });

  it.each([
    [{ version: "0.337.0", edition: "Open source" }, "open-source"],
    [{ version: "0.337.0", edition: "Enterprise" }, "enterprise"],
    [{ version: "0.337.0+enterprise.abc" }, "enterprise"],
    [{ version: "0.337.0" }, "unknown"],
  ])("reads the edition of %o as %s", (config, edition) => {
    expect(detectFeatures(config).edition).toBe(edition);
  });

  it("assumes current features for a version it cannot parse", () => {
    expect(parseVersion("main-abc123")).toBeUndefined();
    expect(detectFeatures({ version: "main-abc123" })).toMatchObject({ statusRework: true, tags: true });
  });

  it("learns tags from a pipeline that carries them", () => {
    const old = detectFeatures({ version: "0.300.0" });
    expect(refineFeaturesFromPipeline(old, { tags: [] })).toMatchObject({
      tags: true,
      descriptionIsMetadata: true,
    });
    expect(refineFeaturesFromPipeline(old, {})).toBe(old);
  });
});

describe("FelderaClient.features", () => {
  it("asks GET /v0/config once per client, however many callers", async () => {
    const server = await scriptedServer((_n, _req, res) =>
      json(res, 200, { version: "0.337.0", edition: "Open source" }),
    );
    const c = client({ host: server.url });
    const [a, b] = await Promise.all([c.features(), c.features()]);
    await c.features();
    expect(a).toBe(b);
    expect(a).toMatchObject({ version: "0.337.0", edition: "open-source", tags: true });
    expect(server.requests.map((r) => r.url)).toEqual(["/v0/config"]);
  });

  it("asks again after a failure instead of remembering it", async () => {
    const server = await scriptedServer((n, _req, res) =>
      n === 1 ? feldera(res, 500, "PostgresError") : json(res, 200, { version: "0.337.0" }),
    );
    const c = client({ host: server.url });
    expect((await rejection(c.features())).code).toBe("FELDERA_ERR_API");
    await expect(c.features()).resolves.toMatchObject({ version: "0.337.0" });
  });

  it("refuses a server older than v0.148.0 with a clear message", async () => {
    const server = await scriptedServer((_n, _req, res) =>
      json(res, 200, { version: "0.147.0", edition: "Open source" }),
    );
    const e = await rejection(client({ host: server.url }).features());
    expect(e).toMatchObject({ code: "FELDERA_ERR_UNSUPPORTED_SERVER", serverVersion: "0.147.0" });
    expect(e.message).toContain("needs v0.148.0 or later");
  });

  it("refuses a server without /v0/config (not Feldera, or very old)", async () => {
    const server = await scriptedServer((_n, _req, res) => text(res, 404, "Not Found"));
    const e = await rejection(client({ host: server.url, retry: fastRetry() }).features());
    expect(e.code).toBe("FELDERA_ERR_UNSUPPORTED_SERVER");
    expect(e.message).toContain("answered 404 to GET /v0/config");
    expect(e.message).toContain("feldera:host / FELDERA_HOST");
  });
});
