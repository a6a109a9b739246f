/**
 * What a `Pipeline` reports besides its inputs, under stable camelCase names: the server's view after
 * the last `pulumi up` or `pulumi refresh`. Each is an output of the resource (`pipeline.deploymentStatus`).
 */

export interface ServerOutputs {
  /** The pipeline's uuid in Feldera, also the resource id; a rename keeps it. */
  pipelineId: string;
  /** Feldera's `version`: counts writes of the pipeline's core fields (program, configs, name). */
  version: number;
  /** Feldera's `program_version`: counts changes of the program fields (SQL, UDFs, program config). */
  programVersion: number | null;
  /** Feldera's `program_status`, e.g. `Success`, `CompilingRust`, `SqlError`. */
  programStatus: string;
  /** Feldera's `deployment_status`, e.g. `Running`, `Paused`, `Stopped`. */
  deploymentStatus: string;
  /** Feldera's `deployment_desired_status`: what the server is working towards, or null. */
  deploymentDesiredStatus: string | null;
  /** Feldera's `deployment_resources_status` (e.g. `Provisioned`, `Stopped`), or null on older servers. */
  deploymentResourcesStatus: string | null;
  /** `error_code: message` of the last failed start or crash, or null. */
  deploymentError: string | null;
  /** Feldera's `storage_status`: `Cleared`, `InUse` or `Clearing`; null on servers before v0.97. */
  storageStatus: string | null;
  /** The Feldera platform version the program was compiled for, or null. */
  platformVersion: string | null;
  /**
   * The runtime config the server stores, every default filled in. Values that may be credentials
   * (environment variables, init containers, object-store settings other than the URL, sync keys) are
   * replaced by a marker: this output is not secret even when `runtimeConfig` is.
   */
  effectiveRuntimeConfig: Record<string, unknown> | null;
  /** The program config the server stores, every default filled in. */
  effectiveProgramConfig: Record<string, unknown> | null;
}
