import { describe, expect, it } from "vitest";
import { UNKNOWN_VALUE } from "../../provider/model/check-inputs";
import { diffInputs } from "../../provider/plan/input-diff";
import { SQL } from "../fixtures/pipelines";

const base = { name: "orders", programCode: SQL };

describe("diffInputs", () => {
  it("reports no change for identical inputs", () => {
    expect(diffInputs({ ...base, pipelineId: "x", version: 3 }, base)).toEqual({
      changes: false,
      changedProperties: [],
      replaces: [],
      deleteBeforeReplace: true,
    });
  });

  it("reports a program change as an in-place update, never a replacement", () => {
    const d = diffInputs(base, { ...base, programCode: `${SQL}-- v2\n` });
    expect(d).toMatchObject({ changes: true, changedProperties: ["programCode"], replaces: [] });
  });

  it("reports a rename as an in-place update", () => {
    expect(diffInputs(base, { ...base, name: "orders-v2" })).toMatchObject({
      changedProperties: ["name"],
      replaces: [],
    });
  });

  it("treats an omitted description, tags and UDFs as their empty values", () => {
    const olds = { ...base, description: "", tags: [], udfRust: "", udfToml: "" };
    expect(diffInputs(olds, base).changes).toBe(false);
  });

  it("treats a declared server default as no change", () => {
    const olds = { ...base, runtimeConfig: {} };
    const news = { ...base, runtimeConfig: { workers: 8, fault_tolerance: { model: "none" } } };
    expect(diffInputs(olds, news).changes).toBe(false);
  });

  it("sees a changed nested runtime setting", () => {
    const d = diffInputs(
      { ...base, runtimeConfig: { workers: 8 } },
      { ...base, runtimeConfig: { workers: 4 } },
    );
    expect(d.changedProperties).toEqual(["runtimeConfig"]);
  });

  it("treats running as the default desired status", () => {
    expect(diffInputs({ ...base, desiredStatus: "running" }, base).changes).toBe(false);
    expect(diffInputs(base, { ...base, desiredStatus: "paused" }).changedProperties).toEqual([
      "desiredStatus",
    ]);
  });

  it("never updates for provider options alone", () => {
    const news = {
      ...base,
      timeouts: { compile: 60, start: 30 },
      onRunningChange: "fail",
      adopt: true,
      bootstrapPolicy: "reject",
    };
    expect(diffInputs(base, news).changes).toBe(false);
  });

  it("records a changed stop or clear timeout, which destroy reads from state", () => {
    expect(diffInputs(base, { ...base, timeouts: { stop: 900 } }).changedProperties).toEqual(["timeouts"]);
    expect(diffInputs({ ...base, timeouts: { clear: 300 } }, base).changes).toBe(false); // the default
  });

  it("counts a value unknown during preview as a change", () => {
    expect(diffInputs(base, { ...base, programCode: UNKNOWN_VALUE }).changedProperties).toEqual([
      "programCode",
    ]);
  });

  it("sees tag order as a change, because the server keeps order", () => {
    expect(diffInputs({ ...base, tags: ["a", "b"] }, { ...base, tags: ["b", "a"] }).changes).toBe(true);
  });
});
