/**
 * Creating and updating pipelines: POST (docs/feldera/update-rules.md#validation-order), PUT (docs/feldera/update-rules.md#put-and-rename), PATCH, `/update_runtime`, following
 * the update algorithm of docs/feldera/update-rules.md#update-algorithm step by step:
 *
 *   1. name → runtime_config → program_config validated (before the pipeline is even loaded: a PATCH of
 *      a missing pipeline with a bad config is a 400, not a 404);
 *   2. load (404), merge client metadata, validate only the metadata that changes;
 *   3. classify: a provided core field equal to the stored one is no change (the no-op rule);
 *   4. a core change unless fully stopped → UpdateRestrictedToStopped;
 *   5. nothing changed → the pipeline as is; only metadata → written without moving any counter;
 *   6. storage not Cleared and a storage-bound field changes → EditRestrictedToClearedStorage;
 *   7. write: version +1, refresh_version +1; a program field or platform change also resets the
 *      program (program_version +1, Pending) and the compiler picks it up.
 * Servers before v0.313 treat `description` as a core, storage-bound field and refuse every update,
 * even a no-op, unless fully stopped (docs/feldera/versions.md).
 */
import { jsonEqual } from "../model/json";
import { parseVersion } from "../model/versions";
import { kickCompiler } from "./compiler";
import { checkMetadata, checkName, checkProgramConfig, checkRuntimeConfig } from "./configs";
import { fieldClass, storageBoundChanges, WRITABLE_FIELDS, type WritableField } from "./field-rules";
import { emptyProgramError, isFullyStopped, type PipelineState } from "./pipeline-state";
import type { PipelineStore } from "./pipeline-store";
import { jsonNoCache, type Reply, refuse } from "./reply";
import { serializePipeline } from "./serialize";

/** Provided fields of a write; `undefined` = leave unchanged. Configs are raw (normalised here). */
export interface PipelineWrite {
  name?: string;
  description?: string;
  tags?: string[];
  runtimeConfig?: unknown;
  programCode?: string;
  udfRust?: string;
  udfToml?: string;
  programConfig?: unknown;
}

const writeShape = (store: PipelineStore, p: PipelineState, status: number): Reply =>
  jsonNoCache(status, serializePipeline(p, "write", store.behaviours));

export type FullWrite = Required<Pick<PipelineWrite, "name" | "programCode">> & PipelineWrite;

export function createPipeline(store: PipelineStore, w: FullWrite): Reply {
  const tags = store.behaviours.clientMetadata ? (w.tags ?? []) : [];
  const invalid = checkName(w.name) ?? checkMetadata(store, w.description, tags);
  if (invalid) return invalid;
  const runtime = checkRuntimeConfig(store, w.runtimeConfig);
  if (!runtime.ok) return runtime.reply;
  const program = checkProgramConfig(store, w.programConfig);
  if (!program.ok) return program.reply;
  if (store.find(w.name)) return refuse("DuplicateName");
  const now = store.now();
  const p: PipelineState = {
    id: store.ids.next(),
    name: w.name,
    description: w.description ?? "",
    tags,
    createdAt: now,
    version: 1,
    platformVersion: store.platformVersion,
    runtimeConfig: runtime.value,
    programCode: w.programCode,
    udfRust: w.udfRust ?? "",
    udfToml: w.udfToml ?? "",
    programConfig: program.value,
    programVersion: 1,
    programStatus: "Pending",
    programStatusSince: now,
    programError: emptyProgramError(),
    programInfo: null,
    deploymentError: null,
    refreshVersion: 1,
    storageStatus: "Cleared",
    storageStatusDetails: null,
    deploymentId: null,
    deploymentInitial: null,
    resourcesStatus: "Stopped",
    resourcesStatusSince: now,
    resourcesStatusDetails: null,
    resourcesDesired: "Stopped",
    resourcesDesiredSince: now,
    runtimeStatus: null,
    runtimeStatusSince: null,
    runtimeStatusDetails: null,
    runtimeDesired: null,
    runtimeDesiredSince: null,
    bootstrap: null,
    checkpoint: null,
    failNextProvisioning: null,
    stats: null,
    inputsStalled: false,
    unreachable: null,
  };
  store.insert(p);
  store.changed(p);
  kickCompiler(store, p);
  return writeShape(store, p, 201);
}

/** docs/feldera/update-rules.md#update-algorithm. `bumpPlatform` for PUT and `/update_runtime` (docs/feldera/update-rules.md#put-and-rename); PATCH never bumps. */
export function updatePipeline(
  store: PipelineStore,
  pathName: string,
  w: PipelineWrite,
  bumpPlatform: boolean,
): Reply {
  if (w.name !== undefined) {
    const invalid = checkName(w.name);
    if (invalid) return invalid;
  }
  const runtime = w.runtimeConfig === undefined ? undefined : checkRuntimeConfig(store, w.runtimeConfig);
  if (runtime && !runtime.ok) return runtime.reply;
  const program = w.programConfig === undefined ? undefined : checkProgramConfig(store, w.programConfig);
  if (program && !program.ok) return program.reply;
  const p = store.find(pathName);
  if (!p) return refuse("UnknownPipelineName", { pipeline_name: pathName });

  const version = parseVersion(store.version)!;
  const metadataIsCore = fieldClass("description", version) === "core";
  const tags = metadataIsCore ? undefined : w.tags;
  const provided: Record<WritableField, unknown> = {
    name: w.name,
    description: w.description,
    tags,
    runtime_config: runtime?.value,
    program_code: w.programCode,
    udf_rust: w.udfRust,
    udf_toml: w.udfToml,
    program_config: program?.value,
  };
  const stored: Record<WritableField, unknown> = {
    name: p.name,
    description: p.description,
    tags: p.tags,
    runtime_config: p.runtimeConfig,
    program_code: p.programCode,
    udf_rust: p.udfRust,
    udf_toml: p.udfToml,
    program_config: p.programConfig,
  };
  // docs/feldera/update-rules.md#update-algorithm steps 3–4: a provided field equal to the stored one is no change.
  const changed = WRITABLE_FIELDS.filter(
    (f) => provided[f] !== undefined && !jsonEqual(provided[f], stored[f]),
  );
  const changes = (c: string) => changed.some((f) => fieldClass(f, version) === c);
  const invalid = checkMetadata(
    store,
    changed.includes("description") ? w.description : undefined,
    changed.includes("tags") ? tags : undefined,
  );
  if (invalid) return invalid;

  const platformChanged = bumpPlatform && p.platformVersion !== store.platformVersion;
  const programChanged = platformChanged || changes("program");
  const coreChanged = programChanged || changes("core");
  const metadataChanged = changes("metadata");

  if ((coreChanged || metadataIsCore) && !isFullyStopped(p)) return refuse("UpdateRestrictedToStopped");
  if (!coreChanged && !metadataChanged) return writeShape(store, p, 200);
  if (!coreChanged) {
    // Client metadata only: no counter moves, allowed in any state (docs/feldera/update-rules.md#metadata-only).
    if (w.description !== undefined) p.description = w.description;
    if (tags !== undefined) p.tags = [...tags];
    store.changed(p);
    return writeShape(store, p, 200);
  }

  if (p.storageStatus !== "Cleared") {
    const before = { name: p.name, description: p.description, runtimeConfig: p.runtimeConfig };
    const after = {
      name: w.name ?? p.name,
      description: w.description ?? p.description,
      runtimeConfig: runtime?.value ?? p.runtimeConfig,
    };
    const notAllowed = storageBoundChanges(before, after, version);
    if (notAllowed.length > 0) {
      return refuse("EditRestrictedToClearedStorage", { not_allowed: notAllowed.map((f) => `\`${f}\``) });
    }
  }
  const renamed = changed.includes("name");
  if (renamed && store.find(w.name!)) return refuse("DuplicateName");

  if (renamed) store.rename(p, w.name!);
  if (w.description !== undefined) p.description = w.description;
  if (tags !== undefined) p.tags = [...tags];
  if (runtime?.ok) p.runtimeConfig = runtime.value;
  if (w.programCode !== undefined) p.programCode = w.programCode;
  if (w.udfRust !== undefined) p.udfRust = w.udfRust;
  if (w.udfToml !== undefined) p.udfToml = w.udfToml;
  if (program?.ok) p.programConfig = program.value;
  p.version++;
  p.refreshVersion++;
  if (programChanged) resetProgram(store, p);
  store.changed(p);
  kickCompiler(store, p);
  return writeShape(store, p, 200);
}

/** docs/feldera/update-rules.md#program-change (and the compiler's own platform bump, docs/feldera/compilation.md#when-compilation-runs). No refresh_version here: the caller's write has it. */
export function resetProgram(store: PipelineStore, p: PipelineState): void {
  p.platformVersion = store.platformVersion;
  p.programVersion++;
  p.programStatus = "Pending";
  p.programStatusSince = store.now();
  p.programError = emptyProgramError();
  p.programInfo = null;
  store.scheduler.cancel(`${p.id}/program`);
}

/** PUT /v0/pipelines/{name} (docs/feldera/update-rules.md#put-and-rename): a full replace of an existing pipeline, or a create. */
export function putPipeline(store: PipelineStore, pathName: string, w: FullWrite): Reply {
  if (!store.find(pathName)) {
    if (w.name !== pathName) return refuse("CannotRenameNonExistingPipeline");
    return createPipeline(store, w);
  }
  const full: PipelineWrite = {
    name: w.name,
    description: w.description ?? "",
    tags: w.tags ?? [],
    runtimeConfig: w.runtimeConfig ?? {},
    programCode: w.programCode,
    udfRust: w.udfRust ?? "",
    udfToml: w.udfToml ?? "",
    programConfig: w.programConfig ?? {},
  };
  return updatePipeline(store, pathName, full, true);
}
