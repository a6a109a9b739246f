/**
 * Conformance: storage status and `/clear` (docs/feldera/storage.md).
 */
import { describe, expect, it } from "vitest";
import { startTestEmulator, uniqueName, until, useTestEmulator, waitForPipeline } from "../support/emulator";
import { create, createCompiled, path, running, start, stoppedWithStorage, watch } from "./fixtures";

const env = useTestEmulator();

type P = Record<string, unknown>;

describe("storage (docs/feldera/storage.md)", () => {
  it("becomes InUse on the first provisioning, even without storage configured, and stays InUse", async () => {
    const name = uniqueName();
    const h = watch(env.emulator, name, ["storage_status"]);
    const p = await stoppedWithStorage(env.api, name, { runtime_config: { storage: false } });
    h.stop();
    expect(h.values("storage_status")).toEqual(["Cleared", "InUse"]);
    expect(p).toMatchObject({ storage_status: "InUse", deployment_status: "Stopped" });
  });

  it("reports checkpoints in storage_status_details while InUse (docs/feldera/pipeline-object.md#fields)", async () => {
    const name = uniqueName();
    const p = await running(env.api, name);
    expect(p["storage_status_details"]).toMatchObject({ checkpoints: [{ uuid: expect.any(String) }] });
  });

  it("clears: 202, Clearing with details null, then Cleared after clearMs, no counter moves", async () => {
    const emu = await startTestEmulator({ delays: { clearMs: 50_000 } });
    const name = uniqueName();
    const before = await stoppedWithStorage(emu.api, name);
    const res = await emu.api.post(path(name, "clear"));
    expect(res.status).toBe(202);
    expect(res.json).toBe("Pipeline storage is being cleared");
    const clearing = (await emu.api.get(path(name))).json as P;
    expect(clearing).toMatchObject({ storage_status: "Clearing", storage_status_details: null });
    expect((await emu.api.post(path(name, "clear"))).status).toBe(202); // Clearing → Clearing
    const cleared = await waitForPipeline(emu.api, name, until.storage("Cleared"));
    expect(cleared).toMatchObject({
      storage_status_details: null,
      version: before["version"],
      refresh_version: before["refresh_version"],
    });
  });

  it("answers /clear on Cleared storage with a 202 no-op, whatever the deployment state", async () => {
    const emu = await startTestEmulator({ delays: { compileRustMs: 100_000 } });
    const name = uniqueName();
    await create(emu.api, name);
    await start(emu.api, name); // early start: not fully stopped, but storage is Cleared
    const res = await emu.api.post(path(name, "clear"));
    expect(res.status).toBe(202);
    expect((await emu.api.get(path(name))).json).toMatchObject({ storage_status: "Cleared" });
  });

  it("refuses to clear storage in use while running with StorageStatusImmutableUnlessStopped", async () => {
    const name = uniqueName();
    await running(env.api, name);
    const res = await env.api.post(path(name, "clear"));
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      message:
        "Cannot transition storage status from 'in_use' to 'clearing' with resources status 'provisioned' and desired status 'provisioned'. Storage status cannot be changed unless the pipeline is fully stopped.",
      error_code: "StorageStatusImmutableUnlessStopped",
      details: {
        resources_status: "Provisioned",
        resources_desired_status: "Provisioned",
        current_status: "InUse",
        new_status: "Clearing",
      },
    });
  });

  it("refuses to clear during an early start of a pipeline that ran before", async () => {
    const emu = await startTestEmulator();
    const name = uniqueName();
    await stoppedWithStorage(emu.api, name);
    emu.setDelays({ compileRustMs: 100_000 });
    await emu.api.patch(path(name, ""), { body: { program_code: "CREATE TABLE t2 (x INT);" } });
    await start(emu.api, name);
    const res = await emu.api.post(path(name, "clear"));
    expect(res.json).toMatchObject({
      error_code: "StorageStatusImmutableUnlessStopped",
      details: { resources_status: "Stopped", resources_desired_status: "Provisioned" },
    });
  });

  it("does not clear storage when a pipeline is merely compiled (docs/feldera/storage.md)", async () => {
    const p = await createCompiled(env.api, uniqueName());
    expect(p["storage_status"]).toBe("Cleared");
  });
});
