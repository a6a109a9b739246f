/**
 * `PipelineArgs`: what a program declares for a `Pipeline`. Every input, at every depth, accepts a
 * `pulumi.Input`: a plain value, a secret (`config.requireSecret(…)`), or an Output of another resource,
 * unknown during a preview (validated then by `pulumi up`).
 *
 * What a change costs, in three kinds. In place: written to Feldera without a stop. Restart: a running
 * pipeline is stopped, updated and started again (`onRunningChange` decides whether that is allowed).
 * Storage clear: the pipeline's storage (checkpoints) must also be deleted first, which happens only
 * with `onStorageConflict: "clear"`. Provider options change nothing in Feldera and apply to the next
 * change.
 *
 * Hand-written so that editors show each property's documentation and errors name these types; it
 * agrees with the provider's validation schema by a compile-time check in the repository's tests.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ProgramConfig } from "./program-config";
import type { RuntimeConfig } from "./runtime-config";

/** What `pulumi up` leaves the pipeline doing. */
export type DesiredStatus = "running" | "paused" | "standby" | "stopped";
/** Feldera's `BootstrapPolicy`: what a start does when the program changed since the checkpoint. */
export type BootstrapPolicy = "allow" | "reject" | "await_approval";
/** What to do with a change that needs a running pipeline restarted. */
export type RunningChangePolicy = "restart" | "fail";
/** What to do with a change that needs the pipeline's storage cleared. */
export type StorageConflictPolicy = "fail" | "clear";

export interface PipelineArgs {
  /**
   * The Feldera pipeline name: 1–63 ASCII letters, digits, `-` and `_`, starting and ending with a letter
   * or digit. Default: the resource name. A rename is an update in place of the same pipeline (its id
   * is kept), but Feldera allows it only with the storage cleared: storage clear.
   */
  name?: pulumi.Input<string>;
  /** The SQL program, at most the 2 MiB Feldera accepts in one request. Required. Restart and recompile. */
  programCode: pulumi.Input<string>;
  /** A description (at most 300 characters). Default `""`. In place, never restarts. */
  description?: pulumi.Input<string>;
  /**
   * Tags: at most 50, each 1–50 letters, digits, spaces or `. _ / | \ : = -`. Default `[]`. In place;
   * servers before v0.313 do not store them.
   */
  tags?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Feldera's runtime configuration (workers, storage, resources, fault tolerance, environment, …).
   * Default: the server's defaults. Restart; some fields are storage-bound (storage clear).
   */
  runtimeConfig?: pulumi.Input<RuntimeConfig>;
  /**
   * How the program is compiled, e.g. `{ profile: "optimized" }`. Default: the server's defaults. Restart and
   * recompile.
   */
  programConfig?: pulumi.Input<ProgramConfig>;
  /** The Rust source of user-defined functions. Default `""`. Restart and recompile. */
  udfRust?: pulumi.Input<string>;
  /** The `[dependencies]` of the UDF crate (needs `udfRust`). Default `""`. Restart and recompile. */
  udfToml?: pulumi.Input<string>;
  /**
   * What `pulumi up` leaves the pipeline doing. Default `"running"`. A change is a start, pause, resume,
   * activation or stop, never a restart; `"standby"` needs a file storage backend with `sync`.
   */
  desiredStatus?: pulumi.Input<DesiredStatus>;
  /**
   * What a start does when the program differs from the checkpoint it resumes from: `"allow"` (default: the
   * reviewed `pulumi up` is the approval), `"reject"`, or `"await_approval"` (Feldera's own default; the
   * update then fails at AwaitingApproval saying how to approve). Provider option: changing it alone writes
   * nothing to Feldera; it applies to the next change.
   */
  bootstrapPolicy?: pulumi.Input<BootstrapPolicy>;
  /**
   * A restart-kind change to a deployed pipeline: `"restart"` (default: stop, update, start again) or
   * `"fail"` (refuse, write nothing). Provider option: changing it alone writes nothing to Feldera; it
   * applies to the next change.
   */
  onRunningChange?: pulumi.Input<RunningChangePolicy>;
  /**
   * A storage-bound change while the pipeline's storage is in use: `"fail"` (default: refuse, write nothing)
   * or `"clear"` (consent to deleting its checkpoints). Provider option: changing it alone writes nothing to
   * Feldera; it applies to the next change.
   */
  onStorageConflict?: pulumi.Input<StorageConflictPolicy>;
  /**
   * How long each wait may take, in seconds. Default: compile 1800, start 600, stop 300, clear 300. Provider
   * option (each field says what a change does).
   */
  timeouts?: pulumi.Input<PipelineTimeouts>;
  /**
   * On create, take over an existing pipeline of this name (Pulumi's `import` does not work for dynamic
   * providers) and bring it to this declaration with the fewest changes. Default false: an existing name is
   * an error. Provider option, read only on create: changing it later writes nothing.
   */
  adopt?: pulumi.Input<boolean>;
  /**
   * Compile a new or changed program with Feldera's `/v0/validate_program` during `pulumi preview` (servers ≥
   * v0.324), so SQL errors fail the preview. Default true. Provider option: changing it alone writes nothing
   * to Feldera; it applies to the next change.
   */
  validateSqlOnPreview?: pulumi.Input<boolean>;
  /**
   * After a (re)start, require the pipeline to stay healthy before `pulumi up` succeeds, so a bad change
   * stops at staging. Needs `desiredStatus: "running"`. Default: none. Provider option: changing it alone
   * writes nothing; it applies from the next (re)start.
   */
  healthGate?: pulumi.Input<HealthGate>;
}

/**
 * Deadlines of the provider's waits, in seconds (at most a day). Pulumi's `customTimeouts` never reach
 * a dynamic provider. Changing `compile` or `start` writes nothing; changing `stop` or `clear` is an
 * update that writes nothing to Feldera but records them, because destroy reads them from the state.
 */
export interface PipelineTimeouts {
  /**
   * Waiting for compilation (Feldera has no compile timeout; a first Rust build takes minutes). Default
   * 1800. Changing it writes nothing and applies from the next change.
   */
  compile?: pulumi.Input<number>;
  /**
   * Waiting for a start to reach the declared status. Default 600. Changing it writes nothing and applies
   * from the next change.
   */
  start?: pulumi.Input<number>;
  /**
   * Waiting for a stop. Default 300. Changing it is an update that writes nothing to Feldera: it is
   * recorded in the state, which destroy reads it from.
   */
  stop?: pulumi.Input<number>;
  /**
   * Waiting for the storage to be cleared. Default 300. Changing it is an update that writes nothing to
   * Feldera: it is recorded in the state, which destroy reads it from.
   */
  clear?: pulumi.Input<number>;
}

/** The promotion gate: what a freshly (re)started pipeline must show before `pulumi up` succeeds. */
export interface HealthGate {
  /**
   * How long, in seconds, the pipeline must stay Running with no deployment error. Required. Changing it
   * writes nothing and applies from the next (re)start.
   */
  seconds: pulumi.Input<number>;
  /**
   * Also require every input connector to receive records before the gate passes. Default false. Changing
   * it writes nothing and applies from the next (re)start.
   */
  requireInputProgress?: pulumi.Input<boolean>;
}
