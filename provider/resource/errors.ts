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
import { FelderaError, hasFelderaBrand } from "../error-base";
import type { CheckFailure } from "../model/check-inputs";

export class PartialFailureError extends FelderaError {
  readonly code = "FELDERA_ERR_PARTIAL" as const;
  /** Read by the dynamic-provider host: the Feldera pipeline id. */
  readonly id: string;
  /** Read by the host: the outputs to record (with `__provider`). */
  readonly properties: Record<string, unknown>;
  /** Read by the host: shown as the reasons the resource failed to initialise. */
  readonly reasons: string[];

  constructor(init: { cause: unknown; id: string; properties: Record<string, unknown> }) {
    const { cause } = init;
    const message = cause instanceof Error ? cause.message : String(cause);
    super(message, { cause });
    this.id = init.id;
    this.properties = init.properties;
    this.reasons = [message];
    // The underlying error's code stays reachable for callers that branch on it.
    if (hasFelderaBrand(cause)) this.causeCode = cause.code;
  }

  causeCode?: string;
}

/** Inputs that `check` would have refused reached create/update (e.g. a direct call of pipelineProvider). */
export class InvalidInputError extends FelderaError {
  readonly code = "FELDERA_ERR_INVALID_INPUT" as const;
  readonly failures: CheckFailure[];

  constructor(init: { failures: CheckFailure[] }) {
    super(`Invalid Pipeline inputs:\n${init.failures.map((f) => `  - ${f.reason}`).join("\n")}`);
    this.failures = init.failures;
  }
}
