import { describe, expect, it } from "vitest";
import { allMet, atLeast, atMost } from "../../bench/targets";

describe("targets", () => {
  it("meets an upper limit at the limit and fails above it", () => {
    expect(atMost("p50", 100, 100, "ms").met).toBe(true);
    expect(atMost("p50", 101, 100, "ms").met).toBe(false);
  });

  it("meets a lower limit at the limit and fails below it", () => {
    expect(atLeast("rate", 10, 10, "/s").met).toBe(true);
    expect(atLeast("rate", 9, 10, "/s").met).toBe(false);
  });

  it("never counts an unmeasured value as met", () => {
    expect(atMost("p95", Number.NaN, 300, "ms").met).toBe(false);
    expect(atLeast("rate", Number.NaN, 0, "/s").met).toBe(false);
  });

  it("is all met only when every target is", () => {
    expect(allMet([atMost("a", 1, 2, ""), atMost("b", 3, 2, "")])).toBe(false);
    expect(allMet([atMost("a", 1, 2, "")])).toBe(true);
  });
});
