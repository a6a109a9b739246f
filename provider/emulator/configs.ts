/**
 * Validation of the client-supplied parts of a pipeline (docs/feldera/update-rules.md#validation), each returning the
 * server's refusal or the normalised value. The rules themselves live in `provider/model` (shared with
 * the provider's `check`); this file only turns them into the server's error codes and details.
 */
import { isPlainObject } from "../model/json";
import { checkDescription, checkPipelineName, checkTags } from "../model/limits";
import { normalizeProgramConfig, type ProgramConfig } from "../model/program-config";
import { faultToleranceEnabled, normalizeRuntimeConfig, type RuntimeConfig } from "../model/runtime-config";
import type { Behaviours } from "../model/versions";
import { type Reply, refuse } from "./reply";

/** What validation depends on (a PipelineStore is one): the version's behaviours and the edition. */
export interface Platform {
  readonly behaviours: Behaviours;
  readonly edition: "enterprise" | "open-source";
}

export type Checked<T> = { ok: true; value: T } | { ok: false; reply: Reply };

const refused = (reply: Reply): Checked<never> => ({ ok: false, reply });

export function checkName(name: string): Reply | undefined {
  const v = checkPipelineName(name);
  if (!v) return undefined;
  if (v.code === "EmptyName") return refuse("EmptyName");
  if (v.code === "TooLongName") return refuse("TooLongName", { name, length: v.length, maximum: v.maximum });
  return refuse("NameDoesNotMatchPattern", {
    name,
    pattern: v.pattern,
    pattern_description: v.pattern_description,
  });
}

/** Client metadata rules, only since v0.313 (before, description had no limit and tags did not exist). */
export function checkMetadata(platform: Platform, description?: string, tags?: string[]): Reply | undefined {
  if (!platform.behaviours.clientMetadata) return undefined;
  if (description !== undefined) {
    const v = checkDescription(description);
    if (v) return refuse("TooLongDescription", v);
  }
  if (tags !== undefined) {
    const v = checkTags(tags);
    if (v?.code === "TooManyTags") return refuse("TooManyTags", { count: v.count, maximum: v.maximum });
    if (v?.code === "InvalidTag") return refuse("InvalidTag", { tag: v.tag, reason: v.reason });
  }
  return undefined;
}

/** A key a server does not know yet: ignored in requests like any unknown key (docs/feldera/update-rules.md#request-bodies), absent in responses (docs/feldera/versions.md). */
export function withoutUnknownKey(raw: unknown, key: string, known: boolean): unknown {
  if (known || !isPlainObject(raw) || !(key in raw)) return raw;
  const { [key]: _ignored, ...rest } = raw;
  return rest;
}

/** `null`/absent = `{}` = every default (docs/feldera/update-rules.md#request-bodies); re-serialised as the server stores it (docs/feldera/update-rules.md#normalisation). */
export function checkRuntimeConfig(platform: Platform, raw: unknown): Checked<RuntimeConfig> {
  const value = withoutUnknownKey(
    raw ?? {},
    "clock_timezone_offset",
    platform.behaviours.clockTimezoneOffset,
  );
  const result = normalizeRuntimeConfig(value, "server");
  // The server tests fault tolerance (OSS) between deserialising and the env check (validate_runtime_config).
  const parsedForFt = result.ok
    ? result
    : result.kind === "InvalidPipelineEnv"
      ? normalizeRuntimeConfig({ ...(value as object), env: {} }, "server")
      : undefined;
  if (platform.edition === "open-source" && parsedForFt?.ok && faultToleranceEnabled(parsedForFt.value)) {
    return refused(
      refuse("InvalidRuntimeConfig", { value, error: { EnterpriseFeature: "fault tolerance" } }),
    );
  }
  if (!result.ok)
    return refused(refuse("InvalidRuntimeConfig", { value, error: { [result.kind]: result.message } }));
  return { ok: true, value: result.value };
}

export function checkProgramConfig(platform: Platform, raw: unknown): Checked<ProgramConfig> {
  const value = withoutUnknownKey(
    raw ?? {},
    "use_platform_compiler",
    platform.behaviours.usePlatformCompiler,
  );
  if (
    !platform.behaviours.optimizedSymbols &&
    isPlainObject(value) &&
    value["profile"] === "optimized_symbols"
  ) {
    const error =
      "profile: unknown variant `optimized_symbols`, expected one of `dev`, `unoptimized`, `optimized`";
    return refused(refuse("InvalidProgramConfig", { value, error: { DeserializationFailed: error } }));
  }
  const result = normalizeProgramConfig(value, "server");
  if (!result.ok)
    return refused(refuse("InvalidProgramConfig", { value, error: { [result.kind]: result.message } }));
  return { ok: true, value: result.value };
}
