import { describe, expect, it } from "vitest";
import { backoffMs, parseRetryAfter, resolveRetryPolicy } from "../../provider/client/retry-policy";

const NOW = Date.parse("2026-08-20T10:00:00Z");

describe("parseRetryAfter", () => {
  it.each([
    ["5", 5_000],
    ["0", 0],
    ["1.5", 1_500],
    [" 7 ", 7_000],
    ["Thu, 20 Aug 2026 10:00:30 GMT", 30_000],
    ["Thu, 20 Aug 2026 09:59:00 GMT", 0],
    [["2", "9"], 2_000],
  ] as const)("reads %j as %i ms", (value, ms) => {
    expect(parseRetryAfter(value as string | string[], NOW)).toBe(ms);
  });

  it.each([undefined, "", "soon", "-3"])("ignores %j", (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});

describe("backoffMs", () => {
  it("is zero with random() = 0 and just under the ceiling with random() close to 1", () => {
    const low = resolveRetryPolicy({ random: () => 0 });
    const high = resolveRetryPolicy({ random: () => 0.999999 });
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => backoffMs(low, i))).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => backoffMs(high, i))).toEqual([
      999, 1_999, 3_999, 7_999, 15_999, 19_999, 19_999,
    ]);
  });
});
