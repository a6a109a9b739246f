/**
 * What is wrong with a connection, in the words of a person fixing it: which check failed (configuration,
 * reachability, server, authentication), what the server or the network said, and the fix naming the
 * setting as the user set it (`feldera:apiKey` from the stack, `FELDERA_API_KEY` from the environment).
 * `npx pulumi-feldera doctor` prints it; the provider's `check` fails a preview with it, so both give the
 * same diagnosis of the same settings.
 *
 * Checks, in order, stopping at the first failure:
 * 1. reachability and server: `GET /v0/config` answers, from a Feldera ≥ v0.148.0 (the client's own
 *    feature detection, so the provider's later requests reuse it);
 * 2. authentication: `GET /v0/pipelines?selector=status` answers, which needs a valid credential of this
 *    tenant (`/v0/config` alone proves less for a multi-tenant identity, docs/feldera/auth-and-tenants.md#authentication).
 */
import { isFelderaError } from "../errors";
import type { FelderaClient } from "./client";
import type { ConnectionSettings } from "./config";
import { MINIMUM_VERSION, parseVersion, type ServerFeatures } from "./features";

export type Check = "configuration" | "reachability" | "server" | "authentication";

/** How to name a setting in a fix: where its value came from, or where it could be set. */
export type SettingNamer = (setting: keyof ConnectionSettings) => string;

export interface Finding {
  check: Check;
  detail: string;
}

export interface Failure extends Finding {
  fix: string;
}

export interface Diagnosis {
  passed: Finding[];
  warnings: string[];
  failure?: Failure;
  features?: ServerFeatures;
}

export async function diagnoseConnection(
  client: FelderaClient,
  settings: ConnectionSettings,
  name: SettingNamer,
): Promise<Diagnosis> {
  const d: Diagnosis = { passed: [], warnings: [] };
  let features: ServerFeatures;
  try {
    features = await client.features();
  } catch (e) {
    const failure = classifyFailure(e, settings, name);
    if (failure.check === "authentication")
      d.passed.push({
        check: "reachability",
        detail: `the server answered GET /v0/config with ${statusOf(e)}`,
      });
    d.failure = failure;
    return d;
  }
  d.features = features;
  d.passed.push({ check: "reachability", detail: "GET /v0/config answered" });
  const edition = features.edition === "unknown" ? "edition unknown" : `${features.edition} edition`;
  d.passed.push({ check: "server", detail: `Feldera ${features.version}, ${edition}` });
  if (!parseVersion(features.version))
    d.warnings.push(`version "${features.version}" not recognised: assuming current features`);

  try {
    const pipelines = await client.listPipelineStatuses();
    d.passed.push({
      check: "authentication",
      detail: `GET /v0/pipelines answered: ${pipelines.length} pipeline(s) visible`,
    });
  } catch (e) {
    const failure = classifyFailure(e, settings, name);
    d.failure = failure.check === "reachability" ? failure : { ...failure, check: "authentication" };
  }
  return d;
}

/** Any error of a request to Feldera as a failed check with its fix. */
export function classifyFailure(e: unknown, settings: ConnectionSettings, name: SettingNamer): Failure {
  const status = statusOf(e);
  if (status === 400 || status === 401 || status === 403)
    return { check: "authentication", detail: message(e), fix: authFix(status, settings, name) };
  if (isFelderaError(e, "FELDERA_ERR_UNSUPPORTED_SERVER")) {
    const version = (e as { serverVersion?: string }).serverVersion;
    if (version) {
      const minimum = `v${MINIMUM_VERSION.join(".")}`;
      return {
        check: "server",
        detail: `Feldera ${version}: older than ${minimum}, the oldest version pulumi-feldera supports`,
        fix: `upgrade the Feldera server to ${minimum} or later`,
      };
    }
    return {
      check: "reachability",
      detail: message(e),
      fix: `point ${name("host")} at the Feldera API's base URL (including any path prefix)`,
    };
  }
  return { check: "reachability", detail: message(e), fix: reachabilityFix(e, name) };
}

/** A configuration that does not resolve, as a failure (the error names the setting and its source). */
export function configurationFailure(e: unknown, name: SettingNamer): Failure {
  const setting = (e as { setting?: keyof ConnectionSettings }).setting;
  const source = (e as { source?: string }).source;
  const fix =
    setting === "host" && !source
      ? `set ${name("host")} to the Feldera API's URL, e.g. https://feldera.example.com`
      : `correct ${source ?? (setting ? name(setting) : "the setting")} as the message says`;
  return { check: "configuration", detail: message(e), fix };
}

/** One paragraph: the failed check, what happened, the fix. */
export function describeFailure(f: Failure): string {
  return `${f.check} failed: ${f.detail}\nFix: ${f.fix}.`;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function statusOf(e: unknown): number | undefined {
  const s = (e as { status?: unknown } | undefined)?.status;
  if (typeof s === "number") return s;
  // Retries gave up: judge by the last answer.
  const cause = (e as { cause?: unknown } | undefined)?.cause;
  return isFelderaError(e, "FELDERA_ERR_RETRY_DEADLINE") ? statusOf(cause) : undefined;
}

function authFix(status: number, s: ConnectionSettings, name: SettingNamer): string {
  // The tenant selects where a multi-tenant identity acts; API keys carry their own (docs/feldera/auth-and-tenants.md#authentication).
  const tenant = s.tenant ? `${name("tenant")} ('${s.tenant}')` : name("tenant");
  if (status === 403)
    return `use a credential with the write role in this tenant (API keys are tenant-scoped; check ${tenant})`;
  if (status === 400) return `set ${tenant} to a tenant this identity belongs to`;
  if (s.apiKey) return `replace ${name("apiKey")} with a current API key for this server`;
  if (s.authTokenCommand) return `make ${name("authTokenCommand")} print a current token for this server`;
  return `the server requires authentication: set ${name("apiKey")} (or ${name("authTokenCommand")})`;
}

function reachabilityFix(e: unknown, name: SettingNamer): string {
  const code =
    (e as { causeCode?: unknown }).causeCode ?? (e as { cause?: { causeCode?: unknown } }).cause?.causeCode;
  if (isFelderaError(e, "FELDERA_ERR_AUTH_COMMAND"))
    return `make ${name("authTokenCommand")} print a token and exit 0`;
  if (typeof code === "string" && /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO/.test(code)) {
    return `give the server's CA with ${name("caCertPath")}=/path/ca.pem (or ${name("insecureTls")}=true for testing only)`;
  }
  return `start Feldera, or correct ${name("host")} (scheme, host and port); check proxies and firewalls`;
}
