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
import { FelderaError, type FelderaErrorCode, hasFelderaBrand } from "../error-base";
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

  constructor(init: { cause: unknown; id: string; properties: Record<string, unknown> }) {
    const { cause } = init;
    const message = cause instanceof Error ? cause.message : String(cause);
    super(message, { cause });
    this.code = hasFelderaBrand(cause) ? cause.code : "FELDERA_ERR_PARTIAL";
    this.id = init.id;
    this.properties = init.properties;
    this.reasons = [message];
    if (hasFelderaBrand(cause)) {
      this.causeCode = cause.code;
      // It answers to its cause's code, so it carries the cause's fields too (the pipeline, Feldera's
      // error_code, the compiler's messages): a guard that narrows by code then tells the truth.
      for (const [k, v] of Object.entries(cause))
        if (!(k in this)) Object.defineProperty(this, k, { value: v, enumerable: true });
    }
  }
}

/** An error already carrying the pipeline's id for the host (from any loaded copy of this package). */
export function isPartialFailure(e: unknown): e is PartialFailureError {
  return typeof e === "object" && e !== null && (e as { [PARTIAL]?: unknown })[PARTIAL] === true;
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
