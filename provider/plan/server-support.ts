/**
 * The refusal for a declaration that uses settings the server is too old to know (see
 * model/version-gated-settings.ts): shared by the create path (before the POST) and the planner (before
 * any update), so both refuse with the same words before anything is written.
 */
import type { DesiredPipeline } from "../model/inputs";
import { settingsUnknownTo } from "../model/version-gated-settings";
import type { PlanFeatures } from "./field-changes";
import type { PlanRefusal } from "./steps";

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
