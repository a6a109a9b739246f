/**
 * no-rust-udfs: Rust user-defined functions only where allowed. `udfRust` is native code compiled into
 * the pipeline and run with its privileges, and `udfToml` pulls crates from the network at compile
 * time: both are a review and supply-chain question, so they are opted into per pipeline.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy/policy";
import { UNKNOWN_VALUE } from "../../model/check-inputs";
import { settings, stringList } from "../config";
import { ALL_STACKS, globMatch, stacksProperty } from "../environment";
import { lineCount } from "../messages";
import { openPipeline } from "../rule";

const NAME = "no-rust-udfs";

const config = settings({
  allowedPipelines: stringList(
    [],
    "Feldera pipeline names (glob patterns) allowed to define Rust UDFs in udfRust/udfToml.",
  ),
  stacks: stacksProperty(ALL_STACKS),
});

export const noRustUdfs: ResourceValidationPolicy = {
  name: NAME,
  description: "Prohibits Rust UDFs (udfRust, udfToml) except in pipelines on the allow list.",
  enforcementLevel: "mandatory",
  configSchema: config.configSchema,
  validateResource: (args, report) => {
    const rule = openPipeline(NAME, config, args, report);
    if (!rule?.known("name")) return;
    const { name } = rule.pipeline;
    if (rule.config.allowedPipelines.some((p) => globMatch(p, name))) return;
    const unknown: string[] = [];
    let reported = false;
    for (const property of ["udfRust", "udfToml"]) {
      const value = rule.pipeline.props[property];
      if (value === UNKNOWN_VALUE) unknown.push(property);
      if (typeof value !== "string" || value === UNKNOWN_VALUE || value.trim() === "") continue;
      reported = true;
      const lines = lineCount(value);
      rule.report({
        property,
        note: `holds ${lines} line${lines === 1 ? "" : "s"} of ${property === "udfRust" ? "Rust code" : "crate dependencies"}`,
        rule: `pipelines ${rule.where} may not use Rust UDFs unless listed in the ${NAME} policy's allowedPipelines`,
        fix: `remove ${property}, or add "${name}" to allowedPipelines in the policy configuration`,
      });
    }
    // An unknown value may still turn out empty: say that the update judges it (marks not applicable).
    if (!reported && unknown.length > 0) rule.known(...unknown);
  },
};
