/**
 * `converge` against a scripted PipelineApi and a fake clock: plan, apply, plan again until nothing is
 * left. Each row is a live pipeline, a declaration and what the server answers; it is checked against
 * the whole list of writes, or the error.
 */
import { describe, expect, it } from "vitest";
import { type FelderaErrorCode, isFelderaError } from "../../provider/errors";
import { Tracker } from "../../provider/lifecycle/apply";
import { converge } from "../../provider/lifecycle/converge";
import type { PipelineInputs } from "../../provider/model/inputs";
import type { Pipeline } from "../../provider/model/wire";
import type { PlanFeatures } from "../../provider/plan/field-changes";
import {
  awaitingApproval,
  crashed,
  desired,
  FEATURES_0_300,
  FEATURES_0_337,
  featuresOf,
  initializing,
  NEW_SQL,
  paused,
  running,
  SQL,
  standby,
  stopped,
  stoppedAfterRun,
  stopping,
} from "../fixtures/pipelines";
import {
  apiError,
  lifecycleContext,
  lostAnswer,
  type Script,
  ScriptedApi,
  status,
  unknownPipeline,
} from "./scripted-api";

const OPEN_SOURCE = { ...FEATURES_0_337, edition: "open-source" } as const;

interface Case {
  live: Pipeline;
  declared?: Partial<PipelineInputs>;
  features?: PlanFeatures;
  script?: Script;
}

async function run(c: Case) {
  const api = new ScriptedApi({ current: c.live, ...c.script });
  const lines: string[] = [];
  const ctx = lifecycleContext(api, desired(c.declared), c.features ?? FEATURES_0_337, {
    progress: (l) => lines.push(l),
  });
  const tracker = new Tracker(c.live);
  const outcome = await converge(ctx, tracker).catch((e: unknown) => e);
  return { api, outcome, tracker, lines };
}

const converges: Record<string, Case & { writes: string[] }> = {
  "does nothing to a pipeline that matches, without a single request": { live: running(), writes: [] },
  "starts a stopped pipeline and waits until it is Running": {
    live: stopped(),
    script: { polls: [status(initializing()), status(running())] },
    writes: ["start orders running allow"],
  },
  "stops, patches, recompiles and restarts a running pipeline whose program changed": {
    live: running(),
    declared: { programCode: NEW_SQL },
    script: {
      polls: [
        status(stoppedAfterRun()),
        status(stoppedAfterRun({ version: 2, program_status: "CompilingRust" })),
        status(stoppedAfterRun({ version: 2 })),
        status(running({ version: 2 })),
      ],
    },
    writes: ["stop orders force", "patch orders program_code", "start orders running allow"],
  },
  "patches client metadata of a running pipeline without stopping it": {
    live: running(),
    declared: { description: "orders by day", tags: ["team=data"] },
    writes: ["patch orders description,tags"],
  },
  "clears storage for a storage-bound change when consented to": {
    live: stoppedAfterRun(),
    declared: { runtimeConfig: { workers: 4 }, onStorageConflict: "clear", desiredStatus: "stopped" },
    script: { polls: [status(stopped())] },
    writes: ["clear orders", "patch orders runtime_config"],
  },
  "dismisses a crashed pipeline's error before starting it again": {
    live: crashed(),
    script: { polls: [status(running())] },
    writes: ["dismiss_error orders", "start orders running allow"],
  },
  "starts a crashed pipeline without /dismiss_error on a server that has none (< v0.251)": {
    live: crashed(),
    features: featuresOf("0.250.0"),
    script: { polls: [status(running())] },
    writes: ["start orders running allow"],
  },
  "approves a pipeline waiting for approval (bootstrapPolicy allow)": {
    live: awaitingApproval(),
    script: { polls: [status(running())] },
    writes: ["approve orders"],
  },
  "resumes a paused pipeline declared running": {
    live: paused(),
    script: { polls: [status(running())] },
    writes: ["resume orders"],
  },
  "pauses a running pipeline declared paused": {
    live: running(),
    declared: { desiredStatus: "paused" },
    script: { polls: [status(paused())] },
    writes: ["pause orders"],
  },
  "activates a standby pipeline (Enterprise)": {
    live: standby(),
    script: { polls: [status(running())] },
    writes: ["activate orders running"],
  },
  "restarts a standby pipeline on open source, where /activate is 501": {
    live: standby(),
    features: OPEN_SOURCE,
    script: { polls: [status(stoppedAfterRun()), status(running())] },
    writes: ["stop orders force", "start orders running allow"],
  },
  "stops a running pipeline declared stopped": {
    live: running(),
    declared: { desiredStatus: "stopped" },
    script: { polls: [status(stopping()), status(stoppedAfterRun())] },
    writes: ["stop orders force"],
  },
  "lets a starting pipeline settle before patching it, then plans again": {
    live: initializing(),
    declared: { description: "orders by day" },
    script: { polls: [status(initializing()), status(running())] },
    writes: ["patch orders description"],
  },
  "re-reads the pipeline after a wait saw a newer version, and plans from that": {
    live: stopped(),
    script: { polls: [status(running({ version: 2 }))], reads: [running({ version: 2 })] },
    writes: ["start orders running allow"],
  },
  "re-plans when the server says someone started the pipeline between our read and our write": {
    live: stopped(),
    declared: { programCode: NEW_SQL },
    script: {
      failures: { patchPipeline: [apiError("UpdateRestrictedToStopped")] },
      reads: [running()],
      polls: [
        status(stoppedAfterRun()),
        status(stoppedAfterRun({ version: 2 })),
        status(running({ version: 2 })),
      ],
    },
    writes: [
      "patch orders program_code",
      "stop orders force",
      "patch orders program_code",
      "start orders running allow",
    ],
  },
};

describe("converge brings a pipeline to its declaration", () => {
  for (const [name, row] of Object.entries(converges)) {
    it(name, async () => {
      const { api, outcome } = await run(row);
      if (outcome instanceof Error) throw outcome;
      expect(api.writes).toEqual(row.writes);
    });
  }

  it("makes no request at all for a pipeline that matches", async () => {
    const { api } = await run({ live: running() });
    expect(api.calls).toEqual([]);
  });

  it("returns the newest pipeline it saw, with the final status", async () => {
    const { outcome } = await run(
      converges["stops, patches, recompiles and restarts a running pipeline whose program changed"]!,
    );
    expect(outcome).toMatchObject({ program_code: NEW_SQL, version: 2, deployment_status: "Running" });
  });

  it("narrates each plan after the first, so a re-plan is visible", async () => {
    const { lines } = await run(
      converges["re-plans when the server says someone started the pipeline between our read and our write"]!,
    );
    expect(lines).toContain(
      "feldera: pipeline 'orders': stop the pipeline (force), then wait until the pipeline is stopped, then update program_code, then wait for the program to compile, then start it (initial: running, bootstrap policy: allow), then wait until it is Running",
    );
  });
});

const fails: Record<
  string,
  Case & { code: FelderaErrorCode; reason?: string; says: string; writes: string[] }
> = {
  "refuses a core change to a running pipeline with onRunningChange fail": {
    live: running(),
    declared: { programCode: NEW_SQL, onRunningChange: "fail" },
    code: "FELDERA_ERR_PLAN_REFUSED",
    reason: "running-change",
    says: "changing program_code requires stopping it first",
    writes: [],
  },
  "refuses a storage-bound change while storage is in use, without consent": {
    live: stoppedAfterRun(),
    declared: { runtimeConfig: { workers: 4 } },
    code: "FELDERA_ERR_PLAN_REFUSED",
    reason: "storage-conflict",
    says: "'runtime_config.workers'",
    writes: [],
  },
  "refuses a setting the server is too old to know": {
    live: stopped(),
    declared: { runtimeConfig: { clock_timezone_offset: "+02:00" } },
    features: FEATURES_0_300,
    code: "FELDERA_ERR_PLAN_REFUSED",
    reason: "unsupported-setting",
    says: "runtimeConfig.clock_timezone_offset (Feldera v0.326.0 or later)",
    writes: [],
  },
  "names a description change core on a server before v0.313": {
    live: running(),
    declared: { description: "orders by day", onRunningChange: "fail" },
    features: FEATURES_0_300,
    code: "FELDERA_ERR_PLAN_REFUSED",
    reason: "running-change",
    says: "changing description requires stopping it first",
    writes: [],
  },
  "gives up after five rounds when something keeps changing the pipeline": {
    live: stopped(),
    declared: { description: "x", desiredStatus: "stopped" },
    script: {
      failures: { patchPipeline: Array.from({ length: 5 }, () => apiError("UpdateRestrictedToStopped")) },
    },
    code: "FELDERA_ERR_UNEXPECTED_STATE",
    says: "after 5 rounds of planning",
    writes: Array.from({ length: 5 }, () => "patch orders description"),
  },
  "ends with a lost answer, without guessing what the server did": {
    live: running(),
    declared: { programCode: NEW_SQL },
    script: { failures: { stop: [lostAnswer()] } },
    code: "FELDERA_ERR_REQUEST_TIMEOUT",
    says: "did not answer",
    writes: ["stop orders force"],
  },
  "ends with a refusal that is not about the pipeline's state": {
    live: stopped(),
    declared: { description: "x", desiredStatus: "stopped" },
    script: { failures: { patchPipeline: [apiError("TooLongDescription")] } },
    code: "FELDERA_ERR_API",
    says: "TooLongDescription",
    writes: ["patch orders description"],
  },
  "reports a pipeline deleted while it was being stopped as gone": {
    live: running(),
    declared: { desiredStatus: "stopped" },
    script: { polls: [status(stopping()), unknownPipeline()] },
    code: "FELDERA_ERR_PIPELINE_GONE",
    says: "deleted outside Pulumi",
    writes: ["stop orders force"],
  },
  "times out a stop that never completes": {
    live: running(),
    declared: { desiredStatus: "stopped", timeouts: { stop: 20 } },
    script: { polls: [status(stopping())] },
    code: "FELDERA_ERR_WAIT_TIMEOUT",
    says: "Timed out after 20 s waiting for pipeline 'orders' to stop",
    writes: ["stop orders force"],
  },
};

describe("converge stops with an error", () => {
  for (const [name, row] of Object.entries(fails)) {
    it(name, async () => {
      const { api, outcome } = await run(row);
      expect(isFelderaError(outcome, row.code), String(outcome)).toBe(true);
      const err = outcome as Error & { reason?: string };
      if (row.reason) expect(err.reason).toBe(row.reason);
      expect(err.message).toContain(row.says);
      expect(api.writes).toEqual(row.writes);
    });
  }

  it("keeps the last state it saw in the tracker, for the partial-failure report", async () => {
    const { tracker } = await run(fails["times out a stop that never completes"]!);
    expect(tracker.full).toMatchObject({ deployment_status: "Stopping", program_code: SQL });
  });
});
