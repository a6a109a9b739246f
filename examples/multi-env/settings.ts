/**
 * Per-stack settings, read from stack config through one zod schema, so a bad value fails
 * `pulumi preview` with its key and the reason instead of reaching Feldera.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

const Settings = z.strictObject({
  environment: z.enum(["dev", "staging", "prod"]),
  workers: z.coerce.number().int().min(1).max(64),
  memoryMbMax: z.coerce.number().int().min(512).optional(),
  faultTolerance: z.enum(["none", "at_least_once", "exactly_once"]).default("none"),
  profile: z.enum(["dev", "unoptimized", "optimized", "optimized_symbols"]).default("optimized"),
  healthGateSeconds: z.coerce.number().int().min(1).max(3600).optional(),
  owner: z.string().regex(/^[a-z0-9-]+$/, "use lowercase letters, digits and dashes"),
  /** The stack whose healthy deployment this one promotes (e.g. "acme/feldera-pipelines/staging"). */
  promoteFrom: z.string().optional(),
});
export type Settings = z.output<typeof Settings>;

const KEYS = Object.keys(Settings.shape) as (keyof Settings)[];

export function loadSettings(config = new pulumi.Config()): Settings {
  const raw = Object.fromEntries(KEYS.map((k) => [k, config.get(k)]).filter(([, v]) => v !== undefined));
  const parsed = Settings.safeParse(raw);
  if (parsed.success) return parsed.data;
  const project = pulumi.getProject();
  const lines = parsed.error.issues.map((i) => `  ${project}:${i.path.join(".")}: ${i.message}`);
  throw new Error(
    `invalid stack configuration:\n${lines.join("\n")}\nSet it with \`pulumi config set <key> <value>\`.`,
  );
}
