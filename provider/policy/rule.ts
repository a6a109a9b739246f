/**
 * The common opening of every Pipeline resource policy: is this a Pipeline, does the policy apply to
 * the stack being analyzed, which settings are in force, and are the fields it reads known yet.
 *
 * A policy that does not apply says why through `args.notApplicable(reason)` instead of staying
 * silent: the engine records the reason (Pulumi Cloud shows it per policy), and a test can assert it.
 */
import type { ReportViolation, ResourceValidationArgs } from "@pulumi/policy";
import { containsUnknown } from "../model/check-inputs";
import type { Settings } from "./config";
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
  };
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
