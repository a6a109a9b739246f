/**
 * The top-level fields of a pipeline, one row each: the single statement of what the provider knows about
 * a field (docs/feldera/pipeline-object.md#fields, docs/feldera/update-rules.md#request-bodies, docs/feldera/update-rules.md#update-algorithm, docs/feldera/versions.md). The create body, the PATCH body, Pulumi's input diff, the
 * read-back of outputs, the planner's classification (metadata, core, program, storage-bound) and the
 * version gates are all derived from this table (plan/field-changes.ts, plan/create-body.ts,
 * plan/input-diff.ts, resource/outputs.ts, client/create.ts), each taking the table as a parameter with
 * this one as the default. Adding a Feldera field is a row here, its schema entry in inputs.ts, and tests.
 *
 * The emulator states Feldera's rules separately (emulator/field-rules.ts), and a test compares the two,
 * so a misclassified field shows as a disagreement instead of being shared by the code and its tests.
 */
import { jsonEqual } from "./json";
import { normalizeProgramConfig, sameProgramConfig } from "./program-config";
import { defaultRuntimeConfig, normalizeRuntimeConfig, sameRuntimeConfig } from "./runtime-config";
import type { Behaviour, Behaviours } from "./versions";

/**
 * What changing a field costs (docs/feldera/update-rules.md#update-algorithm): client metadata is written in any state; a core field only on a
 * fully stopped pipeline; a program field is a core field that also makes the program recompile.
 */
export type FieldKind = "metadata" | "core" | "program";

type Config = Record<string, unknown>;

/**
 * A part of a field that the server refuses to change while storage is in use (docs/feldera/update-rules.md#storage-bound), named as
 * `EditRestrictedToClearedStorage.details.not_allowed` names it, with how it is read from the field's
 * value, and the releases between which the server restricts it (docs/feldera/versions.md).
 */
export interface StorageBoundPart {
  key: string;
  read: (value: Config) => unknown;
  since?: Behaviour;
  until?: Behaviour;
}

/** A nested setting a server before `since` does not know and would drop without a word (docs/feldera/update-rules.md#request-bodies). */
export interface GatedSetting {
  /** As written after the input name, e.g. `clock_timezone_offset` or `profile "optimized_symbols"`. */
  setting: string;
  since: Behaviour;
  declared: (value: Config) => boolean;
}

export interface PipelineField {
  /** The resource input (camelCase). */
  input: string;
  /** The REST field (snake_case), in request bodies and pipeline objects. */
  wire: string;
  /** Required in a declaration and in POST/PUT; never left out of a create body. */
  required?: boolean;
  /** What an omitted declaration or an absent/null live value means (docs/feldera/update-rules.md#request-bodies). */
  empty: unknown;
  /** Same meaning to the server; both sides may be undefined (= empty). */
  same: (a: unknown, b: unknown) => boolean;
  kind: FieldKind;
  /** Before this behaviour the field had another kind (description was core before v0.313, docs/feldera/versions.md). */
  legacyKind?: { before: Behaviour; kind: FieldKind };
  /** The server stores the field only since this release; older ones ignore it: never sent, diffed or read back. */
  since?: Behaviour;
  /** Storage-bound parts, in the server's order; a field restricted as a whole reads itself. */
  storageBound?: readonly StorageBoundPart[];
  /** The value as the server stores it, for judging storage-bound parts; undefined if it does not parse. */
  canonical?: (value: unknown) => Config | undefined;
  /** The live value in declared form (for read-back): only what differs from the server's defaults. */
  declaredForm?: (declared: unknown, live: unknown) => unknown;
  gates?: readonly GatedSetting[];
  /** May carry credentials (environment variables, object-store keys, connector settings in SQL). */
  secret?: boolean;
}

const text = (empty: string) => ({
  empty,
  same: (a: unknown, b: unknown) => (a ?? empty) === (b ?? empty),
});

const list = { empty: [], same: (a: unknown, b: unknown) => jsonEqual(a ?? [], b ?? []) };

/** The whole value, for a field restricted as a whole. */
const itself = (key: string, extra: Partial<StorageBoundPart> = {}): StorageBoundPart => ({
  key,
  read: (v) => v,
  ...extra,
});

const resourcesOf = (c: Config): Config => {
  const r = c["resources"];
  return typeof r === "object" && r !== null && !Array.isArray(r) ? (r as Config) : {};
};

/**
 * The storage-bound keys of runtime_config (docs/feldera/update-rules.md#storage-bound), each read as the server reads it from a stored
 * config (absent `hosts` ≡ 1, absent `clock_timezone_offset` ≡ null), with the release that made it
 * storage-bound where that came later (docs/feldera/versions.md): an older server lets it change with storage in use, and a
 * planner that thought otherwise would clear checkpoints for nothing.
 */
const RUNTIME_STORAGE_BOUND: readonly StorageBoundPart[] = [
  { key: "runtime_config.workers", read: (c) => c["workers"] },
  { key: "runtime_config.hosts", read: (c) => c["hosts"] ?? 1, since: "hostsStorageBound" },
  { key: "runtime_config.fault_tolerance", read: (c) => c["fault_tolerance"] },
  { key: "runtime_config.resources.storage_mb_max", read: (c) => resourcesOf(c)["storage_mb_max"] ?? null },
  {
    key: "runtime_config.resources.namespace",
    read: (c) => resourcesOf(c)["namespace"] ?? null,
    since: "namespaceStorageBound",
  },
  {
    key: "runtime_config.resources.storage_class",
    read: (c) => resourcesOf(c)["storage_class"] ?? null,
    since: "storageClassStorageBound",
  },
  {
    key: "runtime_config.clock_timezone_offset",
    read: (c) => c["clock_timezone_offset"] ?? null,
    since: "clockTimezoneOffset",
  },
];

/**
 * A live config in declared form: the declared keys with their live values, plus every other key whose
 * live value is not the default. It normalises to the live config, so comparing it with the declaration
 * shows exactly the drift.
 */
const projectOnto =
  (defaults: () => Config) =>
  (declared: unknown, live: unknown): Config => {
    const known = defaults();
    const declaredKeys = new Set(Object.keys((declared ?? {}) as object));
    const out: Config = {};
    for (const [key, value] of Object.entries((live ?? {}) as Config)) {
      if (!(key in known)) continue; // a key this version does not know cannot be declared
      if (declaredKeys.has(key) || !jsonEqual(value, known[key])) out[key] = value;
    }
    return out;
  };

const programDefaults = (): Config => {
  const r = normalizeProgramConfig({});
  return r.ok ? r.value : {};
};

/**
 * In the order requests are written (the two required fields first, as in PostPutPipeline); a change's
 * storage-bound parts therefore come in the order of `not_allowed` (name, description, runtime_config).
 */
export const PIPELINE_FIELDS: readonly PipelineField[] = [
  { input: "name", wire: "name", required: true, ...text(""), kind: "core", storageBound: [itself("name")] },
  { input: "programCode", wire: "program_code", required: true, ...text(""), kind: "program", secret: true },
  {
    input: "description",
    wire: "description",
    ...text(""),
    kind: "metadata",
    legacyKind: { before: "clientMetadata", kind: "core" },
    storageBound: [itself("description", { until: "clientMetadata" })],
  },
  { input: "tags", wire: "tags", ...list, kind: "metadata", since: "clientMetadata" },
  {
    input: "runtimeConfig",
    wire: "runtime_config",
    empty: {},
    same: (a, b) => sameRuntimeConfig(a ?? {}, b ?? {}),
    kind: "core",
    storageBound: RUNTIME_STORAGE_BOUND,
    canonical: (v) => {
      // A config that does not normalise cannot be judged here: the server will reject it with its own error.
      const r = normalizeRuntimeConfig(v ?? {});
      return r.ok ? r.value : undefined;
    },
    declaredForm: projectOnto(() => defaultRuntimeConfig()),
    gates: [
      {
        setting: "clock_timezone_offset",
        since: "clockTimezoneOffset",
        declared: (c) => c["clock_timezone_offset"] != null,
      },
    ],
    secret: true,
  },
  {
    input: "programConfig",
    wire: "program_config",
    empty: {},
    same: (a, b) => sameProgramConfig(a ?? {}, b ?? {}),
    kind: "program",
    declaredForm: projectOnto(programDefaults),
    gates: [
      // `false` is the default: absent on an older server means exactly that.
      {
        setting: "use_platform_compiler",
        since: "usePlatformCompiler",
        declared: (c) => c["use_platform_compiler"] === true,
      },
      {
        setting: 'profile "optimized_symbols"',
        since: "optimizedSymbols",
        declared: (c) => c["profile"] === "optimized_symbols",
      },
    ],
  },
  { input: "udfRust", wire: "udf_rust", ...text(""), kind: "program" },
  { input: "udfToml", wire: "udf_toml", ...text(""), kind: "program" },
];

/** Whether a server with `behaviours` stores the field at all. */
export function storedBy(field: PipelineField, behaviours: Behaviours): boolean {
  return field.since === undefined || behaviours[field.since];
}

/** The field's kind on a server with `behaviours`. */
export function kindOn(field: PipelineField, behaviours: Behaviours): FieldKind {
  const legacy = field.legacyKind;
  return legacy && !behaviours[legacy.before] ? legacy.kind : field.kind;
}

/** The storage-bound parts of `field` that differ between two values, on a server with `behaviours`. */
export function storageBoundChanges(
  field: PipelineField,
  before: unknown,
  after: unknown,
  behaviours: Behaviours,
): string[] {
  const parts = (field.storageBound ?? []).filter(
    ({ since, until }) =>
      (since === undefined || behaviours[since]) && (until === undefined || !behaviours[until]),
  );
  if (parts.length === 0) return [];
  // A field restricted as a whole (name, description) is its own value: `read` passes it through.
  const canonical = field.canonical ?? ((v: unknown) => (v ?? field.empty) as Config);
  const [b, a] = [canonical(before), canonical(after)];
  if (b === undefined || a === undefined) return [];
  return parts.filter(({ read }) => !jsonEqual(read(b), read(a))).map(({ key }) => key);
}
