/**
 * Settled: done when the pipeline is no longer moving on its own (not starting, stopping or clearing,
 * see plan/phase.ts), so that a plan made from its status is not overtaken by the server. An early start
 * may first have to finish compiling, so this wait is bounded by the compile and start timeouts together.
 */
import { classifyPhase, isMoving } from "../../plan/phase";
import type { Condition } from "../wait";
import { deploymentStage } from "./deployment-stage";

export function settled(): Condition {
  return {
    waitingFor: "finish its current transition",
    timeoutInput: "timeouts.compile + timeouts.start",
    classify(s) {
      const phase = classifyPhase(s);
      return isMoving(phase)
        ? { kind: "pending", status: `${s.deployment_status} (${phase})` }
        : { kind: "done" };
    },
    stage: (s) => deploymentStage("settle", s),
  };
}
