/**
 * A corpus of malformed Pipeline inputs. Each must be refused by `check` with a failure at the offending
 * property path that says how to fix it, and none may cause a request to Feldera.
 */
import { afterAll, describe, expect, it } from "vitest";
import { useTestEmulator } from "../support/emulator";
import { testProvider } from "../support/provider";

const SQL = "CREATE TABLE t (x INT);";
const ok = { name: "orders", programCode: SQL };
const rc = (runtimeConfig: unknown) => ({ ...ok, runtimeConfig });

/** [what is wrong, inputs, the property the failure must name] */
const CORPUS: [string, Record<string, unknown>, string][] = [
  // names
  ["an empty name", { ...ok, name: "" }, "name"],
  ["a name starting with a dash", { ...ok, name: "-orders" }, "name"],
  ["a name ending with an underscore", { ...ok, name: "orders_" }, "name"],
  ["a name with a space", { ...ok, name: "my orders" }, "name"],
  ["a name with a dot", { ...ok, name: "orders.v2" }, "name"],
  ["a name with non-ASCII letters", { ...ok, name: "bestellungen-ü" }, "name"],
  ["a name of 64 bytes", { ...ok, name: "a".repeat(64) }, "name"],
  ["a numeric name", { ...ok, name: 42 }, "name"],
  // program and UDFs
  ["no program", { name: "orders" }, "programCode"],
  ["a program that is a number", { ...ok, programCode: 7 }, "programCode"],
  ["a program that is an array of lines", { ...ok, programCode: [SQL] }, "programCode"],
  [
    "a program over the 2 MiB request limit",
    { ...ok, programCode: "-".repeat(2 * 1024 * 1024 + 1) },
    "programCode",
  ],
  ["Rust UDFs that are not a string", { ...ok, udfRust: { code: "fn f() {}" } }, "udfRust"],
  [
    "udf_toml dependencies without any Rust code",
    { ...ok, udfToml: '[dependencies]\nchrono = "0.4"' },
    "udfToml",
  ],
  // description and tags
  ["a description over 300 characters", { ...ok, description: "d".repeat(301) }, "description"],
  ["a description that is not a string", { ...ok, description: ["a", "b"] }, "description"],
  ["tags that are a string", { ...ok, tags: "owner=data" }, "tags"],
  ["an empty tag", { ...ok, tags: ["owner=data", ""] }, "tags"],
  ["a tag with a forbidden character", { ...ok, tags: ["owner@data"] }, "tags"],
  ["a tag over 50 characters", { ...ok, tags: ["t".repeat(51)] }, "tags"],
  ["51 tags", { ...ok, tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, "tags"],
  ["a tag that is a number", { ...ok, tags: [1] }, "tags.0"],
  // runtime config: types, ranges, unknown keys
  ["a runtime config that is a string", rc("workers=8"), "runtimeConfig"],
  ["zero workers", rc({ workers: 0 }), "runtimeConfig.workers"],
  ["negative workers", rc({ workers: -4 }), "runtimeConfig.workers"],
  ["fractional workers", rc({ workers: 2.5 }), "runtimeConfig.workers"],
  ["workers beyond a 32-bit integer", rc({ workers: 1e12 }), "runtimeConfig.workers"],
  ["workers as a string", rc({ workers: "8" }), "runtimeConfig.workers"],
  ["zero hosts", rc({ hosts: 0 }), "runtimeConfig.hosts"],
  ["a misspelt key (worker)", rc({ worker: 8 }), "runtimeConfig.worker"],
  ["an unknown nested key", rc({ resources: { memory_mb: 1024 } }), "runtimeConfig.resources.memory_mb"],
  ["a negative memory limit", rc({ max_rss_mb: -1 }), "runtimeConfig.max_rss_mb"],
  [
    "memory as a string with a unit",
    rc({ resources: { memory_mb_max: "4Gi" } }),
    "runtimeConfig.resources.memory_mb_max",
  ],
  [
    "a memory minimum above the maximum",
    rc({ resources: { memory_mb_min: 8192, memory_mb_max: 4096 } }),
    "runtimeConfig.resources.memory_mb_min",
  ],
  [
    "a CPU minimum above the maximum",
    rc({ resources: { cpu_cores_min: 8, cpu_cores_max: 2 } }),
    "runtimeConfig.resources.cpu_cores_min",
  ],
  [
    "zero CPU cores at most",
    rc({ resources: { cpu_cores_max: 0 } }),
    "runtimeConfig.resources.cpu_cores_max",
  ],
  [
    "infinite CPU cores",
    rc({ resources: { cpu_cores_max: Number.POSITIVE_INFINITY } }),
    "runtimeConfig.resources.cpu_cores_max",
  ],
  [
    "an unknown fault tolerance model",
    rc({ fault_tolerance: { model: "exactly_twice" } }),
    "runtimeConfig.fault_tolerance.model",
  ],
  [
    "a negative checkpoint interval",
    rc({ fault_tolerance: { checkpoint_interval_secs: -60 } }),
    "runtimeConfig.fault_tolerance.checkpoint_interval_secs",
  ],
  [
    "fault tolerance with storage disabled",
    rc({ fault_tolerance: { model: "exactly_once" }, storage: false }),
    "runtimeConfig.fault_tolerance",
  ],
  [
    "an unknown storage backend",
    rc({ storage: { backend: { name: "tape" } } }),
    "runtimeConfig.storage.backend.name",
  ],
  ["an unknown compression", rc({ storage: { compression: "zip" } }), "runtimeConfig.storage.compression"],
  [
    "a file backend without its config",
    rc({ storage: { backend: { name: "file" } } }),
    "runtimeConfig.storage.backend.config",
  ],
  ["a reserved environment variable", rc({ env: { RUST_LOG: "debug" } }), "runtimeConfig.env.RUST_LOG"],
  ["a reserved environment prefix", rc({ env: { FELDERA_TOKEN: "x" } }), "runtimeConfig.env.FELDERA_TOKEN"],
  ["an environment value that is a number", rc({ env: { LEVEL: 3 } }), "runtimeConfig.env.LEVEL"],
  ["pinned CPUs that are not a list", rc({ pin_cpus: "0-3" }), "runtimeConfig.pin_cpus"],
  [
    "a malformed timezone offset",
    rc({ clock_timezone_offset: "Europe/Berlin" }),
    "runtimeConfig.clock_timezone_offset",
  ],
  [
    "a timezone offset beyond 23 hours",
    rc({ clock_timezone_offset: "+25:00" }),
    "runtimeConfig.clock_timezone_offset",
  ],
  ["tracing as a string", rc({ tracing: "yes" }), "runtimeConfig.tracing"],
  // program config
  ["an unknown compilation profile", { ...ok, programConfig: { profile: "fast" } }, "programConfig.profile"],
  [
    "a malformed runtime version",
    { ...ok, programConfig: { runtime_version: "latest" } },
    "programConfig.runtime_version",
  ],
  ["an unknown program config key", { ...ok, programConfig: { optimise: true } }, "programConfig.optimise"],
  // provider options
  ["an unknown desired status", { ...ok, desiredStatus: "started" }, "desiredStatus"],
  ["a desired status in the wrong case", { ...ok, desiredStatus: "Running" }, "desiredStatus"],
  ["an unknown bootstrap policy", { ...ok, bootstrapPolicy: "approve" }, "bootstrapPolicy"],
  ["an unknown onRunningChange", { ...ok, onRunningChange: "ignore" }, "onRunningChange"],
  ["an unknown onStorageConflict", { ...ok, onStorageConflict: "wipe" }, "onStorageConflict"],
  ["a negative timeout", { ...ok, timeouts: { compile: -1 } }, "timeouts.compile"],
  ["a timeout in milliseconds by mistake", { ...ok, timeouts: { start: 600_000 } }, "timeouts.start"],
  ["an unknown timeout", { ...ok, timeouts: { delete: 10 } }, "timeouts.delete"],
  ["adopt as a string", { ...ok, adopt: "true" }, "adopt"],
  ["validateSqlOnPreview as a number", { ...ok, validateSqlOnPreview: 1 }, "validateSqlOnPreview"],
  ["an unknown top-level input", { ...ok, workers: 8 }, "workers"],
  ["a misspelt top-level input", { ...ok, programcode: SQL }, "programcode"],
  // contradictions
  ["standby without a syncing file backend", { ...ok, desiredStatus: "standby" }, "desiredStatus"],
  [
    "a health gate on a pipeline declared stopped",
    { ...ok, desiredStatus: "stopped", healthGate: { seconds: 30 } },
    "healthGate",
  ],
  ["a health gate of zero seconds", { ...ok, healthGate: { seconds: 0 } }, "healthGate.seconds"],
];

describe("check refuses malformed inputs before any request", () => {
  const env = useTestEmulator();
  afterAll(() => {
    // Not one of the corpus reached the server: check validates before the network.
    expect(env.emulator.requests).toEqual([]);
  });

  it("quotes a wrong value where it helps, never where it may be a credential (check gets secrets unwrapped)", async () => {
    const provider = testProvider(env.emulator.url);
    const reasons = async (runtimeConfig: unknown) =>
      JSON.stringify((await provider.check({}, { ...rc(runtimeConfig), __provider: "p" })).failures);
    expect(await reasons({ workers: "8" })).toContain('(\\"8\\")');
    const leaked = await reasons({
      env: { KAFKA_PASSWORD: 31415926 },
      storage: { backend: { name: "file", config: { sync: { bucket: "b", secret_key: 27182818 } } } },
    });
    expect(leaked).toContain("runtimeConfig.env.KAFKA_PASSWORD");
    expect(leaked).not.toContain("31415926");
    expect(leaked).not.toContain("27182818");
  });

  it("has at least fifty cases", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(50);
  });

  for (const [what, inputs, property] of CORPUS) {
    it(`refuses ${what}, naming ${property} and the fix`, async () => {
      const result = await testProvider(env.emulator.url).check({}, { ...inputs, __provider: "p" });
      const failure = result.failures?.find((f) => f.property === property);
      expect(failure, JSON.stringify(result.failures)).toBeDefined();
      expect(failure!.reason).toMatch(/Fix: |remove it|did you mean/);
      expect(failure!.reason).toContain(property.split(".")[0]!);
    });
  }
});
