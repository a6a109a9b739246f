/**
 * Fully stopped: done when `deployment_resources_status` and `deployment_resources_desired_status` are
 * both `Stopped` (docs/feldera/deployment-and-stop.md#combined-status). A `deployment_error` does not matter here: a forced stop always completes (docs/feldera/deployment-and-stop.md#stop)
 * and the error is dealt with before the next start. Everything else is pending.
 */
import type { Condition } from "../wait";
import { deploymentStage } from "./deployment-stage";

export function stopped(): Condition {
  return {
    waitingFor: "stop",
    timeoutInput: "timeouts.stop",
    classify(s) {
      if (
        s.deployment_resources_status === "Stopped" &&
        s.deployment_resources_desired_status === "Stopped"
      ) {
        return { kind: "done" };
      }
      return { kind: "pending", status: String(s.deployment_status) };
    },
    stage: (s) => deploymentStage("stop", s),
  };
}
