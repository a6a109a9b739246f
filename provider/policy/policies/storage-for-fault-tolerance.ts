/**
 * storage-for-fault-tolerance: a fault-tolerant pipeline checkpoints to storage that was chosen on
 * purpose. Fault tolerance with storage switched off cannot work (the provider's `check` refuses it
 * too); by default the policy also wants `runtimeConfig.storage` written out, because relying on the
 * implicit default storage means a later edit elsewhere can change where checkpoints live unnoticed.
 * `backends` can narrow the storage backends allowed for checkpoints (e.g. only `file` with sync to
 * object storage).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy/policy";
import { settings } from "../config";
import { declares } from "../effective";
import { ALL_STACKS, stacksProperty } from "../environment";
import { oneOf } from "../messages";
import { openPipeline } from "../rule";

const NAME = "storage-for-fault-tolerance";
const BACKENDS = ["default", "file", "object"];

const config = settings({
  requireExplicit: {
    type: "boolean",
    default: true,
    description: "Require runtimeConfig.storage to be declared, not left to the server's default.",
  },
  backends: {
    type: "array",
    items: { type: "string", enum: BACKENDS },
    minItems: 1,
    default: BACKENDS,
    description:
      "Storage backends (runtimeConfig.storage.backend.name) allowed for fault-tolerant pipelines.",
  },
  stacks: stacksProperty(ALL_STACKS),
});

export const storageForFaultTolerance: ResourceValidationPolicy = {
  name: NAME,
  description: "Requires runtimeConfig.storage to be configured when fault tolerance is on.",
  enforcementLevel: "advisory",
  configSchema: config.configSchema,
  validateResource: (args, report) => {
    const rule = openPipeline(NAME, config, args, report);
    if (!rule?.known("runtimeConfig.fault_tolerance", "runtimeConfig.storage")) return;
    const c = rule.runtimeConfig();
    if (!c || c.fault_tolerance.model === "none") return;
    const ft = `fault tolerance (${c.fault_tolerance.model}) checkpoints to storage`;
    const example = 'runtimeConfig.storage = { backend: { name: "default" } }';
    if (c.storage === null) {
      rule.report({
        property: "runtimeConfig.storage",
        value: (rule.pipeline.props["runtimeConfig"] as Record<string, unknown>)["storage"],
        rule: `${ft}, so pipelines ${rule.where} must keep storage enabled`,
        fix: `set ${example}, or turn fault tolerance off`,
      });
    } else if (rule.config.requireExplicit && !declares(rule.pipeline.props, "storage")) {
      rule.report({
        property: "runtimeConfig.storage",
        note: "is not set, so the server's default storage is used implicitly",
        rule: `${ft}, so pipelines ${rule.where} must declare where`,
        fix: `set ${example} (or the backend you checkpoint to)`,
      });
    } else if (!rule.config.backends.includes(c.storage.backend.name)) {
      rule.report({
        property: "runtimeConfig.storage.backend.name",
        value: c.storage.backend.name,
        rule: `${ft}, and pipelines ${rule.where} must checkpoint to ${oneOf(rule.config.backends)} storage`,
        fix: `set runtimeConfig.storage.backend to { name: ${JSON.stringify(rule.config.backends[0])}, … }`,
      });
    }
  },
};
