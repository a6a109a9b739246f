/**
 * Conformance: the update algorithm (docs/feldera/update-rules.md#update-algorithm) and the counters it moves (docs/feldera/pipeline-object.md#counters), through
 * PATCH, PUT and `/update_runtime`.
 */
import { describe, expect, it } from "vitest";
import { startTestEmulator, uniqueName, until, useTestEmulator, waitForPipeline } from "../support/emulator";
import { create, createCompiled, path, running, SQL, start, stoppedWithStorage } from "./fixtures";

const env = useTestEmulator();

type P = Record<string, unknown>;
const counters = (p: P) => ({
  version: p["version"],
  program_version: p["program_version"],
  refresh_version: p["refresh_version"],
});

describe("the update algorithm (docs/feldera/update-rules.md#update-algorithm)", () => {
  it("answers a no-op PATCH with 200 and untouched counters, even while running (docs/feldera/update-rules.md#no-op)", async () => {
    const name = uniqueName();
    const before = await running(env.api, name, { description: "d" });
    const res = await env.api.patch(path(name), {
      body: { program_code: SQL, description: "d", runtime_config: {} },
    });
    expect(res.status).toBe(200);
    expect(counters(res.json as P)).toEqual(counters(before));
  });

  it("writes description and tags alone without moving any counter, even while running (docs/feldera/update-rules.md#metadata-only)", async () => {
    const name = uniqueName();
    const before = await running(env.api, name);
    const res = await env.api.patch(path(name), { body: { description: "new", tags: ["team:a", "b"] } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ description: "new", tags: ["team:a", "b"], ...counters(before) });
  });

  it("refuses a core edit while running with UpdateRestrictedToStopped (docs/feldera/update-rules.md#running-edit)", async () => {
    const name = uniqueName();
    await running(env.api, name);
    const res = await env.api.patch(path(name), {
      body: { runtime_config: { workers: 2 }, description: "also" },
    });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      message: "Pipeline can only be updated while stopped. Stop it first by invoking '/stop'.",
      error_code: "UpdateRestrictedToStopped",
      details: {},
    });
    expect((await env.api.get(path(name))).json).toMatchObject({ description: "" });
  });

  it("refuses a core edit during early start, which is not fully stopped (docs/feldera/update-rules.md#running-edit)", async () => {
    const emu = await startTestEmulator({ delays: { compileRustMs: 100_000 } });
    const name = uniqueName();
    await create(emu.api, name);
    await start(emu.api, name);
    const res = await emu.api.patch(path(name), { body: { program_code: `${SQL}-- edit\n` } });
    expect(res.json).toMatchObject({ error_code: "UpdateRestrictedToStopped" });
  });

  it("bumps version and refresh_version for a runtime_config change, not program_version (docs/feldera/pipeline-object.md#counters, docs/feldera/update-rules.md#program-change)", async () => {
    const name = uniqueName();
    const before = await createCompiled(env.api, name);
    const res = await env.api.patch(path(name), { body: { runtime_config: { workers: 4 } } });
    expect(res.json).toMatchObject({
      version: 2,
      program_version: 1,
      refresh_version: (before["refresh_version"] as number) + 1,
      program_status: "Success",
      runtime_config: { workers: 4 },
    });
  });

  it("resets the program on a program change: program_version +1, Pending, errors and info cleared (docs/feldera/update-rules.md#program-change)", async () => {
    const name = uniqueName();
    const before = await createCompiled(env.api, name);
    expect(before["program_info"]).not.toBeNull();
    const res = await env.api.patch(path(name), {
      body: { program_code: `${SQL}CREATE VIEW v2 AS SELECT * FROM orders;\n`, udf_toml: "x = 1" },
    });
    expect(res.json).toMatchObject({
      version: 2,
      program_version: 2,
      refresh_version: (before["refresh_version"] as number) + 1,
      program_status: "Pending",
      program_error: { sql_compilation: null, rust_compilation: null, system_error: null },
      program_info: null,
    });
    expect((res.json as P)["program_status_since"]).not.toBe(before["program_status_since"]);
    await waitForPipeline(env.api, name, until.compiled);
  });

  it("treats null as absent and configs as whole values: omitted sub-keys take defaults (docs/feldera/update-rules.md#request-bodies)", async () => {
    const name = uniqueName();
    await create(env.api, name, { runtime_config: { workers: 3, cpu_profiler: false } });
    const nulls = await env.api.patch(path(name), {
      body: { program_code: null, runtime_config: null, name: null },
    });
    expect(nulls.json).toMatchObject({ version: 1, runtime_config: { workers: 3, cpu_profiler: false } });
    const res = await env.api.patch(path(name), { body: { runtime_config: { workers: 3 } } });
    expect(res.json).toMatchObject({ version: 2, runtime_config: { workers: 3, cpu_profiler: true } });
  });

  it("lists every storage-bound change, backtick-quoted, in the server's order (docs/feldera/update-rules.md#storage-bound)", async () => {
    const name = uniqueName();
    await stoppedWithStorage(env.api, name);
    const res = await env.api.patch(path(name), {
      body: {
        name: uniqueName("other"),
        runtime_config: {
          clock_timezone_offset: "+01:00",
          resources: { storage_class: "fast", namespace: "ns", storage_mb_max: 10 },
          fault_tolerance: { model: "at_least_once" },
          hosts: 2,
          workers: 4,
        },
      },
    });
    expect(res.status).toBe(400);
    const notAllowed = [
      "`name`",
      "`runtime_config.workers`",
      "`runtime_config.hosts`",
      "`runtime_config.fault_tolerance`",
      "`runtime_config.resources.storage_mb_max`",
      "`runtime_config.resources.namespace`",
      "`runtime_config.resources.storage_class`",
      "`runtime_config.clock_timezone_offset`",
    ];
    expect(res.json).toEqual({
      message: `The following pipeline edits are not allowed while storage is not cleared: ${notAllowed.join(", ")}`,
      error_code: "EditRestrictedToClearedStorage",
      details: { not_allowed: notAllowed },
    });
  });

  it("restricts the whole fault_tolerance object: only checkpoint_interval_secs changing trips it (docs/feldera/update-rules.md#storage-bound)", async () => {
    const name = uniqueName();
    await stoppedWithStorage(env.api, name, {
      runtime_config: { fault_tolerance: { model: "at_least_once" } },
    });
    const res = await env.api.patch(path(name), {
      body: { runtime_config: { fault_tolerance: { model: "at_least_once", checkpoint_interval_secs: 5 } } },
    });
    expect(res.json).toMatchObject({ details: { not_allowed: ["`runtime_config.fault_tolerance`"] } });
  });

  it("allows program edits and other runtime keys while storage is in use (docs/feldera/update-rules.md#storage-bound)", async () => {
    const name = uniqueName();
    const before = await stoppedWithStorage(env.api, name);
    const res = await env.api.patch(path(name), {
      body: {
        program_code: `${SQL}-- v2\n`,
        runtime_config: { cpu_profiler: false, min_batch_size_records: 10 },
      },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ version: (before["version"] as number) + 1, storage_status: "InUse" });
  });

  it("refuses a rename with storage in use before checking the target name (docs/feldera/update-rules.md#validation-order)", async () => {
    const [a, b] = [uniqueName("a"), uniqueName("b")];
    await stoppedWithStorage(env.api, a);
    await create(env.api, b);
    const res = await env.api.patch(path(a), { body: { name: b } });
    expect(res.json).toMatchObject({
      error_code: "EditRestrictedToClearedStorage",
      details: { not_allowed: ["`name`"] },
    });
  });

  it("validates configs before loading the pipeline: a bad config on a missing one is 400, not 404 (docs/feldera/update-rules.md#validation)", async () => {
    const res = await env.api.patch(path("does-not-exist"), { body: { runtime_config: { workers: "x" } } });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error_code: "InvalidRuntimeConfig" });
    const name = await env.api.patch(path("does-not-exist"), { body: { name: "" } });
    expect(name.json).toMatchObject({ error_code: "EmptyName" });
  });

  it("validates metadata after loading the pipeline: bad tags on a missing one is 404 (docs/feldera/update-rules.md#validation)", async () => {
    const res = await env.api.patch(path("does-not-exist"), { body: { tags: [""] } });
    expect(res.status).toBe(404);
  });

  it("validates only metadata that changes: a legacy over-long description survives re-submission (docs/feldera/update-rules.md#validation)", async () => {
    const emu = await startTestEmulator({ version: "0.300.0" });
    const name = uniqueName();
    const long = "x".repeat(400);
    await create(emu.api, name, { description: long });
    emu.upgradePlatform("0.337.0");
    expect((await emu.api.patch(path(name), { body: { description: long } })).status).toBe(200);
    const changed = await emu.api.patch(path(name), { body: { description: "y".repeat(301) } });
    expect(changed.json).toMatchObject({
      error_code: "TooLongDescription",
      details: { length: 301, maximum: 300 },
    });
  });

  it("bumps version once for a request changing several core fields (docs/feldera/pipeline-object.md#counters)", async () => {
    const name = uniqueName();
    await create(env.api, name);
    const res = await env.api.patch(path(name), {
      body: {
        program_code: `${SQL}-- x\n`,
        udf_rust: "// r",
        runtime_config: { workers: 1 },
        program_config: { profile: "dev" },
      },
    });
    expect(res.json).toMatchObject({ version: 2, program_version: 2 });
  });
});

describe("platform bumps (docs/feldera/update-rules.md#put-and-rename, docs/feldera/compilation.md#when-compilation-runs)", () => {
  it("answers /update_runtime with a 200 no-op when the platform is current", async () => {
    const name = uniqueName();
    const before = await createCompiled(env.api, name);
    const res = await env.api.post(path(name, "update_runtime"));
    expect(res.status).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-cache");
    expect(counters(res.json as P)).toEqual(counters(before));
  });

  it("after an upgrade, /update_runtime bumps all three counters and recompiles (docs/feldera/pipeline-object.md#counters)", async () => {
    const emu = await startTestEmulator({ version: "0.336.0" });
    const name = uniqueName();
    const before = await createCompiled(emu.api, name);
    emu.upgradePlatform("0.337.0");
    expect((await emu.api.get(path(name))).json).toMatchObject({
      platform_version: "0.336.0+enterprise",
      program_status: "Success",
    });
    const res = await emu.api.post(path(name, "update_runtime"));
    expect(res.json).toMatchObject({
      platform_version: "0.337.0+enterprise",
      version: 2,
      program_version: 2,
      refresh_version: (before["refresh_version"] as number) + 1,
      program_status: "Pending",
    });
  });

  it("after an upgrade, an identical PUT is a core change: refused while running, recompiles when stopped", async () => {
    const emu = await startTestEmulator({ version: "0.336.0" });
    const name = uniqueName();
    await running(emu.api, name);
    emu.upgradePlatform("0.337.0");
    const body = { name, program_code: SQL };
    const patch = await emu.api.patch(path(name), { body: { program_code: SQL } });
    expect(patch.status).toBe(200); // PATCH never bumps the platform
    const refused = await emu.api.put(path(name), { body });
    expect(refused.json).toMatchObject({ error_code: "UpdateRestrictedToStopped" });
    await emu.api.post(path(name, "stop"), { query: { force: true } });
    await waitForPipeline(emu.api, name, until.fullyStopped);
    const res = await emu.api.put(path(name), { body });
    expect(res.json).toMatchObject({
      platform_version: "0.337.0+enterprise",
      program_version: 2,
      program_status: "Pending",
    });
  });
});
