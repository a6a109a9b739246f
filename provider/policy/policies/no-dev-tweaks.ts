/**
 * no-dev-tweaks: production pipelines run without `runtimeConfig.dev_tweaks`. Dev tweaks are Feldera's
 * unsupported knobs for experiments (an open map the server passes through untouched, docs/feldera/update-rules.md#normalisation): they can
 * change behaviour between releases without notice, which is no way to run production.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy/policy";
import { settings, stringList } from "../config";
import { PROD_STACKS, stacksProperty } from "../environment";
import { openPipeline } from "../rule";

const NAME = "no-dev-tweaks";

const config = settings({
  allowedKeys: stringList(
    [],
    "dev_tweaks keys tolerated anyway (e.g. a tweak the Feldera team asked you to set).",
  ),
  stacks: stacksProperty(PROD_STACKS),
});

export const noDevTweaks: ResourceValidationPolicy = {
  name: NAME,
  description: "Requires an empty runtimeConfig.dev_tweaks in production stacks.",
  enforcementLevel: "mandatory",
  configSchema: config.configSchema,
  validateResource: (args, report) => {
    const rule = openPipeline(NAME, config, args, report);
    if (!rule?.known("runtimeConfig.dev_tweaks")) return;
    const c = rule.runtimeConfig();
    if (!c) return;
    const keys = Object.keys(c.dev_tweaks).filter((k) => !rule.config.allowedKeys.includes(k));
    if (keys.length === 0) return;
    rule.report({
      property: "runtimeConfig.dev_tweaks",
      value: c.dev_tweaks,
      rule: `pipelines ${rule.where} must not set dev tweaks (${keys.map((k) => `"${k}"`).join(", ")})`,
      fix: `remove ${keys.length === Object.keys(c.dev_tweaks).length ? "runtimeConfig.dev_tweaks" : keys.map((k) => `runtimeConfig.dev_tweaks.${k}`).join(", ")}`,
    });
  },
};
