/**
 * Why a plan refuses to change a pipeline, in words for `pulumi up` output: what is wrong, that nothing
 * was changed, and the fix. A refusal comes before any write.
 *
 * The refusal for settings the server is too old to know (see model/version-gated-settings.ts) is shared
 * by the create path (before the POST) and the planner (before any update), so both refuse with the same
 * words.
 */
import type { DesiredPipeline } from "../model/inputs";
import { settingsUnknownTo } from "../model/version-gated-settings";
import type { FieldChanges, PlanFeatures } from "./field-changes";
import type { Phase } from "./phase";

export interface PlanRefusal {
  reason: "unsupported-setting" | "running-change" | "storage-conflict";
  message: string;
  fix: string;
}

export function unsupportedSettingsRefusal(
  desired: DesiredPipeline,
  features: Pick<PlanFeatures, "behaviours" | "version">,
): PlanRefusal | undefined {
  const unknown = settingsUnknownTo(features.behaviours, desired);
  if (unknown.length === 0) return undefined;
  const list = unknown.map((u) => `${u.setting} (Feldera ${u.since} or later)`).join(", ");
  return {
    reason: "unsupported-setting",
    message: `Pipeline '${desired.name}' declares ${list}, but the Feldera server is version ${features.version}, which would silently ignore ${unknown.length === 1 ? "it" : "them"}; nothing was changed.`,
    fix: `upgrade the Feldera server, or remove ${unknown.map((u) => u.setting).join(", ")} from the declaration.`,
  };
}

export function runningChangeRefusal(name: string, phase: Phase, changes: FieldChanges): PlanRefusal {
  const fields = changes.coreFields.join(", ");
  return {
    reason: "running-change",
    message: `Pipeline '${name}' is ${phase}, and changing ${fields} requires stopping it first (Feldera only accepts these edits on a fully stopped pipeline); onRunningChange is "fail", so nothing was changed.`,
    fix: `set onRunningChange: "restart" to let pulumi stop, update and restart it, or stop the pipeline yourself (desiredStatus: "stopped") and run pulumi up again.`,
  };
}

export function storageConflictRefusal(name: string, fields: string[]): PlanRefusal {
  return {
    reason: "storage-conflict",
    message: `Pipeline '${name}' has storage in use (checkpoints), and Feldera only changes ${fields.map((f) => `'${f}'`).join(", ")} after its storage is cleared, which deletes the checkpoints; onStorageConflict is "fail", so nothing was changed.`,
    fix: `set onStorageConflict: "clear" to consent to clearing storage for this change, or revert the change to ${fields.join(", ")}.`,
  };
}
