/**
 * The Pipeline resource's inputs: one zod schema, from which the declared type (`PipelineInputs`, what a
 * program writes) and the parsed type (`DesiredPipeline`, defaults filled in) are both derived.
 *
 * Top-level names are camelCase (Pulumi convention); nested configs keep Feldera's snake_case names so
 * Feldera's documentation applies verbatim. Validation here is everything that can be known without a
 * network: the server's own rules (limits.ts, runtime-config.ts) plus the provider's stricter ones (at
 * least one worker, min ≤ max, options that contradict each other). Every failure names the property path
 * and says how to fix it (check-inputs.ts turns schema issues into those failures; the provider's `check`
 * returns them to the engine, which shows them before anything runs).
 */
import { z } from "zod";
import { checkDescription, checkPipelineName, checkTags } from "./limits";
import { normalizeProgramConfig, type ProgramConfigInput } from "./program-config";
import {
  type ConfigIssue,
  normalizeRuntimeConfig,
  type RuntimeConfig,
  type RuntimeConfigInput,
} from "./runtime-config";
import { BOOTSTRAP_POLICIES } from "./status";

/** The request body limit of the server (actix JSON limit, docs/feldera/errors-and-retries.md#error-body): a larger program is refused with 413. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

export const DESIRED_STATUSES = ["running", "paused", "standby", "stopped"] as const;
export type DesiredStatus = (typeof DESIRED_STATUSES)[number];

/**
 * Default waits, in seconds. Compilation has no server-side timeout (docs/feldera/compilation.md#when-compilation-runs) and a first Rust build can
 * take many minutes, so it gets the longest; the runner's own provisioning timeout is 20 s by default.
 */
export const DEFAULT_TIMEOUTS = { compile: 1800, start: 600, stop: 300, clear: 300 } as const;
/** No wait may be longer than a day: a larger number is a unit mistake (milliseconds for seconds). */
const MAX_TIMEOUT_SECONDS = 86_400;

const seconds = (what: string) =>
  z
    .number({ error: `expected a number of seconds for the ${what} wait` })
    .positive(`the ${what} timeout must be a positive number of seconds`)
    .max(
      MAX_TIMEOUT_SECONDS,
      `the ${what} timeout is more than a day: timeouts are in seconds, not milliseconds`,
    );

const TimeoutsSchema = z
  .strictObject({
    compile: seconds("compile").default(DEFAULT_TIMEOUTS.compile),
    start: seconds("start").default(DEFAULT_TIMEOUTS.start),
    stop: seconds("stop").default(DEFAULT_TIMEOUTS.stop),
    clear: seconds("clear").default(DEFAULT_TIMEOUTS.clear),
  })
  .prefault({});

const HealthGateSchema = z.strictObject({
  /** How long the pipeline must stay Running with no deployment error after a start. */
  seconds: z.number().positive().max(MAX_TIMEOUT_SECONDS),
  /** Also require every input connector to report progress before the gate passes. */
  requireInputProgress: z.boolean().default(false),
});

/** Validates with a shared rule that returns a message, attaching the message at the value's path. */
function rule<T>(check: (v: T) => string | undefined) {
  return (v: T, ctx: z.RefinementCtx) => {
    const message = check(v);
    if (message) ctx.addIssue({ code: "custom", message });
  };
}

const RuntimeConfigInputSchema = z.record(z.string(), z.unknown()).superRefine((raw, ctx) => {
  const strict = normalizeRuntimeConfig(raw, "strict");
  if (!strict.ok) {
    for (const i of strict.issues) {
      const fix =
        i.path[0] === "env" && strict.kind === "InvalidPipelineEnv"
          ? "rename the variable: Feldera sets these itself"
          : undefined;
      ctx.addIssue({ code: "custom", path: i.path, message: i.message, params: { fix } });
    }
  }
  // The provider's own rules still run when only unknown keys or reserved names failed, so that one
  // `pulumi preview` reports every problem at once instead of one per attempt.
  const lenient = strict.ok ? strict : normalizeRuntimeConfig({ ...raw, env: undefined }, "server");
  if (!lenient.ok) return;
  const config = lenient.value;
  for (const issue of providerRuntimeRules(raw, config)) {
    ctx.addIssue({ code: "custom", path: issue.path, message: issue.message, params: { fix: issue.fix } });
  }
});

/**
 * Rules stricter than the server's, each a value the server would accept but that cannot be meant:
 * zero workers or hosts, a minimum above its maximum, fault tolerance without storage to checkpoint to.
 */
function providerRuntimeRules(
  raw: Record<string, unknown>,
  c: RuntimeConfig,
): (ConfigIssue & { fix: string })[] {
  const out: (ConfigIssue & { fix: string })[] = [];
  if (raw["workers"] !== undefined && c.workers < 1) {
    out.push({
      path: ["workers"],
      message: "must be at least 1 worker thread",
      fix: "set workers to 1 or more, e.g. 8",
    });
  }
  if (raw["hosts"] !== undefined && c.hosts < 1) {
    out.push({
      path: ["hosts"],
      message: "must be at least 1 host",
      fix: "set hosts to 1 or more, or leave it out",
    });
  }
  const { cpu_cores_min, cpu_cores_max, memory_mb_min, memory_mb_max } = c.resources;
  if (cpu_cores_min !== null && cpu_cores_min < 0) {
    out.push({
      path: ["resources", "cpu_cores_min"],
      message: "must not be negative",
      fix: "use 0 or more cores",
    });
  }
  if (cpu_cores_max !== null && cpu_cores_max <= 0) {
    out.push({
      path: ["resources", "cpu_cores_max"],
      message: "must be more than 0 cores",
      fix: "use a positive number of cores, e.g. 4",
    });
  }
  if (cpu_cores_min !== null && cpu_cores_max !== null && cpu_cores_min > cpu_cores_max) {
    out.push({
      path: ["resources", "cpu_cores_min"],
      message: `is above cpu_cores_max (${cpu_cores_max})`,
      fix: "make cpu_cores_min at most cpu_cores_max",
    });
  }
  if (memory_mb_min !== null && memory_mb_max !== null && memory_mb_min > memory_mb_max) {
    out.push({
      path: ["resources", "memory_mb_min"],
      message: `is above memory_mb_max (${memory_mb_max})`,
      fix: "make memory_mb_min at most memory_mb_max",
    });
  }
  if (c.fault_tolerance.model !== "none" && c.storage === null) {
    out.push({
      path: ["fault_tolerance"],
      message: "fault tolerance checkpoints to storage, but storage is disabled (storage: false or null)",
      fix: 'remove storage: false (the default storage works), or set fault_tolerance: { model: "none" }',
    });
  }
  return out;
}

const ProgramConfigInputSchema = z.record(z.string(), z.unknown()).superRefine((raw, ctx) => {
  const r = normalizeProgramConfig(raw, "strict");
  if (!r.ok) for (const i of r.issues) ctx.addIssue({ code: "custom", path: i.path, message: i.message });
});

/**
 * The configs are validated by their own schemas (runtime-config.ts, program-config.ts) inside the
 * refinements above, which report every issue at its exact path; their static types are those schemas'
 * input types, so a program gets completion and type errors for Feldera's field names.
 */
const TypedRuntimeConfig = RuntimeConfigInputSchema as unknown as z.ZodType<
  RuntimeConfigInput,
  RuntimeConfigInput
>;
const TypedProgramConfig = ProgramConfigInputSchema as unknown as z.ZodType<
  ProgramConfigInput,
  ProgramConfigInput
>;

const nonEmptyText = (what: string) =>
  z
    .string({ error: `expected ${what} as a string` })
    .refine((s) => Buffer.byteLength(s, "utf8") < MAX_BODY_BYTES, {
      message: `is larger than the 2 MiB the Feldera API accepts in one request`,
    });

export const PipelineInputsSchema = z
  .strictObject({
    name: z.string({ error: "expected the Feldera pipeline name as a string" }).superRefine(
      rule((name: string) => {
        const v = checkPipelineName(name);
        if (!v) return undefined;
        if (v.code === "EmptyName") return "must not be empty";
        if (v.code === "TooLongName") return `is ${v.length} bytes long; Feldera allows at most ${v.maximum}`;
        return `'${name}' is not a valid pipeline name: ${v.pattern_description}`;
      }),
    ),
    programCode: nonEmptyText("the SQL program"),
    description: z
      .string()
      .superRefine(
        rule((d: string) => {
          const v = checkDescription(d);
          return v && `is ${v.length} characters long; Feldera allows at most ${v.maximum}`;
        }),
      )
      .optional(),
    tags: z
      .array(z.string())
      .superRefine(
        rule((tags: string[]) => {
          const v = checkTags(tags);
          if (!v) return undefined;
          return v.code === "TooManyTags"
            ? `has ${v.count} tags; Feldera allows at most ${v.maximum}`
            : `tag '${v.tag}' is invalid: ${v.reason}`;
        }),
      )
      .optional(),
    runtimeConfig: TypedRuntimeConfig.optional(),
    programConfig: TypedProgramConfig.optional(),
    udfRust: nonEmptyText("the Rust UDF source").optional(),
    udfToml: z.string().optional(),
    desiredStatus: z.enum(DESIRED_STATUSES).default("running"),
    /**
     * What a start does when the new program differs from the checkpoint it resumes from (docs/feldera/deployment-and-stop.md#runtime-status). Default
     * `allow`: `pulumi up` after a reviewed preview IS the approval; Feldera's own default
     * (`await_approval`) would leave `pulumi up` waiting for an approval nobody gives.
     */
    bootstrapPolicy: z.enum(BOOTSTRAP_POLICIES).default("allow"),
    onRunningChange: z.enum(["restart", "fail"]).default("restart"),
    onStorageConflict: z.enum(["fail", "clear"]).default("fail"),
    timeouts: TimeoutsSchema,
    adopt: z.boolean().default(false),
    validateSqlOnPreview: z.boolean().default(true),
    healthGate: HealthGateSchema.optional(),
  })
  .superRefine((p, ctx) => {
    // Options that contradict each other: reported at the option that cannot take effect.
    if (p.healthGate && p.desiredStatus !== "running") {
      ctx.addIssue({
        code: "custom",
        path: ["healthGate"],
        message: `requires desiredStatus "running" (it watches a running pipeline), but desiredStatus is "${p.desiredStatus}"`,
        params: { fix: 'remove healthGate, or set desiredStatus to "running"' },
      });
    }
    if (p.desiredStatus === "standby" && !standbyCapable(p.runtimeConfig)) {
      ctx.addIssue({
        code: "custom",
        path: ["desiredStatus"],
        message:
          'is "standby", which Feldera allows only with a file storage backend that syncs to object storage',
        params: {
          fix: 'set runtimeConfig.storage.backend to { name: "file", config: { sync: { bucket: "…" } } }, or choose "running", "paused" or "stopped"',
        },
      });
    }
    if (p.udfToml !== undefined && p.udfToml.trim() !== "" && (p.udfRust ?? "").trim() === "") {
      ctx.addIssue({
        code: "custom",
        path: ["udfToml"],
        message: "declares Rust dependencies, but udfRust is empty: there is no Rust code to use them",
        params: { fix: "add the Rust UDF code in udfRust, or remove udfToml" },
      });
    }
  });

function standbyCapable(raw: RuntimeConfigInput | undefined): boolean {
  const r = normalizeRuntimeConfig(raw ?? {});
  if (!r.ok || r.value.storage === null) return false;
  const backend = r.value.storage.backend;
  return backend.name === "file" && backend.config.sync !== null;
}

/** What a program declares. */
export type PipelineInputs = z.input<typeof PipelineInputsSchema>;

/** The declaration with every default applied: what the planner works from. */
export type DesiredPipeline = z.output<typeof PipelineInputsSchema>;
export type PipelineTimeouts = DesiredPipeline["timeouts"];
export type HealthGate = z.output<typeof HealthGateSchema>;

/** Timeouts from state written by any version: what parses is used, the rest is defaulted. */
export function timeoutsFrom(value: unknown): PipelineTimeouts {
  const r = TimeoutsSchema.safeParse(value ?? {});
  return r.success ? r.data : { ...DEFAULT_TIMEOUTS };
}
