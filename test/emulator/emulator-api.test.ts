/**
 * The emulator's own API: options, the request log, snapshots and transition listeners, closing, and a
 * larger population of pipelines (the benchmark's shape, scaled down).
 */
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../provider/emulator";
import { startTestEmulator, uniqueName, until, waitForPipeline } from "../support/emulator";
import { client, http } from "../support/http";
import { create, createCompiled, path, running, SQL, start } from "./fixtures";

describe("options", () => {
  it("refuses nonsense with an error naming the option", async () => {
    await expect(startEmulator({ timeScale: -1 })).rejects.toThrow(/timeScale/);
    await expect(startEmulator({ delays: { compileMs: 1 } as never })).rejects.toThrow(/compileMs/);
    await expect(startEmulator({ edition: "community" as never })).rejects.toThrow(/edition/);
  });

  it("listens on 127.0.0.1 on an ephemeral port by default", async () => {
    const emu = await startTestEmulator();
    expect(emu.url).toBe(`http://127.0.0.1:${emu.port}`);
    expect(emu.port).toBeGreaterThan(0);
  });
});

describe("the request log", () => {
  it("records every request in order with its query, parsed body, status and timing", async () => {
    const emu = await startTestEmulator();
    const name = uniqueName();
    await create(emu.api, name);
    await emu.api.get(path(name), { query: { selector: "status" } });
    await emu.api.post("/v0/pipelines", { body: "{oops", contentType: "application/json" });
    expect(emu.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ["POST", "/v0/pipelines", 201],
      ["GET", path(name), 200],
      ["POST", "/v0/pipelines", 400],
    ]);
    expect(emu.requests[0]!.body).toEqual({ name, program_code: SQL });
    expect(emu.requests[1]!.query).toEqual({ selector: "status" });
    expect(emu.requests[2]!.body).toBe("{oops");
    expect(emu.requests[1]).toMatchObject({
      responseContentType: "application/json",
      responseBody: { name },
    });
    expect(emu.requests[2]!.responseBody).toMatch(/^Json deserialize error/);
    for (const r of emu.requests) {
      expect(r.durationMs).toBeGreaterThanOrEqual(0);
      expect(r.startedAt).toBeLessThanOrEqual(Date.now());
    }
    emu.clearRequests();
    expect(emu.requests).toHaveLength(0);
  });

  it("keeps response bodies only when asked to", async () => {
    const emu = await startEmulator();
    try {
      await http(emu.url, "GET", "/v0/config");
      expect(emu.requests[0]).toMatchObject({ status: 200, responseContentType: "application/json" });
      expect(emu.requests[0]).not.toHaveProperty("responseBody");
    } finally {
      await emu.close();
    }
  });
});

describe("snapshots and transitions", () => {
  it("snapshot() returns what GET ?selector=all returns, or undefined", async () => {
    const emu = await startTestEmulator();
    const name = uniqueName();
    await createCompiled(emu.api, name);
    expect(emu.snapshot(name)).toEqual((await emu.api.get(path(name))).json);
    expect(emu.snapshot("no-such")).toBeUndefined();
  });

  it("onTransition reports each change with the full snapshot until unsubscribed", async () => {
    const emu = await startTestEmulator();
    const name = uniqueName();
    const events: [string, unknown][] = [];
    const off = emu.onTransition((n, p) =>
      events.push([n, (p as Record<string, unknown>)["program_status"]]),
    );
    await createCompiled(emu.api, name);
    off();
    const count = events.length;
    expect(events[0]).toEqual([name, "Pending"]);
    expect(events.at(-1)).toEqual([name, "Success"]);
    await emu.api.patch(path(name), { body: { description: "after unsubscribing" } });
    expect(events).toHaveLength(count);
  });

  it("setDelays applies to transitions scheduled afterwards", async () => {
    const emu = await startTestEmulator({ delays: { provisionMs: 100_000 } });
    const name = uniqueName();
    await createCompiled(emu.api, name);
    emu.setDelays({ provisionMs: 1 });
    await start(emu.api, name);
    await waitForPipeline(emu.api, name, until.status("Running"), { timeoutMs: 2000 });
    expect(() => emu.setDelays({ stopMs: -5 })).toThrow(/stopMs/);
  });
});

describe("close()", () => {
  it("stops serving, drops keep-alive connections and pending timers, and can be called twice", async () => {
    const emu = await startEmulator({ timeScale: 0.02 });
    const api = client(emu.url);
    const name = uniqueName();
    await api.post("/v0/pipelines", { body: { name, program_code: SQL } }); // compilation timers pending
    await emu.close();
    await emu.close();
    await expect(api.get("/v0/pipelines")).rejects.toThrow();
  });
});

describe("scale", () => {
  it("runs 200 pipelines driven by 20 concurrent clients to Running and back", async () => {
    const emu = await startTestEmulator({ timeScale: 0.005 });
    const names = Array.from({ length: 200 }, (_, i) => uniqueName(`bulk${i}`));
    const queue = [...names];
    const worker = async () => {
      for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
        await running(emu.api, name);
        await emu.api.post(path(name, "stop"), { query: { force: true } });
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    const list = (await emu.api.get("/v0/pipelines", { query: { selector: "status" } })).json as {
      name: string;
    }[];
    expect(list.map((p) => p.name).sort()).toEqual([...names].sort());
  }, 60_000);
});
