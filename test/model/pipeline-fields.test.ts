/**
 * The field table (model/pipeline-fields.ts) and what is derived from it: the create body, the PATCH body
 * and classification, Pulumi's input diff and the read-back of outputs. The last describe block adds a
 * hypothetical Feldera field as one row and checks that every derivation picks it up.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { firstDifference } from "../../provider/client/create";
import type { DesiredPipeline } from "../../provider/model/inputs";
import { PipelineInputsSchema } from "../../provider/model/inputs";
import { PIPELINE_FIELDS, type PipelineField } from "../../provider/model/pipeline-fields";
import { settingsUnknownTo } from "../../provider/model/version-gated-settings";
import type { Pipeline } from "../../provider/model/wire";
import { createBody } from "../../provider/plan/create-body";
import { describePlan } from "../../provider/plan/describe";
import { diffFields } from "../../provider/plan/field-changes";
import { diffInputs } from "../../provider/plan/input-diff";
import { planSteps } from "../../provider/plan/steps";
import { readBack } from "../../provider/resource/outputs";
import { desired, FEATURES_0_300, FEATURES_0_337, running, SQL, stopped } from "../fixtures/pipelines";
import { SPEC_PATH } from "../support/openapi";

const spec = JSON.parse(readFileSync(SPEC_PATH, "utf8")) as {
  components: {
    schemas: Record<string, { allOf?: { $ref?: string; properties?: object }[]; properties?: object }>;
  };
};

/** The properties of a schema with `allOf` parts resolved, as the server's serde struct has them. */
function propertiesOf(name: string): string[] {
  const schema = spec.components.schemas[name]!;
  const own = Object.keys(schema.properties ?? {});
  const parts = (schema.allOf ?? []).flatMap((part) =>
    part.$ref ? propertiesOf(part.$ref.split("/").pop()!) : Object.keys(part.properties ?? {}),
  );
  return [...own, ...parts];
}

describe("the field table", () => {
  it("has one row for every top-level field of Feldera's PostPutPipeline and PatchPipeline bodies", () => {
    const wires = PIPELINE_FIELDS.map((f) => f.wire).sort();
    expect(propertiesOf("PostPutPipeline").sort()).toEqual(wires);
    expect(propertiesOf("PatchPipeline").sort()).toEqual(wires);
  });

  it("has a row for every input that describes the pipeline, and nothing the inputs schema lacks", () => {
    const inputs = Object.keys(PipelineInputsSchema.shape);
    for (const f of PIPELINE_FIELDS) expect(inputs).toContain(f.input);
    const options = inputs.filter((k) => !PIPELINE_FIELDS.some((f) => f.input === k));
    // Everything else says how to make a change, not what to change.
    expect(options.sort()).toEqual(
      [
        "adopt",
        "bootstrapPolicy",
        "desiredStatus",
        "healthGate",
        "onRunningChange",
        "onStorageConflict",
        "timeouts",
        "validateSqlOnPreview",
      ].sort(),
    );
  });

  it("marks exactly the two required fields of PostPutPipeline as required", () => {
    const required = spec.components.schemas["PostPutPipeline"]!.allOf!.flatMap(
      (p) => (p as { required?: string[] }).required ?? [],
    );
    expect(PIPELINE_FIELDS.filter((f) => f.required).map((f) => f.wire)).toEqual(required);
  });

  it("treats a server seen storing tags as having client metadata, whatever its version string said", () => {
    const refined = { ...FEATURES_0_300, tags: true }; // client/features.ts refineFeaturesFromPipeline
    const changes = diffFields(desired({ description: "x", tags: ["a"] }), running(), refined);
    expect(changes).toMatchObject({ fields: ["description", "tags"], core: false, storageBound: [] });
    expect(diffFields(desired({ description: "x" }), running(), FEATURES_0_300)).toMatchObject({
      core: true,
      storageBound: ["description"],
    });
  });

  it("refuses settings the server is too old to know, naming each with the release that added it", () => {
    const declared = {
      runtimeConfig: { clock_timezone_offset: "+02:00" },
      programConfig: { use_platform_compiler: true, profile: "optimized_symbols" },
    };
    expect(settingsUnknownTo(FEATURES_0_300.behaviours, declared)).toEqual([
      { setting: "runtimeConfig.clock_timezone_offset", since: "v0.326.0" },
      { setting: "programConfig.use_platform_compiler", since: "v0.310.0" },
    ]);
    expect(settingsUnknownTo(FEATURES_0_337.behaviours, declared)).toEqual([]);
  });
});

describe("secret-bearing fields", () => {
  const MARK = "s3cr3t-9f2c";
  // A value of each secret-bearing field that carries a credential; a new such field needs one here.
  const CREDENTIALS: Record<string, unknown> = {
    runtimeConfig: { env: { API_TOKEN: MARK } },
    programCode: `${SQL}CREATE TABLE t (x INT) WITH ('connectors' = '[{"transport": {"password": "${MARK}"}}]');\n`,
  };

  it("are the ones this test has a credential-carrying value for", () => {
    const secret = PIPELINE_FIELDS.filter((f) => f.secret).map((f) => f.input);
    expect(secret.sort()).toEqual(Object.keys(CREDENTIALS).sort());
  });

  for (const [input, value] of Object.entries(CREDENTIALS)) {
    it(`never have their value (${input}) quoted in a plan, a refusal or an ambiguous create's error`, () => {
      const declared = desired({ [input]: value, onRunningChange: "fail" });
      const refused = planSteps(declared, running(), FEATURES_0_337);
      const wire = PIPELINE_FIELDS.find((f) => f.input === input)!.wire;
      expect("refusal" in refused && refused.refusal.message).toContain(`changing ${wire}`);
      const plan = planSteps({ ...declared, onRunningChange: "restart" }, running(), FEATURES_0_337);
      const described = "steps" in plan ? describePlan(plan.steps) : "";
      expect(described).toContain("update");
      const differs = firstDifference(createBody(declared, FEATURES_0_337), running());
      for (const text of [JSON.stringify(refused), described, String(differs)])
        expect(text).not.toContain(MARK);
    });
  }
});

describe("readBack", () => {
  const declared = { name: "orders", programCode: SQL, runtimeConfig: { workers: 8 }, __provider: "p" };

  it("keeps the declaration where the live pipeline means the same, omitted fields staying omitted", () => {
    const out = readBack(declared, running(), FEATURES_0_337);
    expect(out).toMatchObject({ name: "orders", programCode: SQL, runtimeConfig: { workers: 8 } });
    for (const key of ["description", "tags", "udfRust", "udfToml", "programConfig", "__provider"]) {
      expect(out).not.toHaveProperty(key);
    }
  });

  it("takes drift made outside Pulumi from the live pipeline, configs in declared form", () => {
    const live = running({
      name: "orders-renamed",
      description: "edited in the console",
      tags: ["team=ops"],
      runtime_config: { ...running().runtime_config, workers: 4, tracing: true },
    });
    expect(readBack(declared, live, FEATURES_0_337)).toMatchObject({
      name: "orders-renamed",
      description: "edited in the console",
      tags: ["team=ops"],
      runtimeConfig: { workers: 4, tracing: true },
    });
  });

  it("never reads tags back from a server that does not store them", () => {
    const out = readBack({ ...declared, tags: ["a"] }, stopped({ tags: undefined }), FEATURES_0_300);
    expect(out["tags"]).toEqual(["a"]);
  });
});

describe("a new Feldera field is one row", () => {
  // A hypothetical client-metadata field, as Feldera might add: `owner` (string, "" when unset), stored
  // since v0.326; and a hypothetical storage-bound core field, `region`.
  const textField = (name: string, row: Pick<PipelineField, "kind"> & Partial<PipelineField>) => ({
    input: name,
    wire: name,
    empty: "",
    same: (a: unknown, b: unknown) => (a ?? "") === (b ?? ""),
    ...row,
  });
  const owner = textField("owner", { kind: "metadata", since: "clockTimezoneOffset" });
  const region = textField("region", { kind: "core", storageBound: [{ key: "region", read: (v) => v }] });
  const table = [...PIPELINE_FIELDS, owner, region];
  const declaring = (extra: Record<string, unknown>) => ({ ...desired(), ...extra }) as DesiredPipeline;
  const live = (extra: Record<string, unknown>) => running(extra as Partial<Pipeline>);

  it("is sent in the create body, to servers that store it", () => {
    const d = declaring({ owner: "data-eng" });
    expect(createBody(d, FEATURES_0_337, table)).toMatchObject({ owner: "data-eng" });
    expect(createBody(d, FEATURES_0_300, table)).not.toHaveProperty("owner");
  });

  it("is patched alone, as client metadata, without a restart", () => {
    const changes = diffFields(declaring({ owner: "data-eng" }), live({ owner: "" }), FEATURES_0_337, table);
    expect(changes).toMatchObject({ patch: { owner: "data-eng" }, fields: ["owner"], core: false });
    expect(changes.storageBound).toEqual([]);
  });

  it("is classified by its row: a storage-bound core change", () => {
    const changes = diffFields(declaring({ region: "eu" }), live({ region: "us" }), FEATURES_0_337, table);
    expect(changes).toMatchObject({ patch: { region: "eu" }, core: true, program: false });
    expect(changes.storageBound).toEqual(["region"]);
  });

  it("shows in Pulumi's diff, its empty value equal to an omission", () => {
    const base = { name: "orders", programCode: SQL };
    expect(diffInputs(base, { ...base, owner: "data-eng" }, table).changedProperties).toEqual(["owner"]);
    expect(diffInputs({ ...base, owner: "" }, base, table).changes).toBe(false);
  });

  it("is read back from the live pipeline into the outputs", () => {
    const out = readBack({ name: "orders", programCode: SQL }, live({ owner: "ops" }), FEATURES_0_337, table);
    expect(out["owner"]).toBe("ops");
  });

  it("tells our create from someone else's after an ambiguous POST", () => {
    const body = createBody(declaring({ owner: "data-eng" }), FEATURES_0_337, table);
    const found = stopped({ ...(body as Partial<Pipeline>), owner: "someone" } as Partial<Pipeline>);
    expect(firstDifference(body, found, table)).toBe("owner");
  });
});
