import { describe, expect, it } from "vitest";
import type { PipelineInputs } from "../../provider/model/inputs";
import { normalizeRuntimeConfig } from "../../provider/model/runtime-config";
import type { Pipeline } from "../../provider/model/wire";
import type { PlanFeatures } from "../../provider/plan/field-changes";
import { planSteps, type Step } from "../../provider/plan/steps";
import {
  awaitingApproval,
  clearing,
  compiling,
  crashed,
  desired,
  earlyStart,
  FEATURES_0_300,
  FEATURES_0_337,
  featuresOf,
  initializing,
  NEW_SQL,
  paused,
  running,
  sqlError,
  standby,
  stopped,
  stoppedAfterRun,
  stopping,
} from "../fixtures/pipelines";

const FILE_SYNC = {
  storage: { backend: { name: "file", config: { sync: { bucket: "s3://ckpt" } } } },
} as const;

interface Row {
  live: Pipeline;
  declared?: Partial<PipelineInputs>;
  features?: PlanFeatures;
  steps: Step[];
}

const start = (initial: "running" | "paused" | "standby" = "running"): Step => ({
  kind: "start",
  initial,
  bootstrapPolicy: "allow",
});
const arrive = (target: "Running" | "Paused" | "Standby" = "Running"): Step => ({
  kind: "await-deployed",
  target,
});
const stopSteps: Step[] = [{ kind: "stop" }, { kind: "await-stopped" }];
const patch = (body: Record<string, unknown>): Step => ({
  kind: "patch",
  body,
  fields: Object.keys(body) as never,
});

// Keyed by a sentence; each row compares the whole step list.
const table: Record<string, Row> = {
  "starts a compiled stopped pipeline declared running": { live: stopped(), steps: [start(), arrive()] },
  "does nothing to a running pipeline that matches": { live: running(), steps: [] },
  "does nothing to a stopped pipeline declared stopped": {
    live: stopped(),
    declared: { desiredStatus: "stopped" },
    steps: [],
  },
  "waits for compilation before starting a pipeline still compiling": {
    live: compiling(),
    steps: [{ kind: "await-compiled" }, start(), arrive()],
  },
  "waits for compilation of a stopped pipeline declared stopped, so SQL errors fail the update": {
    live: compiling("Pending"),
    declared: { desiredStatus: "stopped" },
    steps: [{ kind: "await-compiled" }],
  },
  "patches only the description of a running pipeline, without a restart": {
    live: running(),
    declared: { description: "orders by day" },
    steps: [patch({ description: "orders by day" })],
  },
  "patches only the tags of a running pipeline, without a restart": {
    live: running(),
    declared: { tags: ["owner=data"] },
    steps: [patch({ tags: ["owner=data"] })],
  },
  "stops, patches, recompiles and restarts a running pipeline whose program changed": {
    live: running(),
    declared: { programCode: NEW_SQL },
    steps: [...stopSteps, patch({ program_code: NEW_SQL }), { kind: "await-compiled" }, start(), arrive()],
  },
  "restarts a paused pipeline into paused after a program change": {
    live: paused(),
    declared: { programCode: NEW_SQL, desiredStatus: "paused" },
    steps: [
      ...stopSteps,
      patch({ program_code: NEW_SQL }),
      { kind: "await-compiled" },
      start("paused"),
      arrive("Paused"),
    ],
  },
  "patches a non-storage-bound runtime setting of a stopped pipeline without recompiling": {
    live: stoppedAfterRun(),
    declared: { runtimeConfig: { tracing: true }, desiredStatus: "stopped" },
    steps: [patch({ runtime_config: { tracing: true } })],
  },
  "sends the whole runtime_config when one key changes": {
    live: stopped({ runtime_config: { ...stopped().runtime_config, tracing: true } }),
    declared: { runtimeConfig: { tracing: true, cpu_profiler: false }, desiredStatus: "stopped" },
    steps: [patch({ runtime_config: { tracing: true, cpu_profiler: false } })],
  },
  "treats a declared default as equal to the server's filled-in default": {
    live: running(),
    declared: { runtimeConfig: { workers: 8, storage: true }, programConfig: { cache: true } },
    steps: [],
  },
  "clears storage first when consented and a storage-bound field changes": {
    live: stoppedAfterRun(),
    declared: { runtimeConfig: { workers: 4 }, onStorageConflict: "clear", desiredStatus: "stopped" },
    steps: [
      { kind: "clear-storage", fields: ["runtime_config.workers"] },
      { kind: "await-cleared" },
      patch({ runtime_config: { workers: 4 } }),
    ],
  },
  "stops, clears, patches and restarts a running pipeline on a consented storage-bound change": {
    live: running(),
    declared: { runtimeConfig: { workers: 4 }, onStorageConflict: "clear" },
    steps: [
      ...stopSteps,
      { kind: "clear-storage", fields: ["runtime_config.workers"] },
      { kind: "await-cleared" },
      patch({ runtime_config: { workers: 4 } }),
      start(),
      arrive(),
    ],
  },
  "renames a stopped pipeline with cleared storage with a PATCH of name": {
    live: stopped(),
    declared: { name: "orders-v2", desiredStatus: "stopped" },
    steps: [patch({ name: "orders-v2" })],
  },
  "pauses a running pipeline declared paused": {
    live: running(),
    declared: { desiredStatus: "paused" },
    steps: [{ kind: "pause" }, arrive("Paused")],
  },
  "resumes a paused pipeline declared running (start would not)": {
    live: paused(),
    steps: [{ kind: "resume" }, arrive()],
  },
  "stops a running pipeline declared stopped": {
    live: running(),
    declared: { desiredStatus: "stopped" },
    steps: stopSteps,
  },
  "dismisses the error of a crashed pipeline before starting it again": {
    live: crashed(),
    steps: [{ kind: "dismiss-error" }, start(), arrive()],
  },
  "starts a crashed pipeline without dismissing on servers without /dismiss_error": {
    live: crashed(),
    features: { ...FEATURES_0_337, dismissError: false },
    steps: [start(), arrive()],
  },
  "waits for a failed program (to report its errors) before any start": {
    live: sqlError(),
    steps: [{ kind: "await-compiled" }, start(), arrive()],
  },
  "patches the program of a pipeline that failed to compile": {
    live: sqlError(),
    declared: { programCode: NEW_SQL },
    steps: [patch({ program_code: NEW_SQL }), { kind: "await-compiled" }, start(), arrive()],
  },
  "waits for a starting pipeline to settle before planning": {
    live: initializing(),
    steps: [{ kind: "await-settled" }],
  },
  "waits for a stopping pipeline to settle before starting it again": {
    live: stopping(),
    steps: [{ kind: "await-settled" }],
  },
  "only waits for a pipeline already stopping when it must stop": {
    live: stopping(),
    declared: { programCode: NEW_SQL },
    steps: [
      { kind: "await-stopped" },
      patch({ program_code: NEW_SQL }),
      { kind: "await-compiled" },
      start(),
      arrive(),
    ],
  },
  "forces a suspend under way to stop when it must stop: a suspend may drag on (docs/feldera/deployment-and-stop.md#stop)":
    {
      live: running({
        deployment_status: "Suspending",
        deployment_desired_status: "Suspended",
        deployment_runtime_desired_status: "Suspended",
      }),
      declared: { desiredStatus: "stopped" },
      steps: stopSteps,
    },
  "approves a start made for Running, arrives there, and leaves a declared pause to the next plan (docs/feldera/deployment-and-stop.md#resources-status)":
    {
      live: awaitingApproval({ deployment_initial: "Running" }),
      declared: { desiredStatus: "paused" },
      steps: [{ kind: "approve" }, arrive("Running")],
    },
  "restarts a standby pipeline on open source, where /activate is 501 (docs/feldera/deployment-and-stop.md#runtime-actions)":
    {
      live: standby(),
      declared: { desiredStatus: "running" },
      features: { ...FEATURES_0_337, edition: "open-source" },
      steps: [...stopSteps, start(), arrive()],
    },
  "cancels an early start to change the program (core edits are refused meanwhile)": {
    live: earlyStart(),
    declared: { programCode: NEW_SQL },
    steps: [...stopSteps, patch({ program_code: NEW_SQL }), { kind: "await-compiled" }, start(), arrive()],
  },
  "waits for clearing storage to finish before starting": {
    live: clearing(),
    steps: [{ kind: "await-settled" }],
  },
  "approves a pipeline awaiting approval when the policy is allow": {
    live: awaitingApproval(),
    steps: [{ kind: "approve" }, arrive()],
  },
  "does not approve on anyone's behalf when the policy is await_approval": {
    live: awaitingApproval(),
    declared: { bootstrapPolicy: "await_approval" },
    steps: [arrive()],
  },
  "restarts a running pipeline into standby (standby is only an initial status)": {
    live: running(),
    declared: { desiredStatus: "standby", runtimeConfig: FILE_SYNC },
    steps: [
      ...stopSteps,
      patch({ runtime_config: FILE_SYNC }),
      { kind: "start", initial: "standby", bootstrapPolicy: "allow" },
      arrive("Standby"),
    ],
  },
  "activates a standby pipeline declared running": {
    live: standby({ runtime_config: { ...stopped().runtime_config, ...normalizedFileSync() } }),
    declared: { runtimeConfig: FILE_SYNC },
    steps: [{ kind: "activate", initial: "running" }, arrive()],
  },
  "never sends tags to a server that ignores them (no permanent diff)": {
    live: running({ tags: undefined }),
    declared: { tags: ["owner=data"] },
    features: FEATURES_0_300,
    steps: [],
  },
  "restarts and clears for a description change on servers where description is storage-bound core": {
    live: running({ tags: undefined }),
    declared: { description: "new", onStorageConflict: "clear" },
    features: FEATURES_0_300,
    steps: [
      ...stopSteps,
      { kind: "clear-storage", fields: ["description"] },
      { kind: "await-cleared" },
      patch({ description: "new" }),
      start(),
      arrive(),
    ],
  },
  "restarts for a description change of a never-started pipeline on servers before v0.313": {
    live: earlyStart(),
    declared: { description: "new" },
    features: FEATURES_0_300,
    steps: [...stopSteps, patch({ description: "new" }), { kind: "await-compiled" }, start(), arrive()],
  },
  "gates a start with the health check when healthGate is declared": {
    live: stopped(),
    declared: { healthGate: { seconds: 30 } },
    steps: [start(), arrive(), { kind: "health-gate", seconds: 30, requireInputProgress: false }],
  },
  "gates a resume too": {
    live: paused(),
    declared: { healthGate: { seconds: 5, requireInputProgress: true } },
    steps: [{ kind: "resume" }, arrive(), { kind: "health-gate", seconds: 5, requireInputProgress: true }],
  },
  "does not gate a running pipeline that only gets a new description": {
    live: running(),
    declared: { healthGate: { seconds: 30 }, description: "x" },
    steps: [patch({ description: "x" })],
  },
  "starts with the declared bootstrap policy": {
    live: stopped(),
    declared: { bootstrapPolicy: "reject" },
    steps: [{ kind: "start", initial: "running", bootstrapPolicy: "reject" }, arrive()],
  },
};

/** What the server stores for FILE_SYNC: the declared backend with every SyncConfig default filled in. */
function normalizedFileSync() {
  const r = normalizeRuntimeConfig(FILE_SYNC);
  if (!r.ok) throw new Error(r.message);
  return { storage: r.value.storage };
}

describe("planSteps", () => {
  for (const [name, row] of Object.entries(table)) {
    it(name, () => {
      const plan = planSteps(desired(row.declared), row.live, row.features ?? FEATURES_0_337);
      if ("refusal" in plan) throw new Error(`unexpected refusal: ${plan.refusal.message}`);
      expect(plan.steps).toEqual(row.steps);
    });
  }

  it("refuses a program change on a running pipeline when onRunningChange is fail, naming the fix", () => {
    const plan = planSteps(
      desired({ programCode: NEW_SQL, onRunningChange: "fail" }),
      running(),
      FEATURES_0_337,
    );
    expect(plan).toEqual({
      refusal: expect.objectContaining({
        reason: "running-change",
        fix: expect.stringContaining('onRunningChange: "restart"'),
      }),
    });
  });

  it("refuses a storage-bound change while storage is in use by default, naming the fields and the consent", () => {
    const plan = planSteps(desired({ runtimeConfig: { workers: 4, hosts: 1 } }), running(), FEATURES_0_337);
    if (!("refusal" in plan)) throw new Error("expected a refusal");
    expect(plan.refusal.reason).toBe("storage-conflict");
    expect(plan.refusal.message).toContain("'runtime_config.workers'");
    expect(plan.refusal.fix).toContain('onStorageConflict: "clear"');
  });

  it("refuses a rename of a pipeline whose storage is in use unless clearing is consented", () => {
    const plan = planSteps(
      desired({ name: "orders-v2", desiredStatus: "stopped" }),
      stoppedAfterRun(),
      FEATURES_0_337,
    );
    expect("refusal" in plan && plan.refusal.message).toContain("'name'");
  });

  it("changes runtime_config.hosts of a running pipeline without clearing storage on a server before v0.227", () => {
    const plan = planSteps(desired({ runtimeConfig: { hosts: 2 } }), running(), featuresOf("0.226.0"));
    if ("refusal" in plan) throw new Error(`unexpected refusal: ${plan.refusal.message}`);
    expect(plan.changes.storageBound).toEqual([]);
    expect(plan.steps.map((s) => s.kind)).not.toContain("clear-storage");
    const now = planSteps(desired({ runtimeConfig: { hosts: 2 } }), running(), FEATURES_0_337);
    expect("refusal" in now && now.refusal.message).toContain("'runtime_config.hosts'");
  });

  it("refuses settings the server is too old to know, naming each with its release and the fix", () => {
    const plan = planSteps(
      desired({
        runtimeConfig: { clock_timezone_offset: "+02:00" } as never,
        programConfig: { use_platform_compiler: true, profile: "optimized_symbols" },
      }),
      stopped(),
      FEATURES_0_300,
    );
    if (!("refusal" in plan)) throw new Error("expected a refusal");
    expect(plan.refusal.reason).toBe("unsupported-setting");
    expect(plan.refusal.message).toContain("runtimeConfig.clock_timezone_offset (Feldera v0.326.0 or later)");
    expect(plan.refusal.message).toContain("programConfig.use_platform_compiler (Feldera v0.310.0 or later)");
    expect(plan.refusal.message).not.toContain("optimized_symbols"); // known since v0.171
    expect(plan.refusal.message).toContain("version 0.300.0");
    expect(plan.refusal.fix).toContain("upgrade the Feldera server");
    const defaults = planSteps(
      desired({ programConfig: { use_platform_compiler: false } }),
      stopped(),
      FEATURES_0_300,
    );
    expect(defaults).not.toHaveProperty("refusal"); // the default means the same to any server
  });

  it("never refuses a change for a pipeline that stops or clears on its own: it waits, then plans again", () => {
    for (const declared of [
      { runtimeConfig: { workers: 4 } }, // storage-bound
      { programCode: NEW_SQL, onRunningChange: "fail" as const }, // core
    ]) {
      const plan = planSteps(desired(declared), clearing(), FEATURES_0_337);
      expect(plan).toMatchObject({ steps: [{ kind: "await-settled" }] });
    }
    const fromStopping = planSteps(
      desired({ programCode: NEW_SQL, onRunningChange: "fail" }),
      stopping(),
      FEATURES_0_337,
    );
    expect(fromStopping).not.toHaveProperty("refusal");
    expect("steps" in fromStopping && fromStopping.steps[0]).toEqual({ kind: "await-stopped" });
  });

  it("allows a metadata-only change on a running pipeline even when onRunningChange is fail", () => {
    const plan = planSteps(desired({ description: "x", onRunningChange: "fail" }), running(), FEATURES_0_337);
    expect("steps" in plan && plan.steps).toEqual([patch({ description: "x" })]);
  });
});
