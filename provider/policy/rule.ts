/**
 * The common opening of every Pipeline resource policy: is this a Pipeline, does the policy apply to
 * the stack being analyzed, which settings are in force, and are the fields it reads known yet.
 *
 * A policy that does not apply says why through `args.notApplicable(reason)` instead of staying
 * silent: the engine records the reason (Pulumi Cloud shows it per policy), and a test can assert it.
 */
import type { ReportViolation, ResourceValidationArgs } from "@pulumi/policy";
import { containsUnknown, UNKNOWN_VALUE } from "../model/check-inputs";
import type { ProgramConfig } from "../model/program-config";
import type { RuntimeConfig } from "../model/runtime-config";
import type { Settings } from "./config";
import { effectiveProgramConfig, effectiveRuntimeConfig } from "./effective";
import { currentStack, matchScope } from "./environment";
import { type Violation, violationMessage } from "./messages";
import { isPipeline, PIPELINE_TYPE, type PipelineView, pipelineView, valueAt } from "./pipeline";

export interface PipelineRule<C> {
  pipeline: PipelineView;
  config: C;
  /** Where the policy applies, for "pipelines … must": `in every stack`, `in stacks matching "prod"`. */
  where: string;
  report(v: Violation): void;
  /**
   * False when a dotted path (e.g. `runtimeConfig.fault_tolerance`) holds a value not known until the
   * update; the policy is then marked not applicable for this resource, naming the field.
   */
  known(...paths: string[]): boolean;
  /** A top-level string input such as programCode: undefined when absent, not a string, or unknown. */
  text(input: string): string | undefined;
  /**
   * The effective runtime / program config (effective.ts). Undefined when it does not normalise: then,
   * if unknown values inside it are why (a required field computed from another resource, such as an
   * object store's url), the policy is marked not applicable naming them, never passed silently.
   */
  runtimeConfig(): RuntimeConfig | undefined;
  programConfig(): ProgramConfig | undefined;
}

/** Undefined when the policy has nothing to say about this resource (the reason is recorded). */
export function openPipeline<C extends object>(
  policy: string,
  settings: Settings<C>,
  args: ResourceValidationArgs,
  report: ReportViolation,
): PipelineRule<C> | undefined {
  if (!isPipeline(args))
    return notApplicable(args, `Policy only applies to resources of type '${PIPELINE_TYPE}'`);
  const config = settings.read(args);
  let where = "in every stack";
  // Stack-scoped policies declare a `stacks` setting; the others (pipeline-name-pattern) scope themselves.
  const stacks = (config as { stacks?: readonly string[] }).stacks;
  if (stacks) {
    const scope = matchScope(stacks, currentStack(args.stackTags));
    if (!scope.applies) return notApplicable(args, scope.reason);
    where = scope.where;
  }
  const pipeline = pipelineView(args);
  const known = (...paths: string[]) => {
    const unknown = paths.find((p) => containsUnknown(valueAt(pipeline.props, p.split("."))));
    if (unknown === undefined) return true;
    notApplicable(
      args,
      `${unknown} is not known until the update (it is computed from another resource); it is checked then`,
    );
    return false;
  };
  const effective =
    <T>(input: string, read: (props: Record<string, unknown>) => T | undefined) =>
    (): T | undefined => {
      const value = read(pipeline.props);
      if (value !== undefined) return value;
      const unknown = unknownPaths(pipeline.props[input], input);
      if (unknown.length > 0) {
        notApplicable(
          args,
          `${input} cannot be read until the update: ${unknown.join(", ")} ${unknown.length === 1 ? "is" : "are"} computed from another resource; it is checked then`,
        );
      }
      return undefined;
    };
  return {
    pipeline,
    config,
    where,
    report: (v) => report(violationMessage(pipeline.name, policy, v)),
    known,
    text: (input) => {
      const value = known(input) ? pipeline.props[input] : undefined;
      return typeof value === "string" ? value : undefined;
    },
    runtimeConfig: effective("runtimeConfig", effectiveRuntimeConfig),
    programConfig: effective("programConfig", effectiveProgramConfig),
  };
}

/** The dotted paths of the unknown values inside `value`. */
function unknownPaths(value: unknown, at: string): string[] {
  if (value === UNKNOWN_VALUE) return [at];
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => unknownPaths(v, `${at}.${k}`));
}

/**
 * Records why the policy does not apply. `args.notApplicable` throws (that is how @pulumi/policy ends
 * the validation); a host without it (@pulumi/policy before 1.18) just gets no violation.
 */
export function notApplicable(
  args: { notApplicable?: (reason?: string) => never },
  reason: string,
): undefined {
  if (typeof args.notApplicable === "function") args.notApplicable(reason);
  return undefined;
}
