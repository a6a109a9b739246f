/**
 * Where the connection settings come from, with the names the fda CLI uses (docs/feldera/clients.md#environment). Precedence, per setting:
 * explicit (code) > Pulumi stack config (`feldera:*`) > environment. An empty string counts as unset (CI
 * systems export empty variables).
 *
 * Credentials are one setting: the highest source that gives an API key *or* a token command decides, and
 * giving both in that source is an error. So a shell with FELDERA_AUTH_TOKEN_COMMAND (for fda) does not
 * clash with a stack's `feldera:apiKey`.
 *
 * There is no default host: an unattended deployment must not silently target `localhost` or a public demo
 * server (the Python SDK and fda default to different ones). Errors name the setting, where its value came
 * from, and the fix; they never echo a credential.
 */
import type { Dispatcher } from "undici";
import { parseEndpoint } from "./endpoint";
import { FelderaConfigError } from "./errors";
import type { FelderaClientOptions } from "./options";

export interface ConnectionSettings {
  host: string;
  apiKey?: string;
  tenant?: string;
  caCertPath?: string;
  insecureTls: boolean;
  authTokenCommand?: string;
  requestTimeoutSeconds?: number;
  retries?: number;
}

export interface ConnectionSources {
  explicit?: Partial<ConnectionSettings>;
  /** Looks up a fully qualified key such as `feldera:host`. */
  stackConfig?: (fullyQualifiedKey: string) => string | undefined;
  env?: Record<string, string | undefined>;
}

type Setting = keyof ConnectionSettings;

/** Stack config key and environment variable of each setting. */
export const SETTING_NAMES: Readonly<Record<Setting, { stack: string; env: string }>> = {
  host: { stack: "feldera:host", env: "FELDERA_HOST" },
  apiKey: { stack: "feldera:apiKey", env: "FELDERA_API_KEY" },
  tenant: { stack: "feldera:tenant", env: "FELDERA_TENANT" },
  caCertPath: { stack: "feldera:caCertPath", env: "FELDERA_HTTPS_TLS_CERT" },
  insecureTls: { stack: "feldera:insecureTls", env: "FELDERA_TLS_INSECURE" },
  authTokenCommand: { stack: "feldera:authTokenCommand", env: "FELDERA_AUTH_TOKEN_COMMAND" },
  requestTimeoutSeconds: { stack: "feldera:requestTimeoutSeconds", env: "FELDERA_REQUEST_TIMEOUT" },
  retries: { stack: "feldera:retries", env: "FELDERA_RETRIES" },
};

type Source = "explicit" | "stack" | "env";

interface Found {
  value: unknown;
  /** The name to quote in messages: `the explicit option retries`, `feldera:retries`, `FELDERA_RETRIES`. */
  where: string;
  source: Source;
}

function find(sources: ConnectionSources, setting: Setting): Found | undefined {
  const names = SETTING_NAMES[setting];
  const candidates: [Source, unknown, string][] = [
    ["explicit", sources.explicit?.[setting], `the explicit option ${setting}`],
    ["stack", sources.stackConfig?.(names.stack), names.stack],
    ["env", sources.env?.[names.env], names.env],
  ];
  for (const [source, value, where] of candidates) {
    if (value !== undefined && value !== null && value !== "") return { value, where, source };
  }
  return undefined;
}

/**
 * Where each setting that is set comes from (`feldera:host`, `FELDERA_API_KEY`, …), by the precedence
 * resolveConnection applies: for messages that name the setting as the user set it. Never a value.
 */
export function settingSources(sources: ConnectionSources): Partial<Record<Setting, string>> {
  const out: Partial<Record<Setting, string>> = {};
  for (const setting of Object.keys(SETTING_NAMES) as Setting[]) {
    const found = find(sources, setting);
    if (found) out[setting] = found.where;
  }
  return out;
}

export function resolveConnection(sources: ConnectionSources): ConnectionSettings {
  const lookup = (setting: Setting): Found | undefined => find(sources, setting);

  const host = lookup("host");
  if (!host) {
    throw new FelderaConfigError(
      "No Feldera host is configured. Set it in one of: the stack config (`pulumi config set feldera:host " +
        "https://feldera.example.com`), the FELDERA_HOST environment variable, or the `host` option in code",
      { setting: "host" },
    );
  }
  const hostText = text(host, "host");
  parseEndpoint(hostText, host.where);

  const settings: ConnectionSettings = { host: hostText.trim().replace(/\/+$/, ""), insecureTls: false };
  const tenant = lookup("tenant");
  if (tenant) settings.tenant = text(tenant, "tenant");
  const ca = lookup("caCertPath");
  if (ca) settings.caCertPath = text(ca, "caCertPath");
  const insecure = lookup("insecureTls");
  if (insecure) settings.insecureTls = flag(insecure);
  const timeout = lookup("requestTimeoutSeconds");
  if (timeout)
    settings.requestTimeoutSeconds = number(timeout, "requestTimeoutSeconds", {
      integer: false,
      min: 0,
      exclusive: true,
    });
  const retries = lookup("retries");
  if (retries) settings.retries = number(retries, "retries", { integer: true, min: 0, exclusive: false });
  Object.assign(settings, credential(lookup("apiKey"), lookup("authTokenCommand")));
  return settings;
}

/** Options for `new FelderaClient` from resolved settings. */
export function clientOptionsFrom(
  settings: ConnectionSettings,
  extra: { onWarning?: (message: string) => void; dispatcher?: Dispatcher } = {},
): FelderaClientOptions {
  const options: FelderaClientOptions = { host: settings.host };
  if (settings.apiKey) options.auth = { kind: "apiKey", apiKey: settings.apiKey };
  else if (settings.authTokenCommand)
    options.auth = { kind: "tokenCommand", command: settings.authTokenCommand };
  if (settings.tenant) options.tenant = settings.tenant;
  if (settings.caCertPath || settings.insecureTls) {
    options.tls = { insecure: settings.insecureTls };
    if (settings.caCertPath) options.tls.caCertPath = settings.caCertPath;
  }
  if (settings.requestTimeoutSeconds !== undefined)
    options.requestTimeoutMs = settings.requestTimeoutSeconds * 1000;
  if (settings.retries !== undefined) options.retry = { maxRetries: settings.retries };
  if (extra.onWarning) options.onWarning = extra.onWarning;
  if (extra.dispatcher) options.dispatcher = extra.dispatcher;
  return options;
}

function credential(apiKey: Found | undefined, command: Found | undefined): Partial<ConnectionSettings> {
  if (!apiKey && !command) return {};
  const rank: Record<Source, number> = { explicit: 0, stack: 1, env: 2 };
  const top = Math.min(apiKey ? rank[apiKey.source] : 9, command ? rank[command.source] : 9);
  const key = apiKey && rank[apiKey.source] === top ? apiKey : undefined;
  const cmd = command && rank[command.source] === top ? command : undefined;
  if (key && cmd) {
    throw new FelderaConfigError(
      `Both an API key (${key.where}) and an auth token command (${cmd.where}) are set: they are two ways ` +
        `of giving the same credential. Unset one of them`,
      { setting: "apiKey", source: key.where },
    );
  }
  if (key) return { apiKey: text(key, "apiKey", true) };
  return { authTokenCommand: text(cmd!, "authTokenCommand", true) };
}

function text(found: Found, setting: Setting, secret = false): string {
  if (typeof found.value === "string") return found.value;
  throw new FelderaConfigError(
    `${found.where} must be a string${secret ? "" : `, got ${typeof found.value}`}: set it to the ${setting} as text`,
    { setting, source: found.where },
  );
}

/** `1/true/yes` and `0/false/no`, any case (FELDERA_TLS_INSECURE, docs/feldera/clients.md#environment); booleans from code as they are. */
function flag(found: Found): boolean {
  if (typeof found.value === "boolean") return found.value;
  const v = String(found.value).trim().toLowerCase();
  if (["1", "true", "yes", "on"].includes(v)) return true;
  if (["0", "false", "no", "off"].includes(v)) return false;
  throw new FelderaConfigError(
    `${found.where} must be true or false (1/true/yes or 0/false/no), got "${String(found.value)}": fix or unset it`,
    { setting: "insecureTls", source: found.where },
  );
}

function number(
  found: Found,
  setting: Setting,
  rule: { integer: boolean; min: number; exclusive: boolean },
): number {
  const n = typeof found.value === "number" ? found.value : Number(String(found.value).trim());
  const ok =
    Number.isFinite(n) &&
    (!rule.integer || Number.isInteger(n)) &&
    (rule.exclusive ? n > rule.min : n >= rule.min);
  if (ok) return n;
  const wanted = rule.integer
    ? "a whole number ≥ 0, such as 5 (0 disables retries)"
    : "a number of seconds > 0, such as 30";
  throw new FelderaConfigError(
    `${found.where} must be ${wanted}, got "${String(found.value)}": fix or unset it`,
    { setting, source: found.where },
  );
}
