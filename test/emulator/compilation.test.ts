/**
 * Conformance: program compilation (docs/feldera/compilation.md), with the deterministic outcome markers.
 */
import { describe, expect, it } from "vitest";
import type { Emulator } from "../../provider/emulator";
import { startTestEmulator, uniqueName, until, useTestEmulator, waitForPipeline } from "../support/emulator";
import { create, createCompiled, path, SQL, watch } from "./fixtures";

const env = useTestEmulator();

type P = Record<string, unknown>;
type SqlMessage = Record<string, unknown>;

/** Every program status write: each one re-stamps program_status_since (docs/feldera/pipeline-object.md#fields). */
const recordProgram = (emulator: Emulator, name: string) =>
  watch(emulator, name, ["program_status", "program_version", "refresh_version", "program_status_since"]);

const sqlMessages = (p: P) =>
  (p["program_error"] as P)["sql_compilation"] as { exit_code: number; messages: SqlMessage[] } | null;

describe("the compiler (docs/feldera/compilation.md#program-status, docs/feldera/compilation.md#when-compilation-runs)", () => {
  it("compiles on its own: Pending → CompilingSql → SqlCompiled → CompilingRust → Success (docs/feldera/compilation.md#program-status)", async () => {
    const name = uniqueName();
    const rec = recordProgram(env.emulator, name);
    await createCompiled(env.api, name);
    rec.stop();
    expect(rec.values("program_status")).toEqual([
      "Pending",
      "CompilingSql",
      "SqlCompiled",
      "CompilingRust",
      "Success",
    ]);
  });

  it("bumps refresh_version for Pending/SqlCompiled/Success writes but not for CompilingSql/CompilingRust (docs/feldera/pipeline-object.md#counters)", async () => {
    const name = uniqueName();
    const rec = recordProgram(env.emulator, name);
    await createCompiled(env.api, name);
    rec.stop();
    expect(rec.values("refresh_version")).toEqual([1, 1, 2, 2, 3]);
  });

  it("re-stamps program_status_since on every program status write (docs/feldera/pipeline-object.md#fields)", async () => {
    const name = uniqueName();
    const rec = recordProgram(env.emulator, name);
    await createCompiled(env.api, name);
    rec.stop();
    const since = rec.values("program_status_since") as string[];
    expect([...since].sort()).toEqual(since);
    expect(since.at(-1)! > since[0]!).toBe(true);
  });

  it("fills program_error and program_info on Success (docs/feldera/compilation.md#program-error)", async () => {
    const p = await createCompiled(env.api, uniqueName());
    expect(p["program_error"]).toMatchObject({
      sql_compilation: { exit_code: 0, messages: [] },
      rust_compilation: {
        exit_code: 0,
        stdout: expect.any(String),
        stderr: expect.stringContaining("Finished"),
      },
      system_error: null,
    });
    expect(p["program_info"]).toMatchObject({
      schema: { inputs: [{ name: "orders" }], outputs: [{ name: "big_orders" }] },
      udf_stubs: expect.any(String),
      input_connectors: {},
      output_connectors: {},
    });
    expect(p["program_info"]).not.toHaveProperty("main_rust");
    expect(p["program_info"]).not.toHaveProperty("dataflow");
  });

  it("discards a stale result when the program is edited mid-compile and compiles the new version (docs/feldera/compilation.md#program-status)", async () => {
    const emu = await startTestEmulator({ delays: { compileSqlMs: 50_000 } });
    const name = uniqueName();
    const rec = recordProgram(emu, name);
    await create(emu.api, name, { program_code: "CREATE TABLE t (x INT SYNTAX_ERROR);" });
    await waitForPipeline(emu.api, name, until.programStatus("CompilingSql"));
    const res = await emu.api.patch(path(name), { body: { program_code: SQL } });
    expect(res.json).toMatchObject({ program_version: 2, program_status: "Pending" });
    emu.setDelays({ compileSqlMs: 10 });
    const done = await waitForPipeline(emu.api, name, until.programStatus("Success"), { timeoutMs: 5000 });
    rec.stop();
    expect(done["program_version"]).toBe(2);
    expect(rec.values("program_status")).not.toContain("SqlError");
  });

  it("keeps an error until the program is edited, then recompiles (docs/feldera/compilation.md#program-status)", async () => {
    const name = uniqueName();
    await create(env.api, name, { program_code: "SELECT 1;" });
    await waitForPipeline(env.api, name, until.programStatus("SqlError"));
    const again = await env.api.patch(path(name), {
      body: { program_code: "SELECT 1;", description: "same program" },
    });
    expect(again.json).toMatchObject({ program_status: "SqlError", program_version: 1 });
    await env.api.patch(path(name), { body: { program_code: SQL } });
    await waitForPipeline(env.api, name, until.compiled);
  });

  it("does not recompile for a runtime_config-only edit (docs/feldera/update-rules.md#program-change)", async () => {
    const name = uniqueName();
    const before = await createCompiled(env.api, name);
    const res = await env.api.patch(path(name), { body: { runtime_config: { workers: 1 } } });
    expect(res.json).toMatchObject({
      program_status: "Success",
      program_status_since: before["program_status_since"],
    });
  });

  it("bumps pipelines still compiling after a platform upgrade; compiled ones keep their version (docs/feldera/compilation.md#when-compilation-runs)", async () => {
    const emu = await startTestEmulator({ version: "0.336.0", delays: { compileRustMs: 100_000 } });
    const [done, busy] = [uniqueName("done"), uniqueName("busy")];
    await create(emu.api, done, { udf_rust: "" });
    emu.setDelays({ compileRustMs: 10 });
    await waitForPipeline(emu.api, done, until.compiled);
    emu.setDelays({ compileRustMs: 100_000 });
    await create(emu.api, busy);
    const before = await waitForPipeline(emu.api, busy, until.programStatus("CompilingRust"));
    emu.upgradePlatform("0.337.0");
    expect((await emu.api.get(path(done))).json).toMatchObject({
      platform_version: "0.336.0+enterprise",
      version: 1,
    });
    expect((await emu.api.get(path(busy))).json).toMatchObject({
      platform_version: "0.337.0+enterprise",
      version: 2,
      program_version: 2,
      refresh_version: (before["refresh_version"] as number) + 1,
      program_status: expect.stringMatching(/^(Pending|CompilingSql)$/),
    });
  });
});

describe("compiler outcomes and messages (docs/feldera/compilation.md#program-error)", () => {
  it("reports SYNTAX_ERROR as SqlError with one positioned message and a rendered snippet", async () => {
    const name = uniqueName();
    await create(env.api, name, { program_code: "CREATE TABLE t (\n  id INT SYNTAX_ERROR\n);\n" });
    const p = await waitForPipeline(env.api, name, until.programStatus("SqlError"));
    expect(p["program_info"]).toBeNull();
    expect(p["program_error"]).toMatchObject({ rust_compilation: null, system_error: null });
    const info = sqlMessages(p)!;
    expect(info.exit_code).toBe(1);
    expect(info.messages).toHaveLength(1);
    expect(info.messages[0]).toMatchObject({
      start_line_number: 2,
      start_column: 10,
      end_line_number: 2,
      end_column: 21,
      warning: false,
      error_type: "Error parsing SQL",
      message: expect.stringMatching(/^Encountered "SYNTAX_ERROR" at line 2, column 10\./),
      snippet: "    2|  id INT SYNTAX_ERROR\n               ^^^^^^^^^^^^\n    3|);\n",
    });
  });

  it.each([
    ["a statement that is not CREATE/DECLARE", "SELECT 1;", 1, 1, "SELECT"],
    ["an unclosed parenthesis", "CREATE TABLE t (\n  x INT;", 1, 16, "<EOF>"],
    ["a stray closing parenthesis", "CREATE VIEW v AS SELECT 1);", 1, 26, ")"],
    ["an unterminated string", "CREATE TABLE t (x INT) WITH ('a' = 'b);", 1, 36, "<EOF>"],
  ])("rejects %s as SqlError at its position", async (_what, program, line, column, encountered) => {
    const name = uniqueName();
    await create(env.api, name, { program_code: program });
    const p = await waitForPipeline(env.api, name, until.programStatus("SqlError"));
    expect(sqlMessages(p)!.messages[0]).toMatchObject({
      start_line_number: line,
      start_column: column,
      error_type: "Error parsing SQL",
      message: expect.stringContaining(`Encountered "${encountered}"`),
    });
  });

  it("reports RUST_ERROR in udf_rust as RustError with cargo's stderr, keeping the SQL results (docs/feldera/compilation.md#program-error)", async () => {
    const name = uniqueName();
    await create(env.api, name, { udf_rust: "pub fn f() -> i32 {\n    RUST_ERROR\n}\n" });
    const p = await waitForPipeline(env.api, name, until.programStatus("RustError"));
    const rust = (p["program_error"] as P)["rust_compilation"] as { exit_code: number; stderr: string };
    expect(rust.exit_code).not.toBe(0);
    expect(rust.stderr).toContain("error[E0425]: cannot find value `RUST_ERROR` in this scope");
    expect(rust.stderr).toContain("src/lib.rs:2:5");
    expect(sqlMessages(p)).toEqual({ exit_code: 0, messages: [] });
    expect(p["program_info"]).not.toBeNull();
  });

  it("reports SYSTEM_ERROR as SystemError with a system_error text (docs/feldera/compilation.md#program-error)", async () => {
    const name = uniqueName();
    await create(env.api, name, { program_code: `-- SYSTEM_ERROR\n${SQL}` });
    const p = await waitForPipeline(env.api, name, until.programStatus("SystemError"));
    expect((p["program_error"] as P)["system_error"]).toMatch(/SQL compiler process terminated/);
  });

  it("keeps SQL warnings in program_error on success (docs/feldera/compilation.md#program-error)", async () => {
    const name = uniqueName();
    await create(env.api, name, { program_code: `${SQL}-- SQL_WARNING\n` });
    const p = await waitForPipeline(env.api, name, until.compiled);
    expect(sqlMessages(p)).toMatchObject({
      exit_code: 0,
      messages: [{ warning: true, start_line_number: 3 }],
    });
  });

  it("describes relations, local views and connectors in program_info (docs/feldera/compilation.md#program-error)", async () => {
    const name = uniqueName();
    const connectors = JSON.stringify([
      { transport: { name: "datagen", config: { plan: [{ limit: 5 }] } } },
      { name: "second", transport: { name: "datagen", config: { plan: [] } } },
    ]);
    const program = [
      `CREATE TABLE "Mixed" (id BIGINT NOT NULL, tags VARCHAR ARRAY) WITH ('connectors' = '${connectors}');`,
      'CREATE LOCAL VIEW hidden AS SELECT * FROM "Mixed";',
      "CREATE MATERIALIZED VIEW Shown AS SELECT * FROM hidden;",
    ].join("\n");
    await create(env.api, name, { program_code: program });
    const p = await waitForPipeline(env.api, name, until.compiled);
    const info = p["program_info"] as { schema: { inputs: P[]; outputs: P[] }; input_connectors: P };
    expect(info.schema.inputs).toMatchObject([
      {
        name: "Mixed",
        case_sensitive: true,
        fields: [
          { name: "id", columntype: { type: "BIGINT", nullable: false } },
          { name: "tags", columntype: { type: "ARRAY", component: { type: "VARCHAR" } } },
        ],
        properties: { connectors: { value_position: { start_line_number: 1 } } },
      },
    ]);
    expect(info.schema.outputs).toMatchObject([{ name: "shown", case_sensitive: false, materialized: true }]);
    expect(Object.keys(info.input_connectors)).toEqual(["Mixed.unnamed-0", "Mixed.second"]);
    expect(info.input_connectors["Mixed.second"]).toMatchObject({
      stream: "Mixed",
      transport: { name: "datagen" },
    });
  });

  it("reports bad connectors as SqlError with a ConnectorGenerationError, exit code 0 and no snippet (docs/feldera/compilation.md#program-error)", async () => {
    const name = uniqueName();
    await create(env.api, name, {
      program_code:
        'CREATE TABLE t (x INT) WITH (\'connectors\' = \'[{"transport": {"name": "kafka_output"}}]\');',
    });
    const p = await waitForPipeline(env.api, name, until.programStatus("SqlError"));
    expect(sqlMessages(p)).toMatchObject({
      exit_code: 0,
      messages: [{ error_type: "ConnectorGenerationError", warning: false, snippet: null, start_column: 45 }],
    });
  });

  it("keeps the compiler's warnings before the connector error: one extra message (docs/feldera/compilation.md#program-error)", async () => {
    const name = uniqueName();
    await create(env.api, name, {
      program_code:
        'CREATE TABLE t (x INT) WITH (\'connectors\' = \'[{"transport": {"name": "kafka_output"}}]\');\n-- SQL_WARNING\n',
    });
    const p = await waitForPipeline(env.api, name, until.programStatus("SqlError"));
    expect(sqlMessages(p)).toMatchObject({
      exit_code: 0,
      messages: [
        { error_type: "Emulated warning", warning: true },
        { error_type: "ConnectorGenerationError", warning: false },
      ],
    });
    expect((sqlMessages(p) as { messages: unknown[] }).messages).toHaveLength(2);
  });
});
