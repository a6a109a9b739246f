/**
 * A policy's settings: one declaration gives the JSON schema the engine validates against and the
 * defaults the policy falls back on.
 *
 * The engine fills in schema defaults itself before Configure (`ReconcilePolicyPackConfig` in
 * pulumi/pulumi `pkg/resource/analyzer/config.go`), but only for top-level properties, and a policy
 * run outside the engine (unit tests, another host) gets `{}` from `getConfig()`. So the defaults are
 * applied here too, from the same declaration, and the two can never disagree.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

type Property = PolicyConfigJSONSchema & { default: unknown; description: string };
type Values<P extends Record<string, Property>> = { [K in keyof P]: P[K]["default"] };

export interface Settings<T> {
  /** Ready for the policy's `configSchema`. */
  readonly configSchema: PolicyConfigSchema;
  readonly defaults: Readonly<T>;
  /** The configured values over the defaults; a property set to `undefined` keeps its default. */
  read(args: { getConfig<U extends object>(): U }): T;
}

export function settings<P extends Record<string, Property>>(properties: P): Settings<Values<P>> {
  type T = Values<P>;
  const defaults = Object.fromEntries(Object.entries(properties).map(([k, p]) => [k, p.default])) as T;
  return {
    configSchema: { properties: properties as Record<string, PolicyConfigJSONSchema> },
    defaults,
    read(args) {
      const given = args.getConfig<Partial<T>>() ?? {};
      const out: Record<string, unknown> = { ...defaults };
      for (const [k, v] of Object.entries(given)) {
        // Only declared settings: the engine passes `enforcementLevel` separately, and an undeclared
        // key is a typo the schema (which cannot forbid extra keys) lets through.
        if (k in properties && v !== undefined) out[k] = v;
      }
      return out as T;
    },
  };
}

/** A number setting that may be switched off with `null`. */
export function optionalNumber(defaultValue: number | null, description: string, minimum = 0) {
  return {
    type: ["number", "null"] as ("number" | "null")[],
    minimum,
    default: defaultValue,
    description,
  };
}

export function stringList(defaults: readonly string[], description: string) {
  return {
    type: "array" as const,
    items: { type: "string" as const },
    default: [...defaults],
    description,
  };
}
