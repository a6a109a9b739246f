/**
 * The provider's field table (model/pipeline-fields.ts) and the emulator's own statement of Feldera's
 * rules (emulator/field-rules.ts) are written separately on purpose; here they must agree, at every
 * release where a rule changed, so a field misclassified in one of them fails a test instead of being
 * shared by the code and the emulator it is tested against.
 */
import { describe, expect, it } from "vitest";
import {
  CLIENT_METADATA_SINCE,
  storageBoundChanges as emulatorStorageBound,
  fieldClass,
  type StoredCore,
  WRITABLE_FIELDS,
} from "../../provider/emulator/field-rules";
import { kindOn, PIPELINE_FIELDS, storageBoundChanges, storedBy } from "../../provider/model/pipeline-fields";
import { defaultRuntimeConfig } from "../../provider/model/runtime-config";
import { behavioursOf, parseVersion, versionAtLeast } from "../../provider/model/versions";

/** Each release where a field rule changed, and the one before it. */
const VERSIONS = [
  "0.148.0",
  "0.226.0",
  "0.227.0",
  "0.302.0",
  "0.303.0",
  "0.304.0",
  "0.305.0",
  "0.312.0",
  "0.313.0",
  "0.325.0",
  "0.326.0",
  "0.337.0",
];

const base: StoredCore = {
  name: "orders",
  description: "",
  runtimeConfig: defaultRuntimeConfig() as Record<string, unknown>,
};
const withRuntime = (changes: Record<string, unknown>): StoredCore => ({
  ...base,
  runtimeConfig: { ...base.runtimeConfig, ...changes },
});
const withResources = (changes: Record<string, unknown>) =>
  withRuntime({ resources: { ...(base.runtimeConfig["resources"] as object), ...changes } });
const { hosts: _, ...withoutHosts } = base.runtimeConfig;

/** Changes from `base`, one storage-bound part each, plus some that are not storage-bound at all. */
const CHANGES: Record<string, StoredCore> = {
  rename: { ...base, name: "orders-v2" },
  "a new description": { ...base, description: "orders by day" },
  "fewer workers": withRuntime({ workers: 4 }),
  "a second host": withRuntime({ hosts: 2 }),
  "hosts absent from a config stored by an older server (≡ 1)": { ...base, runtimeConfig: withoutHosts },
  "another checkpoint interval": withRuntime({
    fault_tolerance: { model: "none", checkpoint_interval_secs: 30 },
  }),
  "a storage limit": withResources({ storage_mb_max: 1024 }),
  "a namespace": withResources({ namespace: "feldera" }),
  "a storage class": withResources({ storage_class: "fast" }),
  "a time zone": withRuntime({ clock_timezone_offset: "+02:00" }),
  "a memory limit (not storage-bound)": withResources({ memory_mb_max: 4096 }),
  "tracing (not storage-bound)": withRuntime({ tracing: true }),
  "everything at once": {
    name: "orders-v2",
    description: "x",
    runtimeConfig: { ...withResources({ namespace: "ns", storage_class: "c" }).runtimeConfig, workers: 2 },
  },
};

function providerStorageBound(before: StoredCore, after: StoredCore, version: string): string[] {
  const behaviours = behavioursOf(parseVersion(version)!);
  const wire = (s: StoredCore): Record<string, unknown> => ({
    name: s.name,
    description: s.description,
    runtime_config: s.runtimeConfig,
  });
  return PIPELINE_FIELDS.flatMap((f) =>
    storageBoundChanges(f, wire(before)[f.wire], wire(after)[f.wire], behaviours),
  );
}

describe("the provider's field table and the emulator's rules", () => {
  it("list the same top-level fields", () => {
    expect(PIPELINE_FIELDS.map((f) => f.wire).sort()).toEqual([...WRITABLE_FIELDS].sort());
  });

  for (const version of VERSIONS) {
    const v = parseVersion(version)!;
    const behaviours = behavioursOf(v);

    it(`classify every field alike at v${version} (metadata, core or program)`, () => {
      const provider = Object.fromEntries(PIPELINE_FIELDS.map((f) => [f.wire, kindOn(f, behaviours)]));
      const emulator = Object.fromEntries(WRITABLE_FIELDS.map((f) => [f, fieldClass(f, v)]));
      expect(provider).toEqual(emulator);
    });

    it(`agree at v${version} on whether the server stores tags`, () => {
      const tags = PIPELINE_FIELDS.find((f) => f.wire === "tags")!;
      expect(storedBy(tags, behaviours)).toBe(versionAtLeast(v, CLIENT_METADATA_SINCE));
    });

    it(`name the same storage-bound changes at v${version}`, () => {
      for (const [change, after] of Object.entries(CHANGES)) {
        expect(providerStorageBound(base, after, version), change).toEqual(
          emulatorStorageBound(base, after, v),
        );
      }
    });
  }

  it("find something storage-bound in every change that should be, so the comparison above is not empty", () => {
    const at337 = Object.entries(CHANGES).filter(
      ([, after]) => emulatorStorageBound(base, after, parseVersion("0.337.0")!).length > 0,
    );
    expect(at337.map(([change]) => change)).toEqual([
      "rename",
      "fewer workers",
      "a second host",
      "another checkpoint interval",
      "a storage limit",
      "a namespace",
      "a storage class",
      "a time zone",
      "everything at once",
    ]);
  });
});
