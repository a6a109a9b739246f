/**
 * The body of `POST /v0/pipelines` for a declaration. Omitted optional fields are left out (the server
 * fills the same defaults), tags are sent only to servers that store them (§9: older servers ignore them
 * and a provider that sends them anyway sees a permanent diff), and `description`/`tags` are never sent as
 * `null`, which POST rejects with a plain-text 400 (§2.2).
 */
import type { DesiredPipeline } from "../model/inputs";
import type { PostPutPipelineBody } from "../model/wire";
import type { PlanFeatures } from "./field-changes";

export function createBody(
  desired: DesiredPipeline,
  features: Pick<PlanFeatures, "tags">,
): PostPutPipelineBody {
  const body: PostPutPipelineBody = { name: desired.name, program_code: desired.programCode };
  if (desired.description !== undefined) body.description = desired.description;
  if (desired.tags !== undefined && features.tags) body.tags = desired.tags;
  if (desired.runtimeConfig !== undefined) body.runtime_config = desired.runtimeConfig;
  if (desired.programConfig !== undefined) body.program_config = desired.programConfig;
  if (desired.udfRust !== undefined) body.udf_rust = desired.udfRust;
  if (desired.udfToml !== undefined) body.udf_toml = desired.udfToml;
  return body;
}
