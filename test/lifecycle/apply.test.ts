/**
 * `applySteps` against a scripted PipelineApi and a fake clock: what each kind of plan step sends or
 * waits for, and how a step that cannot succeed ends the apply.
 */
import { describe, expect, it } from "vitest";
import { type FelderaErrorCode, isFelderaError } from "../../provider/errors";
import { applySteps, Tracker } from "../../provider/lifecycle/apply";
import type { Pipeline, PipelineStats } from "../../provider/model/wire";
import type { Step } from "../../provider/plan/steps";
import {
  awaitingApproval,
  clearing,
  compiling,
  crashed,
  initializing,
  paused,
  running,
  sqlError,
  standby,
  stopped,
  stoppedAfterRun,
  stopping,
} from "../fixtures/pipelines";
import { lostAnswer, type Script, ScriptedApi, status, stepContext, unknownPipeline } from "./scripted-api";

const receiving = (records: number, fatal?: string): PipelineStats => ({
  inputs: [
    {
      endpoint_name: "orders.kafka",
      metrics: { total_records: records, end_of_input: false, num_transport_errors: 0, num_parse_errors: 0 },
      fatal_error: fatal ?? null,
    },
  ],
});

interface Row {
  step: Step;
  live?: Pipeline;
  script?: Script;
  /** The writes sent, in words (see scripted-api.ts). */
  writes: string[];
  /** How many statuses the step polled before it was done. */
  polls?: number;
}

// One row per kind of step: `Record<Step["kind"], …>` fails to compile when a kind is added without one.
const EVERY_STEP: Record<Step["kind"], Row> = {
  "await-settled": {
    step: { kind: "await-settled" },
    script: { polls: [status(initializing()), status(initializing()), status(running())] },
    writes: [],
    polls: 3,
  },
  stop: { step: { kind: "stop" }, writes: ["stop orders force"] },
  "await-stopped": {
    step: { kind: "await-stopped" },
    script: { polls: [status(stopping()), status(stoppedAfterRun())] },
    writes: [],
    polls: 2,
  },
  "clear-storage": {
    step: { kind: "clear-storage", fields: ["runtime_config.workers"] },
    writes: ["clear orders"],
  },
  "await-cleared": {
    step: { kind: "await-cleared" },
    script: { polls: [status(clearing()), status(stopped())] },
    writes: [],
    polls: 2,
  },
  patch: {
    step: { kind: "patch", body: { description: "by day" }, fields: ["description"] },
    writes: ["patch orders description"],
  },
  "await-compiled": {
    step: { kind: "await-compiled" },
    script: {
      polls: [status(compiling("CompilingSql")), status(compiling("CompilingRust")), status(stopped())],
    },
    writes: [],
    polls: 3,
  },
  "dismiss-error": { step: { kind: "dismiss-error" }, live: crashed(), writes: ["dismiss_error orders"] },
  start: {
    step: { kind: "start", initial: "paused", bootstrapPolicy: "allow" },
    // Never `dismiss_error=true`: an error is dismissed by its own step, so a new one is not wiped (docs/feldera/deployment-and-stop.md#start).
    writes: ["start orders paused allow"],
  },
  pause: { step: { kind: "pause" }, live: running(), writes: ["pause orders"] },
  resume: { step: { kind: "resume" }, live: paused(), writes: ["resume orders"] },
  activate: {
    step: { kind: "activate", initial: "running" },
    live: standby(),
    writes: ["activate orders running"],
  },
  approve: { step: { kind: "approve" }, live: awaitingApproval(), writes: ["approve orders"] },
  "await-deployed": {
    step: { kind: "await-deployed", target: "Paused" },
    script: { polls: [status(initializing()), status(paused())] },
    writes: [],
    polls: 2,
  },
  "health-gate": {
    step: { kind: "health-gate", seconds: 3, requireInputProgress: true },
    live: running(),
    script: { polls: [status(running())], stats: [receiving(0), receiving(12)] },
    writes: [],
  },
  delete: { step: { kind: "delete" }, writes: ["delete orders"] },
};

describe("applySteps performs", () => {
  for (const [kind, row] of Object.entries(EVERY_STEP)) {
    it(`a ${kind} step`, async () => {
      const api = new ScriptedApi({ current: row.live ?? stopped(), ...row.script });
      await applySteps(stepContext(api), new Tracker(row.live ?? stopped()), [row.step]);
      expect(api.writes).toEqual(row.writes);
      if (row.polls !== undefined) {
        expect(api.calls.filter((c) => c.startsWith("getPipelineStatus"))).toHaveLength(row.polls);
      }
    });
  }

  it("a health gate's input check only once the gate has held, and reads statistics only while Running", async () => {
    const api = new ScriptedApi({
      current: running(),
      polls: [status(running())],
      stats: [receiving(0), receiving(1)],
    });
    await applySteps(stepContext(api), new Tracker(running()), [EVERY_STEP["health-gate"].step]);
    expect(api.calls.filter((c) => c.startsWith("getStats"))).toHaveLength(2);
  });

  it("steps in order, and a step after a failed one never", async () => {
    const api = new ScriptedApi({ current: running(), failures: { stop: [lostAnswer()] } });
    const err = await applySteps(stepContext(api), new Tracker(running()), [
      { kind: "stop" },
      { kind: "await-stopped" },
      { kind: "delete" },
    ]).catch((e) => e);
    expect(isFelderaError(err, "FELDERA_ERR_REQUEST_TIMEOUT")).toBe(true);
    expect(api.calls).toEqual(["stop orders force"]);
  });
});

describe("applySteps keeps track of the pipeline", () => {
  it("adopts the PATCH response, so a later wait compares against the new program version", async () => {
    const tracker = new Tracker(stopped());
    const api = new ScriptedApi({ current: stopped({ program_version: 4 }) });
    await applySteps(stepContext(api), tracker, [
      { kind: "patch", body: { program_code: "SELECT 1" }, fields: ["program_code"] },
    ]);
    expect(tracker.full).toMatchObject({ program_code: "SELECT 1", version: 2, program_version: 4 });
  });

  it("overlays polled statuses of the same version and marks the pipeline stale on a newer one", async () => {
    const tracker = new Tracker(running());
    await applySteps(stepContext(new ScriptedApi({ polls: [status(stoppedAfterRun())] })), tracker, [
      { kind: "await-stopped" },
    ]);
    expect(tracker).toMatchObject({
      stale: false,
      full: { deployment_status: "Stopped", program_code: running().program_code },
    });
    await applySteps(stepContext(new ScriptedApi({ polls: [status(stopped({ version: 7 }))] })), tracker, [
      { kind: "await-stopped" },
    ]);
    expect(tracker.stale).toBe(true);
  });
});

describe("applySteps ends a wait that cannot succeed", () => {
  const failing: Record<
    string,
    { step: Step; script: Script; live?: Pipeline; code: FelderaErrorCode; says: string[] }
  > = {
    "a stop that never completes, at timeouts.stop": {
      step: { kind: "await-stopped" },
      script: { polls: [status(stopping())] },
      code: "FELDERA_ERR_WAIT_TIMEOUT",
      says: ["Timed out after 300 s waiting for pipeline 'orders' to stop", "timeouts.stop"],
    },
    "a clear that never completes, at timeouts.clear": {
      step: { kind: "await-cleared" },
      script: { polls: [status(clearing())] },
      code: "FELDERA_ERR_WAIT_TIMEOUT",
      says: ["to clear its storage", "timeouts.clear"],
    },
    "a pipeline that keeps moving, at timeouts.compile + timeouts.start": {
      step: { kind: "await-settled" },
      script: { polls: [status(initializing())] },
      code: "FELDERA_ERR_WAIT_TIMEOUT",
      says: ["Timed out after 2400 s", "timeouts.compile + timeouts.start"],
    },
    "a SQL error, with the compiler's messages": {
      step: { kind: "await-compiled" },
      script: { polls: [status(sqlError())], reads: [sqlError()] },
      code: "FELDERA_ERR_COMPILE",
      says: ['1:8: Error parsing SQL: Encountered "SYNTAX_ERROR"'],
    },
    "a start that fails, with the server's error": {
      step: { kind: "await-deployed", target: "Running" },
      script: { polls: [status(initializing()), status(crashed())] },
      code: "FELDERA_ERR_DEPLOYMENT",
      says: ["failed to start: RuntimeError: worker panicked"],
    },
    "a start someone else stops": {
      step: { kind: "await-deployed", target: "Running" },
      script: { polls: [status(stoppedAfterRun())] },
      code: "FELDERA_ERR_UNEXPECTED_STATE",
      says: ["was stopped by someone else"],
    },
    "a start that waits for an approval nobody gives": {
      step: { kind: "await-deployed", target: "Running" },
      script: { polls: [status(awaitingApproval())] },
      code: "FELDERA_ERR_AWAITING_APPROVAL",
      says: ["fda approve orders"],
    },
    "a pipeline deleted while we wait": {
      step: { kind: "await-stopped" },
      script: { polls: [status(stopping()), unknownPipeline()] },
      code: "FELDERA_ERR_PIPELINE_GONE",
      says: ["deleted outside Pulumi"],
    },
    "a health gate the pipeline crashes": {
      step: { kind: "health-gate", seconds: 30, requireInputProgress: false },
      live: running(),
      script: { polls: [status(running()), status(running()), status(crashed())] },
      code: "FELDERA_ERR_HEALTH_GATE",
      says: ["failed its health gate", "RuntimeError: worker panicked"],
    },
    "a health gate whose input connector fails": {
      step: { kind: "health-gate", seconds: 1, requireInputProgress: true },
      live: running(),
      script: { polls: [status(running())], stats: [receiving(0, "topic does not exist")] },
      code: "FELDERA_ERR_HEALTH_GATE",
      says: ["input orders.kafka failed: topic does not exist"],
    },
    "a health gate whose inputs receive nothing, at timeouts.start": {
      step: { kind: "health-gate", seconds: 1, requireInputProgress: true },
      live: running(),
      script: { polls: [status(running())], stats: [receiving(0)] },
      code: "FELDERA_ERR_WAIT_TIMEOUT",
      says: ["receive records on every input connector", "timeouts.start"],
    },
  };

  for (const [name, row] of Object.entries(failing)) {
    it(name, async () => {
      const api = new ScriptedApi({ current: row.live ?? stopped(), ...row.script });
      const err = await applySteps(stepContext(api), new Tracker(row.live ?? stopped()), [row.step]).catch(
        (e) => e,
      );
      expect(isFelderaError(err, row.code), String(err)).toBe(true);
      for (const text of row.says) expect(err.message).toContain(text);
    });
  }

  it("tells the user which command resumes the operation after a timeout", async () => {
    const api = new ScriptedApi({ polls: [status(stopping())] });
    const ctx = stepContext(api, { rerun: "pulumi destroy" });
    const err = await applySteps(ctx, new Tracker(running()), [{ kind: "await-stopped" }]).catch((e) => e);
    expect(err.message).toContain("run `pulumi destroy` again");
  });
});
