import { describe, expect, it } from "vitest";
import { UNKNOWN_VALUE } from "../../../provider/model/check-inputs";
import { faultToleranceRequired } from "../../../provider/policy/policies/fault-tolerance-required";
import { withRuntime } from "../support/pipelines";
import { runResourcePolicy } from "../support/run-policy";

describe("fault-tolerance-required", () => {
  it("is mandatory by default", () => {
    expect(faultToleranceRequired.enforcementLevel).toBe("mandatory");
  });

  it("accepts exactly_once in a production stack", async () => {
    expect(await runResourcePolicy(faultToleranceRequired, withRuntime({}), { stack: "prod" })).toEqual({
      violations: [],
    });
  });

  it("counts an empty fault_tolerance object as exactly_once, as the server does", async () => {
    const props = withRuntime({ fault_tolerance: {} });
    expect(await runResourcePolicy(faultToleranceRequired, props, { stack: "prod" })).toEqual({
      violations: [],
    });
  });

  it("reports model none in a production stack with the fix", async () => {
    const props = withRuntime({ fault_tolerance: { model: "none" } });
    const { violations } = await runResourcePolicy(faultToleranceRequired, props, { stack: "orders-prod" });
    expect(violations).toEqual([
      `Pipeline 'orders' (runtimeConfig.fault_tolerance.model = "none") violates fault-tolerance-required: pipelines in stacks matching "*-prod" must run with at_least_once or exactly_once. Fix: set runtimeConfig.fault_tolerance = { model: "exactly_once" } (fault tolerance checkpoints to storage, which is on by default; it needs Feldera's Enterprise edition, which open-source servers refuse with EnterpriseFeature).`,
    ]);
  });

  it("reports a pipeline that leaves fault_tolerance unset", async () => {
    const props = withRuntime({ fault_tolerance: undefined });
    const { violations } = await runResourcePolicy(faultToleranceRequired, props, { stack: "production" });
    expect(violations).toEqual([
      `Pipeline 'orders' (runtimeConfig.fault_tolerance is not set, so the model is "none") violates fault-tolerance-required: pipelines in stacks matching "production" must run with at_least_once or exactly_once. Fix: set runtimeConfig.fault_tolerance = { model: "exactly_once" } (fault tolerance checkpoints to storage, which is on by default; it needs Feldera's Enterprise edition, which open-source servers refuse with EnterpriseFeature).`,
    ]);
  });

  it("does not apply in a development stack", async () => {
    const props = withRuntime({ fault_tolerance: undefined });
    const outcome = await runResourcePolicy(faultToleranceRequired, props, { stack: "dev" });
    expect(outcome.violations).toEqual([]);
    expect(outcome.notApplicable).toMatch(
      /^applies only to stacks matching "prod", .*; stack "dev" matches none of them$/,
    );
  });

  it("applies in the stacks the configuration chooses, with the models it allows", async () => {
    const props = withRuntime({ fault_tolerance: { model: "at_least_once" } });
    const { violations } = await runResourcePolicy(faultToleranceRequired, props, {
      stack: "staging",
      config: { stacks: ["staging"], models: ["exactly_once"] },
    });
    expect(violations).toEqual([
      `Pipeline 'orders' (runtimeConfig.fault_tolerance.model = "at_least_once") violates fault-tolerance-required: pipelines in stacks matching "staging" must run with exactly_once. Fix: set runtimeConfig.fault_tolerance = { model: "exactly_once" } (fault tolerance checkpoints to storage, which is on by default; it needs Feldera's Enterprise edition, which open-source servers refuse with EnterpriseFeature).`,
    ]);
  });

  it("applies to a stack tagged environment=prod whatever its name", async () => {
    const props = withRuntime({ fault_tolerance: undefined });
    const { violations } = await runResourcePolicy(faultToleranceRequired, props, {
      stack: "eu-west-1",
      stackTags: { environment: "prod" },
    });
    expect(violations[0]).toContain('in stacks whose environment tag matches "prod" must run');
  });

  it("is not applicable while fault_tolerance is unknown, even though other fields are known", async () => {
    const props = withRuntime({ fault_tolerance: { model: UNKNOWN_VALUE } });
    const outcome = await runResourcePolicy(faultToleranceRequired, props, { stack: "prod", preview: true });
    expect(outcome).toEqual({
      violations: [],
      notApplicable:
        "runtimeConfig.fault_tolerance is not known until the update (it is computed from another resource); it is checked then",
    });
  });

  it("is not applicable, naming the field, when an unknown required value makes the config unreadable", async () => {
    // The object store's url comes from a bucket created in the same update: without it the storage
    // config does not parse, and no effective config can be judged. Silently passing would let the
    // mandatory violation surface only half way through `pulumi up`.
    const storage = { backend: { name: "object", config: { url: UNKNOWN_VALUE } } };
    const props = withRuntime({ fault_tolerance: undefined, storage });
    const outcome = await runResourcePolicy(faultToleranceRequired, props, { stack: "prod", preview: true });
    expect(outcome).toEqual({
      violations: [],
      notApplicable:
        "runtimeConfig cannot be read until the update: runtimeConfig.storage.backend.config.url is computed from another resource; it is checked then",
    });
  });

  it("still judges fault tolerance when an unrelated runtime field is unknown", async () => {
    const props = withRuntime({ fault_tolerance: undefined, workers: UNKNOWN_VALUE });
    const { violations } = await runResourcePolicy(faultToleranceRequired, props, {
      stack: "prod",
      preview: true,
    });
    expect(violations).toHaveLength(1);
  });
});
