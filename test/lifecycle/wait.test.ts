import { describe, expect, it } from "vitest";
import { isFelderaError } from "../../provider/errors";
import { compiled } from "../../provider/lifecycle/awaiters/compiled";
import { deployed } from "../../provider/lifecycle/awaiters/deployed";
import { DEPLOY_SCHEDULE } from "../../provider/lifecycle/poll-schedule";
import { waitFor } from "../../provider/lifecycle/wait";
import type { Pipeline, PipelineStatus } from "../../provider/model/wire";
import { compiling, crashed, running, sqlError, stopped } from "../fixtures/pipelines";
import { fakeClock } from "./scripted-api";

/** Answers each poll with the next status of a scripted sequence; the last one repeats. */
function script(...states: PipelineStatus[]): { poll: () => Promise<PipelineStatus>; count: () => number } {
  let i = 0;
  return {
    poll: async () => states[Math.min(i++, states.length - 1)]!,
    count: () => i,
  };
}

const readFull = (p: Pipeline) => async () => p;

describe("waitFor", () => {
  it("returns the first status the condition accepts, polling until then", async () => {
    const s = script(compiling("CompilingSql"), compiling("CompilingRust"), stopped({ program_version: 2 }));
    const last = await waitFor(compiled("orders", 2, readFull(stopped())), {
      pipeline: "orders",
      poll: s.poll,
      timeoutSeconds: 60,
      schedule: DEPLOY_SCHEDULE,
      clock: fakeClock(),
      progress: () => {},
    });
    expect(last.program_status).toBe("Success");
    expect(s.count()).toBe(3);
  });

  it("backs off while nothing changes and polls quickly again after a change", async () => {
    const clock = fakeClock();
    const same = compiling("CompilingRust");
    const s = script(
      compiling("CompilingSql"),
      compiling("CompilingSql"),
      compiling("CompilingSql"),
      same,
      same,
      stopped({ program_version: 2 }),
    );
    await waitFor(compiled("orders", 2, readFull(stopped())), {
      pipeline: "orders",
      poll: s.poll,
      timeoutSeconds: 60,
      schedule: { initialMs: 100, factor: 2, maxMs: 1000 },
      clock,
      progress: () => {},
    });
    expect(clock.sleeps).toEqual([100, 200, 400, 100, 200]);
  });

  it("times out with the last status, the elapsed limit and the input that raises it", async () => {
    const s = script(compiling("CompilingRust"));
    const err = await waitFor(compiled("orders", 2, readFull(stopped())), {
      pipeline: "orders",
      poll: s.poll,
      timeoutSeconds: 5,
      schedule: DEPLOY_SCHEDULE,
      clock: fakeClock(),
      progress: () => {},
    }).catch((e) => e);
    expect(isFelderaError(err, "FELDERA_ERR_WAIT_TIMEOUT")).toBe(true);
    expect(err.message).toContain("Timed out after 5 s waiting for pipeline 'orders' to compile");
    expect(err.message).toContain("program CompilingRust");
    expect(err.message).toContain("timeouts.compile");
    expect(err.message).toContain("run `pulumi up` again");
  });

  it("fails at once on a terminal state instead of waiting for the deadline", async () => {
    const clock = fakeClock();
    const failed = sqlError();
    const err = await waitFor(compiled("orders", 1, readFull(failed)), {
      pipeline: "orders",
      poll: script(failed).poll,
      timeoutSeconds: 600,
      schedule: DEPLOY_SCHEDULE,
      clock,
      progress: () => {},
    }).catch((e) => e);
    expect(isFelderaError(err, "FELDERA_ERR_COMPILE")).toBe(true);
    expect(err.message).toContain('1:8: Error parsing SQL: Encountered "SYNTAX_ERROR"');
    expect(err.message).toContain("^^^^");
    expect(clock.sleeps).toEqual([]);
  });

  it("reports a pipeline deleted during the wait as gone", async () => {
    const gone = Object.assign(new Error("Unknown pipeline"), {
      code: "FELDERA_ERR_API",
      errorCode: "UnknownPipelineName",
      [Symbol.for("pulumi-feldera.error")]: true,
    });
    const err = await waitFor(compiled("orders", 1, readFull(stopped())), {
      pipeline: "orders",
      pipelineId: "abc",
      poll: async () => {
        throw gone;
      },
      timeoutSeconds: 60,
      schedule: DEPLOY_SCHEDULE,
      clock: fakeClock(),
      progress: () => {},
    }).catch((e) => e);
    expect(isFelderaError(err, "FELDERA_ERR_PIPELINE_GONE")).toBe(true);
    expect(err.message).toContain("deleted outside Pulumi");
  });

  it("narrates a long wait: status changes, a heartbeat, and how long it took", async () => {
    const lines: string[] = [];
    const slow = Array.from({ length: 40 }, () => compiling("CompilingRust"));
    const s = script(compiling("CompilingSql"), ...slow, stopped({ program_version: 2 }));
    await waitFor(compiled("orders", 2, readFull(stopped())), {
      pipeline: "orders",
      poll: s.poll,
      timeoutSeconds: 600,
      schedule: { initialMs: 1000, factor: 1, maxMs: 1000 },
      clock: fakeClock(),
      progress: (l) => lines.push(l),
    });
    const p = "feldera: pipeline 'orders':";
    expect(lines).toEqual([
      `${p} waiting to compile: CompilingRust (1.0s elapsed)`, // the first second is quiet
      `${p} waiting to compile: CompilingRust (11.0s elapsed)`, // heartbeat after 10 s
      `${p} waiting to compile: CompilingRust (31.0s elapsed)`, // then after 20 s
      `${p} done waiting to compile after 41.0s`,
    ]);
  });

  it("says nothing about a wait that ends within a second", async () => {
    const lines: string[] = [];
    await waitFor(compiled("orders", 2, readFull(stopped())), {
      pipeline: "orders",
      poll: script(compiling(), stopped({ program_version: 2 })).poll,
      timeoutSeconds: 60,
      schedule: DEPLOY_SCHEDULE,
      clock: fakeClock(),
      progress: (l) => lines.push(l),
    });
    expect(lines).toEqual([]);
  });
});

describe("deployed", () => {
  const readAll = readFull(stopped());
  it("is pending while provisioning and done when Running", () => {
    const c = deployed("orders", "Running", readAll);
    expect(
      c.classify(
        stopped({
          deployment_status: "Provisioning",
          deployment_resources_status: "Provisioning",
          deployment_resources_desired_status: "Provisioned",
        }),
        0,
      ).kind,
    ).toBe("pending");
    expect(c.classify(running(), 0).kind).toBe("done");
  });

  it("fails with the server's error when a start ends stopped with a deployment error", async () => {
    const verdict = deployed("orders", "Running", readAll).classify(crashed(), 0);
    if (verdict.kind !== "fail") throw new Error("expected fail");
    const err = await verdict.error();
    expect(err.message).toContain("RuntimeError: worker panicked");
  });

  it("fails clearly when the pipeline waits for an approval", async () => {
    const verdict = deployed("orders", "Running", readAll).classify(
      running({ deployment_status: "AwaitingApproval", deployment_runtime_status: "AwaitingApproval" }),
      0,
    );
    if (verdict.kind !== "fail") throw new Error("expected fail");
    expect((await verdict.error()).message).toContain('bootstrapPolicy: "allow"');
  });

  it("reports compile errors of an early start as compile errors", async () => {
    const failed = sqlError();
    const verdict = deployed("orders", "Running", readFull(failed)).classify(
      stopped({
        program_status: "SqlError",
        deployment_error: { error_code: "StartFailedDueToFailedCompilation", message: "x", details: {} },
      }),
      0,
    );
    if (verdict.kind !== "fail") throw new Error("expected fail");
    expect(isFelderaError(await verdict.error(), "FELDERA_ERR_COMPILE")).toBe(true);
  });
});
