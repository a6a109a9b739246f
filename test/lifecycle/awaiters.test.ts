/**
 * The conditions of the stopped, cleared, settled, healthy-for and inputs-progressed waits, judged one
 * observation at a time: each row is a state and the verdict the condition must give.
 */
import { describe, expect, it } from "vitest";
import { isFelderaError } from "../../provider/errors";
import { cleared } from "../../provider/lifecycle/awaiters/cleared";
import { healthyFor } from "../../provider/lifecycle/awaiters/healthy";
import { inputsProgressed, type StatusWithStats } from "../../provider/lifecycle/awaiters/inputs-progressed";
import { settled } from "../../provider/lifecycle/awaiters/settled";
import { stopped as stoppedCondition } from "../../provider/lifecycle/awaiters/stopped";
import type { Condition, Verdict } from "../../provider/lifecycle/wait";
import type { PipelineStats, PipelineStatus } from "../../provider/model/wire";
import {
  awaitingApproval,
  clearing,
  crashed,
  earlyStart,
  initializing,
  paused,
  running,
  standby,
  stopped,
  stoppedAfterRun,
  stopping,
} from "../fixtures/pipelines";

function verdicts<T>(condition: () => Condition<T>, rows: Record<string, [T, Verdict["kind"]]>) {
  for (const [name, [observed, kind]] of Object.entries(rows)) {
    it(`${kind}: ${name}`, () => {
      expect(condition().classify(observed, 0).kind).toBe(kind);
    });
  }
}

describe("stopped", () => {
  verdicts(stoppedCondition, {
    "fully stopped": [stoppedAfterRun(), "done"],
    "fully stopped with a deployment error (a forced stop always completes)": [crashed(), "done"],
    stopping: [stopping(), "pending"],
    "still running": [running(), "pending"],
    "Stopped but desired Provisioned (an early start)": [earlyStart(), "pending"],
  });
});

describe("cleared", () => {
  verdicts(cleared, {
    "storage Cleared": [stopped(), "done"],
    "storage Clearing": [clearing(), "pending"],
    "storage InUse": [stoppedAfterRun(), "pending"],
  });
});

describe("settled", () => {
  verdicts(settled, {
    running: [running(), "done"],
    paused: [paused(), "done"],
    standby: [standby(), "done"],
    "fully stopped": [stoppedAfterRun(), "done"],
    "awaiting approval (settled until someone acts)": [awaitingApproval(), "done"],
    initializing: [initializing(), "pending"],
    "an early start": [earlyStart(), "pending"],
    stopping: [stopping(), "pending"],
    clearing: [clearing(), "pending"],
    "a resources status this version does not know": [
      running({ deployment_resources_status: "Hibernating" }),
      "pending",
    ],
  });
});

describe("healthyFor", () => {
  it("is done once Running without errors for the whole time, counted from its first observation", () => {
    const c = healthyFor("orders", 10);
    expect(c.classify(running(), 5_000)).toEqual({ kind: "pending", status: "Running for 0.0 s" });
    expect(c.classify(running(), 14_000).kind).toBe("pending");
    expect(c.classify(running(), 15_000).kind).toBe("done");
  });

  it("fails on the first observation that is not Running cleanly, saying how long it held", async () => {
    const c = healthyFor("orders", 10);
    c.classify(running(), 0);
    const verdict = c.classify(crashed(), 4_000);
    if (verdict.kind !== "fail") throw new Error(`expected fail, got ${verdict.kind}`);
    const err = await verdict.error();
    expect(isFelderaError(err, "FELDERA_ERR_HEALTH_GATE")).toBe(true);
    expect(err.message).toContain("after 4.0 s");
  });
});

describe("inputsProgressed", () => {
  const input = (name: string, records: number, extra: { end?: boolean; fatal?: string } = {}) => ({
    endpoint_name: name,
    metrics: {
      total_records: records,
      end_of_input: extra.end ?? false,
      num_transport_errors: 0,
      num_parse_errors: 0,
    },
    fatal_error: extra.fatal ?? null,
  });
  const observe = (status: PipelineStatus, ...inputs: PipelineStats["inputs"]): StatusWithStats => ({
    status,
    stats: { inputs },
  });

  verdicts(() => inputsProgressed("orders", { seconds: 0, startedAt: 0 }), {
    "every input connector has received records": [observe(running(), input("orders.kafka", 3)), "done"],
    "an input that reached its end counts, records or not": [
      observe(running(), input("orders.file", 0, { end: true })),
      "done",
    ],
    "Feldera's own clock input is not waited for": [
      observe(running(), input("orders.kafka", 1), input("now", 0)),
      "done",
    ],
    "a connector has received nothing yet": [
      observe(running(), input("orders.kafka", 3), input("refunds.kafka", 0)),
      "pending",
    ],
    "a connector failed": [observe(running(), input("orders.kafka", 0, { fatal: "no such topic" })), "fail"],
    "the pipeline stopped running": [observe(paused(), input("orders.kafka", 3)), "fail"],
    "no statistics could be read": [{ status: running() }, "fail"],
  });

  it("names the connectors it is waiting for", () => {
    const verdict = inputsProgressed("orders", { seconds: 0, startedAt: 0 }).classify(
      observe(running(), input("orders.kafka", 0), input("refunds.kafka", 0)),
      0,
    );
    expect(verdict).toEqual({ kind: "pending", status: "no records yet on orders.kafka, refunds.kafka" });
  });
});
