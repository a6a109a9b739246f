import { describe, expect, it } from "vitest";
import { UNKNOWN_VALUE } from "../../../provider/model/check-inputs";
import { uniquePipelineNames } from "../../../provider/policy/policies/unique-pipeline-names";
import { compliantPipeline } from "../support/pipelines";
import { runStackPolicy } from "../support/run-policy";

const URN = (name: string) =>
  `urn:pulumi:prod::feldera-test::pulumi-nodejs:dynamic/feldera:Pipeline::${name}`;

describe("unique-pipeline-names", () => {
  it("is a mandatory stack policy", () => {
    expect(uniquePipelineNames.enforcementLevel).toBe("mandatory");
    expect(typeof uniquePipelineNames.validateStack).toBe("function");
  });

  it("accepts pipelines with distinct Feldera names", async () => {
    const resources = [
      { name: "orders", props: compliantPipeline() },
      { name: "payments", props: compliantPipeline({ name: "payments" }) },
    ];
    expect(await runStackPolicy(uniquePipelineNames, resources, { stack: "prod" })).toEqual({
      violations: [],
    });
  });

  it("reports every resource of a duplicated name, each with its URN", async () => {
    const resources = [
      { name: "orders", props: compliantPipeline() },
      { name: "orders-copy", props: compliantPipeline() },
      { name: "bucket", type: "aws:s3/bucket:Bucket", props: { name: "orders" } },
    ];
    const { violations } = await runStackPolicy(uniquePipelineNames, resources, { stack: "prod" });
    expect(violations).toEqual([
      {
        message: `Pipeline 'orders' (name = "orders") violates unique-pipeline-names: the Pipeline resource 'orders-copy' in this stack also manages the Feldera pipeline "orders", so they would overwrite each other. Fix: give resource 'orders' a distinct name input.`,
        urn: URN("orders"),
      },
      {
        message: `Pipeline 'orders' (name = "orders") violates unique-pipeline-names: the Pipeline resource 'orders' in this stack also manages the Feldera pipeline "orders", so they would overwrite each other. Fix: give resource 'orders-copy' a distinct name input.`,
        urn: URN("orders-copy"),
      },
    ]);
  });

  it("compares names ignoring case when configured", async () => {
    const resources = [
      { name: "a", props: compliantPipeline({ name: "Orders" }) },
      { name: "b", props: compliantPipeline({ name: "orders" }) },
    ];
    expect((await runStackPolicy(uniquePipelineNames, resources)).violations).toEqual([]);
    expect(
      (await runStackPolicy(uniquePipelineNames, resources, { config: { ignoreCase: true } })).violations,
    ).toHaveLength(2);
  });

  it("skips names that are unknown during preview", async () => {
    const resources = [
      { name: "orders", props: compliantPipeline({ name: UNKNOWN_VALUE }) },
      { name: "orders-copy", props: compliantPipeline({ name: UNKNOWN_VALUE }) },
    ];
    expect(await runStackPolicy(uniquePipelineNames, resources, { preview: true })).toEqual({
      violations: [],
    });
  });
});
