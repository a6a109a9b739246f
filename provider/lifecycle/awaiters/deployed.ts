/**
 * Deployed in the declared runtime status. Done when:
 *  1. `deployment_resources_status` is `Provisioned` (and desired `Provisioned`),
 *  2. `deployment_runtime_status` is the target (`Running`, `Paused` or `Standby`), and
 *  3. there is no `deployment_error`.
 * Terminal:
 *  - fully stopped with a `deployment_error` (a failed start, docs/feldera/deployment-and-stop.md#combined-status): DeploymentError with the server's
 *    message, or CompileError when the error is `StartFailedDueToFailedCompilation`;
 *  - fully stopped without an error: someone stopped it while we waited;
 *  - `AwaitingApproval`: the new program needs an approval (docs/feldera/deployment-and-stop.md#runtime-status) that this wait will not give.
 * Pending: everything on the way (early start, Provisioning, Initializing, Replaying, Bootstrapping, …),
 * and Stopping (a failing start tears down before it reports Stopped with its error).
 */
import type { Pipeline } from "../../model/wire";
import type { RuntimeTarget } from "../../plan/steps";
import { AwaitingApprovalError, DeploymentError, UnexpectedStateError } from "../errors";
import type { Condition } from "../wait";
import { compileError } from "./compiled";
import { deploymentStage } from "./deployment-stage";

const HINTS: Record<string, string> = {
  AutomatonProvisioningTimeout:
    "Provisioning took longer than runtimeConfig.provisioning_timeout_secs (runner default 20 s): check cluster capacity, or raise it.",
  RunnerProvisionError:
    "The runner could not provision compute for it: check the runner's logs and resource limits.",
  AutomatonInvalidRuntimeConfig: "The runner rejected runtimeConfig: correct it and run pulumi up again.",
};
const DEFAULT_HINT =
  "The pipeline is stopped and recorded in the stack; fix the cause (see GET /v0/pipelines/<name>/logs) and run pulumi up again: the error is dismissed before the next start.";

export function deployed(
  pipeline: string,
  target: RuntimeTarget,
  readFull: () => Promise<Pipeline>,
): Condition {
  return {
    waitingFor: `be ${target}`,
    timeoutInput: "timeouts.start",
    classify(s) {
      const resources = s.deployment_resources_status;
      const fullyStopped = resources === "Stopped" && s.deployment_resources_desired_status === "Stopped";
      if (fullyStopped && s.deployment_error) {
        const err = s.deployment_error;
        if (err.error_code === "StartFailedDueToFailedCompilation") {
          return { kind: "fail", error: () => compileError(pipeline, readFull) };
        }
        return {
          kind: "fail",
          error: () =>
            new DeploymentError({
              pipeline,
              errorCode: err.error_code,
              serverMessage: err.message,
              hint: HINTS[err.error_code] ?? DEFAULT_HINT,
            }),
        };
      }
      if (fullyStopped) {
        return {
          kind: "fail",
          error: () =>
            new UnexpectedStateError({
              pipeline,
              message: `was stopped by someone else while waiting for it to be ${target}`,
              last: s,
            }),
        };
      }
      if (s.deployment_runtime_status === "AwaitingApproval" && target !== "Standby") {
        const details = s.deployment_runtime_status_details as { approval_diff?: unknown } | null | undefined;
        return {
          kind: "fail",
          error: () => new AwaitingApprovalError({ pipeline, approvalDiff: details?.approval_diff }),
        };
      }
      if (resources === "Provisioned" && s.deployment_runtime_status === target && !s.deployment_error) {
        return { kind: "done" };
      }
      return { kind: "pending", status: String(s.deployment_status) };
    },
    stage: (s) => deploymentStage(`deploy-${target}`, s),
  };
}
