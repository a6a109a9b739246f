/**
 * `Pipeline`: a Feldera pipeline as a Pulumi resource (`pulumi-nodejs:dynamic/feldera:Pipeline`).
 *
 * Its resource id is the pipeline's uuid, which a rename keeps, so a rename is an in-place update. The
 * Feldera name defaults to the Pulumi resource name, unchanged (Feldera names allow letters, digits,
 * `-` and `_`; check reports a resource name that is not a valid pipeline name and says to set `name`).
 *
 * The declarations emitted for this file name only the public types (../types): they are what users'
 * compilers read, under whatever tsconfig they have, so no zod type may leak into them.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ServerOutputs } from "../types/outputs";
import type { DesiredStatus, PipelineArgs } from "../types/pipeline-args";
import { SERVER_OUTPUT_KEYS } from "./outputs";
import { pipelineProvider } from "./provider";

export { PIPELINE_TYPE } from "../model/pipeline-type";

/** Optional inputs the class exposes as outputs (the server's values after a refresh). */
const OPTIONAL_ECHOED_INPUTS = ["description", "tags", "desiredStatus"] as const;

/**
 * A Feldera pipeline: its SQL program and configuration, compiled, started and kept in the declared
 * status by `pulumi up`; deleted with its storage by `pulumi destroy`.
 */
export class Pipeline extends pulumi.dynamic.Resource {
  /** The Feldera pipeline name (after a refresh: the server's). */
  declare readonly name: pulumi.Output<string>;
  /** The SQL program (after a refresh: the server's). Secret when the input was. */
  declare readonly programCode: pulumi.Output<string>;
  /** The description, or undefined when none was declared and the server has none. */
  declare readonly description: pulumi.Output<string | undefined>;
  /** The tags, or undefined when none were declared and the server has none. */
  declare readonly tags: pulumi.Output<string[] | undefined>;
  /** The declared status; after a refresh, the settled status observed, when it differs. */
  declare readonly desiredStatus: pulumi.Output<DesiredStatus | undefined>;
  /** The pipeline's uuid in Feldera, also the resource id; a rename keeps it. */
  declare readonly pipelineId: pulumi.Output<ServerOutputs["pipelineId"]>;
  /** Feldera's `version`: counts writes of the pipeline's core fields (program, configs, name). */
  declare readonly version: pulumi.Output<ServerOutputs["version"]>;
  /** Feldera's `program_version`: counts changes of the program fields (SQL, UDFs, program config). */
  declare readonly programVersion: pulumi.Output<ServerOutputs["programVersion"]>;
  /** Feldera's `program_status`, e.g. `Success`, `CompilingRust`, `SqlError`. */
  declare readonly programStatus: pulumi.Output<ServerOutputs["programStatus"]>;
  /** Feldera's `deployment_status`, e.g. `Running`, `Paused`, `Stopped`. */
  declare readonly deploymentStatus: pulumi.Output<ServerOutputs["deploymentStatus"]>;
  /** Feldera's `deployment_desired_status`: what the server is working towards, or null. */
  declare readonly deploymentDesiredStatus: pulumi.Output<ServerOutputs["deploymentDesiredStatus"]>;
  /** Feldera's `deployment_resources_status`, or null on older servers. */
  declare readonly deploymentResourcesStatus: pulumi.Output<ServerOutputs["deploymentResourcesStatus"]>;
  /** `error_code: message` of the last failed start or crash, or null. */
  declare readonly deploymentError: pulumi.Output<ServerOutputs["deploymentError"]>;
  /** Feldera's `storage_status`: `Cleared`, `InUse` or `Clearing`. */
  declare readonly storageStatus: pulumi.Output<ServerOutputs["storageStatus"]>;
  /** The Feldera platform version the program was compiled for, or null. */
  declare readonly platformVersion: pulumi.Output<ServerOutputs["platformVersion"]>;
  /**
   * The runtime config the server stores, defaults filled in, without values that may be credentials
   * (those read as a marker; the declared `runtimeConfig` holds them, secret when they were).
   */
  declare readonly effectiveRuntimeConfig: pulumi.Output<ServerOutputs["effectiveRuntimeConfig"]>;
  /** The program config the server stores, defaults filled in. */
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
