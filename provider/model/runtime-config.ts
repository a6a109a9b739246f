/**
 * `runtime_config` as the server re-serialises it (docs/feldera/update-rules.md#normalisation), from one zod schema.
 *
 * On every write the server parses `runtime_config` into its typed struct and serialises it back: every
 * known key present with its default, unknown keys dropped, `storage: true` → the default storage object,
 * `storage: false | null` → `null`, `clock_timezone_offset` rendered `±HH:MM`. Three callers need exactly
 * that and nothing else, so it lives here once:
 *  - the emulator stores what it returns (mode "server": unknown keys dropped, as serde does);
 *  - the planner compares declared and live configs after applying the same defaults to both sides
 *    (docs/feldera/update-rules.md#comparing-configs), so defaults the server fills in never look like a change;
 *  - `check` validates declared configs (mode "strict": an unknown key is a typo to report, because the
 *    server would drop it silently and the declared value would never take effect).
 *
 * The schema follows `RuntimeConfig` in openapi.json v0.337; key order is the server's serialisation order.
 */
import { z } from "zod";
import { jsonEqual } from "./json";

type Mode = "server" | "strict";

const u = () => z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const u32 = () =>
  z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1);
const nullableU = () => u().nullable().default(null);
const nullableString = () => z.string().nullable().default(null);
const nullableBool = () => z.boolean().nullable().default(null);
const nullableFloat = () => z.number().finite().nullable().default(null);

function obj<T extends z.core.$ZodLooseShape>(mode: Mode, shape: T) {
  return mode === "strict" ? z.strictObject(shape) : z.object(shape);
}

/** `±HH:MM`, `±HHMM` or `±HH` in; `±HH:MM` out, as the server re-renders it. */
const TZ_OFFSET = /^([+-])(\d{2}):?(\d{2})?$/;
const timezoneOffset = () =>
  z
    .string()
    .refine((s) => {
      const m = TZ_OFFSET.exec(s);
      return m !== null && Number(m[2]) <= 23 && Number(m[3] ?? "0") <= 59;
    }, "expected a UTC offset such as +02:00 or -05:30")
    .transform((s) => {
      const m = TZ_OFFSET.exec(s)!;
      return `${m[1]}${m[2]}:${m[3] ?? "00"}`;
    })
    .nullable()
    .default(null);

function syncConfig(mode: Mode) {
  return obj(mode, {
    endpoint: nullableString(),
    bucket: z.string(),
    region: nullableString(),
    provider: nullableString(),
    access_key: nullableString(),
    secret_key: nullableString(),
    start_from_checkpoint: nullableString(),
    fail_if_no_checkpoint: z.boolean().default(false),
    transfers: u32().nullable().default(null),
    checkers: u32().nullable().default(null),
    ignore_checksum: nullableBool(),
    multi_thread_streams: u32().nullable().default(null),
    multi_thread_cutoff: nullableString(),
    upload_concurrency: u32().nullable().default(null),
    standby: z.boolean().default(false),
    pull_interval: u().default(10),
    push_interval: nullableU(),
    flags: z.array(z.string()).nullable().default(null),
    retention_min_count: u32().default(10),
    retention_min_age: u32().default(30),
    read_bucket: nullableString(),
    optimize_download_resources: z.boolean().default(true),
  });
}

function storageBackend(mode: Mode) {
  return z.discriminatedUnion("name", [
    obj(mode, { name: z.literal("default") }),
    obj(mode, {
      name: z.literal("file"),
      config: obj(mode, {
        async_threads: nullableBool(),
        ioop_delay: nullableU(),
        sync: syncConfig(mode).nullable().default(null),
      }),
    }),
    obj(mode, {
      name: z.literal("object"),
      // Object-store settings are an open map of strings beside the required url.
      config: z.object({ url: z.string() }).catchall(z.string()),
    }),
  ]);
}

function storageOptions(mode: Mode) {
  return obj(mode, {
    backend: storageBackend(mode).default({ name: "default" }),
    min_storage_bytes: nullableU(),
    min_step_storage_bytes: nullableU(),
    compression: z.enum(["default", "none", "snappy"]).default("default"),
    cache_mib: nullableU(),
  });
}

function faultTolerance(mode: Mode) {
  return obj(mode, {
    // Inside a given object the model defaults to exactly_once: `"fault_tolerance": {}` ENABLES it (docs/feldera/update-rules.md#validation).
    model: z.enum(["none", "at_least_once", "exactly_once"]).default("exactly_once"),
    checkpoint_interval_secs: u().nullable().default(60),
  });
}

function resources(mode: Mode) {
  return obj(mode, {
    cpu_cores_min: nullableFloat(),
    cpu_cores_max: nullableFloat(),
    memory_mb_min: nullableU(),
    memory_mb_max: nullableU(),
    storage_mb_max: nullableU(),
    storage_class: nullableString(),
    service_account_name: nullableString(),
    namespace: nullableString(),
  });
}

function devTweaks() {
  // DevTweaks is an open struct (additionalProperties): keys the server does not know are kept, and keys
  // that are unset are omitted rather than written as null (docs/feldera/update-rules.md#normalisation), so it is passed through as given.
  return z.record(z.string(), z.unknown());
}

const DEFAULT_FT: {
  model: "none" | "at_least_once" | "exactly_once";
  checkpoint_interval_secs: number | null;
} = {
  model: "none",
  checkpoint_interval_secs: 60,
};

function buildSchema(mode: Mode) {
  // Built once here, not inside the transforms: constructing a zod schema costs far more than parsing
  // with one, and these run on every normalisation (profiled: most of the provider's CPU at 50 at once).
  const storage = storageOptions(mode);
  const resourceLimits = resources(mode);
  return obj(mode, {
    workers: u32().default(8),
    max_rss_mb: nullableU(),
    datafusion_memory_mb: nullableU(),
    hosts: u().default(1),
    // `true` → the default storage object; `false`/`null` → no storage (docs/feldera/update-rules.md#normalisation).
    storage: z
      .union([z.boolean(), storage])
      .nullable()
      .optional()
      .transform((v) => (v === true || v === undefined ? storage.parse({}) : v === false ? null : v)),
    fault_tolerance: faultTolerance(mode)
      .nullable()
      .optional()
      .transform((v) => v ?? { ...DEFAULT_FT }),
    cpu_profiler: z.boolean().default(true),
    tracing: z.boolean().default(false),
    tracing_endpoint_jaeger: z.string().default("127.0.0.1:6831"),
    min_batch_size_records: u().default(0),
    max_buffering_delay_usecs: u().default(0),
    resources: resourceLimits
      .nullable()
      .optional()
      .transform((v) => v ?? resourceLimits.parse({})),
    clock_resolution_usecs: u().nullable().default(1_000_000),
    clock_timezone_offset: timezoneOffset(),
    pin_cpus: z.array(u()).default([]),
    provisioning_timeout_secs: nullableU(),
    max_parallel_connector_init: nullableU(),
    init_containers: z.unknown().default(null),
    checkpoint_during_suspend: z.boolean().default(true),
    http_workers: nullableU(),
    io_workers: nullableU(),
    env: z.record(z.string(), z.string()).default({}),
    dev_tweaks: devTweaks().default({}),
    logging: nullableString(),
    pipeline_template_configmap: obj(mode, { name: z.string(), key: z.string().default("pipelineTemplate") })
      .nullable()
      .default(null),
  });
}

const SERVER_SCHEMA = buildSchema("server");
const STRICT_SCHEMA = buildSchema("strict");

/** A runtime_config as the server stores and returns it. */
export type RuntimeConfig = z.output<typeof SERVER_SCHEMA>;
/** What a user may write: every key optional, Feldera's own snake_case names. */
export type RuntimeConfigInput = z.input<typeof STRICT_SCHEMA>;

/** Environment variable names the server reserves for itself (docs/feldera/update-rules.md#validation). */
const RESERVED_ENV_NAMES = ["HOSTNAME", "RUST_LOG", "TOKIO_WORKER_THREADS"];
const RESERVED_ENV_PREFIXES = ["FELDERA_", "KUBERNETES_", "TOKIO_"];

export function reservedEnvName(name: string): boolean {
  return RESERVED_ENV_NAMES.includes(name) || RESERVED_ENV_PREFIXES.some((p) => name.startsWith(p));
}

export interface ConfigIssue {
  /** Path inside runtime_config, e.g. `["resources", "memory_mb_max"]`. */
  path: (string | number)[];
  message: string;
}

export type NormalizeResult<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      /** The server's error variant inside `InvalidRuntimeConfig.details.error`. */
      kind: "DeserializationFailed" | "InvalidPipelineEnv";
      issues: ConfigIssue[];
      /** One line, as the server would put it in its error message. */
      message: string;
    };

/** zod issues as config issues; an unknown key is reported at its own path, so the message can name it. */
export function issuesOf(error: z.ZodError): ConfigIssue[] {
  return flatten(error.issues, []);
}

function flatten(issues: readonly z.core.$ZodIssue[], prefix: (string | number)[]): ConfigIssue[] {
  return issues.flatMap((i) => {
    const path = [...prefix, ...i.path.map((p) => (typeof p === "symbol" ? String(p) : p))];
    if (i.code === "unrecognized_keys") {
      return i.keys.map((k) => ({ path: [...path, k], message: "unknown key" }));
    }
    if (i.code === "invalid_union" && i.errors.length > 0) {
      // `storage: true | {…}` and friends: report the branch whose type matched (an object with a bad
      // field), not "Invalid input" for the whole value.
      const matched = i.errors.find(
        (branch) => !branch.every((b) => b.code === "invalid_type" && b.path.length === 0),
      );
      if (matched) return flatten(matched, path);
    }
    return [{ path, message: describeIssue(i) }];
  });
}

/** Issue messages in the words a config author reads: "must be a number, not a string (\"4Gi\")". */
export function describeIssue(i: z.core.$ZodIssue): string {
  const shown = "input" in i ? quotable(i.path, i.input) : undefined;
  if (i.code === "invalid_type" && "input" in i) {
    if (i.input === undefined) return "is required";
    const got = i.input === null ? "null" : Array.isArray(i.input) ? "array" : typeof i.input;
    const expected = i.expected === "record" ? "object" : i.expected;
    return `must be ${article(expected)}, not ${article(got)}${shown ? ` (${shown})` : ""}`;
  }
  if (i.code === "invalid_value") {
    return `must be one of ${i.values.map((v) => JSON.stringify(v)).join(", ")}${shown ? `, not ${shown}` : ""}`;
  }
  return i.message.replace(/^Invalid input: /, "");
}

/** Where a value may be a credential: the engine hands `check` secrets unwrapped, so never echo them. */
const SENSITIVE_SEGMENT = /^(env|storage|init_containers|connectors)$|key|secret|password|token|credential/i;

/** The value as JSON if short and not under a path that may hold a credential; else nothing. */
function quotable(path: readonly PropertyKey[], input: unknown): string | undefined {
  if (path.some((p) => SENSITIVE_SEGMENT.test(String(p)))) return undefined;
  const json = JSON.stringify(input);
  return json !== undefined && json.length <= 40 ? json : undefined;
}

function article(t: string): string {
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

function oneLine(issues: ConfigIssue[]): string {
  return issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
}

/**
 * Parse and re-serialise a runtime_config the way the server does on write. `undefined`/`null`/`{}` give
 * the full default config. Mode "strict" additionally rejects keys the schema does not know.
 */
export function normalizeRuntimeConfig(
  input: unknown,
  mode: Mode = "server",
): NormalizeResult<RuntimeConfig> {
  const schema = mode === "strict" ? STRICT_SCHEMA : SERVER_SCHEMA;
  const parsed = schema.safeParse(input ?? {}, { reportInput: true });
  if (!parsed.success) {
    const issues = issuesOf(parsed.error);
    return { ok: false, kind: "DeserializationFailed", issues, message: oneLine(issues) };
  }
  const reserved = Object.keys(parsed.data.env).filter(reservedEnvName);
  if (reserved.length > 0) {
    const issues = reserved.map((name) => ({
      path: ["env", name],
      message: `environment variable '${name}' is reserved by Feldera (names HOSTNAME, RUST_LOG, TOKIO_WORKER_THREADS and prefixes FELDERA_, KUBERNETES_, TOKIO_)`,
    }));
    return { ok: false, kind: "InvalidPipelineEnv", issues, message: oneLine(issues) };
  }
  return { ok: true, value: parsed.data as RuntimeConfig };
}

/** The config the server stores for `{}` (docs/feldera/update-rules.md#normalisation). */
export function defaultRuntimeConfig(): RuntimeConfig {
  const r = normalizeRuntimeConfig({});
  if (!r.ok) throw new Error(`internal: default runtime_config does not normalise: ${r.message}`);
  return r.value;
}

/**
 * Whether two runtime configs mean the same thing to the server: both sides are normalised first, so
 * `{workers: 8}` equals `{}` and a stored config written by an older server (missing newer keys) equals
 * its re-serialisation. A side that does not normalise is compared verbatim.
 */
export function sameRuntimeConfig(a: unknown, b: unknown): boolean {
  const na = normalizeRuntimeConfig(a);
  const nb = normalizeRuntimeConfig(b);
  return jsonEqual(na.ok ? na.value : a, nb.ok ? nb.value : b);
}

/** `fault_tolerance.model` ≠ `none` (note that `{}` enables it): refused on the OSS edition. */
export function faultToleranceEnabled(config: RuntimeConfig): boolean {
  return config.fault_tolerance.model !== "none";
}
