/**
 * Fault injection: each action kind, the counting rules, seeded probability, and runtime control.
 */
import { describe, expect, it } from "vitest";
import type { FaultRule } from "../../provider/emulator";
import { startTestEmulator, uniqueName } from "../support/emulator";
import { http } from "../support/http";
import { create, path, SQL } from "./fixtures";

const createBody = (name: string) => ({ body: { name, program_code: SQL } });

describe("fault actions", () => {
  it("answers a 503 with a Feldera body and Retry-After: 5, without handling the request", async () => {
    const emu = await startTestEmulator({
      faults: [{ method: "POST", path: "/v0/pipelines", action: { kind: "status", status: 503 } }],
    });
    const name = uniqueName();
    const res = await emu.api.post("/v0/pipelines", createBody(name));
    expect(res.status).toBe(503);
    expect(res.headers["retry-after"]).toBe("5");
    expect(res.json).toMatchObject({ error_code: "LockTookTooLong" });
    expect((await emu.api.get(path(name))).status).toBe(404);
    expect(emu.requests[0]).toMatchObject({ status: 503, fault: "status:503" });
    expect((await emu.api.post("/v0/pipelines", createBody(name))).status).toBe(201); // times defaults to 1
  });

  it("answers proxy-style statuses with an HTML page or an empty body, and an explicit Retry-After", async () => {
    const emu = await startTestEmulator({
      faults: [
        { path: "/v0/config", action: { kind: "status", status: 502 } },
        { path: "/v0/config", action: { kind: "status", status: 429, retryAfterSeconds: 7 } },
        { path: "/v0/config", action: { kind: "status", status: 500 } },
      ],
    });
    const bad = await emu.api.get("/v0/config");
    expect(bad.status).toBe(502);
    expect(bad.headers["content-type"]).toBe("text/html");
    expect(bad.text).toContain("502 Bad Gateway");
    const limited = await emu.api.get("/v0/config");
    expect([limited.status, limited.text, limited.headers["retry-after"]]).toEqual([429, "", "7"]);
    const internal = await emu.api.get("/v0/config");
    expect(internal.status).toBe(500);
    expect(internal.json).toMatchObject({ error_code: "PostgresError" });
    expect(internal.headers["retry-after"]).toBeUndefined();
    expect((await emu.api.get("/v0/config")).status).toBe(200);
  });

  it("drops the connection before handling: nothing happened", async () => {
    const emu = await startTestEmulator({
      faults: [{ method: "POST", action: { kind: "drop", when: "before-handling" } }],
    });
    const name = uniqueName();
    await expect(emu.api.post("/v0/pipelines", createBody(name))).rejects.toThrow();
    expect((await emu.api.get(path(name))).status).toBe(404);
    expect(emu.requests[0]).toMatchObject({ status: 0, fault: "drop:before-handling" });
  });

  it("drops the connection after handling: the request took effect, the response is lost", async () => {
    const emu = await startTestEmulator({
      faults: [{ method: "POST", action: { kind: "drop", when: "after-handling" } }],
    });
    const name = uniqueName();
    await expect(emu.api.post("/v0/pipelines", createBody(name))).rejects.toThrow();
    expect((await emu.api.get(path(name))).status).toBe(200);
    expect(emu.requests[0]).toMatchObject({ status: 201, fault: "drop:after-handling" });
    const retry = await emu.api.post("/v0/pipelines", createBody(name));
    expect(retry.status).toBe(409); // what a client retrying a non-idempotent POST must cope with
  });

  it("delays the response by wall-clock milliseconds, then handles it normally", async () => {
    const emu = await startTestEmulator({
      timeScale: 0.001,
      faults: [{ path: "/v0/config", action: { kind: "delay", ms: 150 } }],
    });
    const started = Date.now();
    const res = await emu.api.get("/v0/config");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(res.status).toBe(200);
    expect(emu.requests[0]).toMatchObject({ status: 200, fault: "delay:150" });
    expect(emu.requests[0]!.durationMs).toBeGreaterThanOrEqual(140);
  });
});

describe("fault matching and counting", () => {
  async function statuses(rule: FaultRule, count: number, seed = 1) {
    const emu = await startTestEmulator({ faults: [rule], seed });
    const out: number[] = [];
    for (let i = 0; i < count; i++) out.push((await emu.api.get("/v0/config")).status);
    return out;
  }
  const fail503: FaultRule["action"] = { kind: "status", status: 503 };

  it("lets `after` requests through, then applies `times` times", async () => {
    expect(await statuses({ after: 1, times: 2, action: fail503 }, 5)).toEqual([200, 503, 503, 200, 200]);
  });

  it("applies forever with times: Infinity", async () => {
    expect(await statuses({ times: Number.POSITIVE_INFINITY, action: fail503 }, 4)).toEqual([
      503, 503, 503, 503,
    ]);
  });

  it("matches method, exact string paths and regular expressions", async () => {
    const emu = await startTestEmulator({
      faults: [
        { method: "PATCH", path: /^\/v0\/pipelines\/[^/]+$/, times: 5, action: fail503 },
        { method: "GET", path: "/v0/pipelines", times: 5, action: fail503 },
      ],
    });
    const name = uniqueName();
    await create(emu.api, name);
    expect((await emu.api.get(path(name))).status).toBe(200);
    expect((await emu.api.patch(path(name), { body: {} })).status).toBe(503);
    expect((await emu.api.get("/v0/pipelines")).status).toBe(503);
    expect((await emu.api.get("/v0/pipelines?selector=status")).status).toBe(503); // the query is not part of the path
  });

  it("applies a probability deterministically for a given seed", async () => {
    const rule: FaultRule = { probability: 0.5, action: fail503 };
    const a = await statuses(rule, 30, 42);
    const b = await statuses(rule, 30, 42);
    const c = await statuses(rule, 30, 7);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).toContain(503);
    expect(a).toContain(200);
  });

  it("adds and clears rules at run time", async () => {
    const emu = await startTestEmulator();
    emu.addFault({ path: "/v0/config", times: Number.POSITIVE_INFINITY, action: fail503 });
    expect((await emu.api.get("/v0/config")).status).toBe(503);
    emu.clearFaults();
    expect((await emu.api.get("/v0/config")).status).toBe(200);
    expect(() => emu.addFault({ probability: 2, action: fail503 })).toThrow(RangeError);
  });

  it("faults unauthenticated probes too: they act in front of the server", async () => {
    const emu = await startTestEmulator({
      apiKeys: ["apikey:k"],
      faults: [{ path: "/healthz", action: fail503 }],
    });
    expect((await http(emu.url, "GET", "/healthz")).status).toBe(503);
  });
});
