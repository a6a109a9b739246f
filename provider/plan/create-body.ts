/**
 * The body of `POST /v0/pipelines` for a declaration. Omitted optional fields are left out (the server
 * fills the same defaults), fields the server does not store are never sent (docs/feldera/versions.md: tags before v0.313 are
 * ignored and a provider that sends them anyway sees a permanent diff), and nothing is sent as `null`,
 * which POST rejects for `description`/`tags` with a plain-text 400 (docs/feldera/update-rules.md#request-bodies).
 */
import type { DesiredPipeline } from "../model/inputs";
import { PIPELINE_FIELDS, type PipelineField } from "../model/pipeline-fields";
import type { PostPutPipelineBody } from "../model/wire";
import { type PlanFeatures, storedFields } from "./field-changes";

export function createBody(
  desired: DesiredPipeline,
  features: Pick<PlanFeatures, "behaviours" | "tags">,
  table: readonly PipelineField[] = PIPELINE_FIELDS,
): PostPutPipelineBody {
  const declared = desired as Record<string, unknown>;
  const body: Record<string, unknown> = {};
  for (const f of storedFields(features, table)) {
    const value = declared[f.input];
    if (value !== undefined && value !== null) body[f.wire] = value;
    else if (f.required) body[f.wire] = f.empty;
  }
  return body as unknown as PostPutPipelineBody;
}
