import { describe, expect, it } from "vitest";
import { optimizedCompilation } from "../../../provider/policy/policies/optimized-compilation";
import { compliantPipeline } from "../support/pipelines";
import { runResourcePolicy } from "../support/run-policy";

describe("optimized-compilation", () => {
  it("is mandatory by default", () => {
    expect(optimizedCompilation.enforcementLevel).toBe("mandatory");
  });

  it("accepts the optimized and optimized_symbols profiles in staging", async () => {
    for (const profile of ["optimized", "optimized_symbols"]) {
      const props = compliantPipeline({ programConfig: { profile } });
      expect(await runResourcePolicy(optimizedCompilation, props, { stack: "staging" })).toEqual({
        violations: [],
      });
    }
  });

  it("reports the dev profile outside development, with the stack rule and the fix", async () => {
    const props = compliantPipeline({ programConfig: { profile: "dev" } });
    const { violations } = await runResourcePolicy(optimizedCompilation, props, { stack: "staging" });
    expect(violations).toEqual([
      `Pipeline 'orders' (programConfig.profile = "dev") violates optimized-compilation: pipelines in stacks other than "dev", "development", "local", "dev-*", "*-dev" must be compiled with the profile "optimized" or "optimized_symbols". Fix: set programConfig = { profile: "optimized" }.`,
    ]);
  });

  it("lets development stacks use the dev profile", async () => {
    const props = compliantPipeline({ programConfig: { profile: "dev" } });
    const outcome = await runResourcePolicy(optimizedCompilation, props, { stack: "dev-alice" });
    expect(outcome.violations).toEqual([]);
    expect(outcome.notApplicable).toContain('stack "dev-alice" matches the exclusion "!dev-*"');
  });

  it("accepts an unset profile (the server's default) unless told otherwise", async () => {
    const props = compliantPipeline({ programConfig: undefined });
    expect((await runResourcePolicy(optimizedCompilation, props, { stack: "prod" })).violations).toEqual([]);
    const strict = await runResourcePolicy(optimizedCompilation, props, {
      stack: "prod",
      config: { allowServerDefault: false },
    });
    expect(strict.violations).toEqual([
      `Pipeline 'orders' (programConfig.profile is not set, so the server's default applies) violates optimized-compilation: pipelines in stacks other than "dev", "development", "local", "dev-*", "*-dev" must be compiled with the profile "optimized" or "optimized_symbols". Fix: set programConfig = { profile: "optimized" }.`,
    ]);
  });
});
