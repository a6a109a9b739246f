/**
 * `program_config` as the server re-serialises it (docs/feldera/update-rules.md#normalisation). Same three callers and same two
 * modes as runtime-config.ts: the emulator stores it, the planner compares it, `check` validates it.
 */
import { z } from "zod";
import { jsonEqual } from "./json";
import { type ConfigIssue, issuesOf, type NormalizeResult } from "./runtime-config";

export const COMPILATION_PROFILES = ["dev", "unoptimized", "optimized", "optimized_symbols"] as const;
export type CompilationProfile = (typeof COMPILATION_PROFILES)[number];

/** `vX.Y.Z` or a 40-hex commit SHA; anything else is `InvalidProgramConfig` on the server. */
const RUNTIME_VERSION = /^(v\d+\.\d+\.\d+|[0-9a-f]{40})$/;

function buildSchema(mode: "server" | "strict") {
  const shape = {
    // null = the compiler's default profile (optimized unless the server was started otherwise).
    profile: z.enum(COMPILATION_PROFILES).nullable().default(null),
    // Persisted but unused by the 0.337 compiler (docs/feldera/compilation.md#when-compilation-runs); kept because the server returns it.
    cache: z.boolean().default(true),
    runtime_version: z
      .string()
      .regex(RUNTIME_VERSION, "expected a version such as v0.337.0 or a 40-character commit SHA")
      .nullable()
      .default(null),
    use_platform_compiler: z.boolean().default(false),
  };
  return mode === "strict" ? z.strictObject(shape) : z.object(shape);
}

const SERVER_SCHEMA = buildSchema("server");
const STRICT_SCHEMA = buildSchema("strict");

export type ProgramConfig = z.output<typeof SERVER_SCHEMA>;
export type ProgramConfigInput = z.input<typeof STRICT_SCHEMA>;

export function normalizeProgramConfig(
  input: unknown,
  mode: "server" | "strict" = "server",
): NormalizeResult<ProgramConfig> {
  const parsed = (mode === "strict" ? STRICT_SCHEMA : SERVER_SCHEMA).safeParse(input ?? {}, {
    reportInput: true,
  });
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues: ConfigIssue[] = issuesOf(parsed.error);
  const message = issues
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
  return { ok: false, kind: "DeserializationFailed", issues, message };
}

/**
 * Same meaning to the server. Servers before v0.310 return no `use_platform_compiler`; normalising both
 * sides makes its absence equal to its default, so such servers never show a permanent diff.
 */
export function sameProgramConfig(a: unknown, b: unknown): boolean {
  const na = normalizeProgramConfig(a);
  const nb = normalizeProgramConfig(b);
  return jsonEqual(na.ok ? na.value : a, nb.ok ? nb.value : b);
}
