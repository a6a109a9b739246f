/**
 * unique-pipeline-names: no two Pipeline resources in a stack manage the same Feldera pipeline. Every
 * Pipeline of a stack talks to the one Feldera instance of the stack's `feldera:` configuration, where
 * the name is the key: two resources with one name would overwrite each other's program on every
 * update, and deleting either would delete both. Pulumi cannot see this (the resource names differ).
 */
import type { StackValidationPolicy } from "@pulumi/policy/policy";
import { UNKNOWN_VALUE } from "../../model/check-inputs";
import { settings } from "../config";
import { violationMessage } from "../messages";
import { isPipeline, pipelineView } from "../pipeline";

const NAME = "unique-pipeline-names";

const config = settings({
  ignoreCase: {
    type: "boolean",
    default: false,
    description: "Treat names differing only in case as the same (for tooling that lower-cases names).",
  },
});

export const uniquePipelineNames: StackValidationPolicy = {
  name: NAME,
  description: "Prohibits two Pipeline resources in one stack with the same Feldera pipeline name.",
  enforcementLevel: "mandatory",
  configSchema: config.configSchema,
  validateStack: (args, report) => {
    const { ignoreCase } = config.read(args);
    const byName = new Map<string, { urn: string; resourceName: string; name: string }[]>();
    for (const resource of args.resources) {
      if (!isPipeline(resource)) continue;
      const view = pipelineView(resource);
      // A name computed from another resource cannot be compared before the update.
      if (view.props["name"] === UNKNOWN_VALUE) continue;
      const key = ignoreCase ? view.name.toLowerCase() : view.name;
      byName.set(key, [
        ...(byName.get(key) ?? []),
        { urn: resource.urn, resourceName: view.resourceName, name: view.name },
      ]);
    }
    for (const group of byName.values()) {
      if (group.length < 2) continue;
      for (const p of group) {
        const others = group.filter((o) => o !== p).map((o) => `'${o.resourceName}'`);
        const message = violationMessage(p.name, NAME, {
          property: "name",
          value: p.name,
          rule: `the Pipeline resource${others.length > 1 ? "s" : ""} ${others.join(", ")} in this stack also manage${others.length > 1 ? "" : "s"} the Feldera pipeline ${JSON.stringify(p.name)}, so they would overwrite each other`,
          fix: `give resource '${p.resourceName}' a distinct name input`,
        });
        report(message, p.urn);
      }
    }
  },
};
