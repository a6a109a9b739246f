/**
 * Finds our pipeline. Feldera addresses pipelines by name, but a name can change outside Pulumi (a rename
 * keeps the id, docs/feldera/update-rules.md#put-and-rename) and a name can be reused by a different pipeline after ours was deleted. The id is
 * the identity: by name first (one request in the usual case), by id through the list otherwise.
 */
import { isFelderaError } from "../errors";
import type { Pipeline } from "../model/wire";
import type { PipelineApi } from "./pipeline-api";

export function isUnknownPipeline(e: unknown): boolean {
  return isFelderaError(e, "FELDERA_ERR_API") && e.errorCode === "UnknownPipelineName";
}

export async function getIfExists(api: PipelineApi, name: string): Promise<Pipeline | undefined> {
  try {
    return await api.getPipeline(name);
  } catch (e) {
    if (isUnknownPipeline(e)) return undefined;
    throw e;
  }
}

/** The pipeline with this id, looked up by its last known name first; undefined when it is gone. */
export async function locate(
  api: PipelineApi,
  name: string,
  id: string | undefined,
): Promise<Pipeline | undefined> {
  const byName = await getIfExists(api, name);
  if (byName && (!id || byName.id === id)) return byName;
  if (!id) return undefined;
  const hit = (await api.listPipelineStatuses()).find((p) => p.id === id);
  return hit ? getIfExists(api, hit.name) : undefined;
}
