/**
 * Tier 2: the client against the Feldera emulator over real HTTP. Every method round-trips, and retries
 * under injected faults converge with nothing duplicated (counted in the emulator's request log).
 */
import { describe, expect, it } from "vitest";
import { type FelderaClient, isApiError } from "../../provider/client";
import type { PipelineStatus } from "../../provider/model/wire";
import { startTestEmulator, uniqueName } from "../support/emulator";
import { client, fastRetry, rejection } from "./support/scripted-server";

const SQL =
  "CREATE TABLE orders (id INT NOT NULL PRIMARY KEY, amount DOUBLE);\nCREATE VIEW big AS SELECT * FROM orders WHERE amount > 100;";

/** Polls the status shape (as every lifecycle wait does) until `done` holds; fails after `timeoutMs`. */
async function until(
  c: FelderaClient,
  name: string,
  done: (s: PipelineStatus) => boolean,
  timeoutMs = 10_000,
): Promise<PipelineStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await c.getPipelineStatus(name);
    if (done(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out; last status ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const stopped = (s: PipelineStatus) =>
  s.deployment_resources_status === "Stopped" && s.deployment_resources_desired_status === "Stopped";

async function emulatorClient(options: Parameters<typeof startTestEmulator>[0] = {}) {
  const emulator = await startTestEmulator({ timeScale: 0.01, ...options });
  return { emulator, c: client({ host: emulator.url, retry: fastRetry() }) };
}

describe("client against the emulator", () => {
  it("round-trips every method through a pipeline's whole life", async () => {
    const { c } = await emulatorClient();
    const name = uniqueName("client-all");

    const features = await c.features();
    expect(features).toMatchObject({
      version: "0.337.0",
      edition: "enterprise",
      tags: true,
      validateProgram: true,
    });
    expect(await c.getServerConfig()).toMatchObject({ version: "0.337.0" });
    expect(await c.validateProgram({ program_code: SQL })).toHaveProperty("Success");

    const created = await c.createPipeline({ name, program_code: SQL, description: "d1", tags: ["t1"] });
    expect(created).toMatchObject({ name, description: "d1", tags: ["t1"], version: 1 });
    expect((await c.getPipeline(name)).program_code).toBe(SQL);
    expect((await c.listPipelines()).map((p) => p.name)).toContain(name);
    expect((await c.listPipelineStatuses()).map((p) => p.name)).toContain(name);

    expect((await c.patchPipeline(name, { description: "d2" })).description).toBe("d2");
    const put = await c.putPipeline(name, { name, program_code: SQL, description: "d3", tags: ["t1"] });
    expect(put).toMatchObject({ created: false, pipeline: { description: "d3" } });

    await until(c, name, (s) => s.program_status === "Success");
    const diff = await c.diffPipeline(name, {
      program_code: `${SQL}\nCREATE VIEW small AS SELECT * FROM orders;`,
    });
    expect(diff.program_diff?.added_views).toEqual(["small"]);

    await c.dismissError(name);
    await c.start(name, { initial: "paused" });
    await until(c, name, (s) => s.deployment_status === "Paused");
    await c.resume(name);
    await until(c, name, (s) => s.deployment_status === "Running");
    await c.approve(name);
    await c.activate(name, "running");
    await c.pause(name);
    await until(c, name, (s) => s.deployment_status === "Paused");
    await c.stop(name, { force: true });
    await until(c, name, stopped);
    await c.clearStorage(name);
    await until(c, name, (s) => s.storage_status === "Cleared");

    await c.deletePipeline(name);
    expect(isApiError(await rejection(c.getPipeline(name)), "UnknownPipelineName")).toBe(true);
  });

  it("creates with PUT and tells it was created", async () => {
    const { c } = await emulatorClient();
    const name = uniqueName("client-put");
    expect((await c.putPipeline(name, { name, program_code: SQL })).created).toBe(true);
  });

  it("detects an older server's features from its version", async () => {
    const { c } = await emulatorClient({ version: "0.300.0", edition: "open-source" });
    expect(await c.features()).toMatchObject({
      edition: "open-source",
      tags: false,
      dismissError: true,
      validateProgram: false,
    });
  });

  it("surfaces the emulator's error codes", async () => {
    const { c } = await emulatorClient({ edition: "open-source" });
    const name = uniqueName("client-err");
    await c.createPipeline({ name, program_code: SQL });
    expect(isApiError(await rejection(c.createPipeline({ name, program_code: SQL })), "DuplicateName")).toBe(
      true,
    );
    expect(isApiError(await rejection(c.stop(name, { force: false })), "EnterpriseFeature")).toBe(true);
    expect(isApiError(await rejection(c.deletePipeline(uniqueName("missing"))), "UnknownPipelineName")).toBe(
      true,
    );
  });

  it("reports a rejected API key without quoting it", async () => {
    const canary = `apikey:${"Z".repeat(128)}`;
    const emulator = await startTestEmulator({ apiKeys: [`apikey:${"A".repeat(128)}`] });
    const c = client({ host: emulator.url, auth: { kind: "apiKey", apiKey: canary }, retry: fastRetry() });
    const e = await rejection(c.listPipelines());
    expect(e).toMatchObject({ status: 401 });
    expect(`${e.message}${e.stack}${JSON.stringify(e)}`).not.toContain(canary);
  });
});

describe("client against the emulator, under faults", () => {
  it("resolves a create whose response is lost to exactly one pipeline", async () => {
    const { emulator, c } = await emulatorClient();
    const name = uniqueName("client-lost");
    emulator.addFault({
      method: "POST",
      path: "/v0/pipelines",
      action: { kind: "drop", when: "after-handling" },
    });
    const p = await c.createPipeline({ name, program_code: SQL, runtime_config: { workers: 2 } });
    expect(p.name).toBe(name);
    expect(emulator.requests.filter((r) => r.method === "POST" && r.path === "/v0/pipelines")).toHaveLength(
      1,
    );
    expect((await c.listPipelines()).filter((x) => x.name === name)).toHaveLength(1);
  });

  it("resends a create dropped before handling, creating it once", async () => {
    const { emulator, c } = await emulatorClient();
    const name = uniqueName("client-drop");
    emulator.addFault({
      method: "POST",
      path: "/v0/pipelines",
      action: { kind: "drop", when: "before-handling" },
    });
    await c.createPipeline({ name, program_code: SQL });
    const posts = emulator.requests.filter((r) => r.method === "POST" && r.path === "/v0/pipelines");
    expect(posts.map((r) => r.status)).toEqual([0, 201]);
    expect((await c.listPipelineStatuses()).filter((x) => x.name === name)).toHaveLength(1);
  });

  it("resends a create answered 503 after finding nothing", async () => {
    const { emulator, c } = await emulatorClient();
    const name = uniqueName("client-503");
    emulator.addFault({ method: "POST", path: "/v0/pipelines", action: { kind: "status", status: 503 } });
    await c.createPipeline({ name, program_code: SQL });
    expect(emulator.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "POST /v0/pipelines 503",
      `GET /v0/pipelines/${name} 404`,
      "POST /v0/pipelines 201",
    ]);
  });

  it("converges through transient faults on every kind of idempotent request, duplicating nothing", async () => {
    const { emulator, c } = await emulatorClient();
    const name = uniqueName("client-faults");
    await c.createPipeline({ name, program_code: SQL });
    emulator.addFault({ method: "GET", action: { kind: "status", status: 503 }, times: 2 });
    emulator.addFault({ method: "PATCH", action: { kind: "drop", when: "after-handling" } });
    emulator.addFault({
      method: "POST",
      path: /\/start$/,
      action: { kind: "status", status: 502, body: "html" },
    });
    emulator.addFault({ method: "POST", path: /\/stop$/, action: { kind: "status", status: 504 } });
    emulator.addFault({ method: "DELETE", action: { kind: "drop", when: "after-handling" } });

    expect((await c.patchPipeline(name, { description: "patched" })).description).toBe("patched");
    await until(c, name, (s) => s.program_status === "Success");
    await c.start(name);
    await until(c, name, (s) => s.deployment_status === "Running");
    await c.stop(name, { force: true });
    await until(c, name, stopped);
    await c.clearStorage(name);
    await until(c, name, (s) => s.storage_status === "Cleared");
    await c.deletePipeline(name);

    const log = emulator.requests
      .filter((r) => r.method !== "GET")
      .map((r) => `${r.method} ${r.path} ${r.status}`);
    const path = `/v0/pipelines/${name}`;
    expect(log).toEqual([
      "POST /v0/pipelines 201",
      `PATCH ${path} 200`,
      `PATCH ${path} 200`,
      `POST ${path}/start 502`,
      `POST ${path}/start 202`,
      `POST ${path}/stop 504`,
      `POST ${path}/stop 202`,
      `POST ${path}/clear 202`,
      `DELETE ${path} 200`,
      `DELETE ${path} 404`,
    ]);
    expect((await c.listPipelines()).filter((p) => p.name === name)).toHaveLength(0);
  });
});
