import { describe, expect, it } from "vitest";
import { desiredStatusRunning } from "../../../provider/policy/policies/desired-status-running";
import { compliantPipeline } from "../support/pipelines";
import { runResourcePolicy } from "../support/run-policy";

describe("desired-status-running", () => {
  it("is mandatory by default", () => {
    expect(desiredStatusRunning.enforcementLevel).toBe("mandatory");
  });

  it("accepts running, and an absent desiredStatus (which defaults to running)", async () => {
    expect(
      (await runResourcePolicy(desiredStatusRunning, compliantPipeline(), { stack: "prod" })).violations,
    ).toEqual([]);
    const absent = compliantPipeline({ desiredStatus: undefined });
    expect((await runResourcePolicy(desiredStatusRunning, absent, { stack: "prod" })).violations).toEqual([]);
  });

  it("reports a paused production pipeline", async () => {
    const props = compliantPipeline({ desiredStatus: "paused" });
    const { violations } = await runResourcePolicy(desiredStatusRunning, props, { stack: "prod-us" });
    expect(violations).toEqual([
      `Pipeline 'orders' (desiredStatus = "paused") violates desired-status-running: pipelines in stacks matching "prod-*" must be declared "running". Fix: set desiredStatus to "running", or remove it ("running" is the default).`,
    ]);
  });

  it("lets other stacks stop their pipelines", async () => {
    const props = compliantPipeline({ desiredStatus: "stopped" });
    expect((await runResourcePolicy(desiredStatusRunning, props, { stack: "staging" })).violations).toEqual(
      [],
    );
  });

  it("allows the statuses the configuration lists", async () => {
    const props = compliantPipeline({ desiredStatus: "standby" });
    const outcome = await runResourcePolicy(desiredStatusRunning, props, {
      stack: "prod",
      config: { statuses: ["running", "standby"] },
    });
    expect(outcome.violations).toEqual([]);
  });
});
