/**
 * The Feldera HTTP client: typed requests with retries, auth, TLS and feature detection. Everything other
 * layers may use is re-exported here; the files behind it are implementation.
 */
export type { AuthOptions } from "./auth";
export { FelderaClient, type StartOptions } from "./client";
export {
  type ConnectionSettings,
  type ConnectionSources,
  clientOptionsFrom,
  resolveConnection,
  SETTING_NAMES,
} from "./config";
export {
  FelderaApiError,
  FelderaAuthCommandError,
  FelderaConfigError,
  FelderaHttpError,
  FelderaRequestTimeoutError,
  FelderaResponseShapeError,
  FelderaRetryDeadlineError,
  FelderaTransportError,
  FelderaUnsupportedServerError,
  isApiError,
  type RequestSent,
} from "./errors";
export {
  assertSupported,
  detectFeatures,
  MINIMUM_VERSION,
  parseVersion,
  refineFeaturesFromPipeline,
  type ServerFeatures,
} from "./features";
export { idempotencyReason, isIdempotent, type Operation } from "./idempotency";
export { DEFAULT_CONNECTIONS, DEFAULT_REQUEST_TIMEOUT_MS, type FelderaClientOptions } from "./options";
export { redact } from "./redact";
export { DEFAULT_RETRY, type RetryPolicy, resolveRetryPolicy } from "./retry-policy";
export type { TlsOptions } from "./tls";
