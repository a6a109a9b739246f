/**
 * Errors of the lifecycle: each carries the pipeline's name, the last status seen and what to do next,
 * because they end up verbatim in `pulumi up` output. Whether the pipeline exists in Feldera (so the
 * engine must record it) is the resource layer's business; these only describe what went wrong.
 * Each constructor takes one object of named fields: several are strings or numbers of the same type, and
 * positional arguments of one type are easy to pass in the wrong order.
 */
import { FelderaError } from "../error-base";
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
  readonly pipeline: string;
  readonly waitingFor: string;
  readonly timeoutSeconds: number;
  readonly timeoutInput: string;
  readonly last: PipelineStatus | undefined;

  constructor(init: {
    pipeline: string;
    waitingFor: string;
    timeoutSeconds: number;
    /** The input that sets this deadline, named in the message: `timeouts.start`, … */
    timeoutInput: string;
    last: PipelineStatus | undefined;
    /** The command that resumes the operation that was waiting: `pulumi up` (default), or `pulumi destroy`. */
    rerun?: string;
  }) {
    const { pipeline, last } = init;
    super(
      `Timed out after ${init.timeoutSeconds} s waiting for pipeline '${pipeline}' to ${init.waitingFor}; it is ${
        last ? describeStatus(last) : "in an unknown state (no status could be read)"
      }. The pipeline is recorded in the stack and nothing was rolled back: run \`${init.rerun ?? "pulumi up"}\` again to keep waiting, raise ${init.timeoutInput} if this step is simply slow, or inspect the pipeline (web console, \`fda status ${pipeline}\`, GET /v0/pipelines/${pipeline}/logs).`,
    );
    this.pipeline = pipeline;
    this.waitingFor = init.waitingFor;
    this.timeoutSeconds = init.timeoutSeconds;
    this.timeoutInput = init.timeoutInput;
    this.last = last;
  }
}

export class CompileError extends FelderaError {
  readonly code = "FELDERA_ERR_COMPILE" as const;
  readonly pipeline: string;
  readonly programStatus: string;
  readonly details: string;

  constructor(init: { pipeline: string; programStatus: string; details: string }) {
    super(`Pipeline '${init.pipeline}' failed to compile (${init.programStatus}):\n${init.details}`);
    this.pipeline = init.pipeline;
    this.programStatus = init.programStatus;
    this.details = init.details;
  }
}

export class DeploymentError extends FelderaError {
  readonly code = "FELDERA_ERR_DEPLOYMENT" as const;
  readonly pipeline: string;
  /** The server's `deployment_error.error_code`. */
  readonly errorCode: string;
  readonly serverMessage: string;
  readonly hint: string;

  constructor(init: { pipeline: string; errorCode: string; serverMessage: string; hint: string }) {
    super(
      `Pipeline '${init.pipeline}' failed to start: ${init.errorCode}: ${init.serverMessage}. ${init.hint}`,
    );
    this.pipeline = init.pipeline;
    this.errorCode = init.errorCode;
    this.serverMessage = init.serverMessage;
    this.hint = init.hint;
  }
}

export class AwaitingApprovalError extends FelderaError {
  readonly code = "FELDERA_ERR_AWAITING_APPROVAL" as const;
  readonly pipeline: string;
  readonly approvalDiff: unknown;

  constructor(init: { pipeline: string; approvalDiff: unknown }) {
    const { pipeline, approvalDiff } = init;
    super(
      `Pipeline '${pipeline}' is AwaitingApproval: its program changed since its last checkpoint and bootstrapPolicy is "await_approval", so Feldera waits for someone to approve bootstrapping the changes${
        approvalDiff ? ` (${JSON.stringify(approvalDiff).slice(0, 300)})` : ""
      }. Approve it (\`fda approve ${pipeline}\`, the web console, or POST /v0/pipelines/${pipeline}/approve) and run \`pulumi up\` again, or set bootstrapPolicy: "allow" to let \`pulumi up\` approve.`,
    );
    this.pipeline = pipeline;
    this.approvalDiff = approvalDiff;
  }
}

export class UnexpectedStateError extends FelderaError {
  readonly code = "FELDERA_ERR_UNEXPECTED_STATE" as const;
  readonly pipeline: string;
  readonly last?: PipelineStatus;

  constructor(init: { pipeline: string; message: string; last?: PipelineStatus }) {
    const { last } = init;
    super(`Pipeline '${init.pipeline}': ${init.message}${last ? ` (now ${describeStatus(last)})` : ""}`);
    this.pipeline = init.pipeline;
    if (last !== undefined) this.last = last;
  }
}

export class PlanRefusedError extends FelderaError {
  readonly code = "FELDERA_ERR_PLAN_REFUSED" as const;
  readonly pipeline: string;
  readonly reason: string;
  readonly fix: string;

  constructor(init: { pipeline: string; reason: string; message: string; fix: string }) {
    super(`${init.message} Fix: ${init.fix}`);
    this.pipeline = init.pipeline;
    this.reason = init.reason;
    this.fix = init.fix;
  }
}

export class PipelineGoneError extends FelderaError {
  readonly code = "FELDERA_ERR_PIPELINE_GONE" as const;
  readonly pipeline: string;
  readonly pipelineId: string | undefined;

  constructor(init: { pipeline: string; pipelineId: string | undefined }) {
    const { pipeline, pipelineId } = init;
    super(
      `Pipeline '${pipeline}'${pipelineId ? ` (id ${pipelineId})` : ""} no longer exists in Feldera: it was deleted outside Pulumi. Run \`pulumi refresh\` to drop it from the stack, then \`pulumi up\` to create it again.`,
    );
    this.pipeline = pipeline;
    this.pipelineId = pipelineId;
  }
}

export class HealthGateError extends FelderaError {
  readonly code = "FELDERA_ERR_HEALTH_GATE" as const;
  readonly pipeline: string;
  readonly requiredSeconds: number;
  readonly heldSeconds: number;
  readonly last: PipelineStatus;
  readonly reason?: string;

  constructor(init: {
    pipeline: string;
    /** The gate's `healthGate.seconds`. */
    requiredSeconds: number;
    /** How long it had been Running cleanly when the gate failed. */
    heldSeconds: number;
    last: PipelineStatus;
    /** What failed when the status itself looks healthy, e.g. an input connector's fatal error. */
    reason?: string;
  }) {
    const { last, reason } = init;
    const what = reason
      ? `${reason} (the pipeline is ${describeStatus(last)})`
      : `it is ${describeStatus(last)}${
          last.deployment_error
            ? `: ${last.deployment_error.error_code}: ${last.deployment_error.message}`
            : ""
        }`;
    super(
      `Pipeline '${init.pipeline}' failed its health gate: it had to stay Running without errors for ${init.requiredSeconds} s after starting, but after ${init.heldSeconds.toFixed(1)} s ${what}. The change is deployed here but should not be promoted: fix it (or revert it) and run pulumi up again.`,
    );
    this.pipeline = init.pipeline;
    this.requiredSeconds = init.requiredSeconds;
    this.heldSeconds = init.heldSeconds;
    this.last = last;
    if (reason !== undefined) this.reason = reason;
  }
}
