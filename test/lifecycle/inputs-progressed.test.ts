/**
 * The input-progress half of a health gate, driven by the real wait loop over scripted observations: a
 * gate that fails here must report the duration it was declared with and, separately, how long the
 * pipeline held.
 */
import { describe, expect, it } from "vitest";
import { isFelderaError } from "../../provider/errors";
import { inputsProgressed, type StatusWithStats } from "../../provider/lifecycle/awaiters/inputs-progressed";
import { DEPLOY_SCHEDULE } from "../../provider/lifecycle/poll-schedule";
import { type WaitClock, waitFor } from "../../provider/lifecycle/wait";
import type { PipelineStats } from "../../provider/model/wire";
import { crashed, running } from "../fixtures/pipelines";

/** A clock that advances only when the wait sleeps. */
function fakeClock(): WaitClock {
  let t = 5_000_000;
  return {
    now: () => t,
    sleep: async (ms) => {
      t += ms;
    },
  };
}

const input = (records: number, fatal_error?: string) => ({
  endpoint_name: "orders.gen",
  metrics: { total_records: records, end_of_input: false, num_transport_errors: 0, num_parse_errors: 0 },
  fatal_error,
});
const stats = (...inputs: ReturnType<typeof input>[]): PipelineStats => ({ inputs });

/** Runs the gate of a `healthGate: { seconds }` that has just held for `seconds`, over `observations`. */
async function gateFailure(seconds: number, ...observations: StatusWithStats[]): Promise<unknown> {
  const clock = fakeClock();
  let i = 0;
  const waiting = waitFor(inputsProgressed("orders", { seconds, startedAt: clock.now() - seconds * 1000 }), {
    pipeline: "orders",
    poll: async () => observations[Math.min(i++, observations.length - 1)]!,
    timeoutSeconds: 600,
    schedule: DEPLOY_SCHEDULE,
    clock,
    progress: () => {},
  });
  return waiting.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe("inputsProgressed", () => {
  it("reports the declared gate duration, not the time held, when the pipeline crashes", async () => {
    const e = await gateFailure(
      1,
      { status: running(), stats: stats(input(0)) },
      { status: running(), stats: stats(input(0)) },
      { status: crashed() },
    );
    expect(isFelderaError(e, "FELDERA_ERR_HEALTH_GATE")).toBe(true);
    if (!isFelderaError(e, "FELDERA_ERR_HEALTH_GATE")) return;
    expect(e.requiredSeconds).toBe(1);
    expect(e.heldSeconds).toBeGreaterThan(1);
    expect(e.message).toContain("had to stay Running without errors for 1 s after starting");
  });

  it("names the failed input connector, with the declared gate duration", async () => {
    const e = await gateFailure(
      2,
      { status: running(), stats: stats(input(0)) },
      { status: running(), stats: stats(input(0, "broker unreachable")) },
    );
    expect(isFelderaError(e, "FELDERA_ERR_HEALTH_GATE")).toBe(true);
    if (!isFelderaError(e, "FELDERA_ERR_HEALTH_GATE")) return;
    expect(e.requiredSeconds).toBe(2);
    expect(e.reason).toBe("input orders.gen failed: broker unreachable");
    expect(e.message).toContain("for 2 s after starting");
  });

  it("is done once every input connector has received records", async () => {
    const e = await gateFailure(
      1,
      { status: running(), stats: stats(input(0)) },
      { status: running(), stats: stats(input(10)) },
    );
    expect(e).toBeUndefined();
  });
});
