/**
 * Errors at the Pulumi boundary.
 *
 * PartialFailureError is how a failure after the pipeline exists avoids orphaning it: the
 * dynamic-provider host turns an error thrown from create or update that carries `id` into
 * `ErrorResourceInitFailed` with `properties` and `reasons`, so the engine records the resource and the
 * next `pulumi up` updates it in place (pulumi-kubernetes does the same). The host does not add
 * `__provider` to those properties, so they must carry it themselves, or the next operation on the
 * resource would find no provider to run.
 */
import { FelderaError, type FelderaErrorCode, isFelderaError } from "../errors";
import type { CheckFailure } from "../model/check-inputs";

const PARTIAL: unique symbol = Symbol.for("pulumi-feldera.partial-failure") as never;

/**
 * The code is the underlying failure's (`FELDERA_ERR_COMPILE`, `FELDERA_ERR_PLAN_REFUSED`, …), as the
 * README's troubleshooting table documents: being recorded with an id is how the error travels, not what
 * went wrong. Only a cause that is not this package's error keeps `FELDERA_ERR_PARTIAL`.
 */
export class PartialFailureError extends FelderaError {
  readonly code: FelderaErrorCode;
  readonly [PARTIAL] = true;
  /** Read by the dynamic-provider host: the Feldera pipeline id. */
  readonly id: string;
  /** Read by the host: the outputs to record (with `__provider`). */
  readonly properties: Record<string, unknown>;
  /** Read by the host: shown as the reasons the resource failed to initialise. */
  readonly reasons: string[];
  /** The cause's code (the same as `code` when the cause is this package's error). */
  readonly causeCode?: string;

  constructor(cause: unknown, id: string, properties: Record<string, unknown>) {
    const message = cause instanceof Error ? cause.message : String(cause);
    super(message, { cause });
    this.code = isFelderaError(cause) ? cause.code : "FELDERA_ERR_PARTIAL";
    this.id = id;
    this.properties = properties;
    this.reasons = [message];
    if (isFelderaError(cause)) this.causeCode = cause.code;
  }
}

/** An error already carrying the pipeline's id for the host (from any loaded copy of this package). */
export function isPartialFailure(e: unknown): e is PartialFailureError {
  return typeof e === "object" && e !== null && (e as { [PARTIAL]?: unknown })[PARTIAL] === true;
}

/** Inputs that `check` would have refused reached create/update (e.g. a direct call of pipelineProvider). */
export class InvalidInputError extends FelderaError {
  readonly code = "FELDERA_ERR_INVALID_INPUT" as const;
  constructor(readonly failures: CheckFailure[]) {
    super(`Invalid Pipeline inputs:\n${failures.map((f) => `  - ${f.reason}`).join("\n")}`);
  }
}
