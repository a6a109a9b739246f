import { describe, expect, it } from "vitest";
import {
  currentStack,
  globMatch,
  matchScope,
  NON_DEV_STACKS,
  PROD_STACKS,
} from "../../provider/policy/environment";

const stack = (value: string) => ({ value, source: "stack" as const });

describe("currentStack", () => {
  it("reads the stack name the engine puts in the pack's environment", () => {
    expect(currentStack(new Map(), { PULUMI_NODEJS_STACK: "prod-eu" })).toEqual({
      value: "prod-eu",
      source: "stack",
    });
  });

  it("falls back to PULUMI_STACK, which the older analyzer shim also sets", () => {
    expect(currentStack(new Map(), { PULUMI_STACK: "staging" })).toEqual({
      value: "staging",
      source: "stack",
    });
  });

  it("prefers the environment stack tag over the stack name", () => {
    const tags = new Map([["environment", "prod"]]);
    expect(currentStack(tags, { PULUMI_NODEJS_STACK: "eu-west" })).toEqual({ value: "prod", source: "tag" });
  });

  it("is undefined when neither names a stack", () => {
    expect(currentStack(undefined, {})).toBeUndefined();
  });
});

describe("globMatch", () => {
  it("matches * across any run of characters and ignores case", () => {
    expect(globMatch("prod-*", "PROD-eu-west")).toBe(true);
    expect(globMatch("*-prod", "orders-prod")).toBe(true);
  });

  it("treats regular-expression characters literally", () => {
    expect(globMatch("a.b", "a.b")).toBe(true);
    expect(globMatch("a.b", "axb")).toBe(false);
  });

  it("matches ? as exactly one character", () => {
    expect(globMatch("dev?", "dev1")).toBe(true);
    expect(globMatch("dev?", "dev")).toBe(false);
  });
});

describe("matchScope", () => {
  it("applies everywhere with the single pattern *, even when the stack is unknown", () => {
    expect(matchScope(["*"], undefined)).toEqual({ applies: true, where: "in every stack" });
  });

  it("names the pattern that matched", () => {
    expect(matchScope(PROD_STACKS, stack("prod-eu"))).toEqual({
      applies: true,
      where: 'in stacks matching "prod-*"',
    });
  });

  it("does not take products-dev for a production stack", () => {
    expect(matchScope(PROD_STACKS, stack("products-dev")).applies).toBe(false);
  });

  it("excludes development stacks from rules that apply outside dev, and says which exclusion matched", () => {
    expect(matchScope(NON_DEV_STACKS, stack("orders-dev"))).toEqual({
      applies: false,
      reason:
        'applies only to stacks other than "dev", "development", "local", "dev-*", "*-dev"; stack "orders-dev" matches the exclusion "!*-dev"',
    });
  });

  it("describes an outside-dev scope by its exclusions", () => {
    expect(matchScope(NON_DEV_STACKS, stack("staging"))).toEqual({
      applies: true,
      where: 'in stacks other than "dev", "development", "local", "dev-*", "*-dev"',
    });
  });

  it("says when a scoped policy cannot tell the stack", () => {
    const result = matchScope(["prod"], undefined);
    expect(result).toEqual({
      applies: false,
      reason:
        "applies only to stacks matching \"prod\", and the stack being analyzed is unknown (no PULUMI_NODEJS_STACK and no 'environment' stack tag)",
    });
  });

  it("says the match came from the environment tag", () => {
    expect(matchScope(["prod"], { value: "prod", source: "tag" })).toEqual({
      applies: true,
      where: 'in stacks whose environment tag matches "prod"',
    });
  });
});
