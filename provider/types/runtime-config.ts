/**
 * `runtimeConfig`: Feldera's `RuntimeConfig`, with Feldera's own snake_case names so its documentation
 * applies verbatim. Every field is optional (the server fills in its default) and accepts a
 * `pulumi.Input` at every depth: a secret, an Output of another resource, a value unknown in a preview.
 *
 * What a change costs: any runtime setting restarts a running pipeline (stop, update, start; the
 * program is not recompiled), or is refused with `onRunningChange: "fail"`. The fields marked
 * storage-bound also need the pipeline's storage (checkpoints) cleared while it holds any, which
 * `pulumi up` does only with `onStorageConflict: "clear"`. A key Feldera does not know is refused
 * before anything is written (the server would drop it silently).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { StorageOptions } from "./storage";

/** `fault_tolerance.model`: `"none"` disables fault tolerance. */
export type FaultToleranceModel = "none" | "at_least_once" | "exactly_once";

export interface RuntimeConfig {
  /**
   * DBSP worker threads (each paired with a background merge thread); 4–16 is the usual range, and each adds
   * memory per step. Default 8. Storage-bound: while the pipeline has storage in use, changing it needs
   * `onStorageConflict: "clear"` (its checkpoints are deleted), and it restarts a running pipeline.
   */
  workers?: pulumi.Input<number>;
  /**
   * The memory, in MB, the pipeline may use on each host: turns on memory-pressure backpressure (state pushed
   * to storage instead of running out of memory). Strongly recommended. Default null
   * (`resources.memory_mb_max`, if set). Changing it restarts a running pipeline.
   */
  max_rss_mb?: pulumi.Input<number | null>;
  /**
   * The DataFusion memory pool, in MB, for ad-hoc queries and Delta Lake / Iceberg connectors, carved out of
   * `max_rss_mb`. Default null: 5% of the memory budget, at most 2 GB. Changing it restarts a running
   * pipeline.
   */
  datafusion_memory_mb?: pulumi.Input<number | null>;
  /**
   * DBSP hosts the workers are divided among (multihost is Enterprise-only). Default 1. Storage-bound: while
   * the pipeline has storage in use, changing it needs `onStorageConflict: "clear"` (its checkpoints are
   * deleted), and it restarts a running pipeline.
   */
  hosts?: pulumi.Input<number>;
  /**
   * Storage for state and checkpoints: `true` (default) is the default storage, `false` or null none, an
   * object chooses the backend and its settings. Changing it restarts a running pipeline.
   */
  storage?: pulumi.Input<boolean | StorageOptions | null>;
  /**
   * Fault tolerance (Enterprise edition). Default null: disabled. Note that `{}` ENABLES it, with
   * `exactly_once`. Storage-bound as a whole object: while the pipeline has storage in use, changing any of
   * it needs `onStorageConflict: "clear"` (its checkpoints are deleted), and it restarts a running pipeline.
   */
  fault_tolerance?: pulumi.Input<FaultToleranceConfig | null>;
  /** The CPU profiler. Default true. Changing it restarts a running pipeline. */
  cpu_profiler?: pulumi.Input<boolean>;
  /**
   * Pipeline tracing, sent to `tracing_endpoint_jaeger`. Default false. Changing it restarts a running
   * pipeline.
   */
  tracing?: pulumi.Input<boolean>;
  /**
   * The Jaeger endpoint tracing is sent to. Default `"127.0.0.1:6831"`. Changing it restarts a running
   * pipeline.
   */
  tracing_endpoint_jaeger?: pulumi.Input<string>;
  /**
   * Records to buffer (across all inputs) before a step, up to `max_buffering_delay_usecs`. Default 0.
   * Changing it restarts a running pipeline.
   */
  min_batch_size_records?: pulumi.Input<number>;
  /**
   * The longest wait, in microseconds, for `min_batch_size_records` to arrive. Default 0. Changing it
   * restarts a running pipeline.
   */
  max_buffering_delay_usecs?: pulumi.Input<number>;
  /**
   * CPU, memory and storage reserved for the pipeline, and where it runs on Kubernetes. Changing it restarts
   * a running pipeline.
   */
  resources?: pulumi.Input<ResourceConfig | null>;
  /**
   * How often, in microseconds, a program using `NOW()` advances its clock and recomputes; ignored by
   * programs that do not. Default 1000000 (one second). Changing it restarts a running pipeline.
   */
  clock_resolution_usecs?: pulumi.Input<number | null>;
  /**
   * A fixed UTC offset such as `"+05:30"` added to every `NOW()`. Feldera stores it as `±HH:MM`; a checkpoint
   * keeps the offset it was taken with. Needs a server ≥ v0.326. Default null (UTC). Storage-bound: while the
   * pipeline has storage in use, changing it needs `onStorageConflict: "clear"` (its checkpoints are
   * deleted), and it restarts a running pipeline.
   */
  clock_timezone_offset?: pulumi.Input<string | null>;
  /**
   * CPU numbers to pin worker threads to: at least twice as many as `workers`. Default `[]` (none). Changing
   * it restarts a running pipeline.
   */
  pin_cpus?: pulumi.Input<pulumi.Input<number>[]>;
  /**
   * Seconds the runner allows for Provisioning before the start fails. Default null (the runner's). Changing
   * it restarts a running pipeline.
   */
  provisioning_timeout_secs?: pulumi.Input<number | null>;
  /**
   * Connectors initialised at the same time during a start. Default null (10). Changing it restarts a running
   * pipeline.
   */
  max_parallel_connector_init?: pulumi.Input<number | null>;
  /**
   * Additional (sidecar) Kubernetes containers. Default null. Kept out of `effectiveRuntimeConfig`. Changing
   * it restarts a running pipeline.
   */
  init_containers?: unknown;
  /** Deprecated in Feldera: has no effect. Default true. Changing it restarts a running pipeline. */
  checkpoint_during_suspend?: pulumi.Input<boolean>;
  /**
   * Threads of the pipeline's HTTP server. Default null (`workers`). Changing it restarts a running pipeline.
   */
  http_workers?: pulumi.Input<number | null>;
  /**
   * Threads for asynchronous I/O (connectors, ad-hoc queries). Default null (`workers`). Changing it restarts
   * a running pipeline.
   */
  io_workers?: pulumi.Input<number | null>;
  /**
   * Environment variables of the pipeline process; pass credentials as secrets. Names Feldera reserves
   * (`HOSTNAME`, `RUST_LOG`, `TOKIO_WORKER_THREADS`, prefixes `FELDERA_`, `KUBERNETES_`, `TOKIO_`) are
   * refused. Default `{}`. Kept out of `effectiveRuntimeConfig`. Changing it restarts a running pipeline.
   */
  env?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Feldera's `DevTweaks`: experimental internals that change between releases. Default `{}`. Changing it
   * restarts a running pipeline.
   */
  dev_tweaks?: pulumi.Input<Record<string, unknown>>;
  /**
   * Log filter directives (tracing-subscriber syntax), e.g. `"info,dbsp=debug"`. Default null (info).
   * Changing it restarts a running pipeline.
   */
  logging?: pulumi.Input<string | null>;
  /**
   * A custom StatefulSet template from a Kubernetes ConfigMap. Default null (the runner's template). Changing
   * it restarts a running pipeline.
   */
  pipeline_template_configmap?: pulumi.Input<PipelineTemplateConfigMap | null>;
}

/** Feldera's `FtConfig`. */
export interface FaultToleranceConfig {
  /**
   * The guarantee after a failure. Default `"exactly_once"` (inside a given `fault_tolerance`).
   * Storage-bound, with the rest of `fault_tolerance`: while the pipeline has storage in use, changing it
   * needs `onStorageConflict: "clear"` (its checkpoints are deleted), and it restarts a running pipeline.
   */
  model?: pulumi.Input<FaultToleranceModel>;
  /**
   * Seconds between automatic checkpoints, forced into 1–3600. Default 60. Storage-bound, with the rest of
   * `fault_tolerance`: while the pipeline has storage in use, changing it needs `onStorageConflict:
   * "clear"` (its checkpoints are deleted), and it restarts a running pipeline.
   */
  checkpoint_interval_secs?: pulumi.Input<number | null>;
}

/** Feldera's `ResourceConfig`: what the runner reserves for one instance of the pipeline. */
export interface ResourceConfig {
  /** CPU cores reserved at least. Default null (none). Changing it restarts a running pipeline. */
  cpu_cores_min?: pulumi.Input<number | null>;
  /** CPU cores allowed at most. Default null (no limit). Changing it restarts a running pipeline. */
  cpu_cores_max?: pulumi.Input<number | null>;
  /** Memory reserved at least, in MB. Default null. Changing it restarts a running pipeline. */
  memory_mb_min?: pulumi.Input<number | null>;
  /**
   * Memory allowed at most, in MB; also the memory budget when `max_rss_mb` is unset. Default null. Changing
   * it restarts a running pipeline.
   */
  memory_mb_max?: pulumi.Input<number | null>;
  /**
   * Storage reserved, in MB. Default null. Storage-bound: while the pipeline has storage in use, changing it
   * needs `onStorageConflict: "clear"` (its checkpoints are deleted), and it restarts a running pipeline.
   */
  storage_mb_max?: pulumi.Input<number | null>;
  /**
   * The Kubernetes storage class (IOPS, throughput). Default null. Storage-bound: while the pipeline has
   * storage in use, changing it needs `onStorageConflict: "clear"` (its checkpoints are deleted), and it
   * restarts a running pipeline; storage-bound since v0.305.
   */
  storage_class?: pulumi.Input<string | null>;
  /**
   * The Kubernetes service account the pipeline runs as. Default null. Changing it restarts a running
   * pipeline.
   */
  service_account_name?: pulumi.Input<string | null>;
  /**
   * The Kubernetes namespace the pipeline runs in. Default null (the control plane's). Storage-bound: while
   * the pipeline has storage in use, changing it needs `onStorageConflict: "clear"` (its checkpoints are
   * deleted), and it restarts a running pipeline; storage-bound since v0.303.
   */
  namespace?: pulumi.Input<string | null>;
}

/** Feldera's `PipelineTemplateConfig`: a StatefulSet template in a ConfigMap of the pipeline's namespace. */
export interface PipelineTemplateConfigMap {
  /** The ConfigMap's name. Changing it restarts a running pipeline. */
  name: pulumi.Input<string>;
  /**
   * The ConfigMap key that holds the template. Default `"pipelineTemplate"`. Changing it restarts a running
   * pipeline.
   */
  key?: pulumi.Input<string>;
}
