/**
 * Per-stack settings, read from stack config through one zod schema, so a bad value fails
 * `pulumi preview` with its key and the reason instead of reaching Feldera.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

/** Stack config values are strings: a whole number within bounds, with the reason when it is not. */
const int = (min: number, max: number) =>
  z
    .string({ error: "is required" })
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const Settings = z.strictObject({
  environment: z.enum(["dev", "staging", "prod"], { error: 'is required: one of "dev", "staging", "prod"' }),
  workers: int(1, 64),
  memoryMbMax: int(512, 1_048_576).optional(),
  faultTolerance: z.enum(["none", "at_least_once", "exactly_once"]).default("none"),
  profile: z.enum(["dev", "unoptimized", "optimized", "optimized_symbols"]).default("optimized"),
  healthGateSeconds: int(1, 3600).optional(),
  owner: z.string({ error: "is required" }).regex(/^[a-z0-9-]+$/, "use lowercase letters, digits and dashes"),
  /** Tagged `cost-center=<value>`: the production policies (examples/policy-pack) require it. */
  costCenter: z
    .string()
    .regex(/^[a-z0-9-]+$/, "use lowercase letters, digits and dashes")
    .optional(),
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
