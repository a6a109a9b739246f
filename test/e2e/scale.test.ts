/**
 * Waiting, scale and an unreliable network: progress lines while a create waits, twenty pipelines brought
 * up at once, and a whole lifecycle through transient server errors and dropped connections.
 */
import { describe, expect, it } from "vitest";
import type { FaultRule } from "../../provider/emulator";
import type { EngineEvent } from "../../tools/engine-stand-in";
import { changes, expectOk, scaled, type TestStack, testStack } from "./support";

/** The most create or delete steps under way at the same time. */
function mostAtOnce(events: EngineEvent[], op: "create" | "delete"): number {
  let active = 0;
  let most = 0;
  for (const e of events) {
    if (e.kind === "step-start" && e.op === op && e.urn.includes("feldera:Pipeline::"))
      most = Math.max(most, ++active);
    if (e.kind === "step-done" && e.step.op === op && e.step.type.endsWith("feldera:Pipeline")) active--;
  }
  return most;
}

const pipelineSteps = (steps: { op: string; type: string }[], op: string) =>
  steps.filter((st) => st.op === op && st.type.endsWith("feldera:Pipeline"));

/** Pipelines the server actually created (status 0: the request was abandoned before any answer). */
const created = (s: TestStack) =>
  s.emulator.requests.filter(
    (r) => r.method === "POST" && r.path === "/v0/pipelines" && r.status >= 200 && r.status < 300,
  );

describe("waiting and scale", () => {
  it(
    "shows the provider's progress lines, from the host's stderr, while a create waits to compile",
    async () => {
      const s = await testStack({ emulator: { delays: { compileRustMs: 150_000 } } }); // 3 s at the test scale
      expectOk(await s.engine.up());
      const progress = s.events.findIndex(
        (e) => e.kind === "host-output" && e.stream === "stderr" && e.line.includes("waiting to compile"),
      );
      const created = s.events.findIndex((e) => e.kind === "step-done" && e.step.name === "orders");
      expect(progress).toBeGreaterThan(-1);
      expect(progress).toBeLessThan(created);
      expect((s.events[progress] as { line: string }).line).toMatch(
        new RegExp(
          `^feldera: pipeline '${s.name}': waiting to compile: CompilingRust \\(\\d+\\.\\ds elapsed\\)$`,
        ),
      );
    },
    scaled(60_000),
  );

  it(
    "brings up a stack of 20 pipelines concurrently and destroys it",
    async () => {
      const s = await testStack({ config: { count: "20" }, parallel: 20 });
      const up = expectOk(await s.engine.up());
      expect(pipelineSteps(up.steps, "create")).toHaveLength(20);
      expect(mostAtOnce(s.events, "create")).toBeGreaterThan(1);
      expect(Object.values(up.outputs["statuses"] as object)).toEqual(Array(20).fill("Running"));
      expect(created(s)).toHaveLength(20);

      const destroy = expectOk(await s.engine.destroy());
      expect(pipelineSteps(destroy.steps, "delete")).toHaveLength(20);
      expect(mostAtOnce(s.events, "delete")).toBeGreaterThan(1);
      expect((await s.api.get("/v0/pipelines")).json).toEqual([]);
    },
    scaled(120_000),
  );

  it(
    "brings up 20 pipelines one at a time with --parallel 1, and with the default parallelism at once",
    async () => {
      const serial = await testStack({ config: { count: "20" }, parallel: 1 });
      expect(pipelineSteps(expectOk(await serial.engine.up()).steps, "create")).toHaveLength(20);
      expect(mostAtOnce(serial.events, "create")).toBe(1);
      expect(created(serial)).toHaveLength(20);
      expectOk(await serial.engine.destroy());

      const byDefault = await testStack({ config: { count: "20" } });
      expect(pipelineSteps(expectOk(await byDefault.engine.up()).steps, "create")).toHaveLength(20);
      expect(mostAtOnce(byDefault.events, "create")).toBeGreaterThan(1);
      expect(created(byDefault)).toHaveLength(20);
      expectOk(await byDefault.engine.destroy());
      expect((await byDefault.api.get("/v0/pipelines")).json).toEqual([]);
    },
    scaled(180_000),
  );
});

describe("an unreliable network", () => {
  // 10% of requests fail: 502, 503 and 504 answers, and connections dropped before or after the server acted.
  const faults: FaultRule[] = [
    { probability: 0.03, action: { kind: "status", status: 503 } },
    { probability: 0.02, action: { kind: "status", status: 502 } },
    { probability: 0.02, action: { kind: "status", status: 504 } },
    { probability: 0.015, action: { kind: "drop", when: "before-handling" } },
    { probability: 0.015, action: { kind: "drop", when: "after-handling" } },
  ];

  it(
    "converges through a whole lifecycle with one pipeline created per resource and none left behind",
    async () => {
      const s = await testStack({ emulator: { faults, seed: 20261124 }, config: { count: "3" } });
      expect(pipelineSteps(expectOk(await s.engine.up()).steps, "create")).toHaveLength(3);
      s.set("sqlFile", "orders-v2.sql");
      expect(changes(expectOk(await s.engine.preview()))).toHaveLength(3);
      expect(pipelineSteps(expectOk(await s.engine.up()).steps, "update")).toHaveLength(3);
      expect(s.pipelines().map((p) => p.outputs["programVersion"])).toEqual([2, 2, 2]);
      expect(changes(expectOk(await s.engine.up()))).toEqual([]);
      expectOk(await s.engine.destroy());

      expect(created(s)).toHaveLength(3);
      expect(s.emulator.requests.filter((r) => r.fault).length).toBeGreaterThan(10);
      s.emulator.clearFaults();
      expect((await s.api.get("/v0/pipelines")).json).toEqual([]);
      expect(s.engine.readState()).toEqual({ resources: [], pendingOperations: [] });
    },
    scaled(120_000),
  );
});
