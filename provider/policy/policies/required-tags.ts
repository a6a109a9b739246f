/**
 * required-tags: every pipeline carries the tags that say who owns it.
 *
 * Feldera tags are plain strings (at most 50, `[a-zA-Z0-9 ._/|\:=-]`), so a key/value tag is written
 * `owner=data-eng` (or `owner:data-eng`). A required key is satisfied by a tag with that key and a
 * non-empty value; a bare `owner` tag names no owner and does not count.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy/policy";
import { UNKNOWN_VALUE } from "../../model/check-inputs";
import { settings, stringList } from "../config";
import { ALL_STACKS, stacksProperty } from "../environment";
import { openPipeline } from "../rule";

const NAME = "required-tags";

const config = settings({
  keys: stringList(["owner"], 'Tag keys every pipeline must carry as "key=value" or "key:value" tags.'),
  stacks: stacksProperty(ALL_STACKS),
});

export const requiredTags: ResourceValidationPolicy = {
  name: NAME,
  description: "Requires key=value tags (by default an owner) on every Feldera pipeline.",
  enforcementLevel: "advisory",
  configSchema: config.configSchema,
  validateResource: (args, report) => {
    const rule = openPipeline(NAME, config, args, report);
    if (!rule?.known("tags")) return;
    const raw = rule.pipeline.props["tags"];
    const tags = Array.isArray(raw)
      ? raw.filter((t): t is string => typeof t === "string" && t !== UNKNOWN_VALUE)
      : [];
    const missing = rule.config.keys.filter((key) => !tags.some((tag) => hasKey(tag, key)));
    if (missing.length === 0) return;
    rule.report({
      property: "tags",
      value: raw,
      rule: `pipelines ${rule.where} must carry ${missing.length > 1 ? "tags" : "a tag"} ${missing.map((k) => `"${k}=<value>"`).join(", ")}`,
      fix: `add ${missing.map((k) => `"${k}=<value>"`).join(", ")} to tags, e.g. tags: ${JSON.stringify([...tags, ...missing.map((k) => `${k}=…`)])}`,
    });
  },
};

/** `owner=x` and `owner:x` (any case in the key) carry the key `owner`; `owner`, `owner=` do not. */
export function hasKey(tag: string, key: string): boolean {
  const m = /^([^=:]+)[=:](.+)$/.exec(tag);
  return m !== null && m[1]!.trim().toLowerCase() === key.toLowerCase() && m[2]!.trim() !== "";
}
