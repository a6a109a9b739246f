/**
 * Client options, and turning them into the parts a client is made of: one keep-alive undici Pool for the
 * host's origin (unless a dispatcher is injected), the authenticator, the retry policy, the fixed headers.
 * Validation happens here, at construction, so a misconfiguration fails before the first request.
 */
import { type Dispatcher, Pool } from "undici";
import { type Authenticator, type AuthOptions, createAuthenticator } from "./auth";
import { defaultUserAgent, type Endpoint, parseEndpoint, plainHttpWarning } from "./endpoint";
import { FelderaConfigError } from "./errors";
import type { Wire } from "./http";
import { SecretSet } from "./redact";
import { type RetryPolicy, resolveRetryPolicy } from "./retry-policy";
import { connectTls, type TlsOptions } from "./tls";

export interface FelderaClientOptions {
  /** Base URL, e.g. `https://feldera.example.com` or `http://127.0.0.1:8080`; a path prefix is allowed. */
  host: string;
  /** Default `{ kind: "none" }`. */
  auth?: AuthOptions;
  /** Sent as `Feldera-Tenant` (docs/feldera/auth-and-tenants.md#authentication). */
  tenant?: string;
  tls?: TlsOptions;
  /** Per attempt, headers and body together. Default 30 000 ms. */
  requestTimeoutMs?: number;
  /** Over the defaults of retry-policy.ts (5 retries, 60 s deadline, 1 s → 20 s backoff, Retry-After ≤ 60 s). */
  retry?: Partial<RetryPolicy>;
  /** Pool size (keep-alive connections to the host). Default 16. */
  connections?: number;
  /** Default `pulumi-feldera/<package version>`. */
  userAgent?: string;
  /** Told about risky settings (plain-http credentials, insecure TLS). Default: `process.emitWarning`. */
  onWarning?: (message: string) => void;
  /** Injected for tests and benches; then the pool is not built and `tls`/`connections` do not apply. */
  dispatcher?: Dispatcher;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000; // 30 s per attempt
export const DEFAULT_CONNECTIONS = 16;

export interface ClientParts {
  endpoint: Endpoint;
  wire: Wire;
  auth: Authenticator;
  policy: RetryPolicy;
  /** The pool this client built and must close; undefined when the dispatcher was injected. */
  ownedPool?: Pool;
}

export function buildClientParts(options: FelderaClientOptions): ClientParts {
  const endpoint = parseEndpoint(options.host);
  const warn = options.onWarning ?? ((message: string) => process.emitWarning(message, "FelderaWarning"));
  const secrets = new SecretSet();
  const authOptions = options.auth ?? { kind: "none" };
  if (authOptions.kind === "apiKey" && !authOptions.apiKey) {
    throw new FelderaConfigError('auth.apiKey is empty: give the API key, or use { kind: "none" }', {
      setting: "apiKey",
    });
  }
  if (authOptions.kind === "tokenCommand" && !authOptions.command.trim()) {
    throw new FelderaConfigError('auth.command is empty: give the token command, or use { kind: "none" }', {
      setting: "authTokenCommand",
    });
  }
  const auth = createAuthenticator(authOptions, secrets);
  const plainHttp = plainHttpWarning(endpoint, auth.kind !== "none");
  if (plainHttp) warn(plainHttp);

  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  positive(timeoutMs, "requestTimeoutMs");
  const connections = options.connections ?? DEFAULT_CONNECTIONS;
  positive(connections, "connections");
  const policy = resolveRetryPolicy(options.retry);

  let ownedPool: Pool | undefined;
  let dispatcher = options.dispatcher;
  if (!dispatcher) {
    const tls = endpoint.https ? connectTls(options.tls, warn) : undefined;
    ownedPool = new Pool(endpoint.origin, {
      connections: Math.floor(connections),
      // Feldera keeps idle connections ~5 s (actix default); close ours before the server does.
      keepAliveTimeout: 4_000,
      ...(tls ? { connect: tls } : {}),
    });
    dispatcher = ownedPool;
  }

  const headers: Record<string, string> = {
    accept: "application/json",
    "user-agent": options.userAgent ?? defaultUserAgent(),
  };
  if (options.tenant) headers["feldera-tenant"] = options.tenant;

  return {
    endpoint,
    auth,
    policy,
    ...(ownedPool ? { ownedPool } : {}),
    wire: {
      dispatcher,
      origin: endpoint.origin,
      basePath: endpoint.basePath,
      hostLabel: endpoint.label,
      headers,
      timeoutMs,
      secrets,
    },
  };
}

function positive(value: number, name: string): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new FelderaConfigError(`${name} must be a positive number, got ${String(value)}`, {
      setting: name,
    });
  }
}
