/**
 * Conformance: actions forwarded to the pipeline process (docs/feldera/deployment-and-stop.md#runtime-actions) and `/dismiss_error` (docs/feldera/deployment-and-stop.md#dismiss-error).
 */
import { describe, expect, it } from "vitest";
import { startTestEmulator, uniqueName, until, useTestEmulator, waitForPipeline } from "../support/emulator";
import { create, createCompiled, path, running, start } from "./fixtures";

const env = useTestEmulator();

type P = Record<string, unknown>;
const FILE_BACKEND = { storage: { backend: { name: "file", config: { sync: { bucket: "b" } } } } };

describe("pause and resume (docs/feldera/deployment-and-stop.md#runtime-actions)", () => {
  it("pauses with 202 and the pipeline's message, then resumes", async () => {
    const name = uniqueName();
    await running(env.api, name);
    const pause = await env.api.post(path(name, "pause"));
    expect(pause.status).toBe(202);
    expect(pause.json).toBe("Pipeline transitioning from Running to Paused");
    expect((await env.api.get(path(name))).json).toMatchObject({ deployment_desired_status: "Paused" });
    await waitForPipeline(env.api, name, until.status("Paused"));
    const resume = await env.api.post(path(name, "resume"));
    expect(resume.json).toBe("Pipeline transitioning from Paused to Running");
    await waitForPipeline(env.api, name, until.status("Running"));
  });

  it("is idempotent: pausing a paused pipeline is 202 and changes nothing", async () => {
    const name = uniqueName();
    await running(env.api, name);
    await env.api.post(path(name, "pause"));
    const paused = await waitForPipeline(env.api, name, until.status("Paused"));
    const again = await env.api.post(path(name, "pause"));
    expect(again.status).toBe(202);
    expect(again.json).toBe("Pipeline transitioning from Paused to Paused");
    expect(((await env.api.get(path(name))).json as P)["refresh_version"]).toBe(paused["refresh_version"]);
  });

  it("answers 503 PipelineInteractionNotDeployed with Retry-After when not Provisioned", async () => {
    const name = uniqueName();
    await createCompiled(env.api, name);
    for (const action of ["pause", "resume", "approve", "activate"]) {
      const res = await env.api.post(path(name, action));
      expect(res.status, action).toBe(503);
      expect(res.headers["retry-after"]).toBe("5");
      expect(res.json).toEqual({
        message: `Unable to interact with pipeline because the deployment status (stopped) indicates it is not (yet) fully provisioned pipeline-id=N/A pipeline-name="${name}"`,
        error_code: "PipelineInteractionNotDeployed",
        details: { pipeline_name: name, status: "Stopped", desired_status: "Stopped" },
      });
    }
  });

  it("answers 404 for an unknown pipeline before anything else", async () => {
    for (const action of ["pause", "resume", "approve", "activate", "dismiss_error", "clear"]) {
      const res = await env.api.post(path("no-such-pipeline", action));
      expect(res.status, action).toBe(404);
    }
  });

  it("accepts pause while Initializing: the pipeline comes up Paused", async () => {
    const emu = await startTestEmulator({ delays: { initializeMs: 10_000 } });
    const name = uniqueName();
    await createCompiled(emu.api, name);
    await start(emu.api, name);
    await waitForPipeline(emu.api, name, until.status("Initializing"));
    const res = await emu.api.post(path(name, "pause"));
    expect(res.json).toBe("Pipeline transitioning from Running to Paused");
    const p = await waitForPipeline(emu.api, name, until.status("Paused"));
    expect(p).toMatchObject({ deployment_initial: "Running", deployment_desired_status: "Paused" });
  });

  it("refuses pause and resume from Standby with the pipeline's 400 InvalidTransition", async () => {
    const name = uniqueName();
    await createCompiled(env.api, name, { runtime_config: FILE_BACKEND });
    await start(env.api, name, { initial: "standby" });
    await waitForPipeline(env.api, name, until.status("Standby"));
    const res = await env.api.post(path(name, "pause"));
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      message: "Cannot execute pause transition starting from Standby",
      error_code: "InvalidTransition",
      details: ["pause", "Standby"],
    });
    expect((await env.api.post(path(name, "resume"))).json).toMatchObject({
      error_code: "InvalidTransition",
    });
  });
});

describe("activate (docs/feldera/deployment-and-stop.md#runtime-actions)", () => {
  it("activates a Standby pipeline (Enterprise)", async () => {
    const name = uniqueName();
    await createCompiled(env.api, name, { runtime_config: FILE_BACKEND });
    await start(env.api, name, { initial: "standby" });
    await waitForPipeline(env.api, name, until.status("Standby"));
    const res = await env.api.post(path(name, "activate"), { query: { initial: "paused" } });
    expect(res.status).toBe(202);
    expect(res.json).toBe("Pipeline transitioning from Standby to Paused");
    await waitForPipeline(env.api, name, until.status("Paused"));
  });

  it("refuses an initial other than running/paused with InvalidActivateStatus", async () => {
    const name = uniqueName();
    await running(env.api, name);
    const res = await env.api.post(path(name, "activate"), { query: { initial: "standby" } });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error_code: "InvalidActivateStatus" });
  });

  it("is an enterprise feature: 501 on the open-source edition", async () => {
    const oss = await startTestEmulator({ edition: "open-source" });
    const res = await oss.api.post(path("anything", "activate"));
    expect(res.status).toBe(501);
    expect(res.json).toMatchObject({
      error_code: "EnterpriseFeature",
      details: { feature: "start from object store (S3)" },
    });
  });
});

describe("approve (docs/feldera/deployment-and-stop.md#runtime-actions)", () => {
  it("is a 200 no-op outside AwaitingApproval", async () => {
    const name = uniqueName();
    const p = await running(env.api, name);
    const res = await env.api.post(path(name, "approve"));
    expect(res.status).toBe(200);
    expect(res.json).toBe("Bootstrap approved");
    expect((await env.api.get(path(name))).json).toMatchObject({
      deployment_status: "Running",
      refresh_version: p["refresh_version"],
    });
  });

  it("refuses silent and concurrent together with InvalidBootstrapConfig", async () => {
    const name = uniqueName();
    await running(env.api, name);
    const res = await env.api.post(path(name, "approve"), {
      query: { silent_bootstrap: true, concurrent_bootstrap: true },
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error_code: "InvalidBootstrapConfig" });
  });
});

describe("/dismiss_error (docs/feldera/deployment-and-stop.md#dismiss-error)", () => {
  it("dismisses the error of a fully stopped pipeline without moving a counter", async () => {
    const name = uniqueName();
    await running(env.api, name);
    env.emulator.crash(name);
    const stopped = await waitForPipeline(env.api, name, until.fullyStopped);
    const res = await env.api.post(path(name, "dismiss_error"));
    expect(res.status).toBe(200);
    expect(res.json).toBe("Pipeline deployment error has been dismissed");
    expect((await env.api.get(path(name))).json).toMatchObject({
      deployment_error: null,
      version: stopped["version"],
      refresh_version: stopped["refresh_version"],
    });
  });

  it("succeeds without an error in any state, and is idempotent", async () => {
    const name = uniqueName();
    await running(env.api, name);
    expect((await env.api.post(path(name, "dismiss_error"))).status).toBe(200);
    expect((await env.api.post(path(name, "dismiss_error"))).status).toBe(200);
  });

  it("refuses to dismiss an error while not fully stopped (DismissErrorRestrictedToFullyStopped)", async () => {
    const emu = await startTestEmulator({ delays: { stopMs: 100_000 } });
    const name = uniqueName();
    await running(emu.api, name);
    emu.crash(name);
    const res = await emu.api.post(path(name, "dismiss_error"));
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error_code: "DismissErrorRestrictedToFullyStopped" });
  });

  it("lets a start of a never-started pipeline pass with dismiss_error=false", async () => {
    const name = uniqueName();
    await create(env.api, name);
    expect((await env.api.post(path(name, "start"), { query: { dismiss_error: false } })).status).toBe(202);
  });
});
