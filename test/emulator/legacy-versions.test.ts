/**
 * Conformance: servers older than v0.337 (docs/feldera/versions.md), selected with the `version` option.
 */
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../provider/emulator";
import { startTestEmulator, uniqueName, until, waitForPipeline } from "../support/emulator";
import { create, createCompiled, path, running, SQL, start, stoppedWithStorage, watch } from "./fixtures";

type P = Record<string, unknown>;

describe("v0.300.0: before client metadata and program validation (docs/feldera/versions.md)", () => {
  it("has no tags in responses and ignores tags in requests", async () => {
    const emu = await startTestEmulator({ version: "0.300.0" });
    const name = uniqueName();
    const created = await create(emu.api, name, { tags: ["ignored"], description: "x".repeat(500) });
    expect(created).not.toHaveProperty("tags");
    expect(created["description"]).toHaveLength(500); // no length limit before v0.313
    const listed = (await emu.api.get("/v0/pipelines", { query: { selector: "status" } })).json as P[];
    expect(listed[0]).not.toHaveProperty("tags");
    const res = await emu.api.patch(path(name), { body: { tags: null } });
    expect(res.status).toBe(200); // an unknown key, even null
  });

  it("treats description as a core field: it bumps version and is refused unless fully stopped", async () => {
    const emu = await startTestEmulator({ version: "0.300.0" });
    const name = uniqueName();
    await createCompiled(emu.api, name);
    const res = await emu.api.patch(path(name), { body: { description: "new" } });
    expect(res.json).toMatchObject({ description: "new", version: 2, program_version: 1 });
    await start(emu.api, name);
    await waitForPipeline(emu.api, name, until.status("Running"));
    const refused = await emu.api.patch(path(name), { body: { description: "newer" } });
    expect(refused.json).toMatchObject({ error_code: "UpdateRestrictedToStopped" });
  });

  it("refuses even a no-op PATCH or PUT while running", async () => {
    const emu = await startTestEmulator({ version: "0.300.0" });
    const name = uniqueName();
    await running(emu.api, name);
    const patch = await emu.api.patch(path(name), { body: {} });
    expect(patch.json).toMatchObject({ error_code: "UpdateRestrictedToStopped" });
    const put = await emu.api.put(path(name), { body: { name, program_code: SQL } });
    expect(put.json).toMatchObject({ error_code: "UpdateRestrictedToStopped" });
  });

  it("lists `description` among the storage-bound edits", async () => {
    const emu = await startTestEmulator({ version: "0.300.0" });
    const name = uniqueName();
    await stoppedWithStorage(emu.api, name);
    const res = await emu.api.patch(path(name), {
      body: { description: "d", runtime_config: { workers: 2 } },
    });
    expect(res.json).toMatchObject({
      error_code: "EditRestrictedToClearedStorage",
      details: { not_allowed: ["`description`", "`runtime_config.workers`"] },
    });
  });

  it("has no /validate_program and no /diff (plain 404), and no concurrent_bootstrap field", async () => {
    const emu = await startTestEmulator({ version: "0.300.0" });
    const name = uniqueName();
    const p = await running(emu.api, name);
    expect(p).toMatchObject({ silent_bootstrap: false, bootstrap_policy: "await_approval" });
    expect(p).not.toHaveProperty("concurrent_bootstrap");
    const validate = await emu.api.post("/v0/validate_program", { body: { program_code: SQL } });
    expect(validate.status).toBe(404);
    expect(validate.json).toBeUndefined();
    expect((await emu.api.post(path(name, "diff"), { body: {} })).status).toBe(404);
  });
});

describe("v0.250.0: before /dismiss_error (docs/feldera/versions.md#before-v0-251)", () => {
  it("has no /dismiss_error route", async () => {
    const emu = await startTestEmulator({ version: "0.250.0" });
    const name = uniqueName();
    await create(emu.api, name);
    const res = await emu.api.post(path(name, "dismiss_error"));
    expect(res.status).toBe(404);
    expect(res.json).toBeUndefined();
  });

  it("starts despite an error and dismiss_error=false, and clears the error on provisioning", async () => {
    const emu = await startTestEmulator({ version: "0.250.0" });
    const name = uniqueName();
    await running(emu.api, name);
    emu.crash(name);
    await waitForPipeline(emu.api, name, until.fullyStopped);
    const w = watch(emu, name, ["deployment_status", "deployment_desired_status", "deployment_error"]);
    await start(emu.api, name, { dismiss_error: false });
    await waitForPipeline(emu.api, name, until.status("Running"));
    w.stop();
    expect(w.seen.slice(0, 2)).toMatchObject([
      {
        deployment_status: "Stopped",
        deployment_desired_status: "Running",
        deployment_error: { error_code: "DbspPanic" },
      },
      { deployment_status: "Provisioning", deployment_desired_status: "Running", deployment_error: null },
    ]);
  });

  it("accepts /start with a failed program; the runner then fails the start", async () => {
    const emu = await startTestEmulator({ version: "0.250.0" });
    const name = uniqueName();
    await create(emu.api, name, { program_code: "SELECT 1;" });
    await waitForPipeline(emu.api, name, until.programStatus("SqlError"));
    await start(emu.api, name);
    const p = await waitForPipeline(emu.api, name, (q) => q["deployment_error"] !== null);
    expect(p).toMatchObject({
      deployment_error: { error_code: "StartFailedDueToFailedCompilation" },
      deployment_resources_desired_status: "Stopped",
    });
    expect(p).not.toHaveProperty("storage_status_details");
  });
});

describe("older releases (docs/feldera/versions.md)", () => {
  it("v0.160.0 has no /update_runtime, no /approve, no bootstrap fields, no status_with_connectors", async () => {
    const emu = await startTestEmulator({ version: "0.160.0" });
    const name = uniqueName();
    const p = await createCompiled(emu.api, name);
    expect(p).not.toHaveProperty("bootstrap_policy");
    expect(p).not.toHaveProperty("deployment_resources_status_details");
    expect(p).not.toHaveProperty("deployment_runtime_status_details");
    expect((await emu.api.post(path(name, "update_runtime"))).status).toBe(404);
    expect((await emu.api.post(path(name, "approve"))).status).toBe(404);
    const selector = await emu.api.get(path(name), { query: { selector: "status_with_connectors" } });
    expect(selector.status).toBe(400);
    expect(selector.text).toBe(
      "Query deserialize error: unknown variant `status_with_connectors`, expected one of `all`, `status`",
    );
    expect(((await emu.api.get(path(name))).json as P)["program_config"]).not.toHaveProperty(
      "use_platform_compiler",
    );
  });

  it("v0.299.0 ignores /approve's silent_bootstrap and concurrent_bootstrap, which it does not know yet", async () => {
    const emu = await startTestEmulator({ version: "0.299.0" });
    const name = uniqueName();
    await running(emu.api, name);
    const res = await emu.api.post(path(name, "approve"), {
      query: { silent_bootstrap: true, concurrent_bootstrap: true },
    });
    expect(res.status, res.text).toBe(200); // v0.337 refuses the pair with InvalidBootstrapConfig
  });

  it("ignores config keys it does not know yet and refuses a profile it does not know (docs/feldera/update-rules.md#request-bodies, docs/feldera/versions.md)", async () => {
    const emu = await startTestEmulator({ version: "0.170.0" });
    const name = uniqueName();
    const p = await createCompiled(emu.api, name);
    expect(p["runtime_config"]).not.toHaveProperty("clock_timezone_offset");
    const res = await emu.api.patch(path(name), {
      body: {
        runtime_config: { clock_timezone_offset: "+02:00" },
        program_config: { use_platform_compiler: true },
      },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ version: p["version"], program_version: p["program_version"] });
    expect((res.json as P)["runtime_config"]).not.toHaveProperty("clock_timezone_offset");
    const profile = await emu.api.patch(path(name), {
      body: { program_config: { profile: "optimized_symbols" } },
    });
    expect(profile.status).toBe(400);
    expect(profile.json).toMatchObject({
      error_code: "InvalidProgramConfig",
      details: {
        error: { DeserializationFailed: expect.stringContaining("unknown variant `optimized_symbols`") },
      },
    });
  });

  it("lets fields that became storage-bound later change with storage in use on older servers (docs/feldera/versions.md)", async () => {
    const emu = await startTestEmulator({ version: "0.302.0" });
    const name = uniqueName();
    await stoppedWithStorage(emu.api, name);
    const ok = await emu.api.patch(path(name), {
      body: { runtime_config: { resources: { namespace: "etl", storage_class: "fast" } } },
    });
    expect(ok.status, ok.text).toBe(200); // storage-bound since v0.303 and v0.305
    const refused = await emu.api.patch(path(name), { body: { runtime_config: { hosts: 2 } } });
    expect(refused.json).toMatchObject({
      error_code: "EditRestrictedToClearedStorage",
      details: { not_allowed: ["`runtime_config.hosts`"] }, // since v0.227; namespace and class change too
    });
  });

  it("refuses to emulate anything older than v0.148.0", async () => {
    await expect(startEmulator({ version: "0.147.0" })).rejects.toThrow(/0\.148\.0/);
    await expect(startEmulator({ version: "latest" })).rejects.toThrow(/not x\.y\.z/);
  });
});
