/**
 * program-size-limit: SQL programs stay small enough to review and to compile in reasonable time.
 * The Feldera API refuses a request over 2 MiB outright (the provider's `check` reports that); this
 * policy sets a lower, configurable ceiling, in UTF-8 bytes as the server counts them.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy/policy";
import { optionalNumber, settings } from "../config";
import { ALL_STACKS, stacksProperty } from "../environment";
import { lineCount } from "../messages";
import { openPipeline } from "../rule";

const NAME = "program-size-limit";

const config = settings({
  maxBytes: optionalNumber(
    524_288,
    "Largest programCode in UTF-8 bytes (default 512 KiB; null: no limit).",
    1,
  ),
  stacks: stacksProperty(ALL_STACKS),
});

export const programSizeLimit: ResourceValidationPolicy = {
  name: NAME,
  description: "Limits the size of a pipeline's SQL program (programCode).",
  enforcementLevel: "advisory",
  configSchema: config.configSchema,
  validateResource: (args, report) => {
    const rule = openPipeline(NAME, config, args, report);
    const code = rule?.text("programCode");
    if (!rule || code === undefined || rule.config.maxBytes === null) return;
    const { maxBytes } = rule.config;
    const bytes = Buffer.byteLength(code, "utf8");
    if (bytes <= maxBytes) return;
    rule.report({
      property: "programCode",
      note: `is ${bytes} bytes (${lineCount(code)} lines)`,
      rule: `SQL programs ${rule.where} must be at most ${maxBytes} bytes`,
      fix: "split the program into several pipelines, or move generated SQL (large VALUES lists, repeated views) into tables fed by connectors",
    });
  },
};
