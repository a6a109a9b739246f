/**
 * desired-status-running: production pipelines are declared running. A production pipeline left
 * `paused`, `standby` or `stopped` by a forgotten debugging change silently stops processing on the
 * next `pulumi up`. The input defaults to "running", so only an explicit other status is reported.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy/policy";
import { DESIRED_STATUSES } from "../../model/inputs";
import { settings } from "../config";
import { PROD_STACKS, stacksProperty } from "../environment";
import { oneOf } from "../messages";
import { openPipeline } from "../rule";

const NAME = "desired-status-running";

const config = settings({
  statuses: {
    type: "array",
    items: { type: "string", enum: [...DESIRED_STATUSES] },
    minItems: 1,
    default: ["running"] as string[],
    description: "desiredStatus values allowed (the input defaults to running).",
  },
  stacks: stacksProperty(PROD_STACKS),
});

export const desiredStatusRunning: ResourceValidationPolicy = {
  name: NAME,
  description: 'Requires desiredStatus "running" for pipelines in production stacks.',
  enforcementLevel: "mandatory",
  configSchema: config.configSchema,
  validateResource: (args, report) => {
    const rule = openPipeline(NAME, config, args, report);
    if (!rule?.known("desiredStatus")) return;
    const status = rule.pipeline.props["desiredStatus"] ?? "running";
    if (typeof status !== "string" || rule.config.statuses.includes(status)) return;
    rule.report({
      property: "desiredStatus",
      value: status,
      rule: `pipelines ${rule.where} must be declared ${oneOf(rule.config.statuses)}`,
      fix: rule.config.statuses.includes("running")
        ? 'set desiredStatus to "running", or remove it ("running" is the default)'
        : `set desiredStatus to ${JSON.stringify(rule.config.statuses[0])}`,
    });
  },
};
