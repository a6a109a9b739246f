/**
 * memory-limit-required: every pipeline declares a memory ceiling. Without one, a pipeline whose state
 * grows (a join on an unbounded stream, a forgotten LATENESS) takes memory until the host or the pod is
 * killed. Either ceiling counts: `max_rss_mb` (the pipeline's own cap: it applies backpressure and
 * spills to storage) or `resources.memory_mb_max` (the Kubernetes limit).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy/policy";
import { settings } from "../config";
import { ALL_STACKS, stacksProperty } from "../environment";
import { openPipeline } from "../rule";

const NAME = "memory-limit-required";

const config = settings({
  stacks: stacksProperty(ALL_STACKS),
});

export const memoryLimitRequired: ResourceValidationPolicy = {
  name: NAME,
  description:
    "Requires a memory limit (runtimeConfig.max_rss_mb or runtimeConfig.resources.memory_mb_max) on every pipeline.",
  enforcementLevel: "advisory",
  configSchema: config.configSchema,
  validateResource: (args, report) => {
    const rule = openPipeline(NAME, config, args, report);
    if (!rule?.known("runtimeConfig.max_rss_mb", "runtimeConfig.resources.memory_mb_max")) return;
    const c = rule.runtimeConfig();
    if (!c || c.max_rss_mb !== null || c.resources.memory_mb_max !== null) return;
    rule.report({
      property: "runtimeConfig.max_rss_mb",
      note: "and runtimeConfig.resources.memory_mb_max are both unset",
      rule: `pipelines ${rule.where} must declare a memory limit`,
      fix: "set runtimeConfig.max_rss_mb (e.g. 8192), runtimeConfig.resources.memory_mb_max, or both",
    });
  },
};
