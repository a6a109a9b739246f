import { describe, expect, it } from "vitest";
import { countKinds, pipelineOf } from "../../bench/request-kinds";
import type { TransitionPoint } from "../../bench/transitions";
import { configuredMs, measureWaits } from "../../bench/waits";
import { DEFAULT_DELAYS } from "../../provider/emulator";

const P = "/v0/pipelines/p";

function req(
  startedAt: number,
  method: string,
  path: string,
  query: Record<string, string> = {},
  body?: unknown,
) {
  return { method, path, query, body, startedAt };
}
const poll = (at: number) => req(at, "GET", P, { selector: "status" });

function point(at: number, over: Partial<TransitionPoint>): TransitionPoint {
  return {
    at,
    programStatus: "Success",
    programVersion: 1,
    deploymentStatus: "Stopped",
    desiredStatus: "Stopped",
    storageStatus: "Cleared",
    ...over,
  };
}

describe("measureWaits", () => {
  const timeline = [
    point(1000, { programStatus: "Pending" }),
    point(1002, { programStatus: "CompilingSql" }),
    point(1500, { programStatus: "SqlCompiled" }),
    point(1501, { programStatus: "CompilingRust" }),
    point(3000, { programStatus: "Success" }),
    point(3040, { desiredStatus: "Running" }),
    point(3041, { deploymentStatus: "Provisioning", desiredStatus: "Running" }),
    point(4000, { deploymentStatus: "Running", desiredStatus: "Running" }),
  ];
  const requests = [
    req(1000, "POST", "/v0/pipelines", {}, { name: "p" }),
    poll(1001),
    poll(2000),
    poll(3030),
    req(3040, "POST", `${P}/start`, { initial: "running" }),
    poll(3041),
    poll(4010),
  ];

  it("measures each wait from its write to the target and from the target to the client's next act", () => {
    const [compile, deploy] = measureWaits(requests, timeline, 4012);
    expect(compile).toMatchObject({
      kind: "compile",
      serverMs: 2000,
      overheadMs: 40,
      polls: 3,
      fullReads: 0,
    });
    expect(compile!.path).toEqual(["Pending", "CompilingSql", "SqlCompiled", "CompilingRust"]);
    expect(deploy).toMatchObject({ kind: "deploy", serverMs: 960, overheadMs: 12, polls: 2 });
  });

  it("counts a full read inside a wait", () => {
    const withFull = [
      ...requests.slice(0, 3),
      req(2500, "GET", P, { selector: "all" }),
      ...requests.slice(3),
    ];
    expect(measureWaits(withFull, timeline, 4012)[0]!.fullReads).toBe(1);
  });

  it("does not take the previous program's Success for the new one's", () => {
    const patched = [
      point(100, { programStatus: "Success" }),
      point(200, { programStatus: "Pending", programVersion: 2 }),
      point(900, { programStatus: "Success", programVersion: 2 }),
    ];
    const [w] = measureWaits([req(100, "PATCH", P, {}, { program_code: "x" }), poll(950)], patched, 960);
    expect(w!.targetAt).toBe(900);
  });

  it("reports a target never reached as NaN", () => {
    const [w] = measureWaits([req(0, "POST", `${P}/clear`)], [point(1, { storageStatus: "Clearing" })], 5);
    expect(w!.targetAt).toBeNaN();
  });

  it("sums the configured delays of the stages a wait passed through", () => {
    const path = { path: ["Stopped", "Provisioning", "Initializing"] };
    expect(configuredMs(path, DEFAULT_DELAYS, 0.5)).toBe(
      (DEFAULT_DELAYS.provisionMs + DEFAULT_DELAYS.initializeMs) * 0.5,
    );
  });
});

describe("request kinds", () => {
  it("tells writes, validation, status polls, full reads and the config read apart", () => {
    const counts = countKinds([
      req(0, "POST", "/v0/pipelines", {}, { name: "p" }),
      req(0, "POST", "/v0/validate_program"),
      req(0, "GET", P, { selector: "status" }),
      req(0, "GET", P, { selector: "all" }),
      req(0, "GET", P),
      req(0, "GET", "/v0/config"),
    ]);
    expect(counts).toMatchObject({ write: 1, validate: 1, status: 1, full: 2, config: 1 });
  });

  it("finds the pipeline of a create in its body", () => {
    expect(pipelineOf(req(0, "POST", "/v0/pipelines", {}, { name: "n" }))).toBe("n");
    expect(pipelineOf(req(0, "POST", "/v0/pipelines/a%20b/start"))).toBe("a b");
  });
});
