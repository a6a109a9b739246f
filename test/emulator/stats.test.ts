/**
 * Conformance: `GET /v0/pipelines/{name}/stats` (ControllerStatus), a request the manager forwards to the
 * pipeline process (docs/feldera/deployment-and-stop.md#runtime-actions), and the emulator's connector controls (`stallInputs`, `failInput`,
 * `endInput`, `setUnavailable`). Every response is also checked against the OpenAPI spec.
 */
import { describe, expect, it } from "vitest";
import {
  startTestEmulator,
  type TestEmulator,
  uniqueName,
  until,
  useTestEmulator,
  waitForPipeline,
} from "../support/emulator";
import { type Client, waitFor } from "../support/http";
import { createCompiled, path, running, start, stop } from "./fixtures";

const env = useTestEmulator();

const connectors = (list: unknown[]) => `WITH ('connectors' = '${JSON.stringify(list)}')`;
const DATAGEN = { name: "gen", transport: { name: "datagen", config: {} } };
const KAFKA = {
  name: "kafka",
  transport: { name: "kafka_input", config: { topic: "orders", resume_earliest_if_data_expires: false } },
};

/** Two input connectors on `orders`, none on `plain`, one output connector on `big_orders`. */
const SQL = [
  `CREATE TABLE orders (id INT NOT NULL PRIMARY KEY, amount DECIMAL(10, 2)) ${connectors([DATAGEN, KAFKA])};`,
  "CREATE TABLE plain (x INT);",
  `CREATE VIEW big_orders ${connectors([{ name: "out", transport: { name: "null_output" } }])} AS SELECT * FROM orders WHERE amount > 100;`,
  "",
].join("\n");

interface Input {
  endpoint_name: string;
  config: { stream: string };
  metrics: {
    total_records: number;
    total_bytes: number;
    end_of_input: boolean;
    num_transport_errors: number;
    num_parse_errors: number;
  };
  fatal_error?: string | null;
  health?: { status: string; description?: string | null } | null;
  paused: boolean;
  transport_errors?: unknown[] | null;
}
interface Stats {
  global_metrics: Record<string, unknown> & {
    state: string;
    total_input_records: number;
    total_input_bytes: number;
    uptime_msecs: number;
    start_time: number;
    incarnation_uuid: string;
    pipeline_complete: boolean;
  };
  inputs: Input[];
  outputs: Array<{ endpoint_name: string; config: { stream: string }; metrics: Record<string, number> }>;
  suspend_error?: unknown;
}

async function getStats(api: Client, name: string, query: Record<string, boolean> = {}): Promise<Stats> {
  const res = await api.get(path(name, "stats"), { query });
  expect(res.status, res.text).toBe(200);
  return res.json as Stats;
}

/** Polls `/stats` until `predicate` holds. */
function statsUntil(api: Client, name: string, predicate: (s: Stats) => boolean, what: string) {
  return waitFor(
    async () => {
      const s = await getStats(api, name);
      return predicate(s) ? s : undefined;
    },
    { what },
  );
}

const input = (s: Stats, endpoint: string) => s.inputs.find((i) => i.endpoint_name === endpoint)!;
const records = (s: Stats, endpoint: string) => input(s, endpoint).metrics.total_records;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Running a program with connectors (SQL unless given). */
const runningWithConnectors = (api: Client, name: string, program = SQL) =>
  running(api, name, { program_code: program });

describe("GET /stats while Running", () => {
  it("lists one input per connector of each table and one output per connector of each view, by name", async () => {
    const name = uniqueName();
    await runningWithConnectors(env.api, name);
    const s = await getStats(env.api, name);
    expect(s.inputs.map((i) => [i.endpoint_name, i.config.stream])).toEqual([
      ["orders.gen", "orders"],
      ["orders.kafka", "orders"],
    ]);
    expect(s.outputs.map((o) => [o.endpoint_name, o.config.stream])).toEqual([
      ["big_orders.out", "big_orders"],
    ]);
    expect(s.inputs.every((i) => !i.paused && i.fatal_error === null)).toBe(true);
  });

  it("has no endpoints for a program without connectors", async () => {
    const name = uniqueName();
    await running(env.api, name);
    const s = await getStats(env.api, name);
    expect(s).toMatchObject({ inputs: [], outputs: [] });
  });

  it("accumulates records and bytes on every input connector", async () => {
    const name = uniqueName();
    await runningWithConnectors(env.api, name);
    const first = await getStats(env.api, name);
    const later = await statsUntil(
      env.api,
      name,
      (s) => s.inputs.every((i, k) => i.metrics.total_records > first.inputs[k]!.metrics.total_records),
      "every input to receive more records",
    );
    for (const i of later.inputs) {
      expect(i.metrics.total_bytes).toBeGreaterThan(0);
      expect(i.metrics).toMatchObject({ end_of_input: false, num_transport_errors: 0, num_parse_errors: 0 });
    }
  });

  it("sums the inputs in global_metrics and says Running", async () => {
    const name = uniqueName();
    await runningWithConnectors(env.api, name);
    const s = await statsUntil(env.api, name, (x) => x.global_metrics.total_input_records > 0, "input");
    const sum = (f: (i: Input) => number) => s.inputs.reduce((a, i) => a + f(i), 0);
    expect(s.global_metrics).toMatchObject({
      state: "Running",
      total_input_records: sum((i) => i.metrics.total_records),
      total_input_bytes: sum((i) => i.metrics.total_bytes),
      total_processed_records: sum((i) => i.metrics.total_records),
      buffered_input_records: 0,
      bootstrap_in_progress: false,
      pipeline_complete: false,
    });
  });

  it("counts uptime from when the pipeline became Provisioned", async () => {
    const name = uniqueName();
    const p = await runningWithConnectors(env.api, name);
    const provisionedAt = Date.parse(p["deployment_resources_status_since"] as string);
    const before = Date.now();
    const s = await getStats(env.api, name);
    expect(s.global_metrics.start_time).toBe(Math.floor(provisionedAt / 1000));
    expect(s.global_metrics.uptime_msecs).toBeGreaterThanOrEqual(before - provisionedAt);
    expect(s.global_metrics.uptime_msecs).toBeLessThanOrEqual(Date.now() - provisionedAt);
  });

  it("has output connectors transmit what the inputs received", async () => {
    const name = uniqueName();
    await runningWithConnectors(env.api, name);
    const s = await statsUntil(
      env.api,
      name,
      (x) => x.outputs[0]!.metrics["transmitted_records"]! > 0,
      "output",
    );
    expect(s.outputs[0]!.metrics).toMatchObject({
      transmitted_records: s.global_metrics.total_input_records,
      total_processed_input_records: s.global_metrics.total_input_records,
      num_transport_errors: 0,
    });
  });

  it("starts from zero with a new incarnation after a restart", async () => {
    const name = uniqueName();
    await runningWithConnectors(env.api, name);
    const first = await statsUntil(env.api, name, (x) => records(x, "orders.gen") > 0, "input");
    await stop(env.api, name);
    await env.api.post(path(name, "start"), { query: { initial: "paused" } });
    await waitForPipeline(env.api, name, until.status("Paused"));
    const again = await getStats(env.api, name);
    expect(again.global_metrics.incarnation_uuid).not.toBe(first.global_metrics.incarnation_uuid);
    expect(again.global_metrics.total_input_records).toBe(0);
  });

  it("reports that suspending needs storage when the pipeline has none", async () => {
    const name = uniqueName();
    await running(env.api, name, { program_code: SQL, runtime_config: { storage: null } });
    const s = await getStats(env.api, name);
    expect(s.suspend_error).toEqual({ Permanent: ["StorageRequired"] });
  });
});

describe("GET /stats while Paused", () => {
  it("counts nothing while Paused and resumes counting after /resume", async () => {
    const name = uniqueName();
    await runningWithConnectors(env.api, name);
    await env.api.post(path(name, "pause"));
    await waitForPipeline(env.api, name, until.status("Paused"));
    const paused = await getStats(env.api, name);
    await pause(40);
    const still = await getStats(env.api, name);
    expect(still.global_metrics.state).toBe("Paused");
    expect(still.inputs.map((i) => i.metrics.total_records)).toEqual(
      paused.inputs.map((i) => i.metrics.total_records),
    );
    await env.api.post(path(name, "resume"));
    await waitForPipeline(env.api, name, until.status("Running"));
    await statsUntil(
      env.api,
      name,
      (s) => records(s, "orders.gen") > records(paused, "orders.gen"),
      "resume",
    );
  });

  it("has received nothing when it started Paused", async () => {
    const name = uniqueName();
    await createCompiled(env.api, name, { program_code: SQL });
    await start(env.api, name, { initial: "paused" });
    await waitForPipeline(env.api, name, until.status("Paused"));
    await pause(20);
    const s = await getStats(env.api, name);
    expect(s.global_metrics).toMatchObject({ state: "Paused", total_input_records: 0 });
  });

  it("does not count a connector its config pauses", async () => {
    const name = uniqueName();
    const program = `CREATE TABLE t (x INT) ${connectors([DATAGEN, { ...KAFKA, paused: true }])};`;
    await runningWithConnectors(env.api, name, program);
    const s = await statsUntil(env.api, name, (x) => records(x, "t.gen") > 0, "the unpaused connector");
    expect(input(s, "t.kafka")).toMatchObject({ paused: true, metrics: { total_records: 0 } });
  });
});

describe("GET /stats refusals (forwarded request, docs/feldera/deployment-and-stop.md#runtime-actions)", () => {
  it("answers 404 UnknownPipelineName for an unknown pipeline", async () => {
    const res = await env.api.get(path("no-such-pipeline", "stats"));
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ error_code: "UnknownPipelineName" });
  });

  it("answers 503 PipelineInteractionNotDeployed with Retry-After when not Provisioned", async () => {
    const name = uniqueName();
    await createCompiled(env.api, name);
    const res = await env.api.get(path(name, "stats"));
    expect(res.status).toBe(503);
    expect(res.headers["retry-after"]).toBe("5");
    expect(res.json).toEqual({
      message: `Unable to interact with pipeline because the deployment status (stopped) indicates it is not (yet) fully provisioned pipeline-id=N/A pipeline-name="${name}"`,
      error_code: "PipelineInteractionNotDeployed",
      details: { pipeline_name: name, status: "Stopped", desired_status: "Stopped" },
    });
  });

  it("answers 503 PipelineInteractionNotDeployed while Provisioning", async () => {
    const emu = await startTestEmulator({ delays: { provisionMs: 10_000 } });
    const name = uniqueName();
    await createCompiled(emu.api, name);
    await start(emu.api, name);
    await waitForPipeline(emu.api, name, until.status("Provisioning"));
    const res = await emu.api.get(path(name, "stats"));
    expect(res.status).toBe(503);
    expect(res.json).toMatchObject({
      error_code: "PipelineInteractionNotDeployed",
      details: { status: "Provisioning", desired_status: "Provisioned" },
    });
  });

  it("passes on the pipeline's own 503 Initializing (no Retry-After) before initialisation ends", async () => {
    const emu = await startTestEmulator({ delays: { initializeMs: 10_000 } });
    const name = uniqueName();
    await createCompiled(emu.api, name);
    await start(emu.api, name);
    await waitForPipeline(emu.api, name, until.status("Initializing"));
    const res = await emu.api.get(path(name, "stats"));
    expect(res.status).toBe(503);
    expect(res.headers["retry-after"]).toBeUndefined();
    expect(res.json).toEqual({
      message: "Operation failed because the pipeline has not finished initializing.",
      error_code: "Initializing",
      details: null,
    });
  });

  it("answers 503 PipelineUnavailable while the runtime status is Unavailable, and 200 once it is back", async () => {
    const name = uniqueName();
    const before = (await runningWithConnectors(env.api, name))["refresh_version"] as number;
    env.emulator.setUnavailable(name);
    expect(env.emulator.snapshot(name)).toMatchObject({
      deployment_status: "Unavailable",
      deployment_desired_status: "Unavailable",
      refresh_version: before + 1, // one runner details refresh moves both (docs/feldera/pipeline-object.md#counters)
    });
    const res = await env.api.get(path(name, "stats"));
    expect(res.status).toBe(503);
    expect(res.headers["retry-after"]).toBe("5");
    expect(res.json).toEqual({
      message: `Unable to interact with pipeline because its status is currently 'unavailable' pipeline-id=N/A pipeline-name="${name}"`,
      error_code: "PipelineUnavailable",
      details: { pipeline_name: name },
    });
    env.emulator.setUnavailable(name, false);
    expect(env.emulator.snapshot(name)).toMatchObject({
      deployment_status: "Running",
      deployment_desired_status: "Running",
    });
    expect((await env.api.get(path(name, "stats"))).status).toBe(200);
  });

  it("is readable with a read-only API key", async () => {
    const key = `apikey:${"r".repeat(128)}`;
    const emu = await startTestEmulator({ apiKeys: [{ key, role: "read" }] });
    const res = await emu.api.get(path("absent", "stats"), { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(404);
  });

  it("answers a malformed include_connector_errors with a plain-text 400", async () => {
    const name = uniqueName();
    await runningWithConnectors(env.api, name);
    const res = await env.api.get(path(name, "stats"), { query: { include_connector_errors: "maybe" } });
    expect(res.status).toBe(400);
    expect(res.text).toContain("Query deserialize error");
  });
});

describe("setUnavailable", () => {
  it("refuses the other forwarded actions with PipelineUnavailable too", async () => {
    const name = uniqueName();
    await runningWithConnectors(env.api, name);
    env.emulator.setUnavailable(name);
    for (const action of ["pause", "resume"]) {
      const res = await env.api.post(path(name, action));
      expect(res.status, action).toBe(503);
      expect(res.json, action).toMatchObject({ error_code: "PipelineUnavailable" });
    }
    env.emulator.setUnavailable(name, false);
  });

  it("lets a forced stop through and forgets the lost contact", async () => {
    const name = uniqueName();
    await runningWithConnectors(env.api, name);
    env.emulator.setUnavailable(name);
    await stop(env.api, name);
    await start(env.api, name);
    await waitForPipeline(env.api, name, until.status("Running"));
  });

  it("throws for a pipeline that is not deployed", async () => {
    const name = uniqueName();
    await createCompiled(env.api, name);
    expect(() => env.emulator.setUnavailable(name)).toThrow(/not deployed/);
  });
});

describe("stallInputs", () => {
  it("stops the program's input connectors while the pipeline stays Running, and resumes them", async () => {
    const name = uniqueName();
    await runningWithConnectors(env.api, name);
    await statsUntil(env.api, name, (s) => records(s, "orders.gen") > 0, "input");
    env.emulator.stallInputs(name);
    const stalled = await getStats(env.api, name);
    await pause(40);
    const still = await getStats(env.api, name);
    expect(still.global_metrics.state).toBe("Running");
    expect(still.inputs.map((i) => i.metrics.total_records)).toEqual(
      stalled.inputs.map((i) => i.metrics.total_records),
    );
    env.emulator.stallInputs(name, false);
    await statsUntil(
      env.api,
      name,
      (s) => records(s, "orders.gen") > records(stalled, "orders.gen"),
      "resume",
    );
  });

  it("applies from the start when set before /start: Running with nothing received", async () => {
    const name = uniqueName();
    await createCompiled(env.api, name, { program_code: SQL });
    env.emulator.stallInputs(name);
    await start(env.api, name);
    await waitForPipeline(env.api, name, until.status("Running"));
    await pause(20);
    const s = await getStats(env.api, name);
    expect(s.inputs.map((i) => i.metrics.total_records)).toEqual([0, 0]);
  });

  it("leaves the now clock ticking", async () => {
    const name = uniqueName();
    const program = `CREATE TABLE t (ts TIMESTAMP) ${connectors([DATAGEN])};\nCREATE VIEW recent AS SELECT * FROM t WHERE ts > NOW() - INTERVAL 1 HOUR;`;
    await createCompiled(env.api, name, { program_code: program });
    env.emulator.stallInputs(name);
    await start(env.api, name);
    await waitForPipeline(env.api, name, until.status("Running"));
    const s = await statsUntil(env.api, name, (x) => records(x, "now") > 0, "a clock tick");
    expect(s.inputs.map((i) => i.endpoint_name)).toEqual(["now", "t.gen"]);
    expect(records(s, "t.gen")).toBe(0);
  });

  it("throws for an unknown pipeline", () => {
    expect(() => env.emulator.stallInputs(uniqueName("absent"))).toThrow(/no pipeline named/);
  });
});

describe("failInput", () => {
  it("gives the connector a fatal error and Unhealthy health, stops it, and leaves the others running", async () => {
    const name = uniqueName();
    await runningWithConnectors(env.api, name);
    env.emulator.failInput(name, "orders.kafka", "broker unreachable");
    const failed = await getStats(env.api, name);
    expect(input(failed, "orders.kafka")).toMatchObject({
      fatal_error: "broker unreachable",
      health: { status: "Unhealthy", description: "broker unreachable" },
      metrics: { num_transport_errors: 1 },
    });
    const later = await statsUntil(
      env.api,
      name,
      (s) => records(s, "orders.gen") > records(failed, "orders.gen"),
      "the healthy connector to keep receiving",
    );
    expect(records(later, "orders.kafka")).toBe(records(failed, "orders.kafka"));
    expect(env.emulator.snapshot(name)).toMatchObject({ deployment_status: "Running" });
  });

  it("counts the error in the pipeline's connector_stats", async () => {
    const name = uniqueName();
    await runningWithConnectors(env.api, name);
    const before = (await env.api.get(path(name))).json as Record<string, unknown>;
    env.emulator.failInput(name, "orders.gen", "oops");
    const res = await env.api.get(path(name), { query: { selector: "status_with_connectors" } });
    expect(res.json).toMatchObject({ connectors: { num_errors: 1 } });
    expect((res.json as Record<string, number>)["refresh_version"]).toBeGreaterThan(
      before["refresh_version"] as number,
    );
  });

  it("with fatal false only counts the error: the connector keeps receiving", async () => {
    const name = uniqueName();
    await runningWithConnectors(env.api, name);
    env.emulator.failInput(name, "orders.gen", "transient", { fatal: false });
    const failed = await getStats(env.api, name);
    expect(input(failed, "orders.gen")).toMatchObject({
      fatal_error: null,
      metrics: { num_transport_errors: 1 },
    });
    await statsUntil(env.api, name, (s) => records(s, "orders.gen") > records(failed, "orders.gen"), "more");
  });

  it("lists recent transport errors only with include_connector_errors=true", async () => {
    const name = uniqueName();
    await runningWithConnectors(env.api, name);
    env.emulator.failInput(name, "orders.gen", "first", { fatal: false });
    env.emulator.failInput(name, "orders.gen", "second");
    expect(input(await getStats(env.api, name), "orders.gen").transport_errors).toBeNull();
    const full = await getStats(env.api, name, { include_connector_errors: true });
    expect(input(full, "orders.gen")).toMatchObject({
      fatal_error: "second",
      transport_errors: [
        { index: 1, message: "first" },
        { index: 2, message: "second" },
      ],
    });
  });

  it("throws for an unknown connector, naming the ones there are", async () => {
    const name = uniqueName();
    await runningWithConnectors(env.api, name);
    expect(() => env.emulator.failInput(name, "orders.nope", "x")).toThrow(/'orders.gen', 'orders.kafka'/);
  });

  it("throws for a pipeline that is not deployed", async () => {
    const name = uniqueName();
    await createCompiled(env.api, name, { program_code: SQL });
    expect(() => env.emulator.failInput(name, "orders.gen", "x")).toThrow(/not deployed/);
  });
});

describe("end of input", () => {
  it("endInput ends one connector: end_of_input, and it receives nothing more", async () => {
    const name = uniqueName();
    await runningWithConnectors(env.api, name);
    env.emulator.endInput(name, "orders.kafka");
    const ended = await getStats(env.api, name);
    expect(input(ended, "orders.kafka").metrics.end_of_input).toBe(true);
    const later = await statsUntil(
      env.api,
      name,
      (s) => records(s, "orders.gen") > records(ended, "orders.gen"),
      "gen",
    );
    expect(records(later, "orders.kafka")).toBe(records(ended, "orders.kafka"));
    expect(later.global_metrics.pipeline_complete).toBe(false);
  });

  it("endInput without a connector ends them all: the pipeline is complete", async () => {
    const name = uniqueName();
    await runningWithConnectors(env.api, name);
    env.emulator.endInput(name);
    const s = await getStats(env.api, name);
    expect(s.inputs.every((i) => i.metrics.end_of_input)).toBe(true);
    expect(s.global_metrics.pipeline_complete).toBe(true);
  });

  it("a datagen whose plan entries all have a limit ends after their sum", async () => {
    const name = uniqueName();
    const gen = {
      name: "gen",
      transport: { name: "datagen", config: { plan: [{ limit: 30 }, { limit: 12 }] } },
    };
    await runningWithConnectors(env.api, name, `CREATE TABLE t (x INT) ${connectors([gen])};`);
    const s = await statsUntil(env.api, name, (x) => input(x, "t.gen").metrics.end_of_input, "end of input");
    expect(records(s, "t.gen")).toBe(42);
    expect(s.global_metrics.pipeline_complete).toBe(true);
  });

  it("an empty_input connector is at end of input at once, with no records", async () => {
    const name = uniqueName();
    const empty = { name: "none", transport: { name: "empty_input" } };
    await runningWithConnectors(env.api, name, `CREATE TABLE t (x INT) ${connectors([empty])};`);
    const s = await getStats(env.api, name);
    expect(input(s, "t.none").metrics).toMatchObject({ total_records: 0, end_of_input: true });
  });
});

describe("stats of a bootstrapping pipeline", () => {
  it("answers 200 with bootstrap_in_progress while Bootstrapping", async () => {
    const emu: TestEmulator = await startTestEmulator({ delays: { bootstrapMs: 10_000 } });
    const name = uniqueName();
    const body = { program_code: SQL, runtime_config: {} };
    await running(emu.api, name, body);
    await stop(emu.api, name);
    await emu.api.patch(path(name), {
      body: { program_code: `${SQL}CREATE VIEW extra AS SELECT * FROM plain;\n` },
    });
    await waitForPipeline(emu.api, name, until.compiled);
    await start(emu.api, name, { bootstrap_policy: "allow" });
    await waitForPipeline(emu.api, name, until.status("Bootstrapping"));
    const s = await getStats(emu.api, name);
    expect(s.global_metrics).toMatchObject({ bootstrap_in_progress: true, total_input_records: 0 });
    expect(s.suspend_error).toEqual({ Temporary: ["Bootstrapping"] });
  });
});
