import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import * as policyModule from "../../provider/policy";
import { PIPELINE_TYPE as RESOURCE_PIPELINE_TYPE } from "../../provider/resource/pipeline";

const { policies, PIPELINE_TYPE } = policyModule;
/** Verbs the descriptions start with (as pulumi-policy's own policies do: "Prohibits …"). */
const VERBS = ["Requires", "Prohibits", "Limits", "Reports"];

describe("pulumi-feldera/policy", () => {
  it("matches the type token the Pipeline class registers", () => {
    expect(PIPELINE_TYPE).toBe(RESOURCE_PIPELINE_TYPE);
  });

  it("exports each policy by name, and all of them in policies", () => {
    const isPolicy = (v: unknown) =>
      typeof v === "object" && v !== null && ("validateResource" in v || "validateStack" in v);
    const named = Object.values(policyModule).filter(isPolicy);
    expect(new Set(named)).toEqual(new Set(policies));
    expect(policies).toHaveLength(15);
  });

  it("names policies in kebab-case, uniquely, with descriptions that start with a verb", () => {
    const names = policies.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of policies) {
      expect(p.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(VERBS).toContain(p.description.split(" ")[0]);
    }
  });

  it("gives every policy a default enforcement level and a config schema whose defaults satisfy it", () => {
    const ajv = new Ajv({ strict: false });
    for (const p of policies) {
      expect(["advisory", "mandatory"]).toContain(p.enforcementLevel);
      const properties = p.configSchema?.properties ?? {};
      expect(Object.keys(properties)).not.toContain("enforcementLevel");
      const defaults = Object.fromEntries(
        Object.entries(properties).map(([k, s]) => [k, (s as { default?: unknown }).default]),
      );
      const validate = ajv.compile({ type: "object", properties });
      expect({ policy: p.name, valid: validate(defaults), errors: validate.errors ?? null }).toEqual({
        policy: p.name,
        valid: true,
        errors: null,
      });
    }
  });
});
