/**
 * Conformance: the pipeline object and its CRUD endpoints (docs/feldera/pipeline-object.md#fields, docs/feldera/update-rules.md, docs/feldera/update-rules.md#put-and-rename, docs/feldera/update-rules.md#delete).
 */
import { describe, expect, it } from "vitest";
import { defaultRuntimeConfig } from "../../provider/model/runtime-config";
import { startTestEmulator, uniqueName, until, useTestEmulator, waitForPipeline } from "../support/emulator";
import { create, createCompiled, path, running, SQL, stop, stoppedWithStorage } from "./fixtures";

const env = useTestEmulator();

describe("the pipeline object (docs/feldera/pipeline-object.md#fields)", () => {
  it("creates with 201 and the WRITE shape, every default filled in (docs/feldera/update-rules.md#endpoints, docs/feldera/update-rules.md#normalisation)", async () => {
    const name = uniqueName();
    const res = await env.api.post("/v0/pipelines", { body: { name, program_code: SQL } });
    expect(res.status).toBe(201);
    expect(res.headers["cache-control"]).toBe("no-cache");
    const p = res.json as Record<string, unknown>;
    expect(p).toMatchObject({
      name,
      description: "",
      tags: [],
      version: 1,
      program_version: 1,
      refresh_version: 1,
      platform_version: "0.337.0+enterprise",
      program_code: SQL,
      udf_rust: "",
      udf_toml: "",
      program_config: { profile: null, cache: true, runtime_version: null, use_platform_compiler: false },
      program_status: "Pending",
      program_error: { sql_compilation: null, rust_compilation: null, system_error: null },
      program_info: null,
      deployment_error: null,
      storage_status: "Cleared",
      storage_status_details: null,
      deployment_id: null,
      deployment_initial: null,
      deployment_status: "Stopped",
      deployment_desired_status: "Stopped",
      deployment_resources_status: "Stopped",
      deployment_resources_desired_status: "Stopped",
      deployment_runtime_status: null,
      deployment_runtime_desired_status: null,
    });
    expect(p["runtime_config"]).toEqual(defaultRuntimeConfig());
    expect(p["id"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const key of ["bootstrap_policy", "silent_bootstrap", "concurrent_bootstrap", "connectors"]) {
      expect(p).not.toHaveProperty(key);
    }
  });

  it("lists pipelines in id order, which is creation order (docs/feldera/pipeline-object.md#fields)", async () => {
    const names = [uniqueName("z"), uniqueName("a"), uniqueName("m")];
    for (const name of names) await create(env.api, name);
    const list = (await env.api.get("/v0/pipelines")).json as { id: string; name: string }[];
    const ours = list.filter((p) => names.includes(p.name));
    expect(ours.map((p) => p.name)).toEqual(names);
    const ids = list.map((p) => p.id);
    expect([...ids].sort()).toEqual(ids);
  });

  it("serialises STATUS without program text and configs but with program_config (docs/feldera/pipeline-object.md#fields)", async () => {
    const name = uniqueName();
    await create(env.api, name);
    const res = await env.api.get(path(name), { query: { selector: "status" } });
    expect(res.status).toBe(200);
    const p = res.json as Record<string, unknown>;
    for (const key of [
      "runtime_config",
      "program_code",
      "udf_rust",
      "udf_toml",
      "program_error",
      "program_info",
      "deployment_resources_status_details",
    ]) {
      expect(p).not.toHaveProperty(key);
    }
    expect(p).toHaveProperty("program_config");
    expect(p).toMatchObject({ bootstrap_policy: null, silent_bootstrap: false, concurrent_bootstrap: false });
    const listed = (await env.api.get("/v0/pipelines", { query: { selector: "status" } })).json as object[];
    expect(listed.every((q) => !("program_code" in q))).toBe(true);
  });

  it("adds `connectors` to status_with_connectors only while the pipeline can report them (docs/feldera/pipeline-object.md#fields)", async () => {
    const name = uniqueName();
    await createCompiled(env.api, name);
    const stopped = await env.api.get(path(name), { query: { selector: "status_with_connectors" } });
    expect(stopped.json).not.toHaveProperty("connectors");
    await running(env.api, uniqueName("r")).then(async (p) => {
      const res = await env.api.get(path(p.name), { query: { selector: "status_with_connectors" } });
      expect(res.json).toMatchObject({ connectors: { num_errors: 0 } });
    });
  });

  it("shows the flattened bootstrap config in ALL while deployed, and never in WRITE (docs/feldera/pipeline-object.md#fields)", async () => {
    const name = uniqueName();
    await running(env.api, name);
    const all = (await env.api.get(path(name))).json;
    expect(all).toMatchObject({
      bootstrap_policy: "await_approval",
      silent_bootstrap: false,
      concurrent_bootstrap: false,
    });
    const patched = await env.api.patch(path(name), { body: { description: "x" } });
    expect(patched.status).toBe(200);
    expect(patched.json).not.toHaveProperty("bootstrap_policy");
  });

  it("refuses an unknown selector with a plain-text 400 (docs/feldera/errors-and-retries.md#error-body)", async () => {
    const res = await env.api.get("/v0/pipelines", { query: { selector: "everything" } });
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    expect(res.text).toBe(
      "Query deserialize error: unknown variant `everything`, expected one of `all`, `status`, `status_with_connectors`",
    );
  });
});

describe("validation on create (docs/feldera/update-rules.md#validation)", () => {
  const post = (body: Record<string, unknown>) =>
    env.api.post("/v0/pipelines", { body: { name: uniqueName(), program_code: SQL, ...body } });

  it.each([
    ["an empty name", { name: "" }, "EmptyName", {}],
    [
      "a name over 63 bytes",
      { name: "n".repeat(64) },
      "TooLongName",
      { name: "n".repeat(64), length: 64, maximum: 63 },
    ],
    [
      "a name starting with a hyphen",
      { name: "-bad" },
      "NameDoesNotMatchPattern",
      {
        name: "-bad",
        pattern: "^([A-Za-z0-9][-A-Za-z0-9_]*)?[A-Za-z0-9]$",
        pattern_description:
          "be non-empty and only contain lowercase (a-z), uppercase (A-Z), number (0-9), underscore (_) or hyphen (-) characters, but cannot start or end with hyphen or underscore",
      },
    ],
    [
      "a description of 301 characters",
      { description: "é".repeat(301) },
      "TooLongDescription",
      { length: 301, maximum: 300 },
    ],
    [
      "51 tags",
      { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) },
      "TooManyTags",
      { count: 51, maximum: 50 },
    ],
    ["an empty tag", { tags: ["ok", ""] }, "InvalidTag", { tag: "", reason: "it cannot be empty" }],
  ])("refuses %s with 400 %s", async (_what, body, code, details) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error_code: code, details });
  });

  it("refuses an undeserialisable runtime_config with InvalidRuntimeConfig {value, error.DeserializationFailed}", async () => {
    const res = await post({ runtime_config: { workers: "many" } });
    expect(res.status).toBe(400);
    const body = res.json as {
      error_code: string;
      message: string;
      details: { value: unknown; error: object };
    };
    expect(body.error_code).toBe("InvalidRuntimeConfig");
    expect(body.details.value).toEqual({ workers: "many" });
    expect(Object.keys(body.details.error)).toEqual(["DeserializationFailed"]);
    expect(body.message).toMatch(
      /^JSON for 'runtime_config' field:\n\{\n {2}"workers": "many"\n\}\n\n\.\.\. is not valid due to: could not deserialize due to: /,
    );
  });

  it("refuses a reserved environment variable with InvalidPipelineEnv (docs/feldera/update-rules.md#validation)", async () => {
    const res = await post({ runtime_config: { env: { FELDERA_SECRET: "x" } } });
    expect(res.json).toMatchObject({
      error_code: "InvalidRuntimeConfig",
      details: { error: { InvalidPipelineEnv: expect.any(String) } },
    });
  });

  it("refuses a bad program_config with InvalidProgramConfig (docs/feldera/update-rules.md#validation)", async () => {
    const res = await post({ program_config: { profile: "fastest" } });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      error_code: "InvalidProgramConfig",
      details: { value: { profile: "fastest" } },
    });
  });

  it("refuses an existing name with 409 DuplicateName (docs/feldera/update-rules.md#put-and-rename)", async () => {
    const name = uniqueName();
    await create(env.api, name);
    const res = await env.api.post("/v0/pipelines", { body: { name, program_code: SQL } });
    expect(res.status).toBe(409);
    expect(res.json).toEqual({
      message: "An entity with this name already exists",
      error_code: "DuplicateName",
      details: {},
    });
  });

  it("validates in the order name → metadata → runtime_config → program_config → uniqueness (docs/feldera/update-rules.md#validation)", async () => {
    const taken = uniqueName();
    await create(env.api, taken);
    const codeOf = async (body: Record<string, unknown>) =>
      ((await post(body)).json as { error_code: string }).error_code;
    expect(await codeOf({ name: "", description: "x".repeat(301) })).toBe("EmptyName");
    expect(await codeOf({ tags: [""], runtime_config: { workers: -1 } })).toBe("InvalidTag");
    expect(await codeOf({ runtime_config: { workers: -1 }, program_config: { profile: 1 } })).toBe(
      "InvalidRuntimeConfig",
    );
    expect(await codeOf({ name: taken, program_config: { profile: 1 } })).toBe("InvalidProgramConfig");
  });

  it("records the platform version, with +enterprise on the Enterprise edition only (docs/feldera/pipeline-object.md#fields)", async () => {
    const oss = await startTestEmulator({ edition: "open-source" });
    const created = await oss.api.post("/v0/pipelines", { body: { name: uniqueName(), program_code: SQL } });
    expect(created.json).toMatchObject({ platform_version: "0.337.0" });
    expect((await oss.api.get("/v0/config")).json).toMatchObject({ version: "0.337.0" });
  });

  it("refuses fault tolerance on the open-source edition only (docs/feldera/update-rules.md#validation)", async () => {
    const oss = await startTestEmulator({ edition: "open-source" });
    const res = await oss.api.post("/v0/pipelines", {
      body: { name: uniqueName(), program_code: SQL, runtime_config: { fault_tolerance: {} } },
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      error_code: "InvalidRuntimeConfig",
      details: { value: { fault_tolerance: {} }, error: { EnterpriseFeature: "fault tolerance" } },
    });
    const ok = await post({ runtime_config: { fault_tolerance: {} } });
    expect(ok.status).toBe(201);
    expect((ok.json as { runtime_config: object }).runtime_config).toMatchObject({
      fault_tolerance: { model: "exactly_once", checkpoint_interval_secs: 60 },
    });
  });
});

describe("request bodies (docs/feldera/update-rules.md#request-bodies)", () => {
  it("ignores unknown top-level keys", async () => {
    const name = uniqueName();
    const res = await env.api.post("/v0/pipelines", { body: { name, program_code: SQL, colour: "blue" } });
    expect(res.status).toBe(201);
    expect(res.json).not.toHaveProperty("colour");
  });

  it.each(["description", "tags"])("refuses a null %s on POST with a plain-text 400", async (field) => {
    const res = await env.api.post("/v0/pipelines", {
      body: { name: uniqueName(), program_code: SQL, [field]: null },
    });
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/^Json deserialize error: invalid type: null, expected a (string|sequence)/);
  });

  it("stores runtime_config as the server re-serialises it (docs/feldera/update-rules.md#normalisation)", async () => {
    const res = await env.api.post("/v0/pipelines", {
      body: {
        name: uniqueName(),
        program_code: SQL,
        runtime_config: { storage: false, clock_timezone_offset: "+0530", workers: 3, bogus: 1 },
      },
    });
    const config = (res.json as { runtime_config: Record<string, unknown> }).runtime_config;
    expect(config).toMatchObject({ storage: null, clock_timezone_offset: "+05:30", workers: 3 });
    expect(config).not.toHaveProperty("bogus");
    expect(Object.keys(config)).toEqual(Object.keys(defaultRuntimeConfig()));
  });
});

describe("PUT (docs/feldera/update-rules.md#put-and-rename)", () => {
  it("creates with 201 under a new name and updates with 200", async () => {
    const name = uniqueName();
    const created = await env.api.put(path(name), { body: { name, program_code: SQL } });
    expect(created.status).toBe(201);
    const updated = await env.api.put(path(name), { body: { name, program_code: SQL, description: "d" } });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ description: "d", version: 1 });
  });

  it("refuses to create under a path name that differs from the body name (CannotRenameNonExistingPipeline)", async () => {
    const res = await env.api.put(path(uniqueName()), { body: { name: uniqueName(), program_code: SQL } });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error_code: "CannotRenameNonExistingPipeline" });
  });

  it("replaces everything: omitted fields go back to their empty values", async () => {
    const name = uniqueName();
    await create(env.api, name, {
      description: "d",
      tags: ["a"],
      udf_toml: "[deps]",
      runtime_config: { workers: 2 },
    });
    const res = await env.api.put(path(name), { body: { name, program_code: SQL } });
    expect(res.json).toMatchObject({
      description: "",
      tags: [],
      udf_toml: "",
      runtime_config: { workers: 8 },
      version: 2,
      program_version: 2,
    });
  });

  it("is a no-op when the content is identical: 200 and no counter moves", async () => {
    const name = uniqueName();
    const before = await createCompiled(env.api, name, { description: "d" });
    const res = await env.api.put(path(name), { body: { name, program_code: SQL, description: "d" } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      version: before["version"],
      program_version: before["program_version"],
      refresh_version: before["refresh_version"],
      program_status: "Success",
    });
  });

  it("renames (PUT under the old name) keeping the id; the old name is gone", async () => {
    const name = uniqueName();
    const created = await create(env.api, name);
    const renamed = uniqueName("renamed");
    const res = await env.api.put(path(name), { body: { name: renamed, program_code: SQL } });
    expect(res.json).toMatchObject({ id: created["id"], name: renamed, version: 2, program_version: 1 });
    expect((await env.api.get(path(name))).status).toBe(404);
    expect((await env.api.get(path(renamed))).status).toBe(200);
  });
});

describe("rename with PATCH (docs/feldera/update-rules.md#put-and-rename)", () => {
  it("keeps the id and refuses a taken name with 409 DuplicateName", async () => {
    const [a, b] = [uniqueName("a"), uniqueName("b")];
    const created = await create(env.api, a);
    await create(env.api, b);
    const clash = await env.api.patch(path(a), { body: { name: b } });
    expect(clash.status).toBe(409);
    expect(clash.json).toMatchObject({ error_code: "DuplicateName" });
    const c = uniqueName("c");
    const ok = await env.api.patch(path(a), { body: { name: c } });
    expect(ok.json).toMatchObject({ id: created["id"], name: c });
  });
});

describe("DELETE (docs/feldera/update-rules.md#delete)", () => {
  it("deletes a fully stopped pipeline with cleared storage: 200 and an empty body", async () => {
    const name = uniqueName();
    await create(env.api, name);
    const res = await env.api.delete(path(name));
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    expect((await env.api.get(path(name))).status).toBe(404);
  });

  it("refuses a running pipeline with DeleteRestrictedToFullyStopped, checked before storage", async () => {
    const name = uniqueName();
    await running(env.api, name);
    const res = await env.api.delete(path(name));
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error_code: "DeleteRestrictedToFullyStopped" });
  });

  it("refuses storage in use with DeleteRestrictedToClearedStorage", async () => {
    const name = uniqueName();
    await stoppedWithStorage(env.api, name);
    const res = await env.api.delete(path(name));
    expect(res.json).toMatchObject({ error_code: "DeleteRestrictedToClearedStorage" });
  });

  it("answers 404 UnknownPipelineName for a missing pipeline, and for an invalid name in the path (docs/feldera/update-rules.md#validation)", async () => {
    const res = await env.api.delete(path("no-such-pipeline"));
    expect(res.status).toBe(404);
    expect(res.json).toEqual({
      message: "Unknown pipeline name 'no-such-pipeline'",
      error_code: "UnknownPipelineName",
      details: { pipeline_name: "no-such-pipeline" },
    });
    expect((await env.api.get(path("-not valid-"))).status).toBe(404);
  });

  it("is not blocked by a deployment_error", async () => {
    const name = uniqueName();
    await running(env.api, name);
    env.emulator.crash(name);
    await waitForPipeline(env.api, name, until.fullyStopped);
    expect((await env.api.post(path(name, "clear"))).status).toBe(202);
    await waitForPipeline(env.api, name, until.storage("Cleared"));
    expect((await env.api.delete(path(name))).status).toBe(200);
  });

  it("frees the name for a new pipeline with a new id", async () => {
    const name = uniqueName();
    const first = await create(env.api, name);
    await env.api.delete(path(name));
    const second = await create(env.api, name);
    expect(second["id"]).not.toBe(first["id"]);
    await stop(env.api, name);
  });
});
