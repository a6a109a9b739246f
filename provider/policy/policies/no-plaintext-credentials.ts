/**
 * no-plaintext-credentials: connector credentials in programCode are secret references, never literal
 * values. The program text is stored in Pulumi state, in Feldera, and usually in git; a password written
 * into it is a leaked password. Feldera resolves `${secret:<provider>:<identifier>}` references when the
 * pipeline starts (connectors/secret-references in Feldera's docs), so the fix is always available.
 * `${env:NAME}` references are resolved too, but Feldera's documentation reserves them for
 * non-sensitive settings, so they count as plaintext unless `allowEnvReferences` is set.
 *
 * Keys are matched case-insensitively, exactly or as the last segment after `.`, `_` or `-`, so
 * `password` also catches `ssl.key.password` and `registry_password`. Values never appear in messages.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy/policy";
import { settings, stringList } from "../config";
import { configEntries, programConnectors } from "../connectors";
import { ALL_STACKS, stacksProperty } from "../environment";
import type { JsonNode } from "../located-json";
import { openPipeline } from "../rule";

const NAME = "no-plaintext-credentials";

export const CREDENTIAL_KEYS: readonly string[] = [
  "password",
  "secret",
  "sasl.password",
  "aws_secret_access_key",
  "secret_key",
  "secret_access_key",
  "token",
  "api_key",
  "private_key",
  "ssl.key.pem",
];

const SECRET_REFERENCE = /^\$\{secret:[^}]+\}$/;
/** Feldera's reference syntax, spelled out for messages (a plain string, not a template). */
const SECRET_SYNTAX = "$" + "{secret:…}";
const ENV_SYNTAX = "$" + "{env:NAME}";
const ENV_REFERENCE = /^\$\{env:[^}]+\}$/;

const config = settings({
  keys: stringList(
    CREDENTIAL_KEYS,
    "Connector config keys that hold credentials (case-insensitive, also as a suffix).",
  ),
  allowEnvReferences: {
    type: "boolean",
    default: false,
    description: `Accept ${ENV_SYNTAX} references for credentials (Feldera recommends them for non-sensitive values only).`,
  },
  stacks: stacksProperty(ALL_STACKS),
});

export const noPlaintextCredentials: ResourceValidationPolicy = {
  name: NAME,
  description: `Prohibits plaintext credentials in connector configs in programCode; requires ${SECRET_SYNTAX} references.`,
  enforcementLevel: "mandatory",
  configSchema: config.configSchema,
  validateResource: (args, report) => {
    const rule = openPipeline(NAME, config, args, report);
    const code = rule?.text("programCode");
    if (!rule || code === undefined) return;
    const keys = rule.config.keys.map((k) => k.toLowerCase());
    for (const connector of programConnectors(code).connectors) {
      for (const entry of configEntries(connector)) {
        if (!isCredentialKey(entry.key, keys)) continue;
        const kind = plaintextKind(entry.value, rule.config.allowEnvReferences);
        if (!kind) continue;
        rule.report({
          property: "programCode",
          note: `line ${connector.lineOf(entry.keyOffset)}: ${connector.label} sets ${entry.path} to ${kind}`,
          rule: `pipelines ${rule.where} must not hold credentials in plaintext (programCode is stored in Pulumi state, in Feldera and in source control)`,
          fix: `replace the value with a secret reference, e.g. "\${secret:kubernetes:<secret-name>/<data-key>}"`,
        });
      }
    }
  },
};

export function isCredentialKey(key: string, keys: readonly string[]): boolean {
  const k = key.toLowerCase();
  return keys.some((c) => k === c || [".", "_", "-"].some((sep) => k.endsWith(`${sep}${c}`)));
}

/** How a credential value is exposed, or undefined when it is a reference (or empty: nothing to leak). */
function plaintextKind(value: JsonNode, allowEnv: boolean): string | undefined {
  if (value.type === "array") {
    return value.items.map((v) => plaintextKind(v, allowEnv)).find((k) => k !== undefined);
  }
  if (value.type !== "scalar") return undefined;
  const v = value.value;
  if (typeof v === "number") return "a plaintext number";
  if (typeof v !== "string" || v === "" || SECRET_REFERENCE.test(v)) return undefined;
  if (ENV_REFERENCE.test(v))
    return allowEnv ? undefined : `an ${ENV_SYNTAX} reference (environment variables are not a secret store)`;
  return "a plaintext value";
}
