/**
 * What the server can do, from `GET /v0/config` → `version` (there is no capability list, docs/feldera/platform.md#config), using
 * the version table of docs/feldera/versions.md. Pure: the client fetches the config once and memoises the result.
 */
import {
  type Behaviours,
  behavioursOf,
  EVERY_BEHAVIOUR,
  parseVersion,
  SINCE,
  type Version,
  versionAtLeast,
} from "../model/versions";
import type { Pipeline, PipelineStatus, ServerConfig } from "../model/wire";
import { FelderaUnsupportedServerError } from "./errors";

export interface ServerFeatures {
  /** As the server reported it, e.g. `0.337.0` or `0.337.0+enterprise.abc`. */
  version: string;
  edition: "enterprise" | "open-source" | "unknown";
  /** ≥ 0.313.0 (or the pipeline objects carry `tags`). Older servers silently ignore tags. */
  tags: boolean;
  /** ≥ 0.313.0: description/tags are client metadata (no stop needed); before, description is a core field. */
  descriptionIsMetadata: boolean;
  /** ≥ 0.324.0: `POST /v0/validate_program`. */
  validateProgram: boolean;
  /** ≥ 0.324.0: `POST /v0/pipelines/{name}/diff`. */
  pipelineDiff: boolean;
  /** ≥ 0.251.0: `/dismiss_error` and `/start?dismiss_error=`. */
  dismissError: boolean;
  /** ≥ 0.148.0: the status rework; the minimum this package supports. */
  statusRework: boolean;
  /** Every behaviour of the version table (docs/feldera/versions.md) this server has: what the planner asks of finer details. */
  behaviours: Behaviours;
}

/** The oldest server this package drives (the status rework: docs/feldera/versions.md#version-table). */
export const MINIMUM_VERSION: Version = SINCE.statusRework;

export { parseVersion, versionAtLeast };

/**
 * Features of a server from its config. A version we cannot parse (a development build) is assumed
 * to be current: refusing to work with it would be worse than an occasional missing feature.
 */
export function detectFeatures(config: ServerConfig): ServerFeatures {
  const parsed = parseVersion(config.version);
  const since = (min: Version) => (parsed ? versionAtLeast(parsed, min) : true);
  const tags = since(SINCE.clientMetadata);
  return {
    version: config.version,
    edition: editionOf(config),
    tags,
    descriptionIsMetadata: tags,
    validateProgram: since(SINCE.programValidation),
    pipelineDiff: since(SINCE.programValidation),
    dismissError: since(SINCE.dismissError),
    statusRework: since(SINCE.statusRework),
    behaviours: parsed ? behavioursOf(parsed) : EVERY_BEHAVIOUR,
  };
}

function editionOf(config: ServerConfig): ServerFeatures["edition"] {
  const edition = (config.edition ?? "").toLowerCase();
  if (edition.includes("enterprise") || /\+enterprise/i.test(config.version)) return "enterprise";
  if (edition.includes("open")) return "open-source";
  return "unknown";
}

/**
 * `features` refined by a pipeline object's shape: servers since v0.313 always send `tags` (`[]` when
 * unset, docs/feldera/pipeline-object.md#fields), so its presence proves tag support even when the version string could not tell.
 */
export function refineFeaturesFromPipeline(
  features: ServerFeatures,
  pipeline: Pick<Pipeline | PipelineStatus, "tags">,
): ServerFeatures {
  if (features.tags || !Array.isArray(pipeline.tags)) return features;
  // Tags arrived with v0.313, together with metadata semantics.
  return { ...features, tags: true, descriptionIsMetadata: true };
}

/** Throws when the server is older than {@link MINIMUM_VERSION}. */
export function assertSupported(features: ServerFeatures, host: string): void {
  if (features.statusRework) return;
  throw new FelderaUnsupportedServerError(
    `The Feldera server at ${host} is version ${features.version}; pulumi-feldera needs v${MINIMUM_VERSION.join(".")} ` +
      `or later (the pipeline status model changed in v0.148.0). Upgrade the Feldera server`,
    { serverVersion: features.version },
  );
}
