/**
 * Conformance: `/start` and its checks in order (docs/feldera/deployment-and-stop.md#start), `/stop` with and without force on
 * both editions (docs/feldera/deployment-and-stop.md#stop).
 */
import { describe, expect, it } from "vitest";
import { startTestEmulator, uniqueName, until, useTestEmulator, waitForPipeline } from "../support/emulator";
import { create, createCompiled, path, running, start, stoppedWithStorage, watch } from "./fixtures";

const env = useTestEmulator();

type P = Record<string, unknown>;
const startRaw = (name: string, query: Record<string, string | boolean> = {}) =>
  env.api.post(path(name, "start"), { query });

describe("/start (docs/feldera/deployment-and-stop.md#start)", () => {
  it("answers 202 with the JSON string 'Pipeline is starting'", async () => {
    const name = uniqueName();
    await createCompiled(env.api, name);
    const res = await startRaw(name);
    expect(res.status).toBe(202);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(res.json).toBe("Pipeline is starting");
  });

  it("refuses silent and concurrent bootstrap together first, even for an unknown pipeline (check 1)", async () => {
    const res = await startRaw("no-such-pipeline", {
      silent_bootstrap: true,
      concurrent_bootstrap: true,
      initial: "bad",
    });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      message:
        "Invalid bootstrap configuration: `silent_bootstrap` and `concurrent_bootstrap` are mutually exclusive; set at most one",
      error_code: "InvalidBootstrapConfig",
      details: {
        reason: "`silent_bootstrap` and `concurrent_bootstrap` are mutually exclusive; set at most one",
      },
    });
  });

  it("refuses an unknown initial with 405 UnsupportedPipelineAction before looking the pipeline up (check 2)", async () => {
    const res = await startRaw("no-such-pipeline", { initial: "Running" });
    expect(res.status).toBe(405);
    expect(res.json).toMatchObject({
      error_code: "UnsupportedPipelineAction",
      details: {
        action: "/start?initial=Running",
        reason: "unknown initial runtime desired status: Running",
      },
    });
  });

  it("answers 404 UnknownPipelineName for a missing pipeline (check 3)", async () => {
    const res = await startRaw("no-such-pipeline");
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ error_code: "UnknownPipelineName" });
  });

  it("refuses while stopping with IllegalPipelineAction and its details (check 4)", async () => {
    const emu = await startTestEmulator({ delays: { stopMs: 100_000 } });
    const name = uniqueName();
    await running(emu.api, name);
    await emu.api.post(path(name, "stop"), { query: { force: true } });
    await waitForPipeline(emu.api, name, until.status("Stopping"));
    const res = await emu.api.post(path(name, "start"));
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      message:
        "Deployment resources status (current: 'Stopping', desired: 'Stopped') cannot have desired changed to 'Provisioned'. Cannot restart the pipeline while it is stopping. Wait until it is stopped before starting the pipeline again.",
      error_code: "IllegalPipelineAction",
      details: {
        status: "Stopping",
        current_desired_status: "Stopped",
        new_desired_status: "Provisioned",
        hint: "Cannot restart the pipeline while it is stopping. Wait until it is stopped before starting the pipeline again.",
      },
    });
  });

  it("refuses an undismissed error with dismiss_error=false, and dismisses it by default (check 5)", async () => {
    const name = uniqueName();
    await running(env.api, name);
    env.emulator.crash(name);
    await waitForPipeline(env.api, name, until.fullyStopped);
    const refused = await startRaw(name, { dismiss_error: false });
    expect(refused.json).toMatchObject({ error_code: "CannotStartWithUndismissedError" });
    expect((await env.api.get(path(name))).json).toMatchObject({
      deployment_error: { error_code: "DbspPanic" },
    });
    const ok = await startRaw(name);
    expect(ok.status).toBe(202);
    expect((await env.api.get(path(name))).json).toMatchObject({ deployment_error: null });
    await waitForPipeline(env.api, name, until.status("Running"));
  });

  it("refuses while storage is Clearing (check 6)", async () => {
    const emu = await startTestEmulator({ delays: { clearMs: 100_000 } });
    const name = uniqueName();
    await stoppedWithStorage(emu.api, name);
    await emu.api.post(path(name, "clear"));
    const res = await emu.api.post(path(name, "start"));
    expect(res.json).toMatchObject({ error_code: "CannotStartWhileClearingStorage" });
  });

  it("refuses a failed program (check 7)", async () => {
    const name = uniqueName();
    await create(env.api, name, { program_code: "SELECT 1;" });
    await waitForPipeline(env.api, name, until.programStatus("SqlError"));
    const res = await startRaw(name);
    expect(res.json).toMatchObject({
      error_code: "CannotStartWithCompilationError",
      message: expect.stringContaining("`SqlError`, `RustError` or `SystemError`"),
    });
  });

  it("refuses a different initial while a start is pending (check 8)", async () => {
    const name = uniqueName();
    await running(env.api, name);
    const res = await startRaw(name, { initial: "paused" });
    expect(res.json).toMatchObject({ error_code: "InitialImmutableUnlessStopped" });
  });

  it("refuses a different bootstrap config while a start is pending (check 9)", async () => {
    const name = uniqueName();
    await running(env.api, name);
    const res = await startRaw(name, { silent_bootstrap: true });
    expect(res.json).toMatchObject({ error_code: "BootstrapPolicyImmutableUnlessStopped" });
  });

  it("refuses initial=standby without a syncing file backend (check 10)", async () => {
    const name = uniqueName();
    await createCompiled(env.api, name);
    const res = await startRaw(name, { initial: "standby" });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error_code: "InitialStandbyNotAllowed" });
  });

  it("is idempotent with identical parameters and does not resume a paused pipeline", async () => {
    const name = uniqueName();
    await running(env.api, name);
    await env.api.post(path(name, "pause"));
    const paused = await waitForPipeline(env.api, name, until.status("Paused"));
    const res = await startRaw(name);
    expect(res.status).toBe(202);
    const after = (await env.api.get(path(name))).json as P;
    expect(after).toMatchObject({ deployment_status: "Paused", refresh_version: paused["refresh_version"] });
  });

  it.each([
    [
      "bootstrap_policy=always",
      { bootstrap_policy: "always" },
      /unknown variant `always`, expected one of `allow`, `reject`, `await_approval`/,
    ],
    ["dismiss_error=maybe", { dismiss_error: "maybe" }, /provided string was not `true` or `false`/],
  ])(
    "refuses %s with a plain-text 400 (docs/feldera/errors-and-retries.md#error-body)",
    async (_what, query, message) => {
      const name = uniqueName();
      await create(env.api, name);
      const res = await startRaw(name, query);
      expect(res.status).toBe(400);
      expect(res.headers["content-type"]).toMatch(/^text\/plain/);
      expect(res.text).toMatch(/^Query deserialize error: /);
      expect(res.text).toMatch(message);
    },
  );
});

describe("/stop (docs/feldera/deployment-and-stop.md#stop)", () => {
  it("refuses stop without force on the open-source edition with 501, even for an unknown pipeline", async () => {
    const oss = await startTestEmulator({ edition: "open-source" });
    for (const target of ["no-such-pipeline", uniqueName()]) {
      const res = await oss.api.post(path(target, "stop"));
      expect(res.status).toBe(501);
      expect(res.json).toEqual({
        message: "Cannot use enterprise-only feature (stop?force=false) in Feldera community edition.",
        error_code: "EnterpriseFeature",
        details: { feature: "stop?force=false" },
      });
    }
    const forced = await oss.api.post(path("no-such-pipeline", "stop"), { query: { force: true } });
    expect(forced.status).toBe(404);
  });

  it("treats force=false like force=true when the pipeline is not Provisioned (Enterprise)", async () => {
    const name = uniqueName();
    await createCompiled(env.api, name);
    const res = await env.api.post(path(name, "stop"));
    expect(res.status).toBe(202);
    expect(res.json).toBe("Pipeline is forcefully stopping");
  });

  it("suspends without force: desired Suspended → Suspended → Stopping → Stopped without an error (Enterprise)", async () => {
    const name = uniqueName();
    await running(env.api, name);
    const w = watch(env.emulator, name, ["deployment_status", "deployment_desired_status"]);
    const res = await env.api.post(path(name, "stop"));
    expect(res.status).toBe(202);
    expect(res.json).toBe("Pipeline is suspending");
    const p = await waitForPipeline(env.api, name, until.fullyStopped);
    w.stop();
    expect(w.seen.map((r) => `${r["deployment_status"]}/${r["deployment_desired_status"]}`)).toEqual([
      "Running/Suspended",
      "Suspended/Suspended",
      "Stopping/Stopped",
      "Stopped/Stopped",
    ]);
    expect(p).toMatchObject({ deployment_error: null, storage_status: "InUse" });
  });

  it("answers a suspend without storage with the pipeline's 405 UnsupportedPipelineAction", async () => {
    const name = uniqueName();
    await running(env.api, name, { runtime_config: { storage: false } });
    const res = await env.api.post(path(name, "stop"));
    expect(res.status).toBe(405);
    expect(res.json).toMatchObject({
      error_code: "UnsupportedPipelineAction",
      details: { action: "suspend", reason: expect.stringContaining("Storage must be configured") },
    });
  });

  it("answers a suspend from Standby with the pipeline's 400 InvalidTransition", async () => {
    const name = uniqueName();
    await createCompiled(env.api, name, {
      runtime_config: { storage: { backend: { name: "file", config: { sync: { bucket: "b" } } } } },
    });
    await start(env.api, name, { initial: "standby" });
    await waitForPipeline(env.api, name, until.status("Standby"));
    const res = await env.api.post(path(name, "stop"));
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      error_code: "InvalidTransition",
      message: "Cannot execute suspend transition starting from Standby",
    });
  });

  it("lets force=true override a suspend in progress", async () => {
    const emu = await startTestEmulator({ delays: { suspendMs: 100_000 } });
    const name = uniqueName();
    await running(emu.api, name);
    await emu.api.post(path(name, "stop"));
    expect((await emu.api.get(path(name))).json).toMatchObject({ deployment_desired_status: "Suspended" });
    await emu.api.post(path(name, "stop"), { query: { force: true } });
    const p = await waitForPipeline(emu.api, name, until.fullyStopped);
    expect(p["deployment_error"]).toBeNull();
  });
});
