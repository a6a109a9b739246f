/**
 * Conformance: the runner's resources machine, the runtime statuses and the deployment bookkeeping
 * (docs/feldera/deployment-and-stop.md), observed through GET and through `onTransition`.
 */
import { describe, expect, it } from "vitest";
import { startTestEmulator, uniqueName, until, useTestEmulator, waitForPipeline } from "../support/emulator";
import { waitFor } from "../support/http";
import {
  create,
  createCompiled,
  path,
  running,
  SQL,
  start,
  stop,
  stoppedWithStorage,
  watch,
} from "./fixtures";

const env = useTestEmulator();

type P = Record<string, unknown>;

const FILE_BACKEND = { storage: { backend: { name: "file", config: { sync: { bucket: "b" } } } } };

describe("the resources machine (docs/feldera/deployment-and-stop.md#resources-status)", () => {
  it("starts: Stopped → Provisioning → Initializing → Running, with storage InUse and a deployment id (docs/feldera/deployment-and-stop.md#resources-status, docs/feldera/deployment-and-stop.md#runtime-status)", async () => {
    const name = uniqueName();
    await createCompiled(env.api, name);
    const w = watch(env.emulator, name, [
      "deployment_status",
      "deployment_resources_status",
      "storage_status",
    ]);
    await start(env.api, name);
    const p = await waitForPipeline(env.api, name, until.status("Running"));
    w.stop();
    expect(w.seen.map((s) => s["deployment_status"])).toEqual([
      "Stopped",
      "Provisioning",
      "Initializing",
      "Running",
    ]);
    expect(w.seen[1]).toMatchObject({ deployment_resources_status: "Provisioning", storage_status: "InUse" });
    expect(p).toMatchObject({
      deployment_resources_status: "Provisioned",
      deployment_runtime_status: "Running",
      deployment_runtime_desired_status: "Running",
      deployment_initial: "Running",
      deployment_error: null,
    });
    expect(p["deployment_id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("bumps refresh_version on every resources transition but not on /start or /stop (docs/feldera/pipeline-object.md#counters)", async () => {
    const name = uniqueName();
    const compiled = await createCompiled(env.api, name);
    const base = compiled["refresh_version"] as number;
    const w = watch(env.emulator, name, [
      "deployment_resources_status",
      "deployment_resources_desired_status",
      "refresh_version",
    ]);
    await start(env.api, name);
    await waitForPipeline(env.api, name, until.status("Running"));
    await stop(env.api, name);
    w.stop();
    // desired Provisioned (+0), Provisioning (+1), Provisioned with Initializing (+1), Running (+1),
    // desired Stopped (+0), Stopping (+1), Stopped (+1).
    expect(
      w.seen.map((s) => [
        s["deployment_resources_status"],
        s["deployment_resources_desired_status"],
        (s["refresh_version"] as number) - base,
      ]),
    ).toEqual([
      ["Stopped", "Provisioned", 0],
      ["Provisioning", "Provisioned", 1],
      ["Provisioned", "Provisioned", 2],
      ["Provisioned", "Provisioned", 3],
      ["Provisioned", "Stopped", 3],
      ["Stopping", "Stopped", 4],
      ["Stopped", "Stopped", 5],
    ]);
  });

  it("moves each *_since only when its value changes; deployment_status_since is the later one (docs/feldera/pipeline-object.md#fields)", async () => {
    const name = uniqueName();
    await createCompiled(env.api, name);
    await start(env.api, name);
    const first = await waitForPipeline(env.api, name, until.status("Running"));
    await start(env.api, name); // idempotent: same desired status
    const second = (await env.api.get(path(name))).json as P;
    expect(second["deployment_resources_desired_status_since"]).toBe(
      first["deployment_resources_desired_status_since"],
    );
    expect(second["deployment_resources_status_since"]).toBe(first["deployment_resources_status_since"]);
    const runtimeSince = second["deployment_runtime_status_since"] as string;
    const resourcesSince = second["deployment_resources_status_since"] as string;
    expect(second["deployment_status_since"]).toBe([runtimeSince, resourcesSince].sort().at(-1));
  });

  it("waits for compilation during an early start, then provisions (docs/feldera/deployment-and-stop.md#start)", async () => {
    const emu = await startTestEmulator({ delays: { compileRustMs: 50_000 } });
    const name = uniqueName();
    await create(emu.api, name);
    await start(emu.api, name);
    const waiting = await waitForPipeline(emu.api, name, until.programStatus("CompilingRust"));
    expect(waiting).toMatchObject({
      deployment_status: "Stopped",
      deployment_desired_status: "Running",
      deployment_resources_desired_status: "Provisioned",
      deployment_initial: "Running",
      storage_status: "Cleared",
    });
    const up = await waitForPipeline(emu.api, name, until.status("Running"));
    expect(up).toMatchObject({
      program_status: "Success",
      storage_status: "InUse",
      deployment_initial: "Running",
    });
  });

  it("fails an early start whose compile fails: stays Stopped with StartFailedDueToFailedCompilation (docs/feldera/deployment-and-stop.md#resources-status, docs/feldera/deployment-and-stop.md#bookkeeping)", async () => {
    const emu = await startTestEmulator({ delays: { compileSqlMs: 50_000 } });
    const name = uniqueName();
    const created = await create(emu.api, name, { program_code: "CREATE TABLE t (x INT SYNTAX_ERROR);" });
    await start(emu.api, name);
    const w = watch(emu, name, ["deployment_status"]);
    const p = await waitForPipeline(emu.api, name, (q) => q["deployment_error"] !== null);
    w.stop();
    expect(w.seen.map((s) => s["deployment_status"])).toEqual(["Stopped"]);
    expect(p).toMatchObject({
      program_status: "SqlError",
      deployment_status: "Stopped",
      deployment_desired_status: "Stopped",
      deployment_resources_desired_status: "Stopped",
      deployment_initial: null,
      bootstrap_policy: null,
      deployment_error: {
        error_code: "StartFailedDueToFailedCompilation",
        message: "Not possible to start the pipeline because the program failed to compile",
        details: { compiler_error: "SqlError occurred (see `program_error` for more information)" },
      },
    });
    // SqlError (+1) and "remain Stopped with error" (+1).
    expect(p["refresh_version"]).toBe((created["refresh_version"] as number) + 2);
  });

  it("fails provisioning into Stopping with RunnerProvisionError and desired Stopped (docs/feldera/deployment-and-stop.md#resources-status)", async () => {
    const name = uniqueName();
    await createCompiled(env.api, name);
    env.emulator.failNextProvisioning(name);
    await start(env.api, name);
    const p = await waitForPipeline(env.api, name, (q) => q["deployment_error"] !== null);
    expect(p).toMatchObject({
      deployment_resources_desired_status: "Stopped",
      deployment_error: {
        error_code: "RunnerProvisionError",
        message: "Pipeline provision failed: emulated provisioning failure",
      },
    });
    const after = await waitForPipeline(env.api, name, until.fullyStopped);
    expect(after["deployment_error"]).toMatchObject({ error_code: "RunnerProvisionError" });
    expect(after["storage_status"]).toBe("InUse");
    // The next start works.
    await start(env.api, name);
    await waitForPipeline(env.api, name, until.status("Running"));
  });

  it("times out provisioning after runtime_config.provisioning_timeout_secs (AutomatonProvisioningTimeout, docs/feldera/deployment-and-stop.md#resources-status)", async () => {
    const emu = await startTestEmulator({ delays: { provisionMs: 60_000 } });
    const name = uniqueName();
    await createCompiled(emu.api, name, { runtime_config: { provisioning_timeout_secs: 2 } });
    await start(emu.api, name);
    const p = await waitForPipeline(emu.api, name, (q) => q["deployment_error"] !== null);
    expect(p["deployment_error"]).toMatchObject({
      error_code: "AutomatonProvisioningTimeout",
      details: { timeout: { secs: 2, nanos: 0 } },
      message: expect.stringMatching(/^Pipeline could not be provisioned within the timeout of 2s\./),
    });
  });

  it("uses the runner's default provisioning timeout when the config has none (docs/feldera/deployment-and-stop.md#resources-status)", async () => {
    const emu = await startTestEmulator({ delays: { provisionMs: 60_000 }, provisioningTimeoutSecs: 3 });
    const name = uniqueName();
    await createCompiled(emu.api, name);
    await start(emu.api, name);
    const p = await waitForPipeline(emu.api, name, (q) => q["deployment_error"] !== null);
    expect(p["deployment_error"]).toMatchObject({ details: { timeout: { secs: 3, nanos: 0 } } });
  });

  it("tears a crashed pipeline down with the error kept through Stopped (docs/feldera/deployment-and-stop.md#resources-status, docs/feldera/deployment-and-stop.md#bookkeeping)", async () => {
    const name = uniqueName();
    await running(env.api, name);
    env.emulator.crash(name, { error_code: "WorkerPanic", message: "worker 3 panicked" });
    const stopping = (await env.api.get(path(name))).json as P;
    expect(stopping).toMatchObject({
      deployment_status: "Stopping",
      deployment_desired_status: "Stopped",
      deployment_runtime_status: null,
      deployment_initial: null,
      deployment_error: { error_code: "WorkerPanic", message: "worker 3 panicked" },
    });
    const stopped = await waitForPipeline(env.api, name, until.fullyStopped);
    expect(stopped).toMatchObject({ deployment_error: { error_code: "WorkerPanic" }, deployment_id: null });
    expect(() => env.emulator.crash(name)).toThrow(/not deployed/);
    expect(() => env.emulator.crash("no-such")).toThrow(/no pipeline named/);
  });
});

describe("stopping and the bookkeeping fields (docs/feldera/deployment-and-stop.md#combined-status, docs/feldera/deployment-and-stop.md#bookkeeping, docs/feldera/deployment-and-stop.md#stop)", () => {
  it("shows a requested stop as desired Stopped before the runner acts, then clears everything", async () => {
    const emu = await startTestEmulator({ delays: { stopMs: 50_000 } });
    const name = uniqueName();
    await running(emu.api, name);
    const w = watch(emu, name, ["deployment_status", "deployment_desired_status"]);
    const res = await emu.api.post(path(name, "stop"), { query: { force: true } });
    expect(res.json).toBe("Pipeline is forcefully stopping");
    const stopping = await waitForPipeline(emu.api, name, until.status("Stopping"));
    expect(stopping).toMatchObject({
      deployment_runtime_status: null,
      deployment_runtime_status_since: null,
      deployment_runtime_desired_status: null,
      deployment_runtime_status_details: null,
      deployment_initial: null,
      bootstrap_policy: null,
      deployment_error: null,
    });
    expect(stopping["deployment_id"]).not.toBeNull();
    emu.setDelays({ stopMs: 10 });
    await emu.api.post(path(name, "stop"), { query: { force: true } }); // idempotent
    w.stop();
    expect(w.seen[0]).toEqual({ deployment_status: "Running", deployment_desired_status: "Stopped" });
  });

  it("clears deployment_initial at once when an early start is cancelled (docs/feldera/deployment-and-stop.md#bookkeeping, docs/feldera/deployment-and-stop.md#stop)", async () => {
    const emu = await startTestEmulator({ delays: { compileRustMs: 100_000 } });
    const name = uniqueName();
    await create(emu.api, name);
    await start(emu.api, name, { initial: "paused", bootstrap_policy: "allow" });
    const res = await emu.api.post(path(name, "stop"), { query: { force: true } });
    expect(res.status).toBe(202);
    expect((await emu.api.get(path(name))).json).toMatchObject({
      deployment_resources_desired_status: "Stopped",
      deployment_initial: null,
      bootstrap_policy: null,
      deployment_status: "Stopped",
    });
  });

  it("stops a pipeline that is still provisioning (docs/feldera/deployment-and-stop.md#resources-status)", async () => {
    const emu = await startTestEmulator({ delays: { provisionMs: 100_000 } });
    const name = uniqueName();
    await createCompiled(emu.api, name);
    await start(emu.api, name);
    await waitForPipeline(emu.api, name, until.status("Provisioning"));
    await emu.api.post(path(name, "stop"), { query: { force: true } });
    const p = await waitForPipeline(emu.api, name, until.fullyStopped);
    expect(p).toMatchObject({ deployment_error: null, deployment_id: null, storage_status: "InUse" });
  });

  it("comes up Paused with initial=paused and Standby with initial=standby on a syncing file backend (docs/feldera/deployment-and-stop.md#start)", async () => {
    const [paused, standby] = [uniqueName("paused"), uniqueName("standby")];
    await createCompiled(env.api, paused);
    await start(env.api, paused, { initial: "paused" });
    await waitForPipeline(env.api, paused, until.status("Paused"));
    await createCompiled(env.api, standby, { runtime_config: FILE_BACKEND });
    await start(env.api, standby, { initial: "standby" });
    const p = await waitForPipeline(env.api, standby, until.status("Standby"));
    expect(p).toMatchObject({ deployment_initial: "Standby", deployment_desired_status: "Standby" });
  });
});

describe("bootstrapping a changed program (docs/feldera/deployment-and-stop.md#runtime-status)", () => {
  const changed = `${SQL}CREATE VIEW v2 AS SELECT id FROM orders;\n`;

  async function stoppedThenChanged(name: string) {
    await stoppedWithStorage(env.api, name);
    await env.api.patch(path(name), { body: { program_code: changed } });
    return waitForPipeline(env.api, name, until.compiled);
  }

  it("awaits approval by default with approval_diff, and /approve continues via Bootstrapping to Running", async () => {
    const name = uniqueName();
    await stoppedThenChanged(name);
    await start(env.api, name);
    const awaiting = await waitForPipeline(env.api, name, until.status("AwaitingApproval"));
    expect(awaiting).toMatchObject({
      deployment_desired_status: "Running",
      bootstrap_policy: "await_approval",
      deployment_runtime_status_details: {
        approval_diff: { program_diff: { added_views: ["v2"], removed_views: [], modified_tables: [] } },
      },
    });
    const w = watch(env.emulator, name, ["deployment_status"]);
    const res = await env.api.post(path(name, "approve"));
    expect(res.status).toBe(200);
    expect(res.json).toBe("Bootstrap approved");
    await waitForPipeline(env.api, name, until.status("Running"));
    w.stop();
    expect(w.seen.map((s) => s["deployment_status"])).toEqual(["Bootstrapping", "Running"]);
  });

  it("approves concurrently without touching the stored bootstrap config: the same /start again is 202 (docs/feldera/deployment-and-stop.md#bookkeeping, docs/feldera/deployment-and-stop.md#start)", async () => {
    const name = uniqueName();
    await stoppedThenChanged(name);
    await start(env.api, name);
    await waitForPipeline(env.api, name, until.status("AwaitingApproval"));
    const w = watch(env.emulator, name, ["deployment_status"]);
    const res = await env.api.post(path(name, "approve"), { query: { concurrent_bootstrap: true } });
    expect(res.status).toBe(200);
    const up = await waitForPipeline(env.api, name, until.status("Running"));
    w.stop();
    expect(w.seen.map((s) => s["deployment_status"])).toEqual(["ConcurrentBootstrapping", "Running"]);
    expect(up).toMatchObject({
      bootstrap_policy: "await_approval",
      silent_bootstrap: false,
      concurrent_bootstrap: false,
    });
    await start(env.api, name); // what /start was called with, so BootstrapPolicyImmutableUnlessStopped must not fire
  });

  it("bootstraps without asking with bootstrap_policy=allow", async () => {
    const name = uniqueName();
    await stoppedThenChanged(name);
    const w = watch(env.emulator, name, ["deployment_status"]);
    await start(env.api, name, { bootstrap_policy: "allow" });
    await waitForPipeline(env.api, name, until.status("Running"));
    w.stop();
    expect(w.seen.map((s) => s["deployment_status"])).toEqual([
      "Stopped",
      "Provisioning",
      "Initializing",
      "Bootstrapping",
      "Running",
    ]);
  });

  it("bootstraps concurrently with concurrent_bootstrap=true", async () => {
    const name = uniqueName();
    await stoppedThenChanged(name);
    const w = watch(env.emulator, name, ["deployment_status"]);
    await start(env.api, name, { bootstrap_policy: "allow", concurrent_bootstrap: true });
    await waitForPipeline(env.api, name, until.status("Running"));
    w.stop();
    expect(w.seen.map((s) => s["deployment_status"])).toContain("ConcurrentBootstrapping");
  });

  it("fails the start with bootstrap_policy=reject", async () => {
    const name = uniqueName();
    await stoppedThenChanged(name);
    await start(env.api, name, { bootstrap_policy: "reject" });
    const p = await waitForPipeline(env.api, name, (q) => q["deployment_error"] !== null);
    expect(p).toMatchObject({
      deployment_desired_status: "Stopped",
      deployment_error: {
        error_code: "BootstrapRejected",
        message: "Bootstrapping of the modified pipeline was rejected by the user.",
      },
    });
  });

  it("resumes the same program without approval", async () => {
    const name = uniqueName();
    await stoppedWithStorage(env.api, name);
    const w = watch(env.emulator, name, ["deployment_status"]);
    await start(env.api, name);
    await waitForPipeline(env.api, name, until.status("Running"));
    w.stop();
    expect(w.seen.map((s) => s["deployment_status"])).not.toContain("AwaitingApproval");
  });

  it("needs no approval after storage was cleared (docs/feldera/storage.md)", async () => {
    const name = uniqueName();
    await stoppedThenChanged(name);
    await env.api.post(path(name, "clear"));
    await waitForPipeline(env.api, name, until.storage("Cleared"));
    await start(env.api, name);
    await waitForPipeline(env.api, name, until.status("Running"));
  });
});

describe("the runner's own refreshes (docs/feldera/pipeline-object.md#counters)", () => {
  it("ticks refresh_version while Provisioned without touching version", async () => {
    const emu = await startTestEmulator({ refreshTickMs: 5 });
    const name = uniqueName();
    const p = await running(emu.api, name);
    const later = await waitFor(async () => {
      const q = (await emu.api.get(path(name))).json as P;
      return (q["refresh_version"] as number) >= (p["refresh_version"] as number) + 3 ? q : undefined;
    });
    expect(later["version"]).toBe(p["version"]);
    expect(later["program_version"]).toBe(p["program_version"]);
  });
});
