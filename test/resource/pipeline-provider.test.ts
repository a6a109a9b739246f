/**
 * The Pipeline provider against the emulator over real HTTP: what `pulumi up` makes Feldera do, asserted
 * on the emulator's request log (the writes, in order) and on the outputs.
 */
import { describe, expect, it } from "vitest";
import { startTestEmulator, uniqueName } from "../support/emulator";
import { testProvider, writes } from "../support/provider";

const SQL = "CREATE TABLE orders (id INT NOT NULL PRIMARY KEY, amount DECIMAL(10, 2));\n";
const SQL_V2 = `${SQL}CREATE VIEW big_orders AS SELECT * FROM orders WHERE amount > 100;\n`;

async function setup() {
  const emulator = await startTestEmulator();
  const provider = testProvider(emulator.url);
  const name = uniqueName("orders");
  const inputs = { name, programCode: SQL, __provider: "serialized-provider" };
  return { emulator, provider, name, inputs };
}

describe("create", () => {
  it("creates, compiles and starts a pipeline, then reports it Running", async () => {
    const { emulator, provider, name, inputs } = await setup();
    const { id, outs } = await provider.create(inputs);
    expect(outs).toMatchObject({
      name,
      programCode: SQL,
      pipelineId: id,
      programStatus: "Success",
      deploymentStatus: "Running",
      deploymentResourcesStatus: "Provisioned",
      storageStatus: "InUse",
    });
    expect(outs).not.toHaveProperty("__provider");
    expect(writes(emulator.requests)).toEqual([
      "POST /v0/pipelines {name,program_code}",
      `POST /v0/pipelines/${name}/start?bootstrap_policy=allow&dismiss_error=false&initial=running`,
    ]);
  });

  it("creates a pipeline declared stopped without starting it, after it compiles", async () => {
    const { emulator, provider, inputs } = await setup();
    const { outs } = await provider.create({ ...inputs, desiredStatus: "stopped" });
    expect(outs).toMatchObject({
      programStatus: "Success",
      deploymentStatus: "Stopped",
      storageStatus: "Cleared",
    });
    expect(writes(emulator.requests)).toEqual(["POST /v0/pipelines {name,program_code}"]);
  });

  it("starts paused when declared paused", async () => {
    const { provider, inputs } = await setup();
    const { outs } = await provider.create({ ...inputs, desiredStatus: "paused" });
    expect(outs["deploymentStatus"]).toBe("Paused");
  });
});

describe("update", () => {
  it("changes only the description of a running pipeline: one PATCH {description}, no stop or start", async () => {
    const { emulator, provider, name, inputs } = await setup();
    const { id, outs } = await provider.create(inputs);
    emulator.clearRequests();
    const after = await provider.update(id, outs, { ...inputs, description: "orders by customer" });
    expect(writes(emulator.requests)).toEqual([`PATCH /v0/pipelines/${name} {description}`]);
    expect(after.outs).toMatchObject({ description: "orders by customer", deploymentStatus: "Running" });
  });

  it("stops, patches the program and starts a running pipeline again, in that order", async () => {
    const { emulator, provider, name, inputs } = await setup();
    const { id, outs } = await provider.create(inputs);
    emulator.clearRequests();
    const after = await provider.update(id, outs, { ...inputs, programCode: SQL_V2 });
    expect(writes(emulator.requests)).toEqual([
      `POST /v0/pipelines/${name}/stop?force=true`,
      `PATCH /v0/pipelines/${name} {program_code}`,
      `POST /v0/pipelines/${name}/start?bootstrap_policy=allow&dismiss_error=false&initial=running`,
    ]);
    expect(after.outs).toMatchObject({ programCode: SQL_V2, deploymentStatus: "Running", programVersion: 2 });
  });

  it("writes nothing for an update that changes nothing", async () => {
    const { emulator, provider, inputs } = await setup();
    const { id, outs } = await provider.create(inputs);
    emulator.clearRequests();
    await provider.update(id, outs, inputs);
    expect(writes(emulator.requests)).toEqual([]);
  });

  it("moves between running, paused and stopped with pause, resume, stop and start, without a PATCH", async () => {
    const { emulator, provider, name, inputs } = await setup();
    let { id, outs } = await provider.create(inputs);
    const path = `/v0/pipelines/${name}`;
    const steps: [string, string[]][] = [
      ["paused", [`POST ${path}/pause`]],
      ["running", [`POST ${path}/resume`]],
      ["stopped", [`POST ${path}/stop?force=true`]],
      ["running", [`POST ${path}/start?bootstrap_policy=allow&dismiss_error=false&initial=running`]],
    ];
    for (const [desiredStatus, expected] of steps) {
      emulator.clearRequests();
      outs = (await provider.update(id, outs, { ...inputs, desiredStatus })).outs;
      expect(writes(emulator.requests), desiredStatus).toEqual(expected);
      expect(outs["deploymentStatus"]).toBe(
        desiredStatus === "stopped" ? "Stopped" : desiredStatus === "paused" ? "Paused" : "Running",
      );
    }
    id = String(outs["pipelineId"]);
    expect(id).toBeTruthy();
  });

  it("refuses a storage-bound change while storage is in use, naming the fields and the consent, and changes nothing", async () => {
    const { emulator, provider, inputs } = await setup();
    const { id, outs } = await provider.create(inputs);
    emulator.clearRequests();
    const err = await provider.update(id, outs, { ...inputs, runtimeConfig: { workers: 4 } }).catch((e) => e);
    expect(err.message).toContain("runtime_config.workers");
    expect(err.message).toContain('onStorageConflict: "clear"');
    expect(writes(emulator.requests)).toEqual([]);
  });

  it("clears storage for a storage-bound change when onStorageConflict is clear", async () => {
    const { emulator, provider, name, inputs } = await setup();
    const { id, outs } = await provider.create(inputs);
    emulator.clearRequests();
    const declared = { ...inputs, runtimeConfig: { workers: 4 }, onStorageConflict: "clear" };
    const after = await provider.update(id, outs, declared);
    expect(writes(emulator.requests)).toEqual([
      `POST /v0/pipelines/${name}/stop?force=true`,
      `POST /v0/pipelines/${name}/clear`,
      `PATCH /v0/pipelines/${name} {runtime_config}`,
      `POST /v0/pipelines/${name}/start?bootstrap_policy=allow&dismiss_error=false&initial=running`,
    ]);
    expect((after.outs["effectiveRuntimeConfig"] as { workers: number }).workers).toBe(4);
  });

  it("refuses to restart a running pipeline for a program change when onRunningChange is fail", async () => {
    const { emulator, provider, inputs } = await setup();
    const { id, outs } = await provider.create(inputs);
    emulator.clearRequests();
    const err = await provider
      .update(id, outs, { ...inputs, programCode: SQL_V2, onRunningChange: "fail" })
      .catch((e) => e);
    expect(err.message).toContain('onRunningChange: "restart"');
    expect(writes(emulator.requests)).toEqual([]);
  });

  it("renames a never-started pipeline in place with a PATCH of name, keeping its id", async () => {
    const { emulator, provider, name, inputs } = await setup();
    const { id, outs } = await provider.create({ ...inputs, desiredStatus: "stopped" });
    emulator.clearRequests();
    const renamed = `${name}-v2`;
    const after = await provider.update(id, outs, { ...inputs, name: renamed, desiredStatus: "stopped" });
    expect(writes(emulator.requests)).toEqual([`PATCH /v0/pipelines/${name} {name}`]);
    expect(after.outs).toMatchObject({ name: renamed, pipelineId: id });
  });

  it("dismisses the error of a crashed pipeline before starting it again", async () => {
    const { emulator, provider, name, inputs } = await setup();
    const { id, outs } = await provider.create(inputs);
    emulator.crash(name);
    const refreshed = await waitUntil(async () => {
      const r = await provider.read(id, outs);
      return r.props["deploymentStatus"] === "Stopped" ? r : undefined;
    });
    expect(refreshed.props).toMatchObject({ desiredStatus: "stopped" });
    expect(String(refreshed.props["deploymentError"])).toContain("DbspPanic");
    emulator.clearRequests();
    await provider.update(id, refreshed.props, inputs);
    expect(writes(emulator.requests)).toEqual([
      `POST /v0/pipelines/${name}/dismiss_error`,
      `POST /v0/pipelines/${name}/start?bootstrap_policy=allow&dismiss_error=false&initial=running`,
    ]);
  });
});

describe("SQL errors", () => {
  it("fails a create with line:column, message and snippet, and still records the pipeline", async () => {
    const { emulator, provider, inputs } = await setup();
    const bad = "CREATE TABLE t (x INT);\nCREATE VIEW v AS SELECT SYNTAX_ERROR FROM t;\n";
    const err = await provider.create({ ...inputs, programCode: bad }).catch((e) => e);
    expect(err).toMatchObject({ code: "FELDERA_ERR_COMPILE", id: expect.any(String) });
    expect(err.message).toMatch(/failed to compile \(SqlError\)/);
    expect(err.message).toMatch(/2:\d+: /);
    expect(err.message).toContain("SYNTAX_ERROR");
    expect(err.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(err.properties).toMatchObject({
      programStatus: "SqlError",
      __provider: "serialized-provider",
      programCode: bad,
    });
    // Fix the SQL: the next `pulumi up` updates the recorded pipeline in place, no duplicate.
    await provider.update(err.id, err.properties, inputs);
    const created = emulator.requests.filter((r) => r.method === "POST" && r.path === "/v0/pipelines");
    expect(created).toHaveLength(1);
  });

  it("fails an update with the formatted errors and records the pipeline as it now is", async () => {
    const { provider, inputs } = await setup();
    const { id, outs } = await provider.create(inputs);
    const bad = `${SQL}CREATE VIEW v AS SYNTAX_ERROR;\n`;
    const err = await provider.update(id, outs, { ...inputs, programCode: bad }).catch((e) => e);
    expect(err).toMatchObject({ code: "FELDERA_ERR_COMPILE", id: expect.any(String) });
    expect(err.message).toMatch(/2:\d+: .*SYNTAX_ERROR/s);
    expect(err.id).toBe(id);
    expect(err.properties).toMatchObject({
      programCode: bad,
      programStatus: "SqlError",
      desiredStatus: "stopped",
    });
  });
});

describe("read (refresh)", () => {
  it("shows an out-of-band edit, which the next update reverts", async () => {
    const { emulator, provider, name, inputs } = await setup();
    const { id, outs } = await provider.create({ ...inputs, description: "declared" });
    await rawPatch(emulator.url, name, { description: "edited by hand" });
    const { props } = await provider.read(id, outs);
    expect(props["description"]).toBe("edited by hand");
    const d = await provider.diff(id, props, { ...inputs, description: "declared" });
    expect(d.changes).toBe(true);
    emulator.clearRequests();
    await provider.update(id, props, { ...inputs, description: "declared" });
    expect(writes(emulator.requests)).toEqual([`PATCH /v0/pipelines/${name} {description}`]);
  });

  it("finds a pipeline renamed out of band by its id", async () => {
    const { emulator, provider, name, inputs } = await setup();
    const { id, outs } = await provider.create({ ...inputs, desiredStatus: "stopped" });
    await rawPatch(emulator.url, name, { name: `${name}-moved` });
    const { id: readId, props } = await provider.read(id, outs);
    expect(readId).toBe(id);
    expect(props["name"]).toBe(`${name}-moved`);
  });

  it("reports a pipeline deleted out of band as gone", async () => {
    const { emulator, provider, name, inputs } = await setup();
    const { id, outs } = await provider.create({ ...inputs, desiredStatus: "stopped" });
    await fetch(`${emulator.url}/v0/pipelines/${name}`, { method: "DELETE" });
    expect((await provider.read(id, outs)).id).toBe("");
  });
});

describe("adopt", () => {
  it("takes over an existing pipeline with minimal writes when adopt is true", async () => {
    const { emulator, provider, name, inputs } = await setup();
    await rawCreate(emulator.url, { name, program_code: SQL, description: "made by hand" });
    emulator.clearRequests();
    const { outs } = await provider.create({ ...inputs, description: "made by hand", adopt: true });
    expect(writes(emulator.requests)).toEqual([
      `POST /v0/pipelines/${name}/start?bootstrap_policy=allow&dismiss_error=false&initial=running`,
    ]);
    expect(outs["deploymentStatus"]).toBe("Running");
  });

  it("fails on an existing name without adopt, naming the adopt option, and changes nothing", async () => {
    const { emulator, provider, name, inputs } = await setup();
    await rawCreate(emulator.url, { name, program_code: SQL });
    emulator.clearRequests();
    const err = await provider.create(inputs).catch((e) => e);
    expect(err.message).toContain("adopt: true");
    expect(writes(emulator.requests)).toEqual(["POST /v0/pipelines {name,program_code}"]);
  });
});

describe("delete", () => {
  it("stops, clears storage and deletes a running pipeline", async () => {
    const { emulator, provider, name, inputs } = await setup();
    const { id, outs } = await provider.create(inputs);
    emulator.clearRequests();
    await provider.delete(id, outs);
    expect(writes(emulator.requests)).toEqual([
      `POST /v0/pipelines/${name}/stop?force=true`,
      `POST /v0/pipelines/${name}/clear`,
      `DELETE /v0/pipelines/${name}`,
    ]);
    expect(emulator.snapshot(name)).toBeUndefined();
  });

  it("succeeds for a pipeline that is already gone", async () => {
    const { emulator, provider, name, inputs } = await setup();
    const { id, outs } = await provider.create({ ...inputs, desiredStatus: "stopped" });
    await fetch(`${emulator.url}/v0/pipelines/${name}`, { method: "DELETE" });
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
  });
});

async function rawPatch(url: string, name: string, body: unknown): Promise<void> {
  const r = await fetch(`${url}/v0/pipelines/${name}`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`PATCH failed: ${r.status} ${await r.text()}`);
}

async function rawCreate(url: string, body: unknown): Promise<void> {
  const r = await fetch(`${url}/v0/pipelines`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (r.status !== 201) throw new Error(`POST failed: ${r.status} ${await r.text()}`);
}

async function waitUntil<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}
