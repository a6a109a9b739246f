import { describe, expect, it } from "vitest";
import { UNKNOWN_VALUE } from "../../../provider/model/check-inputs";
import { noRustUdfs } from "../../../provider/policy/policies/no-rust-udfs";
import { compliantPipeline } from "../support/pipelines";
import { runResourcePolicy } from "../support/run-policy";

const UDF =
  "pub fn shout(s: Option<String>) -> Result<Option<String>, Box<dyn std::error::Error>> {\n    Ok(s.map(|s| s.to_uppercase()))\n}\n";

describe("no-rust-udfs", () => {
  it("is mandatory by default", () => {
    expect(noRustUdfs.enforcementLevel).toBe("mandatory");
  });

  it("accepts a pipeline without UDFs, or with empty ones", async () => {
    expect((await runResourcePolicy(noRustUdfs, compliantPipeline())).violations).toEqual([]);
    expect((await runResourcePolicy(noRustUdfs, compliantPipeline({ udfRust: "  \n" }))).violations).toEqual(
      [],
    );
  });

  it("reports Rust code and its crate dependencies, without quoting the code", async () => {
    const props = compliantPipeline({ udfRust: UDF, udfToml: 'regex = "1"' });
    const { violations } = await runResourcePolicy(noRustUdfs, props);
    expect(violations).toEqual([
      `Pipeline 'orders' (udfRust holds 3 lines of Rust code) violates no-rust-udfs: pipelines in every stack may not use Rust UDFs unless listed in the no-rust-udfs policy's allowedPipelines. Fix: remove udfRust, or add "orders" to allowedPipelines in the policy configuration.`,
      `Pipeline 'orders' (udfToml holds 1 line of crate dependencies) violates no-rust-udfs: pipelines in every stack may not use Rust UDFs unless listed in the no-rust-udfs policy's allowedPipelines. Fix: remove udfToml, or add "orders" to allowedPipelines in the policy configuration.`,
    ]);
  });

  it("allows the pipelines the configuration lists, by glob pattern", async () => {
    const props = compliantPipeline({ name: "geo-enrich", udfRust: UDF });
    const outcome = await runResourcePolicy(noRustUdfs, props, { config: { allowedPipelines: ["geo-*"] } });
    expect(outcome.violations).toEqual([]);
  });

  it("does not report a UDF whose text is unknown during preview, and says it is judged in the update", async () => {
    const props = compliantPipeline({ udfRust: UNKNOWN_VALUE });
    expect(await runResourcePolicy(noRustUdfs, props, { preview: true })).toEqual({
      violations: [],
      notApplicable:
        "udfRust is not known until the update (it is computed from another resource); it is checked then",
    });
  });
});
