import { describe, expect, it } from "vitest";
import { noDevTweaks } from "../../../provider/policy/policies/no-dev-tweaks";
import { withRuntime } from "../support/pipelines";
import { runResourcePolicy } from "../support/run-policy";

describe("no-dev-tweaks", () => {
  it("is mandatory by default", () => {
    expect(noDevTweaks.enforcementLevel).toBe("mandatory");
  });

  it("accepts an absent or empty dev_tweaks in production", async () => {
    expect((await runResourcePolicy(noDevTweaks, withRuntime({}), { stack: "prod" })).violations).toEqual([]);
    const empty = withRuntime({ dev_tweaks: {} });
    expect((await runResourcePolicy(noDevTweaks, empty, { stack: "prod" })).violations).toEqual([]);
  });

  it("reports dev tweaks in production, naming the keys", async () => {
    const props = withRuntime({ dev_tweaks: { merger: "push", buffer_cache_strategy: "s3_fifo" } });
    const { violations } = await runResourcePolicy(noDevTweaks, props, { stack: "prod" });
    expect(violations).toEqual([
      `Pipeline 'orders' (runtimeConfig.dev_tweaks = {"merger":"push","buffer_cache_strategy":"s3_fifo"}) violates no-dev-tweaks: pipelines in stacks matching "prod" must not set dev tweaks ("merger", "buffer_cache_strategy"). Fix: remove runtimeConfig.dev_tweaks.`,
    ]);
  });

  it("tolerates the keys the configuration allows and names only the rest", async () => {
    const props = withRuntime({ dev_tweaks: { merger: "push", buffer_cache_strategy: "s3_fifo" } });
    const { violations } = await runResourcePolicy(noDevTweaks, props, {
      stack: "prod",
      config: { allowedKeys: ["merger"] },
    });
    expect(violations).toEqual([
      `Pipeline 'orders' (runtimeConfig.dev_tweaks = {"merger":"push","buffer_cache_strategy":"s3_fifo"}) violates no-dev-tweaks: pipelines in stacks matching "prod" must not set dev tweaks ("buffer_cache_strategy"). Fix: remove runtimeConfig.dev_tweaks.buffer_cache_strategy.`,
    ]);
  });

  it("lets development stacks experiment", async () => {
    const props = withRuntime({ dev_tweaks: { merger: "push" } });
    expect((await runResourcePolicy(noDevTweaks, props, { stack: "dev" })).violations).toEqual([]);
  });
});
