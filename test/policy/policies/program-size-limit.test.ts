import { describe, expect, it } from "vitest";
import { programSizeLimit } from "../../../provider/policy/policies/program-size-limit";
import { compliantPipeline } from "../support/pipelines";
import { runResourcePolicy } from "../support/run-policy";

describe("program-size-limit", () => {
  it("is advisory by default", () => {
    expect(programSizeLimit.enforcementLevel).toBe("advisory");
  });

  it("accepts a program within the default 512 KiB", async () => {
    expect((await runResourcePolicy(programSizeLimit, compliantPipeline())).violations).toEqual([]);
  });

  it("counts UTF-8 bytes, not characters", async () => {
    const program = `-- ${"é".repeat(60)}\nSELECT 1;`; // 60 characters, 120 bytes
    const { violations } = await runResourcePolicy(
      programSizeLimit,
      compliantPipeline({ programCode: program }),
      {
        config: { maxBytes: 100 },
      },
    );
    expect(violations).toEqual([
      `Pipeline 'orders' (programCode is 133 bytes (2 lines)) violates program-size-limit: SQL programs in every stack must be at most 100 bytes. Fix: split the program into several pipelines, or move generated SQL (large VALUES lists, repeated views) into tables fed by connectors.`,
    ]);
  });

  it("has no limit when maxBytes is null", async () => {
    const props = compliantPipeline({ programCode: "x".repeat(600_000) });
    expect(
      (await runResourcePolicy(programSizeLimit, props, { config: { maxBytes: null } })).violations,
    ).toEqual([]);
  });
});
