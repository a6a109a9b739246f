/**
 * Shared steps of the conformance tests: a valid program, and the walks to the states most tests start
 * from (compiled, running, stopped with storage in use), each asserting the status codes on the way so a
 * broken step fails where it breaks.
 */
import { expect } from "vitest";
import type { Emulator } from "../../provider/emulator";
import { type Pipeline, until, waitForPipeline } from "../support/emulator";
import type { Client } from "../support/http";

export const SQL = [
  "CREATE TABLE orders (id INT NOT NULL PRIMARY KEY, amount DECIMAL(10, 2));",
  "CREATE VIEW big_orders AS SELECT * FROM orders WHERE amount > 100;",
  "",
].join("\n");

export async function create(
  api: Client,
  name: string,
  body: Record<string, unknown> = {},
): Promise<Pipeline> {
  const res = await api.post("/v0/pipelines", { body: { name, program_code: SQL, ...body } });
  expect(res.status, res.text).toBe(201);
  return res.json as Pipeline;
}

export async function createCompiled(api: Client, name: string, body: Record<string, unknown> = {}) {
  await create(api, name, body);
  return waitForPipeline(api, name, until.compiled, { what: "compilation" });
}

export async function start(api: Client, name: string, query: Record<string, string | boolean> = {}) {
  const res = await api.post(`/v0/pipelines/${name}/start`, { query });
  expect(res.status, res.text).toBe(202);
  return res;
}

export async function stop(api: Client, name: string) {
  const res = await api.post(`/v0/pipelines/${name}/stop`, { query: { force: true } });
  expect(res.status, res.text).toBe(202);
  return waitForPipeline(api, name, until.fullyStopped, { what: "stop" });
}

/** Created, compiled, started and Running. */
export async function running(api: Client, name: string, body: Record<string, unknown> = {}) {
  await createCompiled(api, name, body);
  await start(api, name);
  return waitForPipeline(api, name, until.status("Running"), { what: "Running" });
}

/** Ran once, then stopped: storage InUse, a checkpoint of the current program exists. */
export async function stoppedWithStorage(api: Client, name: string, body: Record<string, unknown> = {}) {
  await running(api, name, body);
  return stop(api, name);
}

export const path = (name: string, action?: string) =>
  `/v0/pipelines/${encodeURIComponent(name)}${action ? `/${action}` : ""}`;

/**
 * Records, through `onTransition`, each distinct combination of `fields` one pipeline goes through, in
 * order: the only way to see states a poller could miss (a 0-delay Provisioning, an error cleared at
 * once). Call `stop()` before asserting.
 */
export function watch(emulator: Emulator, name: string, fields: string[]) {
  const seen: Record<string, unknown>[] = [];
  const stop = emulator.onTransition((n, snapshot) => {
    if (n !== name) return;
    const p = snapshot as Record<string, unknown>;
    const row = Object.fromEntries(fields.map((f) => [f, p[f]]));
    if (JSON.stringify(row) !== JSON.stringify(seen.at(-1))) seen.push(row);
  });
  return { seen, stop, values: (field: string) => seen.map((row) => row[field]) };
}
