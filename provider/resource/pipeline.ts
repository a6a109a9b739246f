/**
 * `Pipeline`: a Feldera pipeline as a Pulumi resource (`pulumi-nodejs:dynamic/feldera:Pipeline`).
 *
 * Its resource id is the pipeline's uuid, which a rename keeps, so a rename is an in-place update. The
 * Feldera name defaults to the Pulumi resource name, unchanged (Feldera names allow letters, digits,
 * `-` and `_`; check reports a resource name that is not a valid pipeline name and says to set `name`).
 */
import * as pulumi from "@pulumi/pulumi";
import type { PipelineInputs } from "../model/inputs";
import { SERVER_OUTPUT_KEYS, type ServerOutputs } from "./outputs";
import { pipelineProvider } from "./provider";

export { PIPELINE_TYPE } from "../model/inputs";

/**
 * What a program passes: every input may be a Pulumi Input (an Output of another resource, a secret).
 * `name` is optional here: it defaults to the resource name.
 */
export type PipelineArgs = { [K in keyof Omit<PipelineInputs, "name">]: pulumi.Input<PipelineInputs[K]> } & {
  name?: pulumi.Input<string>;
};

/** Optional inputs the class exposes as outputs (the server's values after a refresh). */
const OPTIONAL_ECHOED_INPUTS = ["description", "tags", "desiredStatus"] as const;

export class Pipeline extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly programCode: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly tags: pulumi.Output<string[] | undefined>;
  declare readonly desiredStatus: pulumi.Output<string | undefined>;
  declare readonly pipelineId: pulumi.Output<ServerOutputs["pipelineId"]>;
  declare readonly version: pulumi.Output<ServerOutputs["version"]>;
  declare readonly programVersion: pulumi.Output<ServerOutputs["programVersion"]>;
  declare readonly programStatus: pulumi.Output<ServerOutputs["programStatus"]>;
  declare readonly deploymentStatus: pulumi.Output<ServerOutputs["deploymentStatus"]>;
  declare readonly deploymentDesiredStatus: pulumi.Output<ServerOutputs["deploymentDesiredStatus"]>;
  declare readonly deploymentResourcesStatus: pulumi.Output<ServerOutputs["deploymentResourcesStatus"]>;
  declare readonly deploymentError: pulumi.Output<ServerOutputs["deploymentError"]>;
  declare readonly storageStatus: pulumi.Output<ServerOutputs["storageStatus"]>;
  declare readonly platformVersion: pulumi.Output<ServerOutputs["platformVersion"]>;
  declare readonly effectiveRuntimeConfig: pulumi.Output<ServerOutputs["effectiveRuntimeConfig"]>;
  declare readonly effectiveProgramConfig: pulumi.Output<ServerOutputs["effectiveProgramConfig"]>;

  constructor(name: string, args: PipelineArgs, opts?: pulumi.CustomResourceOptions) {
    // Every declared output is registered (undefined when not given) so that the SDK creates its Output:
    // it makes one only per key it is passed, and `pipeline.tags.apply(…)` must not meet `undefined`.
    const outputs = Object.fromEntries(
      [...SERVER_OUTPUT_KEYS, ...OPTIONAL_ECHOED_INPUTS].map((k) => [k, undefined]),
    );
    super(
      pipelineProvider,
      name,
      { ...outputs, ...args, name: args.name ?? name },
      opts,
      "feldera",
      "Pipeline",
    );
  }
}
