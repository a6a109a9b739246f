/**
 * Which top-level fields of a live pipeline differ from the declaration, and what each difference demands
 * of the server: the one place that knows which field is client metadata, core, a program field or
 * storage-bound (LIFECYCLE.md §2.5, §9). Everything else asks this module.
 *
 * "Declared" includes what was left out: an omitted description is `""`, omitted tags `[]`, an omitted
 * runtime_config the server's defaults — the same meaning a PUT gives them, so the live pipeline converges
 * on exactly what the program says. Configs are compared after normalising both sides (§10.2), so
 * defaults the server fills in never look like a change.
 */

import type { DesiredPipeline } from "../model/inputs";
import { jsonEqual } from "../model/json";
import { sameProgramConfig } from "../model/program-config";
import {
  normalizeRuntimeConfig,
  sameRuntimeConfig,
  storageBoundRuntimeChanges,
} from "../model/runtime-config";
import type { Behaviours } from "../model/versions";
import type { PatchPipelineBody, Pipeline } from "../model/wire";

/** What the planner needs to know about the server; `ServerFeatures` from the client satisfies it. */
export interface PlanFeatures {
  /** As the server reported it, for messages. */
  version: string;
  /** What this server version does, from the version table (§9); all true for an unparsable version. */
  behaviours: Behaviours;
  /** The server stores tags (≥ v0.313). Older ones ignore them: never send them, never diff them. */
  tags: boolean;
  /** description/tags are client metadata (≥ v0.313); before, description is a storage-bound core field. */
  descriptionIsMetadata: boolean;
  /** `/dismiss_error` exists (≥ v0.251). */
  dismissError: boolean;
  /** `/activate` is Enterprise only; "unknown" is treated as Enterprise (the server answers 501 if not). */
  edition: "enterprise" | "open-source" | "unknown";
}

export type TopLevelField =
  | "name"
  | "description"
  | "tags"
  | "runtime_config"
  | "program_code"
  | "udf_rust"
  | "udf_toml"
  | "program_config";

export interface FieldChanges {
  /** The PATCH body: exactly the changed top-level fields, configs whole (the PATCH endpoint's rule). */
  patch: PatchPipelineBody;
  fields: TopLevelField[];
  /** A core field changes: the server refuses it unless the pipeline is fully stopped (§2.5 step 5). */
  core: boolean;
  /** A program field changes: the program recompiles (§2.5 step 10). */
  program: boolean;
  /** Storage-bound fields that change, as the server names them (§2.5 step 8): need Cleared storage. */
  storageBound: string[];
}

const PROGRAM_FIELDS: readonly TopLevelField[] = ["program_code", "udf_rust", "udf_toml", "program_config"];

/** The declared value of each top-level field, with omissions spelled out as the server's defaults. */
export function declaredFields(desired: DesiredPipeline): Required<Omit<PatchPipelineBody, "tags">> & {
  tags: string[];
} {
  return {
    name: desired.name,
    description: desired.description ?? "",
    tags: desired.tags ?? [],
    runtime_config: desired.runtimeConfig ?? {},
    program_code: desired.programCode,
    udf_rust: desired.udfRust ?? "",
    udf_toml: desired.udfToml ?? "",
    program_config: desired.programConfig ?? {},
  };
}

export function diffFields(desired: DesiredPipeline, live: Pipeline, features: PlanFeatures): FieldChanges {
  const want = declaredFields(desired);
  const differs: Record<TopLevelField, boolean> = {
    name: want.name !== live.name,
    description: want.description !== (live.description ?? ""),
    tags: features.tags && !jsonEqual(want.tags, live.tags ?? []),
    runtime_config: !sameRuntimeConfig(want.runtime_config, live.runtime_config ?? {}),
    program_code: want.program_code !== live.program_code,
    udf_rust: want.udf_rust !== (live.udf_rust ?? ""),
    udf_toml: want.udf_toml !== (live.udf_toml ?? ""),
    program_config: !sameProgramConfig(want.program_config, live.program_config ?? {}),
  };
  const fields = (Object.keys(differs) as TopLevelField[]).filter((f) => differs[f]);
  const patch: PatchPipelineBody = {};
  for (const f of fields) (patch as Record<string, unknown>)[f] = want[f];

  const metadata: TopLevelField[] = features.descriptionIsMetadata ? ["description", "tags"] : ["tags"];
  const storageBound: string[] = [];
  if (differs.name) storageBound.push("name");
  if (differs.description && !features.descriptionIsMetadata) storageBound.push("description");
  if (differs.runtime_config)
    storageBound.push(...storageBoundConfigChanges(live.runtime_config, want.runtime_config, features));

  return {
    patch,
    fields,
    core: fields.some((f) => !metadata.includes(f)),
    program: fields.some((f) => PROGRAM_FIELDS.includes(f)),
    storageBound,
  };
}

function storageBoundConfigChanges(live: unknown, declared: unknown, features: PlanFeatures): string[] {
  const before = normalizeRuntimeConfig(live ?? {});
  const after = normalizeRuntimeConfig(declared);
  // A config that does not normalise cannot be judged here: the server will reject it with its own error.
  if (!before.ok || !after.ok) return [];
  return storageBoundRuntimeChanges(before.value, after.value, features.behaviours);
}
