/**
 * `check` for a Pipeline: raw inputs (as the engine sends them, possibly holding unknown values during a
 * preview) → the parsed declaration, or failures that each name a property path and the fix.
 *
 * Unknown values: during a preview an input computed from another resource is the engine's unknown
 * sentinel. Such a field cannot be judged yet, so it is left out of validation (a required one is replaced
 * by a valid stand-in) and every failure that depends on it is dropped: a preview must never fail, or crash,
 * on a value nobody knows yet. `update` checks the real value later.
 */
import type { z } from "zod";
import { type DesiredPipeline, PipelineInputsSchema } from "./inputs";
import { describeIssue } from "./runtime-config";

/** The engine's marker for a value not known during preview (`@pulumi/pulumi/runtime/rpc` unknownValue). */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface CheckFailure {
  /** Path of the offending input, camelCase at the top and Feldera's snake_case inside configs. */
  property: string;
  reason: string;
}

/** The verdict on a Pipeline's raw inputs. */
export type InputsCheck =
  /** Every field is known and valid. */
  | { kind: "valid"; desired: DesiredPipeline }
  /** Something known is wrong; `unknownFields` could not be judged. */
  | { kind: "invalid"; failures: CheckFailure[]; unknownFields: string[] }
  /** Some fields are unknown and nothing known is wrong: valid so far, not parseable yet. */
  | { kind: "incomplete"; unknownFields: string[] };

export function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN_VALUE) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (typeof v === "object" && v !== null) return Object.values(v).some(containsUnknown);
  return false;
}

/** Stand-ins for required fields whose value is unknown, so the rest can still be validated. */
const STAND_INS: Record<string, unknown> = { name: "unknown", programCode: "" };

/** Cross-field rules report at one field but read others; unknown readers void the report. */
const READS: Record<string, string[]> = {
  healthGate: ["desiredStatus"],
  desiredStatus: ["runtimeConfig"],
  udfToml: ["udfRust"],
};

export function checkPipelineInputs(raw: Record<string, unknown>): InputsCheck {
  const unknownFields = Object.keys(raw).filter((k) => k !== "__provider" && containsUnknown(raw[k]));
  const candidate: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === "__provider") continue;
    if (!unknownFields.includes(k)) candidate[k] = v;
    else if (k in STAND_INS) candidate[k] = STAND_INS[k];
  }
  const parsed = PipelineInputsSchema.safeParse(candidate, { reportInput: true });
  if (parsed.success) {
    return unknownFields.length
      ? { kind: "incomplete", unknownFields }
      : { kind: "valid", desired: parsed.data };
  }
  const failures = parsed.error.issues
    .filter((issue) => {
      const top = String(issue.path[0] ?? "");
      if (unknownFields.includes(top)) return false;
      return !(READS[top] ?? []).some((f) => unknownFields.includes(f));
    })
    .flatMap(toFailures);
  if (failures.length === 0) return { kind: "incomplete", unknownFields };
  return { kind: "invalid", failures, unknownFields };
}

function toFailures(issue: z.core.$ZodIssue): CheckFailure[] {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => {
      const at = [...path, key].join(".");
      const hint = suggest(key, path.length === 0 ? TOP_LEVEL_KEYS : []);
      return {
        property: at,
        reason: `unknown property '${at}': remove it${hint ? `, or did you mean '${[...path, hint].join(".")}'?` : " or check its spelling"}`,
      };
    });
  }
  const property = path.join(".") || "(inputs)";
  if (issue.message === "unknown key") {
    return [
      {
        property,
        reason: `unknown key '${property}': Feldera would silently drop it, so the setting would never apply; remove it or check its spelling against Feldera's ${path[0] === "programConfig" ? "ProgramConfig" : "RuntimeConfig"} reference`,
      },
    ];
  }
  return [{ property, reason: `${property}: ${describeIssue(issue)}. Fix: ${fixFor(path, issue)}` }];
}

const FIXES: Record<string, string> = {
  name: 'use 1-63 ASCII letters, digits, "-" or "_", starting and ending with a letter or digit (e.g. "orders-v2")',
  programCode: 'pass the SQL program text, e.g. fs.readFileSync("sql/orders.sql", "utf8")',
  description: "shorten the description to at most 300 characters",
  tags: 'use at most 50 tags of 1-50 characters each: letters, digits, spaces and . _ / | \\ : = - (e.g. "owner=data-eng")',
  runtimeConfig:
    "runtimeConfig uses Feldera's RuntimeConfig field names and types (snake_case), e.g. { workers: 8 }",
  programConfig: 'programConfig uses Feldera\'s ProgramConfig fields, e.g. { profile: "optimized" }',
  udfRust: "pass the Rust source of your UDFs as a string",
  udfToml: "pass the [dependencies] section of the UDF crate as a string, and the Rust code in udfRust",
  desiredStatus: 'set desiredStatus to "running" (default), "paused", "standby" or "stopped"',
  bootstrapPolicy: 'set bootstrapPolicy to "allow" (default), "reject" or "await_approval"',
  onRunningChange: 'set onRunningChange to "restart" (default: stop, update, start again) or "fail"',
  onStorageConflict: 'set onStorageConflict to "fail" (default) or "clear" (consent to deleting checkpoints)',
  timeouts: "give timeouts in seconds, e.g. { compile: 1800, start: 600, stop: 300, clear: 300 }",
  adopt: "set adopt to true or false",
  validateSqlOnPreview: "set validateSqlOnPreview to true or false",
  healthGate: 'give healthGate as { seconds: 60 } with desiredStatus "running"',
};

const TOP_LEVEL_KEYS = Object.keys(FIXES).concat("name");

function fixFor(path: string[], issue: z.core.$ZodIssue): string {
  const own = issue.code === "custom" ? (issue.params as { fix?: string } | undefined)?.fix : undefined;
  if (own) return own;
  const top = path[0] ?? "";
  if (top === "runtimeConfig" && path[1] === "workers")
    return "set runtimeConfig.workers to a whole number from 1, e.g. 8";
  if (top === "runtimeConfig" && path.length > 1) {
    return `set runtimeConfig.${path.slice(1).join(".")} as Feldera's RuntimeConfig documents it${
      issue.code === "too_big" || issue.code === "too_small"
        ? " (whole, non-negative numbers within range)"
        : ""
    }`;
  }
  return FIXES[top] ?? "see the Pipeline input reference in the README";
}

/** The closest known key within two edits, for "did you mean". */
function suggest(key: string, known: string[]): string | undefined {
  let best: { k: string; d: number } | undefined;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d <= 2 && (!best || d < best.d)) best = { k, d };
  }
  return best?.k;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
