/**
 * The traps of Feldera's API that a naive provider falls into (docs/feldera/oddities.md and its provider notes),
 * one test each, against the emulator.
 */
import { describe, expect, it } from "vitest";
import { isFelderaError } from "../../provider/errors";
import { startTestEmulator, uniqueName } from "../support/emulator";
import { waitFor } from "../support/http";
import { testProvider, writes } from "../support/provider";

const SQL = "CREATE TABLE orders (id INT NOT NULL PRIMARY KEY, amount DECIMAL(10, 2));\n";
const SQL_V2 = `${SQL}CREATE VIEW big_orders AS SELECT * FROM orders WHERE amount > 100;\n`;

describe("traps", () => {
  it("restarts a changed program with bootstrap_policy=allow, so pulumi up never waits for an approval nobody gives (docs/feldera/deployment-and-stop.md#runtime-status)", async () => {
    const emulator = await startTestEmulator();
    const provider = testProvider(emulator.url);
    const name = uniqueName("approval");
    const inputs = { name, programCode: SQL, __provider: "p" };
    const { id, outs } = await provider.create(inputs);
    emulator.clearRequests();
    // The pipeline has run (storage InUse, a checkpoint of the old program): Feldera's default policy
    // would stop the restart at AwaitingApproval.
    const after = await provider.update(id, outs, { ...inputs, programCode: SQL_V2 });
    expect(after.outs["deploymentStatus"]).toBe("Running");
    const start = emulator.requests.find((r) => r.path.endsWith("/start"));
    expect(start?.query["bootstrap_policy"]).toBe("allow");
  });

  it("with bootstrapPolicy await_approval, stops at AwaitingApproval with an error that says how to approve", async () => {
    const emulator = await startTestEmulator();
    const provider = testProvider(emulator.url);
    const name = uniqueName("approval");
    const inputs = { name, programCode: SQL, bootstrapPolicy: "await_approval", __provider: "p" };
    const { id, outs } = await provider.create(inputs);
    const err = await provider.update(id, outs, { ...inputs, programCode: SQL_V2 }).catch((e) => e);
    expect(err).toMatchObject({ code: "FELDERA_ERR_AWAITING_APPROVAL", id: expect.any(String) });
    expect(err.message).toContain("AwaitingApproval");
    expect(err.message).toContain(`/v0/pipelines/${name}/approve`);
    expect(err.properties).toMatchObject({ deploymentStatus: "AwaitingApproval", programCode: SQL_V2 });
  });

  it("always stops with force=true, which the open-source edition accepts (a bare /stop is suspend: 501, docs/feldera/deployment-and-stop.md#stop)", async () => {
    const emulator = await startTestEmulator({ edition: "open-source" });
    const provider = testProvider(emulator.url);
    const inputs = { name: uniqueName("oss"), programCode: SQL, __provider: "p" };
    const { id, outs } = await provider.create(inputs);
    const stopped = await provider.update(id, outs, { ...inputs, desiredStatus: "stopped" });
    expect(stopped.outs["deploymentStatus"]).toBe("Stopped");
    await provider.delete(id, stopped.outs);
    const stops = emulator.requests.filter((r) => r.path.endsWith("/stop"));
    expect(stops.map((r) => r.query["force"])).toEqual(["true"]);
    expect(emulator.requests.every((r) => r.status !== 501)).toBe(true);
  });

  it("brings a standby pipeline to running by a restart on open source, where /activate is 501 (docs/feldera/deployment-and-stop.md#runtime-actions)", async () => {
    const emulator = await startTestEmulator({ edition: "open-source" });
    const provider = testProvider(emulator.url);
    const name = uniqueName("oss");
    const runtimeConfig = {
      storage: { backend: { name: "file", config: { sync: { bucket: "s3://ckpt" } } } },
    };
    const inputs = { name, programCode: SQL, runtimeConfig, __provider: "p" };
    const { id, outs } = await provider.create({ ...inputs, desiredStatus: "standby" });
    expect(outs["deploymentStatus"]).toBe("Standby");
    emulator.clearRequests();
    const after = await provider.update(id, outs, { ...inputs, desiredStatus: "running" });
    expect(after.outs["deploymentStatus"]).toBe("Running");
    expect(writes(emulator.requests)).toEqual([
      `POST /v0/pipelines/${name}/stop?force=true`,
      `POST /v0/pipelines/${name}/start?bootstrap_policy=allow&dismiss_error=false&initial=running`,
    ]);
  });

  it("clears storage before deleting a pipeline that ran without storage configured (storage is InUse anyway, docs/feldera/storage.md)", async () => {
    const emulator = await startTestEmulator();
    const provider = testProvider(emulator.url);
    const name = uniqueName("nostorage");
    const { id, outs } = await provider.create({
      name,
      programCode: SQL,
      runtimeConfig: { storage: false },
      __provider: "p",
    });
    expect(outs["storageStatus"]).toBe("InUse");
    await provider.delete(id, outs);
    expect(emulator.snapshot(name)).toBeUndefined();
  });

  it("fails a compilation that outlasts timeouts.compile (the server has no compile timeout, docs/feldera/compilation.md#when-compilation-runs), keeping the pipeline", async () => {
    const emulator = await startTestEmulator({ timeScale: 1, delays: { compileRustMs: 60_000 } });
    const provider = testProvider(emulator.url);
    const name = uniqueName("slow");
    const err = await provider
      .create({ name, programCode: SQL, timeouts: { compile: 1 }, __provider: "p" })
      .catch((e) => e);
    expect(err).toMatchObject({ code: "FELDERA_ERR_WAIT_TIMEOUT", id: expect.any(String) });
    expect(err.message).toContain(`Timed out after 1 s waiting for pipeline '${name}' to compile`);
    expect(err.message).toContain("timeouts.compile");
    expect(err.properties).toMatchObject({ programStatus: "CompilingRust", pipelineId: err.id });
  });

  it("does not record a pipeline deleted while its create waited, so the next up creates it again", async () => {
    const emulator = await startTestEmulator({ timeScale: 1, delays: { compileRustMs: 60_000 } });
    const provider = testProvider(emulator.url);
    const name = uniqueName("vanish");
    const creating = provider.create({ name, programCode: SQL, __provider: "p" }).catch((e) => e);
    const compiling = async () =>
      (emulator.snapshot(name) as { program_status?: string } | undefined)?.program_status ===
        "CompilingRust" || undefined;
    await waitFor(compiling);
    expect((await emulator.api.delete(`/v0/pipelines/${name}`)).status).toBe(200);
    const err = await creating;
    expect(isFelderaError(err, "FELDERA_ERR_PIPELINE_GONE")).toBe(true); // not a partial failure with an id
    expect(err).not.toHaveProperty("id");
  });

  it("says to run pulumi destroy again when a destroy times out waiting for the stop", async () => {
    const emulator = await startTestEmulator();
    const provider = testProvider(emulator.url);
    const inputs = { name: uniqueName("slowstop"), programCode: SQL, timeouts: { stop: 1 }, __provider: "p" };
    const { id, outs } = await provider.create(inputs);
    emulator.setDelays({ stopMs: 1_000_000 }); // 20 s at the test time scale
    const err = await provider.delete(id, outs).catch((e) => e);
    expect(isFelderaError(err, "FELDERA_ERR_WAIT_TIMEOUT")).toBe(true);
    expect(err.message).toContain("run `pulumi destroy` again to keep waiting, raise timeouts.stop");
  });
});

describe("servers older than v0.313 (no tags; description is a storage-bound core field, docs/feldera/versions.md#before-v0-313)", () => {
  it("never sends tags, so there is no permanent diff, and outputs keep the declared tags", async () => {
    const emulator = await startTestEmulator({ version: "0.300.0" });
    const provider = testProvider(emulator.url);
    const name = uniqueName("old");
    const inputs = { name, programCode: SQL, tags: ["owner=data"], __provider: "p" };
    const { id, outs } = await provider.create(inputs);
    expect(emulator.requests.find((r) => r.method === "POST")?.body).not.toHaveProperty("tags");
    expect(outs["tags"]).toEqual(["owner=data"]);
    const refreshed = await provider.read(id, outs);
    expect((await provider.diff(id, refreshed.props, inputs)).changes).toBe(false);
    emulator.clearRequests();
    await provider.update(id, refreshed.props, inputs);
    expect(writes(emulator.requests)).toEqual([]);
  });

  it("refuses a description change of a running pipeline unless clearing storage is consented", async () => {
    const emulator = await startTestEmulator({ version: "0.300.0" });
    const provider = testProvider(emulator.url);
    const name = uniqueName("old");
    const inputs = { name, programCode: SQL, __provider: "p" };
    const { id, outs } = await provider.create(inputs);
    emulator.clearRequests();
    const err = await provider.update(id, outs, { ...inputs, description: "new" }).catch((e) => e);
    expect(err.message).toContain("'description'");
    expect(writes(emulator.requests)).toEqual([]);
    await provider.update(id, outs, { ...inputs, description: "new", onStorageConflict: "clear" });
    expect(writes(emulator.requests)).toEqual([
      `POST /v0/pipelines/${name}/stop?force=true`,
      `POST /v0/pipelines/${name}/clear`,
      `PATCH /v0/pipelines/${name} {description}`,
      `POST /v0/pipelines/${name}/start?bootstrap_policy=allow&dismiss_error=false&initial=running`,
    ]);
  });

  it("refuses settings the server would silently ignore, before creating anything", async () => {
    const emulator = await startTestEmulator({ version: "0.300.0" });
    const provider = testProvider(emulator.url);
    const inputs = {
      name: uniqueName("old"),
      programCode: SQL,
      runtimeConfig: { clock_timezone_offset: "+02:00" },
      __provider: "p",
    };
    const err = await provider.create(inputs).catch((e) => e);
    expect(err.message).toContain("runtimeConfig.clock_timezone_offset (Feldera v0.326.0 or later)");
    expect(err.message).toContain("remove runtimeConfig.clock_timezone_offset");
    expect(writes(emulator.requests)).toEqual([]);
  });

  it("skips SQL validation on preview where /v0/validate_program does not exist", async () => {
    const emulator = await startTestEmulator({ version: "0.300.0" });
    const provider = testProvider(emulator.url);
    const result = await provider.check({}, { name: uniqueName("old"), programCode: "CREATE SYNTAX_ERROR" });
    expect(result.failures).toBeUndefined();
    expect(emulator.requests.map((r) => r.path)).toEqual(["/v0/config", "/v0/pipelines"]);
    // The one condition that only warns, once per deployment, and says where SQL errors will show up.
    await provider.check({}, { name: uniqueName("old"), programCode: "CREATE SYNTAX_ERROR 2" });
    expect(provider.progress).toEqual([
      "feldera: warning: the Feldera server (v0.300.0) has no /v0/validate_program (v0.324.0 or later): SQL is not checked before it is deployed, and a SQL error fails `pulumi up` when the pipeline compiles, not `pulumi preview`",
    ]);
  });
});

describe("SQL validation on preview", () => {
  /** `check` of a program changed to one with a SQL error, as a preview sends it. */
  async function previewBrokenProgram(extra: Record<string, unknown> = {}) {
    const emulator = await startTestEmulator();
    const provider = testProvider(emulator.url);
    const programCode = `${SQL}CREATE VIEW v AS SELECT SYNTAX_ERROR FROM orders;\n`;
    const news = { name: uniqueName("preview"), programCode, ...extra };
    return { emulator, result: await provider.check({ programCode: SQL }, news) };
  }

  it("fails the preview of a changed program with line:column, message and snippet", async () => {
    const { emulator, result } = await previewBrokenProgram();
    expect(result.failures).toHaveLength(1);
    expect(result.failures![0]!.property).toBe("programCode");
    expect(result.failures![0]!.reason).toMatch(/2:\d+: .*SYNTAX_ERROR/s);
    expect(emulator.requests.some((r) => r.path === "/v0/validate_program")).toBe(true);
  });

  it("validates with the pinned runtime_version, falling back to the platform compiler where pins are off", async () => {
    const { emulator, result } = await previewBrokenProgram({
      programConfig: { runtime_version: "v0.330.0" },
    });
    expect(result.failures?.[0]?.property).toBe("programCode");
    const validations = emulator.requests.filter((r) => r.path === "/v0/validate_program");
    expect(validations.map((r) => (r.body as { runtime_version?: string }).runtime_version)).toEqual([
      "v0.330.0",
      undefined,
    ]);
  });

  it("does not compile an unchanged program again", async () => {
    const emulator = await startTestEmulator();
    const provider = testProvider(emulator.url);
    await provider.check({ programCode: SQL }, { name: uniqueName("preview"), programCode: SQL });
    expect(emulator.requests.map((r) => r.path)).not.toContain("/v0/validate_program");
  });
});

describe("health gate", () => {
  it("passes when the started pipeline stays Running for the declared time", async () => {
    const emulator = await startTestEmulator();
    const provider = testProvider(emulator.url);
    const { outs } = await provider.create({
      name: uniqueName("gate"),
      programCode: SQL,
      healthGate: { seconds: 2 },
      __provider: "p",
    });
    expect(outs["deploymentStatus"]).toBe("Running");
    expect(
      provider.progress.some((l) => /stay Running for 2 s \(health gate\): Running for 1\.\d s/.test(l)),
    ).toBe(true);
  });

  it("fails pulumi up when the pipeline crashes during the gate, keeping it recorded", async () => {
    const emulator = await startTestEmulator();
    const provider = testProvider(emulator.url);
    const name = uniqueName("gate");
    const stop = emulator.onTransition((n, p) => {
      if (n === name && (p as { deployment_status?: string }).deployment_status === "Running") {
        stop();
        setTimeout(
          () => emulator.crash(name, { error_code: "RuntimeError", message: "division by zero" }),
          300,
        );
      }
    });
    const err = await provider
      .create({ name, programCode: SQL, healthGate: { seconds: 5 }, __provider: "p" })
      .catch((e) => e);
    expect(err).toMatchObject({ code: "FELDERA_ERR_HEALTH_GATE", id: expect.any(String) });
    expect(err.message).toContain("failed its health gate");
    expect(err.message).toContain("division by zero");
    expect(err.properties).toMatchObject({ desiredStatus: "stopped" });
  });
});

describe("health gate with input progress", () => {
  const WITH_INPUT = `CREATE TABLE orders (id INT NOT NULL PRIMARY KEY) WITH ('connectors' = '[{"name": "gen", "transport": {"name": "datagen", "config": {"plan": [{"rate": 100}]}}}]');\n`;

  it("passes once every input connector has received records", async () => {
    const emulator = await startTestEmulator();
    const provider = testProvider(emulator.url);
    const { outs } = await provider.create({
      name: uniqueName("inputs"),
      programCode: WITH_INPUT,
      healthGate: { seconds: 1, requireInputProgress: true },
      __provider: "p",
    });
    expect(outs["deploymentStatus"]).toBe("Running");
    expect(emulator.requests.some((r) => r.path.endsWith("/stats"))).toBe(true);
  });

  /** Stalls the pipeline's inputs as soon as it exists (before it can start). */
  function stallWhenCreated(emulator: Awaited<ReturnType<typeof startTestEmulator>>, name: string): void {
    const stop = emulator.onTransition((n) => {
      if (n !== name) return;
      stop();
      emulator.stallInputs(name);
    });
  }

  it("times out naming the connector that receives nothing", async () => {
    const emulator = await startTestEmulator();
    const provider = testProvider(emulator.url);
    const name = uniqueName("inputs");
    stallWhenCreated(emulator, name);
    const err = await provider
      .create({
        name,
        programCode: WITH_INPUT,
        healthGate: { seconds: 1, requireInputProgress: true },
        timeouts: { start: 2 },
        __provider: "p",
      })
      .catch((e) => e);
    expect(err).toMatchObject({ code: "FELDERA_ERR_WAIT_TIMEOUT", id: expect.any(String) });
    expect(err.message).toContain("receive records on every input connector");
    expect(provider.progress.join("\n")).toContain("no records yet on orders.gen");
  });

  it("fails when an input connector reports a fatal error", async () => {
    const emulator = await startTestEmulator();
    const provider = testProvider(emulator.url);
    const name = uniqueName("inputs");
    stallWhenCreated(emulator, name);
    const stop = emulator.onTransition((n, p) => {
      if (n === name && (p as { deployment_status?: string }).deployment_status === "Running") {
        stop();
        setTimeout(() => emulator.failInput(name, "orders.gen", "broker unreachable"), 1500);
      }
    });
    const err = await provider
      .create({
        name,
        programCode: WITH_INPUT,
        healthGate: { seconds: 1, requireInputProgress: true },
        __provider: "p",
      })
      .catch((e) => e);
    expect(err.message).toContain("failed its health gate");
    expect(err.message).toContain("input orders.gen failed: broker unreachable");
  });
});
