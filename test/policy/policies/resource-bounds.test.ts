import { describe, expect, it } from "vitest";
import { UNKNOWN_VALUE } from "../../../provider/model/check-inputs";
import { resourceBounds } from "../../../provider/policy/policies/resource-bounds";
import { withRuntime } from "../support/pipelines";
import { runResourcePolicy } from "../support/run-policy";

describe("resource-bounds", () => {
  it("is mandatory by default", () => {
    expect(resourceBounds.enforcementLevel).toBe("mandatory");
  });

  it("accepts a pipeline within the default bounds", async () => {
    const props = withRuntime({ hosts: 2, resources: { cpu_cores_max: 16, memory_mb_max: 65536 } });
    expect(await runResourcePolicy(resourceBounds, props, { stack: "prod" })).toEqual({ violations: [] });
  });

  it("reports each figure above its bound, naming the setting that sets it", async () => {
    const props = withRuntime({
      workers: 128,
      hosts: 16,
      max_rss_mb: 200_000,
      resources: { cpu_cores_max: 96 },
    });
    const { violations } = await runResourcePolicy(resourceBounds, props, { stack: "prod" });
    expect(violations).toEqual([
      `Pipeline 'orders' (runtimeConfig.workers = 128) violates resource-bounds: pipelines in every stack must use at most 64 worker threads. Fix: set runtimeConfig.workers to at most 64 (the maxWorkers setting of resource-bounds).`,
      `Pipeline 'orders' (runtimeConfig.hosts = 16) violates resource-bounds: pipelines in every stack must use at most 8 hosts. Fix: set runtimeConfig.hosts to at most 8 (the maxHosts setting of resource-bounds).`,
      `Pipeline 'orders' (runtimeConfig.max_rss_mb = 200000) violates resource-bounds: pipelines in every stack must use at most 131072 MB of memory. Fix: set runtimeConfig.max_rss_mb to at most 131072 (the maxMemoryMb setting of resource-bounds).`,
      `Pipeline 'orders' (runtimeConfig.resources.cpu_cores_max = 96) violates resource-bounds: pipelines in every stack must use at most 64 CPU cores. Fix: set runtimeConfig.resources.cpu_cores_max to at most 64 (the maxCpuCores setting of resource-bounds).`,
    ]);
  });

  it("judges an absent workers setting as the server's default of 8", async () => {
    const props = withRuntime({ workers: undefined });
    const { violations } = await runResourcePolicy(resourceBounds, props, { config: { maxWorkers: 4 } });
    expect(violations).toEqual([
      `Pipeline 'orders' (runtimeConfig.workers is not set, so the server's default of 8 applies) violates resource-bounds: pipelines in every stack must use at most 4 worker threads. Fix: set runtimeConfig.workers to at most 4 (the maxWorkers setting of resource-bounds).`,
    ]);
  });

  it("reports too few workers against minWorkers", async () => {
    const { violations } = await runResourcePolicy(resourceBounds, withRuntime({ workers: 2 }), {
      config: { minWorkers: 4 },
    });
    expect(violations).toEqual([
      `Pipeline 'orders' (runtimeConfig.workers = 2) violates resource-bounds: pipelines in every stack must use at least 4 worker threads. Fix: set runtimeConfig.workers to at least 4 (the minWorkers setting of resource-bounds).`,
    ]);
  });

  it("switches a bound off with null", async () => {
    const props = withRuntime({ workers: 512 });
    expect(await runResourcePolicy(resourceBounds, props, { config: { maxWorkers: null } })).toEqual({
      violations: [],
    });
  });

  it("is not applicable while a sized field is unknown", async () => {
    const props = withRuntime({ resources: { memory_mb_max: UNKNOWN_VALUE } });
    const outcome = await runResourcePolicy(resourceBounds, props, { preview: true });
    expect(outcome.notApplicable).toBe(
      "runtimeConfig.resources is not known until the update (it is computed from another resource); it is checked then",
    );
  });
});
