import { describe, expect, it } from "vitest";
import { listScheduleMakespan, percentile, ratio, summarize } from "../../bench/stats";

describe("percentile", () => {
  it("interpolates between closest ranks", () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 95)).toBe(48);
  });

  it("ignores the order of its input", () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
  });

  it("is NaN for no values, so an unmeasured figure cannot pass a target", () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe("summarize", () => {
  it("reports count, extremes, p50, p95 and mean", () => {
    expect(summarize([3, 1, 2])).toEqual({ n: 3, min: 1, p50: 2, p95: 2.9, max: 3, mean: 2 });
  });
});

describe("ratio", () => {
  it("is NaN against a reference that is not positive", () => {
    expect(ratio(5, 0)).toBeNaN();
    expect(ratio(6, 4)).toBe(1.5);
  });
});

describe("listScheduleMakespan", () => {
  it("runs jobs one after another on a single slot", () => {
    expect(listScheduleMakespan([100, 200, 300], 1)).toBe(600);
  });

  it("starts each job on the slot that frees first", () => {
    // slots: [100 → 100+300], [200 → 200+50]: the 50 goes to the slot free at 200.
    expect(listScheduleMakespan([100, 200, 300, 50], 2)).toBe(400);
  });

  it("is the longest job when there are at least as many slots as jobs", () => {
    expect(listScheduleMakespan([100, 700, 300], 50)).toBe(700);
  });
});
