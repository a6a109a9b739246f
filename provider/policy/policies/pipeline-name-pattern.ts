/**
 * pipeline-name-pattern: Feldera pipeline names follow the naming convention of their environment,
 * e.g. `orders` in production and `dev-orders` or `orders-alice` in development, so that pipelines of
 * different environments sharing one Feldera instance cannot be confused.
 *
 * `patterns` is an ordered list of `{ stacks, pattern }`: the first entry whose stack patterns match
 * the stack being analyzed supplies the regular expression. (A list, not a map keyed by stack pattern,
 * because the engine passes configuration through Go maps, which do not keep key order.)
 */
import type { ResourceValidationPolicy } from "@pulumi/policy/policy";
import { settings } from "../config";
import { currentStack, matchScope } from "../environment";
import { notApplicable, openPipeline } from "../rule";

const NAME = "pipeline-name-pattern";

interface NamePattern {
  stacks: string[];
  pattern: string;
  /** Says the convention in words, for the message. */
  description?: string;
}

const config = settings({
  patterns: {
    type: "array",
    items: {
      type: "object",
      properties: {
        stacks: { type: "array", items: { type: "string" }, minItems: 1 },
        pattern: { type: "string", minLength: 1 },
        description: { type: "string" },
      },
      required: ["stacks", "pattern"],
    },
    default: [
      { stacks: ["*"], pattern: "^[a-z][a-z0-9-]*[a-z0-9]$", description: "lowercase words joined by '-'" },
    ] as NamePattern[],
    description: "Ordered {stacks, pattern, description} entries; the first whose stacks match applies.",
  },
});

export const pipelineNamePattern: ResourceValidationPolicy = {
  name: NAME,
  description: "Requires Feldera pipeline names to match the naming pattern of the stack's environment.",
  enforcementLevel: "advisory",
  configSchema: config.configSchema,
  validateResource: (args, report) => {
    const rule = openPipeline(NAME, config, args, report);
    if (!rule?.known("name")) return;
    const stack = currentStack(args.stackTags);
    const index = rule.config.patterns.findIndex((p) => matchScope(p.stacks, stack).applies);
    const entry = rule.config.patterns[index];
    if (!entry) {
      return notApplicable(
        args,
        `No entry of the policy's patterns applies to stack '${stack?.value ?? "(unknown)"}'`,
      );
    }
    const scope = matchScope(entry.stacks, stack);
    const where = scope.applies ? scope.where : "";
    const { name } = rule.pipeline;
    let regex: RegExp;
    try {
      regex = new RegExp(entry.pattern);
    } catch {
      rule.report({
        property: "name",
        value: name,
        rule: `the configured pattern ${JSON.stringify(entry.pattern)} is not a valid regular expression`,
        fix: `correct patterns[${index}].pattern in the ${NAME} policy configuration`,
      });
      return;
    }
    if (regex.test(name)) return;
    const convention = entry.description ? ` (${entry.description})` : "";
    rule.report({
      property: "name",
      value: name,
      rule: `pipeline names ${where} must match /${entry.pattern}/${convention}`,
      fix: "set the pipeline's name input to a name that matches",
    });
  },
};
