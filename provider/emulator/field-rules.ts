/**
 * Feldera's rules for writing a pipeline's top-level fields, as this emulator states them: literal
 * tables read off the server's behaviour (docs/feldera/README.md conventions, docs/feldera/update-rules.md#update-algorithm steps 3–8, docs/feldera/versions.md version history),
 * with the release numbers written out. They are deliberately not imported from the provider's field
 * table (model/pipeline-fields.ts): the emulator is what the provider is tested against, and a rule both
 * shared would be wrong in both without any test noticing. test/emulator/field-rules.test.ts compares
 * the two tables, so a disagreement shows.
 */
import { jsonEqual } from "../model/json";
import { versionAtLeast as atLeast, type Version as SemVer } from "../model/versions";

/** The top-level fields of a PostPutPipeline / PatchPipeline body, in the server's order (docs/feldera/update-rules.md#request-bodies). */
export const WRITABLE_FIELDS = [
  "name",
  "description",
  "tags",
  "runtime_config",
  "program_code",
  "udf_rust",
  "udf_toml",
  "program_config",
] as const;
export type WritableField = (typeof WRITABLE_FIELDS)[number];

/**
 * What a change of each field is at v0.337 (docs/feldera/README.md "Conventions"): client metadata is written in
 * any state; a core field only when fully stopped (`UpdateRestrictedToStopped`, docs/feldera/update-rules.md#running-edit); a program
 * field is a core field that also resets the program (docs/feldera/update-rules.md#program-change).
 */
export const FIELD_CLASS: Readonly<Record<WritableField, "metadata" | "core" | "program">> = {
  name: "core",
  description: "metadata",
  tags: "metadata",
  runtime_config: "core",
  program_code: "program",
  udf_rust: "program",
  udf_toml: "program",
  program_config: "program",
};

/**
 * Client metadata exists since v0.313 (docs/feldera/versions.md): before, `tags` is an unknown key (ignored) and `description`
 * is a core, storage-bound field, and every update is refused unless fully stopped, even a no-op.
 */
export const CLIENT_METADATA_SINCE: SemVer = [0, 313, 0];

/** The stored values the storage-bound rule compares. */
export interface StoredCore {
  name: string;
  description: string;
  runtimeConfig: Record<string, unknown>;
}

const resources = (s: StoredCore): Record<string, unknown> =>
  (s.runtimeConfig["resources"] as Record<string, unknown> | null | undefined) ?? {};

/**
 * docs/feldera/update-rules.md#storage-bound: what `EditRestrictedToClearedStorage.details.not_allowed` lists (unquoted here), in the
 * server's order, each with the value it compares (absent `hosts` ≡ 1, absent `clock_timezone_offset` ≡
 * null) and the releases between which the server restricts it (docs/feldera/versions.md; the rule itself dates from v0.97).
 */
export const STORAGE_BOUND: readonly {
  key: string;
  read: (s: StoredCore) => unknown;
  since?: SemVer;
  until?: SemVer;
}[] = [
  { key: "name", read: (s) => s.name },
  { key: "description", read: (s) => s.description, until: CLIENT_METADATA_SINCE },
  { key: "runtime_config.workers", read: (s) => s.runtimeConfig["workers"] },
  { key: "runtime_config.hosts", read: (s) => s.runtimeConfig["hosts"] ?? 1, since: [0, 227, 0] },
  { key: "runtime_config.fault_tolerance", read: (s) => s.runtimeConfig["fault_tolerance"] },
  { key: "runtime_config.resources.storage_mb_max", read: (s) => resources(s)["storage_mb_max"] ?? null },
  {
    key: "runtime_config.resources.namespace",
    read: (s) => resources(s)["namespace"] ?? null,
    since: [0, 303, 0],
  },
  {
    key: "runtime_config.resources.storage_class",
    read: (s) => resources(s)["storage_class"] ?? null,
    since: [0, 305, 0],
  },
  {
    key: "runtime_config.clock_timezone_offset",
    read: (s) => s.runtimeConfig["clock_timezone_offset"] ?? null,
    since: [0, 326, 0],
  },
];

/** The class of `field` on a server of `version`. */
export function fieldClass(field: WritableField, version: SemVer): "metadata" | "core" | "program" {
  if (field === "description" && !atLeast(version, CLIENT_METADATA_SINCE)) return "core";
  return FIELD_CLASS[field];
}

/** The storage-bound entries a server of `version` refuses between two stored states, in its order. */
export function storageBoundChanges(before: StoredCore, after: StoredCore, version: SemVer): string[] {
  return STORAGE_BOUND.filter(
    ({ read, since, until }) =>
      (since === undefined || atLeast(version, since)) &&
      (until === undefined || !atLeast(version, until)) &&
      !jsonEqual(read(before), read(after)),
  ).map(({ key }) => key);
}
