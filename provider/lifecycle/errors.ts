/**
 * Errors of the lifecycle: each carries the pipeline's name, the last status seen and what to do next,
 * because they end up verbatim in `pulumi up` output. Whether the pipeline exists in Feldera (so the
 * engine must record it) is the resource layer's business; these only describe what went wrong.
 */
import { FelderaError } from "../errors";
import type { PipelineStatus } from "../model/wire";

/** A one-line picture of where a pipeline is, for messages: "Provisioning (resources Provisioning → Provisioned, storage InUse)". */
export function describeStatus(s: PipelineStatus): string {
  const parts = [
    `program ${s.program_status}`,
    `resources ${s.deployment_resources_status ?? "?"} → ${s.deployment_resources_desired_status ?? "?"}`,
    `storage ${s.storage_status ?? "?"}`,
  ];
  if (s.deployment_error) parts.push(`error ${s.deployment_error.error_code}`);
  return `${s.deployment_status} (${parts.join(", ")})`;
}

export class WaitTimeoutError extends FelderaError {
  readonly code = "FELDERA_ERR_WAIT_TIMEOUT" as const;
  constructor(
    readonly pipeline: string,
    readonly waitingFor: string,
    readonly timeoutSeconds: number,
    readonly timeoutInput: string,
    readonly last: PipelineStatus | undefined,
    /** The command that resumes the operation that was waiting: `pulumi up`, or `pulumi destroy`. */
    rerun = "pulumi up",
  ) {
    super(
      `Timed out after ${timeoutSeconds} s waiting for pipeline '${pipeline}' to ${waitingFor}; it is ${
        last ? describeStatus(last) : "in an unknown state (no status could be read)"
      }. The pipeline is recorded in the stack and nothing was rolled back: run \`${rerun}\` again to keep waiting, raise ${timeoutInput} if this step is simply slow, or inspect the pipeline (web console, \`fda status ${pipeline}\`, GET /v0/pipelines/${pipeline}/logs).`,
    );
  }
}

export class CompileError extends FelderaError {
  readonly code = "FELDERA_ERR_COMPILE" as const;
  constructor(
    readonly pipeline: string,
    readonly programStatus: string,
    readonly details: string,
  ) {
    super(`Pipeline '${pipeline}' failed to compile (${programStatus}):\n${details}`);
  }
}

export class DeploymentError extends FelderaError {
  readonly code = "FELDERA_ERR_DEPLOYMENT" as const;
  constructor(
    readonly pipeline: string,
    readonly errorCode: string,
    readonly serverMessage: string,
    readonly hint: string,
  ) {
    super(`Pipeline '${pipeline}' failed to start: ${errorCode}: ${serverMessage}. ${hint}`);
  }
}

export class AwaitingApprovalError extends FelderaError {
  readonly code = "FELDERA_ERR_AWAITING_APPROVAL" as const;
  constructor(
    readonly pipeline: string,
    readonly approvalDiff: unknown,
  ) {
    super(
      `Pipeline '${pipeline}' is AwaitingApproval: its program changed since its last checkpoint and bootstrapPolicy is "await_approval", so Feldera waits for someone to approve bootstrapping the changes${
        approvalDiff ? ` (${JSON.stringify(approvalDiff).slice(0, 300)})` : ""
      }. Approve it (\`fda approve ${pipeline}\`, the web console, or POST /v0/pipelines/${pipeline}/approve) and run \`pulumi up\` again, or set bootstrapPolicy: "allow" to let \`pulumi up\` approve.`,
    );
  }
}

export class UnexpectedStateError extends FelderaError {
  readonly code = "FELDERA_ERR_UNEXPECTED_STATE" as const;
  constructor(
    readonly pipeline: string,
    message: string,
    readonly last?: PipelineStatus,
  ) {
    super(`Pipeline '${pipeline}': ${message}${last ? ` (now ${describeStatus(last)})` : ""}`);
  }
}

export class PlanRefusedError extends FelderaError {
  readonly code = "FELDERA_ERR_PLAN_REFUSED" as const;
  constructor(
    readonly pipeline: string,
    readonly reason: string,
    detail: string,
    readonly fix: string,
  ) {
    super(`${detail} Fix: ${fix}`);
  }
}

export class PipelineGoneError extends FelderaError {
  readonly code = "FELDERA_ERR_PIPELINE_GONE" as const;
  constructor(
    readonly pipeline: string,
    readonly pipelineId: string | undefined,
  ) {
    super(
      `Pipeline '${pipeline}'${pipelineId ? ` (id ${pipelineId})` : ""} no longer exists in Feldera: it was deleted outside Pulumi. Run \`pulumi refresh\` to drop it from the stack, then \`pulumi up\` to create it again.`,
    );
  }
}

export class HealthGateError extends FelderaError {
  readonly code = "FELDERA_ERR_HEALTH_GATE" as const;
  constructor(
    readonly pipeline: string,
    readonly requiredSeconds: number,
    readonly heldSeconds: number,
    readonly last: PipelineStatus,
    /** What failed when the status itself looks healthy, e.g. an input connector's fatal error. */
    readonly reason?: string,
  ) {
    const what = reason
      ? `${reason} (the pipeline is ${describeStatus(last)})`
      : `it is ${describeStatus(last)}${
          last.deployment_error
            ? `: ${last.deployment_error.error_code}: ${last.deployment_error.message}`
            : ""
        }`;
    super(
      `Pipeline '${pipeline}' failed its health gate: it had to stay Running without errors for ${requiredSeconds} s after starting, but after ${heldSeconds.toFixed(1)} s ${what}. The change is deployed here but should not be promoted: fix it (or revert it) and run pulumi up again.`,
    );
  }
}
