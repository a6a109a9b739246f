import { describe, expect, it } from "vitest";
import { storageForFaultTolerance } from "../../../provider/policy/policies/storage-for-fault-tolerance";
import { withRuntime } from "../support/pipelines";
import { runResourcePolicy } from "../support/run-policy";

describe("storage-for-fault-tolerance", () => {
  it("is advisory by default", () => {
    expect(storageForFaultTolerance.enforcementLevel).toBe("advisory");
  });

  it("accepts fault tolerance with storage declared, including storage: true", async () => {
    expect((await runResourcePolicy(storageForFaultTolerance, withRuntime({}))).violations).toEqual([]);
    expect(
      (await runResourcePolicy(storageForFaultTolerance, withRuntime({ storage: true }))).violations,
    ).toEqual([]);
  });

  it("has nothing to say without fault tolerance", async () => {
    const props = withRuntime({ fault_tolerance: { model: "none" }, storage: false });
    expect((await runResourcePolicy(storageForFaultTolerance, props)).violations).toEqual([]);
  });

  it("reports fault tolerance with storage switched off", async () => {
    const props = withRuntime({ storage: false });
    const { violations } = await runResourcePolicy(storageForFaultTolerance, props);
    expect(violations).toEqual([
      `Pipeline 'orders' (runtimeConfig.storage = false) violates storage-for-fault-tolerance: fault tolerance (exactly_once) checkpoints to storage, so pipelines in every stack must keep storage enabled. Fix: set runtimeConfig.storage = { backend: { name: "default" } }, or turn fault tolerance off.`,
    ]);
  });

  it("reports fault tolerance relying on the implicit default storage", async () => {
    const props = withRuntime({ storage: undefined, fault_tolerance: {} });
    const { violations } = await runResourcePolicy(storageForFaultTolerance, props);
    expect(violations).toEqual([
      `Pipeline 'orders' (runtimeConfig.storage is not set, so the server's default storage is used implicitly) violates storage-for-fault-tolerance: fault tolerance (exactly_once) checkpoints to storage, so pipelines in every stack must declare where. Fix: set runtimeConfig.storage = { backend: { name: "default" } } (or the backend you checkpoint to).`,
    ]);
  });

  it("accepts the implicit default storage when requireExplicit is off", async () => {
    const props = withRuntime({ storage: undefined });
    const outcome = await runResourcePolicy(storageForFaultTolerance, props, {
      config: { requireExplicit: false },
    });
    expect(outcome.violations).toEqual([]);
  });

  it("reports a backend outside the allowed ones", async () => {
    const props = withRuntime({ fault_tolerance: { model: "at_least_once" } });
    const { violations } = await runResourcePolicy(storageForFaultTolerance, props, {
      config: { backends: ["file"] },
    });
    expect(violations).toEqual([
      `Pipeline 'orders' (runtimeConfig.storage.backend.name = "default") violates storage-for-fault-tolerance: fault tolerance (at_least_once) checkpoints to storage, and pipelines in every stack must checkpoint to "file" storage. Fix: set runtimeConfig.storage.backend to { name: "file", … }.`,
    ]);
  });
});
