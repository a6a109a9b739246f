/**
 * The root of every error this package throws.
 *
 * Why a brand instead of plain `instanceof`: a Pulumi program loads `pulumi-feldera` once, and the
 * dynamic-provider host may load it again (from the serialized provider's `require`), and tests may load
 * both the TypeScript sources and the built `dist/`. Two copies of a class are two different constructors,
 * so `instanceof` silently fails across them. Every error carries `Symbol.for("pulumi-feldera.error")`
 * and a stable string `code`; check errors with `isFelderaError` (errors.ts), which works across copies
 * (undici does the same for the same reason).
 */

const BRAND: unique symbol = Symbol.for("pulumi-feldera.error") as never;

/** Stable codes of every error class in this package. One per class; never reused. */
export type FelderaErrorCode =
  // client/
  | "FELDERA_ERR_API"
  | "FELDERA_ERR_NOT_FELDERA"
  | "FELDERA_ERR_TRANSPORT"
  | "FELDERA_ERR_REQUEST_TIMEOUT"
  | "FELDERA_ERR_RETRY_DEADLINE"
  | "FELDERA_ERR_RESPONSE_SHAPE"
  | "FELDERA_ERR_CONFIG"
  | "FELDERA_ERR_AUTH_COMMAND"
  | "FELDERA_ERR_UNSUPPORTED_SERVER"
  // model/ and plan/
  | "FELDERA_ERR_INVALID_INPUT"
  | "FELDERA_ERR_PLAN_REFUSED"
  // lifecycle/
  | "FELDERA_ERR_WAIT_TIMEOUT"
  | "FELDERA_ERR_UNEXPECTED_STATE"
  | "FELDERA_ERR_COMPILE"
  | "FELDERA_ERR_DEPLOYMENT"
  | "FELDERA_ERR_AWAITING_APPROVAL"
  | "FELDERA_ERR_HEALTH_GATE"
  | "FELDERA_ERR_PIPELINE_GONE"
  // resource/
  | "FELDERA_ERR_PARTIAL";

export abstract class FelderaError extends Error {
  /** What kind of failure this is, stable across versions: check it with `isFelderaError(e, code)`. */
  abstract readonly code: FelderaErrorCode;
  /** Marks an error of this package from any loaded copy of it, which `instanceof` cannot. */
  readonly [BRAND] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    // Subclasses set their own `name`; this keeps stack traces readable before they do.
    this.name = new.target.name;
  }
}

/**
 * True when `e` is an error of this package (from any loaded copy), optionally of one `code`. The error
 * modules use this; everyone else uses `isFelderaError` (errors.ts), which also narrows to the class.
 */
export function hasFelderaBrand(e: unknown, code?: FelderaErrorCode): e is FelderaError {
  if (typeof e !== "object" || e === null) return false;
  if ((e as Record<symbol, unknown>)[BRAND] !== true) return false;
  return code === undefined || (e as { code?: unknown }).code === code;
}
