/**
 * Which stack is being analyzed, and whether a policy applies to it.
 *
 * Where the stack name comes from: @pulumi/policy (1.21) keeps only the stack *tags* of the engine's
 * ConfigureStack call and hands policies no stack name. The engine does put the name in the pack
 * process's environment before the pack starts: the Node.js language host receives ConfigureStack
 * first and launches `run-policy-pack` with `PULUMI_NODEJS_STACK` (plus project, organization, dry-run
 * and config) set; the older `pulumi-analyzer-policy` path sets both `PULUMI_NODEJS_STACK` and
 * `PULUMI_STACK` (pulumi/pulumi `pkg/resource/plugin/analyzer_plugin.go` `constructEnv`,
 * `sdk/nodejs/cmd/pulumi-language-nodejs` `RunPlugin`). It is also what `pulumi.getStack()` reads.
 *
 * An explicit stack tag beats the name: a stack tagged `environment=prod` (`pulumi stack tag set
 * environment prod`, or `pulumi:tags` in the stack's config) is matched by that value, so stacks whose
 * names follow no convention can still be placed.
 *
 * Each policy's `stacks` setting is a list of glob patterns (`*` any run of characters, `?` one),
 * matched case-insensitively; a pattern starting with `!` excludes. A policy applies when some
 * inclusive pattern matches and no exclusion does.
 */

/** The stack tag whose value, when present, stands for the stack name in `stacks` patterns. */
export const ENVIRONMENT_TAG = "environment";

/** Production stacks, by the usual naming conventions. Deliberately not `prod*`, which matches `products-dev`. */
export const PROD_STACKS: readonly string[] = [
  "prod",
  "production",
  "prod-*",
  "*-prod",
  "production-*",
  "*-production",
];

/** Development stacks, excluded by the rules that apply "outside dev". */
export const DEV_STACKS: readonly string[] = ["dev", "development", "local", "dev-*", "*-dev"];

export const ALL_STACKS: readonly string[] = ["*"];

/** Every stack but the development ones. */
export const NON_DEV_STACKS: readonly string[] = ["*", ...DEV_STACKS.map((p) => `!${p}`)];

export interface StackSubject {
  /** What the patterns are matched against. */
  value: string;
  /** Where it came from, for messages: the stack name or the environment tag. */
  source: "stack" | "tag";
}

/** The analyzed stack, or undefined when neither a tag nor the engine's environment names it. */
export function currentStack(
  stackTags: ReadonlyMap<string, string> | undefined,
  env: NodeJS.ProcessEnv = process.env,
): StackSubject | undefined {
  const tagged = stackTags?.get(ENVIRONMENT_TAG);
  if (tagged) return { value: tagged, source: "tag" };
  const name = env["PULUMI_NODEJS_STACK"] || env["PULUMI_STACK"];
  return name ? { value: name, source: "stack" } : undefined;
}

export type ScopeResult =
  | { applies: true /** e.g. `in stacks matching "prod-*"`: completes "pipelines … must". */; where: string }
  | { applies: false; reason: string };

/** Whether a policy scoped to `patterns` applies to `subject`, and how to say where it applies. */
export function matchScope(patterns: readonly string[], subject: StackSubject | undefined): ScopeResult {
  const include = patterns.filter((p) => !p.startsWith("!"));
  const exclude = patterns.filter((p) => p.startsWith("!")).map((p) => p.slice(1));
  const everywhere = include.includes("*") && exclude.length === 0;
  if (everywhere) return { applies: true, where: "in every stack" };
  if (!subject) {
    return {
      applies: false,
      reason: `applies only to stacks ${describe(include, exclude)}, and the stack being analyzed is unknown (no PULUMI_NODEJS_STACK and no '${ENVIRONMENT_TAG}' stack tag)`,
    };
  }
  const matched = include.find((p) => globMatch(p, subject.value));
  const excludedBy = exclude.find((p) => globMatch(p, subject.value));
  const who =
    subject.source === "tag" ? `stack tag ${ENVIRONMENT_TAG}="${subject.value}"` : `stack "${subject.value}"`;
  if (!matched || excludedBy) {
    const why = excludedBy ? `${who} matches the exclusion "!${excludedBy}"` : `${who} matches none of them`;
    return { applies: false, reason: `applies only to stacks ${describe(include, exclude)}; ${why}` };
  }
  const byTag = subject.source === "tag";
  if (matched === "*") {
    return {
      applies: true,
      where: `in stacks ${byTag ? `whose ${ENVIRONMENT_TAG} tag is ` : ""}${describe(include, exclude)}`,
    };
  }
  return {
    applies: true,
    where: `in stacks ${byTag ? `whose ${ENVIRONMENT_TAG} tag matches` : "matching"} ${quote(matched)}`,
  };
}

function describe(include: readonly string[], exclude: readonly string[]): string {
  if (include.includes("*")) return `other than ${exclude.map(quote).join(", ")}`;
  const inc = `matching ${include.map(quote).join(", ")}`;
  return exclude.length ? `${inc} but not ${exclude.map(quote).join(", ")}` : inc;
}

function quote(s: string): string {
  return `"${s}"`;
}

/** Glob match, case-insensitive: `*` is any run of characters, `?` is one. */
export function globMatch(pattern: string, value: string): boolean {
  const source = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`, "i").test(value);
}

/** The JSON-schema property every stack-scoped policy declares. */
export function stacksProperty(defaults: readonly string[]) {
  return {
    type: "array" as const,
    items: { type: "string" as const, minLength: 1 },
    default: [...defaults],
    description: `Stack-name glob patterns where the policy applies; a leading "!" excludes. A stack tagged ${ENVIRONMENT_TAG}=<value> is matched by that value instead of its name.`,
  };
}
