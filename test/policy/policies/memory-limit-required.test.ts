import { describe, expect, it } from "vitest";
import { memoryLimitRequired } from "../../../provider/policy/policies/memory-limit-required";
import { withRuntime } from "../support/pipelines";
import { runResourcePolicy } from "../support/run-policy";

describe("memory-limit-required", () => {
  it("is advisory by default", () => {
    expect(memoryLimitRequired.enforcementLevel).toBe("advisory");
  });

  it("accepts max_rss_mb alone and memory_mb_max alone", async () => {
    const rss = withRuntime({ max_rss_mb: 4096 });
    const k8s = withRuntime({ max_rss_mb: undefined, resources: { memory_mb_max: 4096 } });
    expect((await runResourcePolicy(memoryLimitRequired, rss)).violations).toEqual([]);
    expect((await runResourcePolicy(memoryLimitRequired, k8s)).violations).toEqual([]);
  });

  it("reports a pipeline with neither limit", async () => {
    const props = withRuntime({ max_rss_mb: undefined, resources: { memory_mb_min: 1024 } });
    const { violations } = await runResourcePolicy(memoryLimitRequired, props, { stack: "dev" });
    expect(violations).toEqual([
      `Pipeline 'orders' (runtimeConfig.max_rss_mb and runtimeConfig.resources.memory_mb_max are both unset) violates memory-limit-required: pipelines in every stack must declare a memory limit. Fix: set runtimeConfig.max_rss_mb (e.g. 8192), runtimeConfig.resources.memory_mb_max, or both.`,
    ]);
  });

  it("treats an explicit null as no limit", async () => {
    const props = withRuntime({ max_rss_mb: null });
    expect((await runResourcePolicy(memoryLimitRequired, props)).violations).toHaveLength(1);
  });
});
