import { describe, expect, it } from "vitest";
import { compiled } from "../../provider/lifecycle/awaiters/compiled";
import { nextPollDelay } from "../../provider/lifecycle/poll-schedule";
import { StageTimings } from "../../provider/lifecycle/stage-timings";
import { type WaitClock, waitFor } from "../../provider/lifecycle/wait";
import type { PipelineStatus } from "../../provider/model/wire";
import { stopped } from "../fixtures/pipelines";

const S = { initialMs: 100, factor: 2, maxMs: 1000 };

describe("nextPollDelay", () => {
  it("backs off geometrically up to the cap without history", () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => nextPollDelay(S, n))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it("sleeps to the opening of the learnt window, no longer than the cap", () => {
    const window = { min: 3000, max: 3200, samples: 4 };
    expect(nextPollDelay(S, 0, { elapsedMs: 2500, window })).toBe(475);
    expect(nextPollDelay(S, 0, { elapsedMs: 0, window })).toBe(1000);
  });

  it("polls densely inside the window", () => {
    expect(nextPollDelay(S, 7, { elapsedMs: 3100, window: { min: 3000, max: 3200, samples: 4 } })).toBe(40);
    expect(nextPollDelay(S, 7, { elapsedMs: 2990, window: { min: 3000, max: 3000, samples: 4 } })).toBe(20);
  });

  it("goes back to backing off after a run slower than any seen", () => {
    expect(nextPollDelay(S, 2, { elapsedMs: 9000, window: { min: 3000, max: 3200, samples: 4 } })).toBe(400);
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
      const poll = server(clock, editedAt, compileMs);
      await waitFor(
        compiled("orders", 2, async () => stopped()),
        {
          pipeline: "orders",
          poll: () => {
            polls++;
            return poll();
          },
          timeoutSeconds: 600,
          schedule: { initialMs: 100, factor: 1.5, maxMs: 2000 },
          clock: fake,
          timings,
          progress: () => {},
        },
      );
      return { lateMs: clock.t - (editedAt + compileMs), polls };
    };
    const first = await run(9000);
    await run(9200);
    const third = await run(9100);
    expect(first.lateMs).toBeGreaterThan(300); // backoff alone overshoots
    expect(third.lateMs).toBeLessThanOrEqual(40);
    // A fixed 1 s poller would have polled ten times for a nine-second compile.
    expect(third.polls).toBeLessThanOrEqual(10);
  });
});
