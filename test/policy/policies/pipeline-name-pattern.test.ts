import { describe, expect, it } from "vitest";
import { UNKNOWN_VALUE } from "../../../provider/model/check-inputs";
import { pipelineNamePattern } from "../../../provider/policy/policies/pipeline-name-pattern";
import { compliantPipeline } from "../support/pipelines";
import { runResourcePolicy } from "../support/run-policy";

const PER_ENVIRONMENT = {
  patterns: [
    { stacks: ["prod", "prod-*"], pattern: "^[a-z][a-z0-9-]*$", description: "plain kebab-case" },
    { stacks: ["dev", "dev-*"], pattern: "^dev-", description: 'prefixed "dev-"' },
  ],
};

describe("pipeline-name-pattern", () => {
  it("is advisory by default", () => {
    expect(pipelineNamePattern.enforcementLevel).toBe("advisory");
  });

  it("accepts lowercase kebab-case names by default", async () => {
    expect(
      (await runResourcePolicy(pipelineNamePattern, compliantPipeline({ name: "orders-v2" }))).violations,
    ).toEqual([]);
  });

  it("reports a name against the default convention", async () => {
    const { violations } = await runResourcePolicy(
      pipelineNamePattern,
      compliantPipeline({ name: "Orders_V2" }),
    );
    expect(violations).toEqual([
      `Pipeline 'Orders_V2' (name = "Orders_V2") violates pipeline-name-pattern: pipeline names in every stack must match /^[a-z][a-z0-9-]*[a-z0-9]$/ (lowercase words joined by '-'). Fix: set the pipeline's name input to a name that matches.`,
    ]);
  });

  it("uses the first entry whose stacks match the stack being analyzed", async () => {
    const props = compliantPipeline({ name: "orders" });
    expect(
      (await runResourcePolicy(pipelineNamePattern, props, { stack: "prod", config: PER_ENVIRONMENT }))
        .violations,
    ).toEqual([]);
    const { violations } = await runResourcePolicy(pipelineNamePattern, props, {
      stack: "dev-bob",
      config: PER_ENVIRONMENT,
    });
    expect(violations).toEqual([
      `Pipeline 'orders' (name = "orders") violates pipeline-name-pattern: pipeline names in stacks matching "dev-*" must match /^dev-/ (prefixed "dev-"). Fix: set the pipeline's name input to a name that matches.`,
    ]);
  });

  it("has no convention to apply in a stack no entry matches", async () => {
    const props = compliantPipeline({ name: "ANY" });
    expect(
      await runResourcePolicy(pipelineNamePattern, props, { stack: "qa", config: PER_ENVIRONMENT }),
    ).toEqual({
      violations: [],
      notApplicable: "No entry of the policy's patterns applies to stack 'qa'",
    });
  });

  it("reports a configured pattern that is not a regular expression instead of failing the analysis", async () => {
    const config = { patterns: [{ stacks: ["*"], pattern: "([" }] };
    const { violations } = await runResourcePolicy(pipelineNamePattern, compliantPipeline(), { config });
    expect(violations).toEqual([
      `Pipeline 'orders' (name = "orders") violates pipeline-name-pattern: the configured pattern "([" is not a valid regular expression. Fix: correct patterns[0].pattern in the pipeline-name-pattern policy configuration.`,
    ]);
  });

  it("is not applicable while the name is unknown", async () => {
    const outcome = await runResourcePolicy(pipelineNamePattern, compliantPipeline({ name: UNKNOWN_VALUE }), {
      name: "orders",
      preview: true,
    });
    expect(outcome.notApplicable).toBe(
      "name is not known until the update (it is computed from another resource); it is checked then",
    );
  });
});
