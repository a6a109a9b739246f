import { describe, expect, it } from "vitest";
import { cleared } from "../../provider/lifecycle/awaiters/cleared";
import { compiled } from "../../provider/lifecycle/awaiters/compiled";
import { healthyFor } from "../../provider/lifecycle/awaiters/healthy";
import { nextPollDelay } from "../../provider/lifecycle/poll-schedule";
import { StageTimings } from "../../provider/lifecycle/stage-timings";
import { type WaitClock, waitFor } from "../../provider/lifecycle/wait";
import type { PipelineStatus } from "../../provider/model/wire";
import { running, stopped } from "../fixtures/pipelines";

const S = { initialMs: 100, factor: 2, maxMs: 1000 };

describe("nextPollDelay", () => {
  it("backs off geometrically up to the cap without history", () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => nextPollDelay(S, n))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it("sleeps to the opening of the learnt window (half a spacing in, less a lead), no longer than the cap", () => {
    const window = { min: 3000, max: 3200, samples: 4 };
    // spacing 200 / 4 = 50: opens at 3000 − 25 + 25
    expect(nextPollDelay(S, 0, { elapsedMs: 2500, window })).toBe(500);
    expect(nextPollDelay(S, 0, { elapsedMs: 0, window })).toBe(2000); // runs within 7% of each other
    expect(nextPollDelay(S, 0, { elapsedMs: 0, window: { min: 3000, max: 4000, samples: 4 } })).toBe(1000);
  });

  it("polls densely inside the window", () => {
    expect(nextPollDelay(S, 7, { elapsedMs: 3100, window: { min: 3000, max: 3200, samples: 4 } })).toBe(50);
    expect(nextPollDelay(S, 7, { elapsedMs: 2990, window: { min: 3000, max: 3000, samples: 4 } })).toBe(20);
  });

  it("backs off after a run slower than any seen, as far apart as the run is late, not by polls spent", () => {
    const window = { min: 3000, max: 3200, samples: 4 };
    // Just past the window, after many dense polls: still prompt (the poll count would say the cap).
    expect(nextPollDelay(S, 12, { elapsedMs: 3260, window })).toBe(100);
    expect(nextPollDelay(S, 12, { elapsedMs: 3600, window })).toBe(400);
    expect(nextPollDelay(S, 0, { elapsedMs: 9000, window })).toBe(1000);
  });
});

describe("StageTimings", () => {
  it("needs two samples before it predicts, and keeps the extremes", () => {
    const t = new StageTimings();
    t.recordRemaining("compile:CompilingRust", 2000);
    expect(t.window("compile:CompilingRust")).toBeUndefined();
    t.recordRemaining("compile:CompilingRust", 2400);
    expect(t.window("compile:CompilingRust")).toEqual({ min: 2000, max: 2400, samples: 2 });
  });

  it("estimates our clock minus the server's from the earliest-seen stage starts", () => {
    const t = new StageTimings();
    t.observeOffset(10_500, 10_000); // seen 500 ms after it began
    t.observeOffset(20_040, 20_000); // seen 40 ms after
    expect(t.offsetMs).toBe(40);
  });
});

describe("a wait with history", () => {
  /** A server whose compilation ends `compileMs` after the program was edited, polled on a fake clock. */
  function server(clock: { t: number }, editedAt: number, compileMs: number) {
    const iso = (ms: number) => new Date(ms).toISOString();
    return async (): Promise<PipelineStatus> =>
      clock.t < editedAt + compileMs
        ? stopped({
            program_status: "CompilingRust",
            program_status_since: iso(editedAt),
            program_version: 2,
          })
        : stopped({
            program_status: "Success",
            program_status_since: iso(editedAt + compileMs),
            program_version: 2,
          });
  }

  it("sees the end of a wait within the dense spacing once similar waits were seen, with few polls", async () => {
    const timings = new StageTimings();
    const clock = { t: 1_000_000 };
    const fake: WaitClock = {
      now: () => clock.t,
      sleep: async (ms) => {
        clock.t += ms;
      },
    };
    const run = async (compileMs: number) => {
      const editedAt = clock.t;
      let polls = 0;
      let firstPollAfter: number | undefined;
      const poll = server(clock, editedAt, compileMs);
      await waitFor(
        compiled("orders", 2, async () => stopped()),
        {
          pipeline: "orders",
          poll: () => {
            polls++;
            firstPollAfter ??= clock.t - editedAt;
            return poll();
          },
          timeoutSeconds: 600,
          schedule: { initialMs: 100, factor: 1.5, maxMs: 2000 },
          clock: fake,
          timings,
          progress: () => {},
        },
      );
      return { lateMs: clock.t - (editedAt + compileMs), polls, firstPollAfter };
    };
    const first = await run(9000);
    await run(9200);
    const third = await run(9100);
    expect(first.lateMs).toBeGreaterThan(300); // backoff alone overshoots
    expect(first.firstPollAfter).toBe(0);
    // Whole compile waits took 9–9.2 s: the first poll waits two caps (the runs were within 2% of each
    // other) instead of seeing CompilingRust again.
    expect(third.firstPollAfter).toBe(4000);
    expect(third.lateMs).toBeLessThanOrEqual(40);
    // A fixed 1 s poller would have polled ten times for a nine-second compile.
    expect(third.polls).toBeLessThanOrEqual(10);
  });
});

describe("a wait without server timestamps (storage clearing)", () => {
  it("learns whole waits on its own clock, from the middle of the last pending and the first done poll", async () => {
    const timings = new StageTimings();
    const clock = { t: 5_000_000 };
    const fake: WaitClock = {
      now: () => clock.t,
      sleep: async (ms) => {
        clock.t += ms;
      },
    };
    const run = async (clearMs: number) => {
      const began = clock.t;
      const polls: number[] = [];
      await waitFor(cleared(), {
        pipeline: "orders",
        poll: async () => {
          polls.push(clock.t - began);
          return stopped({ storage_status: clock.t - began < clearMs ? "Clearing" : "Cleared" });
        },
        timeoutSeconds: 60,
        schedule: { initialMs: 100, factor: 1.5, maxMs: 1000 },
        clock: fake,
        timings,
        progress: () => {},
      });
      return { lateMs: clock.t - began - clearMs, polls };
    };
    const first = await run(2500);
    await run(2500);
    const third = await run(2500);
    expect(first.lateMs).toBeGreaterThan(500); // backoff alone: polls at 2077 and 3077 ms
    expect(timings.window("wait:clear its storage")).toBeDefined();
    expect(third.polls[0]).toBeGreaterThan(1000); // not at once: history says when to look
    expect(third.lateMs).toBeLessThan(first.lateMs);
    expect(third.polls.length).toBeLessThan(first.polls.length);
    // Done at the first poll teaches nothing (it may have been done before the wait).
    const samples = timings.window("wait:clear its storage")!.samples;
    await run(0);
    expect(timings.window("wait:clear its storage")!.samples).toBe(samples);
  });

  it("does not learn a health gate, which counts from its own first poll", async () => {
    const timings = new StageTimings();
    const clock = { t: 9_000_000 };
    const fake: WaitClock = {
      now: () => clock.t,
      sleep: async (ms) => {
        clock.t += ms;
      },
    };
    const gate = async () => {
      const began = clock.t;
      let first: number | undefined;
      await waitFor(healthyFor("orders", 2), {
        pipeline: "orders",
        poll: async () => {
          first ??= clock.t - began;
          return running();
        },
        timeoutSeconds: 60,
        schedule: { initialMs: 100, factor: 1.5, maxMs: 1000 },
        clock: fake,
        timings,
        progress: () => {},
      });
      return { first, tookMs: clock.t - began };
    };
    await gate();
    await gate();
    const third = await gate();
    expect(third.first).toBe(0);
    expect(third.tookMs).toBeLessThan(3000);
    expect(timings.window("wait:stay Running for 2 s (health gate)")).toBeUndefined();
  });
});
