/**
 * Inputs making progress: the second half of a health gate with `requireInputProgress`. A pipeline can
 * run without errors and still ingest nothing (a wrong topic, bad credentials, a connector waiting
 * forever); for promotion that is not healthy. Done when:
 *  1. the pipeline is still Running without a deployment error, and
 *  2. every input connector has received at least one record or reached the end of its input.
 *     Feldera's own clock input (`now`, fed by the runtime, not by a source) is not a connector to judge.
 * Terminal: the pipeline stops running (crash, stop, pause), or a connector reports a fatal error.
 * Pending: connectors that have received nothing yet, named in the progress line.
 * The observation pairs the status with the statistics, read only while the status says Running: asked
 * of a pipeline that is not running, /stats answers 503 and would be retried for the client's deadline.
 */
import type { PipelineStats, PipelineStatus } from "../../model/wire";
import { HealthGateError } from "../errors";
import type { Condition } from "../wait";

export interface StatusWithStats {
  status: PipelineStatus;
  stats?: PipelineStats;
}

const CLOCK_INPUT = /(^|\.)now$/;

export function isRunningCleanly(s: PipelineStatus): boolean {
  return (
    s.deployment_resources_status === "Provisioned" &&
    s.deployment_runtime_status === "Running" &&
    !s.deployment_error
  );
}

/** `gate.seconds` is the gate's declared duration (for messages); `gate.startedAt` when it began holding. */
export function inputsProgressed(
  pipeline: string,
  gate: { seconds: number; startedAt: number },
): Condition<StatusWithStats> {
  return {
    waitingFor: "receive records on every input connector (health gate)",
    timeoutInput: "timeouts.start",
    classify({ status, stats }, now) {
      const failure = (reason?: string) =>
        new HealthGateError({
          pipeline,
          requiredSeconds: gate.seconds,
          heldSeconds: (now - gate.startedAt) / 1000,
          last: status,
          reason,
        });
      if (!isRunningCleanly(status) || !stats) return { kind: "fail", error: () => failure() };
      const inputs = stats.inputs.filter((i) => !CLOCK_INPUT.test(i.endpoint_name));
      const broken = inputs.find((i) => i.fatal_error);
      if (broken) {
        return {
          kind: "fail",
          error: () => failure(`input ${broken.endpoint_name} failed: ${broken.fatal_error}`),
        };
      }
      const waiting = inputs.filter((i) => i.metrics.total_records === 0 && !i.metrics.end_of_input);
      if (waiting.length === 0) return { kind: "done" };
      return {
        kind: "pending",
        status: `no records yet on ${waiting.map((i) => i.endpoint_name).join(", ")}`,
      };
    },
  };
}
