/**
 * optimized-compilation: pipelines outside development are compiled with optimizations. The `dev` and
 * `unoptimized` profiles compile faster but run many times slower, which is right while iterating and
 * wrong anywhere else.
 *
 * An unset profile (`programConfig.profile` absent or null) means the compiler's default, which is
 * `optimized` unless the Feldera server was started with another default; it passes unless
 * `allowServerDefault` is false.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy/policy";
import { COMPILATION_PROFILES } from "../../model/program-config";
import { settings } from "../config";
import { NON_DEV_STACKS, stacksProperty } from "../environment";
import { oneOf } from "../messages";
import { openPipeline } from "../rule";

const NAME = "optimized-compilation";

const config = settings({
  profiles: {
    type: "array",
    items: { type: "string", enum: [...COMPILATION_PROFILES] },
    minItems: 1,
    default: ["optimized", "optimized_symbols"] as string[],
    description:
      "Compilation profiles that satisfy the policy (optimized_symbols is optimized plus debug symbols).",
  },
  allowServerDefault: {
    type: "boolean",
    default: true,
    description:
      "Accept an unset profile, i.e. the Feldera server's default (optimized unless configured otherwise).",
  },
  stacks: stacksProperty(NON_DEV_STACKS),
});

export const optimizedCompilation: ResourceValidationPolicy = {
  name: NAME,
  description:
    "Requires the optimized compilation profile (programConfig.profile) outside development stacks.",
  enforcementLevel: "mandatory",
  configSchema: config.configSchema,
  validateResource: (args, report) => {
    const rule = openPipeline(NAME, config, args, report);
    if (!rule?.known("programConfig.profile")) return;
    const effective = rule.programConfig();
    if (!effective) return;
    const { profiles, allowServerDefault } = rule.config;
    if (effective.profile === null ? allowServerDefault : profiles.includes(effective.profile)) return;
    rule.report({
      property: "programConfig.profile",
      ...(effective.profile === null
        ? { note: "is not set, so the server's default applies" }
        : { value: effective.profile }),
      rule: `pipelines ${rule.where} must be compiled with the profile ${oneOf(profiles)}`,
      fix: `set programConfig = { profile: ${JSON.stringify(profiles[0])} }`,
    });
  },
};
