/**
 * forbidden-connectors: production pipelines take input and send output only through approved
 * transports. `url_input` fetches whatever a URL serves at start time and `http_input` accepts pushes
 * from anyone who can reach the pipeline: both are handy in development and unreviewed data paths in
 * production. Connectors are read from the `'connectors'` properties in programCode.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy/policy";
import { settings, stringList } from "../config";
import { programConnectors } from "../connectors";
import { PROD_STACKS, stacksProperty } from "../environment";
import { openPipeline } from "../rule";

const NAME = "forbidden-connectors";

const config = settings({
  transports: stringList(
    ["url_input", "http_input"],
    "Connector transport names (transport.name) not allowed.",
  ),
  stacks: stacksProperty(PROD_STACKS),
});

export const forbiddenConnectors: ResourceValidationPolicy = {
  name: NAME,
  description: "Prohibits connector transports (by default url_input and http_input) in production stacks.",
  enforcementLevel: "mandatory",
  configSchema: config.configSchema,
  validateResource: (args, report) => {
    const rule = openPipeline(NAME, config, args, report);
    const code = rule?.text("programCode");
    if (!rule || code === undefined) return;
    const forbidden = rule.config.transports.map((t) => t.toLowerCase());
    for (const c of programConnectors(code).connectors) {
      if (c.transport === undefined || !forbidden.includes(c.transport.toLowerCase())) continue;
      rule.report({
        property: "programCode",
        note: `line ${c.line}: ${c.label} has transport.name = ${JSON.stringify(c.transport)}`,
        rule: `pipelines ${rule.where} must not use the ${JSON.stringify(c.transport)} transport`,
        fix: `replace that connector with an approved transport (e.g. kafka_input, or delta_table_input for files), or remove it`,
      });
    }
  },
};
