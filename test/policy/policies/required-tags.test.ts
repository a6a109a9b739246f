import { describe, expect, it } from "vitest";
import { UNKNOWN_VALUE } from "../../../provider/model/check-inputs";
import { hasKey, requiredTags } from "../../../provider/policy/policies/required-tags";
import { compliantPipeline } from "../support/pipelines";
import { runResourcePolicy } from "../support/run-policy";

describe("required-tags", () => {
  it("is advisory by default", () => {
    expect(requiredTags.enforcementLevel).toBe("advisory");
  });

  it("accepts a pipeline tagged owner=<team>", async () => {
    expect(await runResourcePolicy(requiredTags, compliantPipeline(), { stack: "prod" })).toEqual({
      violations: [],
    });
  });

  it("reports a pipeline without tags, naming the key and the fix", async () => {
    const { violations } = await runResourcePolicy(requiredTags, compliantPipeline({ tags: undefined }), {
      stack: "dev",
    });
    expect(violations).toEqual([
      `Pipeline 'orders' (tags is not set) violates required-tags: pipelines in every stack must carry a tag "owner=<value>". Fix: add "owner=<value>" to tags, e.g. tags: ["owner=…"].`,
    ]);
  });

  it("does not count a bare owner tag or an empty value", async () => {
    const { violations } = await runResourcePolicy(
      requiredTags,
      compliantPipeline({ tags: ["owner", "owner="] }),
    );
    expect(violations).toEqual([
      `Pipeline 'orders' (tags = ["owner","owner="]) violates required-tags: pipelines in every stack must carry a tag "owner=<value>". Fix: add "owner=<value>" to tags, e.g. tags: ["owner","owner=","owner=…"].`,
    ]);
  });

  it("requires every configured key and lists the missing ones", async () => {
    const { violations } = await runResourcePolicy(
      requiredTags,
      compliantPipeline({ tags: ["owner=data"] }),
      {
        config: { keys: ["owner", "cost-center", "team"] },
      },
    );
    expect(violations).toEqual([
      `Pipeline 'orders' (tags = ["owner=data"]) violates required-tags: pipelines in every stack must carry tags "cost-center=<value>", "team=<value>". Fix: add "cost-center=<value>", "team=<value>" to tags, e.g. tags: ["owner=data","cost-center=…","team=…"].`,
    ]);
  });

  it("accepts key:value tags and any case in the key", () => {
    expect([
      hasKey("Owner:alice", "owner"),
      hasKey("owner = bob", "owner"),
      hasKey("ownership=x", "owner"),
    ]).toEqual([true, true, false]);
  });

  it("is not applicable while the tags are unknown during preview", async () => {
    const outcome = await runResourcePolicy(requiredTags, compliantPipeline({ tags: UNKNOWN_VALUE }), {
      preview: true,
    });
    expect(outcome).toEqual({
      violations: [],
      notApplicable:
        "tags is not known until the update (it is computed from another resource); it is checked then",
    });
  });

  it("ignores resources other than Pipelines", async () => {
    const outcome = await runResourcePolicy(requiredTags, { tags: [] }, { type: "aws:s3/bucket:Bucket" });
    expect(outcome).toEqual({
      violations: [],
      notApplicable: "Policy only applies to resources of type 'pulumi-nodejs:dynamic/feldera:Pipeline'",
    });
  });
});
