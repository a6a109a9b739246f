/**
 * The errors of this package by code: `isFelderaError(e, "FELDERA_ERR_API")` narrows `e` to the class
 * that has that code (here FelderaApiError), so callers read its fields without casts. The classes live
 * with the layer that throws them; the base class and the brand check are in error-base.ts, which those
 * modules import, so that this map can name every class without an import cycle.
 */
import type * as client from "./client/errors";
import { type FelderaError, type FelderaErrorCode, hasFelderaBrand } from "./error-base";
import type * as lifecycle from "./lifecycle/errors";
import type * as resource from "./resource/errors";

export { FelderaError, type FelderaErrorCode } from "./error-base";

/** Fails to compile unless every code has exactly its class (a class whose `code` is that code). */
type EveryCode<M extends { [C in FelderaErrorCode]: FelderaError & { readonly code: C } }> = M;

/** The class of each error code. */
export type FelderaErrorByCode = EveryCode<{
  FELDERA_ERR_API: client.FelderaApiError;
  FELDERA_ERR_NOT_FELDERA: client.FelderaHttpError;
  FELDERA_ERR_TRANSPORT: client.FelderaTransportError;
  FELDERA_ERR_REQUEST_TIMEOUT: client.FelderaRequestTimeoutError;
  FELDERA_ERR_RETRY_DEADLINE: client.FelderaRetryDeadlineError;
  FELDERA_ERR_RESPONSE_SHAPE: client.FelderaResponseShapeError;
  FELDERA_ERR_CONFIG: client.FelderaConfigError;
  FELDERA_ERR_AUTH_COMMAND: client.FelderaAuthCommandError;
  FELDERA_ERR_UNSUPPORTED_SERVER: client.FelderaUnsupportedServerError;
  FELDERA_ERR_INVALID_INPUT: resource.InvalidInputError;
  FELDERA_ERR_PLAN_REFUSED: lifecycle.PlanRefusedError;
  FELDERA_ERR_WAIT_TIMEOUT: lifecycle.WaitTimeoutError;
  FELDERA_ERR_UNEXPECTED_STATE: lifecycle.UnexpectedStateError;
  FELDERA_ERR_COMPILE: lifecycle.CompileError;
  FELDERA_ERR_DEPLOYMENT: lifecycle.DeploymentError;
  FELDERA_ERR_AWAITING_APPROVAL: lifecycle.AwaitingApprovalError;
  FELDERA_ERR_HEALTH_GATE: lifecycle.HealthGateError;
  FELDERA_ERR_PIPELINE_GONE: lifecycle.PipelineGoneError;
  FELDERA_ERR_PARTIAL: resource.PartialFailureError & { readonly code: "FELDERA_ERR_PARTIAL" };
}>;

/**
 * True when `e` is an error of this package (from any loaded copy), optionally of one `code`; with a code,
 * `e` is narrowed to that code's class. Use this, never `instanceof` (error-base.ts says why).
 */
export function isFelderaError<C extends FelderaErrorCode>(e: unknown, code: C): e is FelderaErrorByCode[C];
export function isFelderaError(e: unknown): e is FelderaError;
export function isFelderaError(e: unknown, code?: FelderaErrorCode): boolean {
  return hasFelderaBrand(e, code);
}
