/**
 * `FelderaClient.getStats`: the pipeline process's statistics (`GET /v0/pipelines/{name}/stats`), against
 * the emulator (progress, the connector controls, the forwarded-request 503s and their retries) and
 * against scripted answers (what the tolerant schema accepts and refuses).
 */
import { describe, expect, it } from "vitest";
import { type FelderaClient, isApiError } from "../../provider/client";
import type { PipelineStats, PipelineStatus } from "../../provider/model/wire";
import { startTestEmulator, uniqueName } from "../support/emulator";
import { client, fastRetry, json, rejection, scriptedServer } from "./support/scripted-server";

const gen = (name: string) => ({ name, transport: { name: "datagen", config: {} } });
const SQL =
  `CREATE TABLE orders (id INT NOT NULL PRIMARY KEY, amount DOUBLE) WITH ('connectors' = '${JSON.stringify([gen("a"), gen("b")])}');\n` +
  "CREATE VIEW big AS SELECT * FROM orders WHERE amount > 100;";

async function until<T>(probe: () => Promise<T>, done: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const v = await probe();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** An emulator, a client on it, and a pipeline of SQL that is Running. */
async function runningPipeline(retry = fastRetry()) {
  const emulator = await startTestEmulator({ timeScale: 0.01 });
  const c = client({ host: emulator.url, retry });
  const name = uniqueName("client-stats");
  await c.createPipeline({ name, program_code: SQL });
  await until(
    () => c.getPipelineStatus(name),
    (s) => s.program_status === "Success",
    "compilation",
  );
  await c.start(name);
  await until<PipelineStatus>(
    () => c.getPipelineStatus(name),
    (s) => s.deployment_status === "Running",
    "Running",
  );
  return { emulator, c, name };
}

const statsUntil = (c: FelderaClient, name: string, done: (s: PipelineStats) => boolean, what: string) =>
  until(() => c.getStats(name), done, what);

describe("getStats against the emulator", () => {
  it("reads each input connector's progress from a running pipeline", async () => {
    const { c, name } = await runningPipeline();
    const s = await statsUntil(c, name, (x) => x.inputs.every((i) => i.metrics.total_records > 0), "records");
    expect(s.global_metrics?.state).toBe("Running");
    expect(s.inputs.map((i) => i.endpoint_name)).toEqual(["orders.a", "orders.b"]);
    for (const i of s.inputs) {
      expect(i).toMatchObject({
        fatal_error: null,
        metrics: { end_of_input: false, num_transport_errors: 0, num_parse_errors: 0 },
      });
    }
    // Tolerant, not lossy: the fields the schema does not name are still there.
    expect(s.global_metrics).toHaveProperty("uptime_msecs");
    expect(s.outputs).toEqual([]);
  });

  it("sees stalled connectors stand still while the pipeline stays Running", async () => {
    const { emulator, c, name } = await runningPipeline();
    emulator.stallInputs(name);
    const stalled = await c.getStats(name);
    await new Promise((r) => setTimeout(r, 30));
    const still = await c.getStats(name);
    expect(still.inputs.map((i) => i.metrics.total_records)).toEqual(
      stalled.inputs.map((i) => i.metrics.total_records),
    );
    expect((await c.getPipelineStatus(name)).deployment_status).toBe("Running");
  });

  it("sees a failed connector's fatal error and transport error count", async () => {
    const { emulator, c, name } = await runningPipeline();
    emulator.failInput(name, "orders.b", "connection refused");
    const s = await c.getStats(name);
    expect(s.inputs.find((i) => i.endpoint_name === "orders.b")).toMatchObject({
      fatal_error: "connection refused",
      metrics: { num_transport_errors: 1 },
    });
  });

  it("sees a connector that reached end of input", async () => {
    const { emulator, c, name } = await runningPipeline();
    emulator.endInput(name, "orders.a");
    const s = await c.getStats(name);
    expect(s.inputs.map((i) => [i.endpoint_name, i.metrics.end_of_input])).toEqual([
      ["orders.a", true],
      ["orders.b", false],
    ]);
  });

  it("surfaces 503 PipelineInteractionNotDeployed for a pipeline that is not deployed", async () => {
    const emulator = await startTestEmulator();
    const c = client({ host: emulator.url, retry: fastRetry({ maxRetries: 0 }) });
    const name = uniqueName("client-stats-stopped");
    await c.createPipeline({ name, program_code: SQL });
    const e = await rejection(c.getStats(name));
    expect(isApiError(e, "PipelineInteractionNotDeployed")).toBe(true);
    expect(e).toMatchObject({ status: 503 });
  });

  it("retries a 503 as any GET, honouring Retry-After, then gives up with the server's error as the cause", async () => {
    const emulator = await startTestEmulator();
    const retry = fastRetry();
    const c = client({ host: emulator.url, retry });
    const name = uniqueName("client-stats-retry");
    await c.createPipeline({ name, program_code: SQL });
    const e = await rejection(c.getStats(name));
    expect(e.code).toBe("FELDERA_ERR_RETRY_DEADLINE");
    expect(isApiError(e.cause, "PipelineInteractionNotDeployed")).toBe(true);
    expect(retry.sleeps).toEqual([5000, 5000, 5000, 5000, 5000]);
    expect(emulator.requests.filter((r) => r.path.endsWith("/stats"))).toHaveLength(6);
  });

  it("surfaces 503 PipelineUnavailable while the pipeline is unreachable", async () => {
    const { emulator, name } = await runningPipeline();
    const c = client({ host: emulator.url, retry: fastRetry({ maxRetries: 0 }) });
    emulator.setUnavailable(name);
    expect(isApiError(await rejection(c.getStats(name)), "PipelineUnavailable")).toBe(true);
  });
});

describe("getStats' tolerant schema", () => {
  const answering = async (body: unknown) => {
    const server = await scriptedServer((_n, _req, res) => json(res, 200, body));
    return client({ host: server.url });
  };
  const metrics = { total_records: 3, end_of_input: true, num_transport_errors: 0, num_parse_errors: 0 };

  it("accepts a report with only what a health gate needs (no global_metrics, no fatal_error)", async () => {
    const c = await answering({ inputs: [{ endpoint_name: "t.c", metrics }] });
    expect(await c.getStats("p")).toEqual({ inputs: [{ endpoint_name: "t.c", metrics }] });
  });

  it("accepts a newer server's unknown state and extra fields", async () => {
    const body = {
      global_metrics: { state: "Draining", brand_new: 1 },
      inputs: [
        { endpoint_name: "t.c", metrics: { ...metrics, new_metric: 2 }, fatal_error: null, extra: {} },
      ],
      outputs: [{ anything: true }],
    };
    const c = await answering(body);
    expect(await c.getStats("p")).toEqual(body);
  });

  it("refuses a report whose input lacks total_records, naming the field", async () => {
    const { total_records: _dropped, ...partial } = metrics;
    const c = await answering({ inputs: [{ endpoint_name: "t.c", metrics: partial }] });
    const e = await rejection(c.getStats("p"));
    expect(e.code).toBe("FELDERA_ERR_RESPONSE_SHAPE");
    expect(e.message).toContain("total_records");
  });
});
