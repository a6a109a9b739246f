/**
 * Conformance: `POST /v0/validate_program` (docs/feldera/compilation.md#validate-program) and `POST /v0/pipelines/{name}/diff` (docs/feldera/compilation.md#program-diff).
 */
import { describe, expect, it } from "vitest";
import { startTestEmulator, uniqueName, useTestEmulator } from "../support/emulator";
import { create, createCompiled, path, running, SQL } from "./fixtures";

const env = useTestEmulator();

const validate = (body: unknown) => env.api.post("/v0/validate_program", { body });

describe("/v0/validate_program (docs/feldera/compilation.md#validate-program)", () => {
  it("answers Success with the program info minus main_rust/udf_stubs, dataflow null unless ir", async () => {
    const res = await validate({ program_code: SQL });
    expect(res.status).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-cache");
    const info = (res.json as { Success: { program_info: Record<string, unknown> } }).Success.program_info;
    expect(info).toMatchObject({ schema: { inputs: [{ name: "orders" }] }, dataflow: null });
    expect(info).not.toHaveProperty("udf_stubs");
    expect(info).not.toHaveProperty("main_rust");
    const ir = await validate({ program_code: SQL, ir: true });
    expect(ir.json).toMatchObject({ Success: { program_info: { dataflow: { calcite_plan: {}, mir: {} } } } });
  });

  it("answers SqlError with the compiler's messages, still with 200", async () => {
    const res = await validate({ program_code: "CREATE TABLE t (x INT SYNTAX_ERROR);" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      SqlError: { info: { exit_code: 1, messages: [{ error_type: "Error parsing SQL", start_column: 23 }] } },
    });
  });

  it("drops warnings on success (docs/feldera/oddities.md)", async () => {
    const res = await validate({ program_code: `${SQL}-- SQL_WARNING` });
    expect(Object.keys(res.json as object)).toEqual(["Success"]);
  });

  it("answers SystemError when the compiler fails", async () => {
    const res = await validate({ program_code: "-- SYSTEM_ERROR" });
    expect(res.json).toMatchObject({ SystemError: { error: expect.any(String) } });
  });

  it("refuses an invalid runtime_version with 400 InvalidRuntimeVersion; a valid one needs an unstable feature", async () => {
    const bad = await validate({ program_code: SQL, runtime_version: "latest" });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({
      error_code: "InvalidRuntimeVersion",
      details: {
        error:
          "The requested runtime version 'latest' is neither a valid version (vX.Y.Z) nor a valid git hash.",
      },
    });
    const valid = await validate({ program_code: SQL, runtime_version: "v0.300.0" });
    expect(valid.json).toMatchObject({ SystemError: { error: expect.stringContaining("runtime_version") } });
  });

  it("refuses a body without program_code with a plain-text 400 (docs/feldera/errors-and-retries.md#error-body)", async () => {
    const res = await validate({ ir: true });
    expect(res.status).toBe(400);
    expect(res.text).toBe("Json deserialize error: missing field `program_code`");
  });
});

describe("/v0/pipelines/{name}/diff (docs/feldera/compilation.md#program-diff)", () => {
  const diff = (name: string, body: unknown = {}) => env.api.post(path(name, "diff"), { body });

  it("compares tables and views of the compiled program with the proposed one, sorted", async () => {
    const name = uniqueName();
    await createCompiled(env.api, name, {
      program_code: "CREATE TABLE a (x INT);\nCREATE TABLE b (x INT);\nCREATE VIEW v AS SELECT * FROM a;\n",
    });
    const res = await diff(name, {
      program_code:
        "CREATE TABLE a (x INT, y INT);\nCREATE TABLE d (x INT);\nCREATE TABLE c (x INT);\nCREATE VIEW w AS SELECT * FROM a;\n",
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      program_diff: {
        added_tables: ["c", "d"],
        removed_tables: ["b"],
        modified_tables: ["a"],
        added_views: ["w"],
        removed_views: ["v"],
        modified_views: [],
      },
      program_diff_error: null,
      added_input_connectors: [],
      modified_input_connectors: [],
      removed_input_connectors: [],
      added_output_connectors: [],
      modified_output_connectors: [],
      removed_output_connectors: [],
    });
  });

  it("defaults to the current program (an empty diff) and works while running", async () => {
    const name = uniqueName();
    await running(env.api, name);
    const res = await diff(name);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      program_diff: {
        added_tables: [],
        removed_tables: [],
        modified_tables: [],
        added_views: [],
        removed_views: [],
      },
    });
  });

  it("answers 404 ProgramNotCompiled while the program is not Success", async () => {
    const emu = await startTestEmulator({ delays: { compileRustMs: 100_000 } });
    const name = uniqueName();
    await create(emu.api, name);
    const res = await emu.api.post(path(name, "diff"), { body: {} });
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({
      error_code: "ProgramNotCompiled",
      details: { pipeline_name: name },
      message: `Pipeline '${name}' has not been compiled yet. Please compile the pipeline first.`,
    });
  });

  it("refuses a proposed program that does not compile with 400 InvalidNewProgramSql", async () => {
    const name = uniqueName();
    await createCompiled(env.api, name);
    const res = await diff(name, { program_code: "SELECT 1;" });
    expect(res.status).toBe(400);
    const body = res.json as { error_code: string; details: { error: string } };
    expect(body.error_code).toBe("InvalidNewProgramSql");
    expect(JSON.parse(body.details.error)).toMatchObject([{ error_type: "Error parsing SQL" }]);
  });

  it("answers 404 UnknownPipelineName for a missing pipeline", async () => {
    expect((await diff("no-such-pipeline")).status).toBe(404);
  });
});
