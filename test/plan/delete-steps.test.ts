import { describe, expect, it } from "vitest";
import type { Pipeline } from "../../provider/model/wire";
import { planDelete } from "../../provider/plan/delete-steps";
import {
  awaitingApproval,
  clearing,
  running,
  stopped,
  stoppedAfterRun,
  stopping,
} from "../fixtures/pipelines";

const kinds = (live: Pipeline) => planDelete(live).map((s) => s.kind);
const STOP_CLEAR_DELETE = ["stop", "await-stopped", "clear-storage", "await-cleared", "delete"];

describe("planDelete (docs/feldera/update-rules.md#delete: only a fully stopped pipeline with Cleared storage can be deleted)", () => {
  it("deletes a stopped pipeline with Cleared storage at once", () => {
    expect(kinds(stopped())).toEqual(["delete"]);
  });

  it("clears the storage of a stopped pipeline that ran, then deletes", () => {
    expect(kinds(stoppedAfterRun())).toEqual(["clear-storage", "await-cleared", "delete"]);
  });

  it("waits for a clear under way instead of sending another", () => {
    expect(kinds(clearing())).toEqual(["await-cleared", "delete"]);
  });

  it("stops a deployed pipeline with force, in any settled runtime status", () => {
    expect(kinds(running())).toEqual(STOP_CLEAR_DELETE);
    expect(kinds(awaitingApproval())).toEqual(STOP_CLEAR_DELETE);
    expect(planDelete(running())[0]).toEqual({ kind: "stop" }); // applySteps sends force=true, always
  });

  it("only waits for a forced stop under way", () => {
    expect(kinds(stopping())).toEqual(STOP_CLEAR_DELETE.slice(1));
  });

  it("overrides a suspend under way with a forced stop (a suspend may drag on, docs/feldera/deployment-and-stop.md#stop)", () => {
    const suspending = running({
      deployment_status: "Suspending",
      deployment_desired_status: "Suspended",
      deployment_runtime_desired_status: "Suspended",
    });
    expect(kinds(suspending)).toEqual(STOP_CLEAR_DELETE);
  });
});
