/**
 * `EmulatorOptions` resolved once at start: defaults filled in, nonsense refused with a message that
 * names the option (a typo in a test should fail at `startEmulator`, not as a confusing timeout later).
 */
import { z } from "zod";
import { parseVersion, SINCE, type Version, versionAtLeast } from "../model/versions";
import type { ApiKeyRole, EmulatorOptions, FaultRule, StageDelays } from "./types";

/** The status rework (docs/feldera/versions.md#version-table): nothing older shares the status model emulated. */
const OLDEST_EMULATED: Version = SINCE.statusRework;

/**
 * Realistic defaults for a small program on a warm Feldera instance: SQL compiles in about half a second,
 * the Rust build takes a couple of seconds (cached crates), provisioning a local process takes a second.
 */
export const DEFAULT_DELAYS: StageDelays = {
  compileSqlMs: 500,
  compileRustMs: 2000,
  provisionMs: 1000,
  initializeMs: 500,
  bootstrapMs: 300,
  stopMs: 500,
  clearMs: 300,
  suspendMs: 500,
};

export interface Settings {
  host: string;
  port: number;
  version: string;
  edition: "enterprise" | "open-source";
  timeScale: number;
  delays: StageDelays;
  /** key → role; null when the server runs without authentication. */
  apiKeys: ReadonlyMap<string, ApiKeyRole> | null;
  faults: FaultRule[];
  seed: number;
  recordResponseBodies: boolean;
  refreshTickMs: number;
  provisioningTimeoutSecs: number;
}

const nonNegative = z.number().min(0);
const delaysSchema = z.strictObject({
  compileSqlMs: nonNegative.optional(),
  compileRustMs: nonNegative.optional(),
  provisionMs: nonNegative.optional(),
  initializeMs: nonNegative.optional(),
  bootstrapMs: nonNegative.optional(),
  stopMs: nonNegative.optional(),
  clearMs: nonNegative.optional(),
  suspendMs: nonNegative.optional(),
});

const optionsSchema = z.object({
  host: z.string().min(1).default("127.0.0.1"),
  port: z.number().int().min(0).max(65535).default(0),
  version: z.string().default("0.337.0"),
  edition: z.enum(["enterprise", "open-source"]).default("enterprise"),
  timeScale: nonNegative.default(1),
  delays: delaysSchema.default({}),
  apiKeys: z
    .array(
      z.union([z.string().min(1), z.object({ key: z.string().min(1), role: z.enum(["read", "write"]) })]),
    )
    .optional(),
  seed: z.number().int().default(1),
  recordResponseBodies: z.boolean().default(false),
  refreshTickMs: nonNegative.default(0),
  provisioningTimeoutSecs: nonNegative.default(20),
});

export function validateDelays(delays: Partial<StageDelays>): Partial<StageDelays> {
  const parsed = delaysSchema.safeParse(delays);
  if (!parsed.success) throw new TypeError(`emulator delays: ${describe(parsed.error)}`);
  return dropUndefined(parsed.data);
}

/** Throws a TypeError/RangeError naming the offending option. */
export function resolveSettings(options: EmulatorOptions = {}): Settings {
  const { faults, ...rest } = options;
  const parsed = optionsSchema.safeParse(rest);
  if (!parsed.success) throw new TypeError(`emulator options: ${describe(parsed.error)}`);
  const o = parsed.data;
  const semver = parseVersion(o.version);
  if (!semver) throw new TypeError(`emulator options: version '${o.version}' is not x.y.z`);
  if (!versionAtLeast(semver, OLDEST_EMULATED)) {
    throw new RangeError(
      `emulator options: version ${o.version} predates the status rework of 0.148.0, the oldest version emulated`,
    );
  }
  const apiKeys = o.apiKeys
    ? new Map(
        o.apiKeys.map((k): [string, ApiKeyRole] => (typeof k === "string" ? [k, "write"] : [k.key, k.role])),
      )
    : null;
  return {
    host: o.host,
    port: o.port,
    version: o.version,
    edition: o.edition,
    timeScale: o.timeScale,
    delays: { ...DEFAULT_DELAYS, ...dropUndefined(o.delays) },
    apiKeys,
    faults: [...(faults ?? [])],
    seed: o.seed,
    recordResponseBodies: o.recordResponseBodies,
    refreshTickMs: o.refreshTickMs,
    provisioningTimeoutSecs: o.provisioningTimeoutSecs,
  };
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
