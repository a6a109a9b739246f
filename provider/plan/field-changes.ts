/**
 * Which top-level fields of a live pipeline differ from the declaration, and what each difference demands
 * of the server (docs/feldera/update-rules.md#update-algorithm, docs/feldera/versions.md). What each field is (client metadata, core, program field,
 * storage-bound) is its row in model/pipeline-fields.ts; this module compares and classifies by it.
 *
 * "Declared" includes what was left out: an omitted description is `""`, omitted tags `[]`, an omitted
 * runtime_config the server's defaults — the same meaning a PUT gives them, so the live pipeline converges
 * on exactly what the program says. Configs are compared after normalising both sides (docs/feldera/update-rules.md#comparing-configs), so
 * defaults the server fills in never look like a change.
 */

import type { DesiredPipeline } from "../model/inputs";
import {
  kindOn,
  PIPELINE_FIELDS,
  type PipelineField,
  storageBoundChanges,
  storedBy,
} from "../model/pipeline-fields";
import type { Behaviours } from "../model/versions";
import type { PatchPipelineBody, Pipeline } from "../model/wire";

/** What the planner needs to know about the server; `ServerFeatures` from the client satisfies it. */
export interface PlanFeatures {
  /** As the server reported it, for messages. */
  version: string;
  /** What this server version does, from the version table (docs/feldera/versions.md); all true for an unparsable version. */
  behaviours: Behaviours;
  /**
   * The server stores tags, and description/tags are client metadata (≥ v0.313, or a pipeline that has
   * `tags`). Older ones ignore tags: never send them, never diff them; description is core there.
   */
  tags: boolean;
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
  /** A core field changes: the server refuses it unless the pipeline is fully stopped (docs/feldera/update-rules.md#running-edit). */
  core: boolean;
  /** The changed fields that make it a core change (every change but client metadata). */
  coreFields: TopLevelField[];
  /** A program field changes: the program recompiles (docs/feldera/update-rules.md#program-change). */
  program: boolean;
  /** Storage-bound fields that change, as the server names them (docs/feldera/update-rules.md#storage-bound): need Cleared storage. */
  storageBound: string[];
}

/**
 * The behaviours the field table is judged by. Tag support may be known from a pipeline's shape when the
 * version string could not tell (client/features.ts `refineFeaturesFromPipeline`): that knowledge wins.
 */
export function fieldBehaviours(features: Pick<PlanFeatures, "behaviours" | "tags">): Behaviours {
  const b = features.behaviours;
  return b.clientMetadata === features.tags ? b : { ...b, clientMetadata: features.tags };
}

/** The fields a server with these features stores, in table order. */
export function storedFields(
  features: Pick<PlanFeatures, "behaviours" | "tags">,
  fields: readonly PipelineField[] = PIPELINE_FIELDS,
): PipelineField[] {
  const behaviours = fieldBehaviours(features);
  return fields.filter((f) => storedBy(f, behaviours));
}

/** The declared value of a field, with an omission spelled out as the server's default. */
export function declaredValue(desired: DesiredPipeline, field: PipelineField): unknown {
  return (desired as Record<string, unknown>)[field.input] ?? field.empty;
}

export function diffFields(
  desired: DesiredPipeline,
  live: Pipeline,
  features: PlanFeatures,
  table: readonly PipelineField[] = PIPELINE_FIELDS,
): FieldChanges {
  const behaviours = fieldBehaviours(features);
  const liveFields = live as Record<string, unknown>;
  const changed = storedFields(features, table).filter(
    (f) => !f.same(declaredValue(desired, f), liveFields[f.wire]),
  );
  const patch: Record<string, unknown> = {};
  for (const f of changed) patch[f.wire] = declaredValue(desired, f);
  const wires = (fields: PipelineField[]) => fields.map((f) => f.wire as TopLevelField);
  const coreFields = wires(changed.filter((f) => kindOn(f, behaviours) !== "metadata"));
  return {
    patch: patch as PatchPipelineBody,
    fields: wires(changed),
    core: coreFields.length > 0,
    coreFields,
    program: changed.some((f) => kindOn(f, behaviours) === "program"),
    storageBound: changed.flatMap((f) =>
      storageBoundChanges(f, liveFields[f.wire], declaredValue(desired, f), behaviours),
    ),
  };
}
