/**
 * The configuration a pipeline will actually run with, read the way the Feldera server reads it.
 *
 * Policies judge effective values, not the literal input: `fault_tolerance: {}` means exactly_once, an
 * absent `storage` means the default storage object, absent `workers` means 8 (docs/feldera/update-rules.md).
 * The normalisation is the model's own (`normalizeRuntimeConfig`, `normalizeProgramConfig`), the same
 * one the emulator and the planner use, in "server" mode: unknown keys are dropped as the server drops
 * them. A config that does not normalise at all is left to the provider's `check`, which reports it
 * with the exact path; a policy then has nothing trustworthy to judge and stays silent.
 *
 * Unknown values must already have been ruled out for the fields a policy reads (`PipelineRule.known`);
 * other unknown fields are removed here so that they fall back to defaults instead of failing the parse.
 * Where a removed one was required, the parse fails all the same: policies read these through
 * `PipelineRule.runtimeConfig()`/`programConfig()`, which then mark them not applicable, naming it.
 */
import { UNKNOWN_VALUE } from "../model/check-inputs";
import { normalizeProgramConfig, type ProgramConfig } from "../model/program-config";
import { normalizeRuntimeConfig, type RuntimeConfig } from "../model/runtime-config";

export function effectiveRuntimeConfig(props: Record<string, unknown>): RuntimeConfig | undefined {
  const raw = withoutUnknowns(props["runtimeConfig"]);
  const r = normalizeRuntimeConfig(raw ?? {}, "server");
  return r.ok ? r.value : undefined;
}

export function effectiveProgramConfig(props: Record<string, unknown>): ProgramConfig | undefined {
  const raw = withoutUnknowns(props["programConfig"]);
  const r = normalizeProgramConfig(raw ?? {}, "server");
  return r.ok ? r.value : undefined;
}

/** The value with every unknown member removed; an unknown value as a whole becomes `undefined`. */
export function withoutUnknowns(value: unknown): unknown {
  if (value === UNKNOWN_VALUE) return undefined;
  if (Array.isArray(value)) return value.filter((v) => v !== UNKNOWN_VALUE).map(withoutUnknowns);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== UNKNOWN_VALUE) out[k] = withoutUnknowns(v);
    }
    return out;
  }
  return value;
}

/** Whether a runtime config declares a key at all (as opposed to leaving it to the server's default). */
export function declares(props: Record<string, unknown>, ...path: string[]): boolean {
  let v: unknown = props["runtimeConfig"];
  for (const step of path) {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
    if (!Object.hasOwn(v, step)) return false;
    v = (v as Record<string, unknown>)[step];
  }
  return v !== undefined;
}
