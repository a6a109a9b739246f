/**
 * pulumi-feldera/policy: @pulumi/policy policies over Feldera Pipeline resources.
 *
 *   import { PolicyPack } from "@pulumi/policy";
 *   import { policies } from "pulumi-feldera/policy";
 *   new PolicyPack("feldera", { policies });
 *
 * This module never constructs a PolicyPack: construction starts the analyzer server at once (and may
 * exit the process), so the policies live here and a pack is a three-line program of its own
 * (examples/policy-pack). Each policy is also exported by name, to pick a subset or wrap one.
 *
 * Where a policy applies is its `stacks` setting, matched against the stack being analyzed (see
 * environment.ts); how strictly is its enforcement level. Both come from the pack's configuration.
 */
import type { Policies } from "@pulumi/policy/policy";
import { connectorsParseable } from "./policies/connectors-parseable";
import { desiredStatusRunning } from "./policies/desired-status-running";
import { faultToleranceRequired } from "./policies/fault-tolerance-required";
import { forbiddenConnectors } from "./policies/forbidden-connectors";
import { memoryLimitRequired } from "./policies/memory-limit-required";
import { noDevTweaks } from "./policies/no-dev-tweaks";
import { noPlaintextCredentials } from "./policies/no-plaintext-credentials";
import { noRustUdfs } from "./policies/no-rust-udfs";
import { optimizedCompilation } from "./policies/optimized-compilation";
import { pipelineNamePattern } from "./policies/pipeline-name-pattern";
import { programSizeLimit } from "./policies/program-size-limit";
import { requiredTags } from "./policies/required-tags";
import { resourceBounds } from "./policies/resource-bounds";
import { storageForFaultTolerance } from "./policies/storage-for-fault-tolerance";
import { uniquePipelineNames } from "./policies/unique-pipeline-names";

export {
  ALL_STACKS,
  DEV_STACKS,
  ENVIRONMENT_TAG,
  globMatch,
  NON_DEV_STACKS,
  PROD_STACKS,
} from "./environment";
export { PIPELINE_TYPE } from "./pipeline";
export { CREDENTIAL_KEYS } from "./policies/no-plaintext-credentials";
export {
  connectorsParseable,
  desiredStatusRunning,
  faultToleranceRequired,
  forbiddenConnectors,
  memoryLimitRequired,
  noDevTweaks,
  noPlaintextCredentials,
  noRustUdfs,
  optimizedCompilation,
  pipelineNamePattern,
  programSizeLimit,
  requiredTags,
  resourceBounds,
  storageForFaultTolerance,
  uniquePipelineNames,
};

/** Every policy, resource and stack, in the order the engine lists them. */
export const policies: Policies = [
  requiredTags,
  faultToleranceRequired,
  optimizedCompilation,
  resourceBounds,
  memoryLimitRequired,
  storageForFaultTolerance,
  noRustUdfs,
  noDevTweaks,
  pipelineNamePattern,
  programSizeLimit,
  forbiddenConnectors,
  noPlaintextCredentials,
  connectorsParseable,
  desiredStatusRunning,
  uniquePipelineNames,
];
