/**
 * fault-tolerance-required: production pipelines survive a restart without losing or duplicating
 * output. Judged on the effective model: `fault_tolerance: {}` is exactly_once, an absent or null
 * `fault_tolerance` is "none" (docs/feldera/update-rules.md#validation).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy/policy";
import { settings } from "../config";
import { PROD_STACKS, stacksProperty } from "../environment";
import { oneOf } from "../messages";
import { openPipeline } from "../rule";

const NAME = "fault-tolerance-required";
const MODELS = ["at_least_once", "exactly_once"] as const;

const config = settings({
  models: {
    type: "array",
    items: { type: "string", enum: [...MODELS] },
    minItems: 1,
    default: [...MODELS] as string[],
    description: "Fault-tolerance models that satisfy the policy.",
  },
  stacks: stacksProperty(PROD_STACKS),
});

export const faultToleranceRequired: ResourceValidationPolicy = {
  name: NAME,
  description:
    "Requires runtimeConfig.fault_tolerance (at_least_once or exactly_once) in production stacks. Fault tolerance is an Enterprise feature: leave open-source deployments out through the stacks setting.",
  enforcementLevel: "mandatory",
  configSchema: config.configSchema,
  validateResource: (args, report) => {
    const rule = openPipeline(NAME, config, args, report);
    if (!rule?.known("runtimeConfig.fault_tolerance")) return;
    const effective = rule.runtimeConfig();
    if (!effective || rule.config.models.includes(effective.fault_tolerance.model)) return;
    const declared = (rule.pipeline.props["runtimeConfig"] as Record<string, unknown> | undefined)?.[
      "fault_tolerance"
    ];
    const wanted = rule.config.models.includes("exactly_once") ? "exactly_once" : rule.config.models[0];
    rule.report({
      ...(declared === undefined || declared === null
        ? { property: "runtimeConfig.fault_tolerance", note: `is not set, so the model is "none"` }
        : { property: "runtimeConfig.fault_tolerance.model", value: effective.fault_tolerance.model }),
      rule: `pipelines ${rule.where} must run with ${oneOf(rule.config.models, false)}`,
      fix: `set runtimeConfig.fault_tolerance = { model: "${wanted}" } (fault tolerance checkpoints to storage, which is on by default; it needs Feldera's Enterprise edition, which open-source servers refuse with EnterpriseFeature)`,
    });
  },
};
