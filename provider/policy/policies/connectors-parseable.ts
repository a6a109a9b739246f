/**
 * connectors-parseable: every `'connectors'` property in programCode is a JSON array of connector
 * objects. A malformed one fails at compile time anyway, but the connector policies cannot look inside
 * it, so a forbidden transport or a plaintext password in it would go unreported until then; this
 * policy says so at preview, with the line, instead.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy/policy";
import { settings } from "../config";
import { programConnectors } from "../connectors";
import { ALL_STACKS, stacksProperty } from "../environment";
import { openPipeline } from "../rule";

const NAME = "connectors-parseable";

const config = settings({
  stacks: stacksProperty(ALL_STACKS),
});

export const connectorsParseable: ResourceValidationPolicy = {
  name: NAME,
  description:
    "Reports connector declarations in programCode that are not valid JSON, so other policies can check them.",
  enforcementLevel: "advisory",
  configSchema: config.configSchema,
  validateResource: (args, report) => {
    const rule = openPipeline(NAME, config, args, report);
    const code = rule?.text("programCode");
    if (!rule || code === undefined) return;
    for (const m of programConnectors(code).malformed) {
      rule.report({
        property: "programCode",
        note: `line ${m.line}: ${m.label}: ${m.problem}`,
        rule: "connector declarations must be a JSON array of connector objects, or the connector policies cannot check them",
        fix: "correct the JSON inside 'connectors' = '…' (write each ' inside it as '')",
      });
    }
  },
};
