/**
 * `runtimeConfig.storage.backend.config.sync` (Feldera's `SyncConfig`): checkpoints of a file backend
 * pushed to and pulled from an S3-compatible object store through rclone. A pipeline may be declared
 * `desiredStatus: "standby"` only with this set.
 *
 * Like every runtime setting, changing one restarts a running pipeline (stop, update, start).
 */
import type * as pulumi from "@pulumi/pulumi";

export interface SyncConfig {
  /**
   * The storage service's endpoint URL, needed for S3-compatible stores such as MinIO. Default null. Changing
   * it restarts a running pipeline.
   */
  endpoint?: pulumi.Input<string | null>;
  /**
   * The bucket, optionally with a folder inside it (`my-bucket/data`). Required. Changing it restarts a
   * running pipeline.
   */
  bucket: pulumi.Input<string>;
  /**
   * The bucket's region. Default null: Minio's or the provider's default (`us-east-1` for AWS). Changing it
   * restarts a running pipeline.
   */
  region?: pulumi.Input<string | null>;
  /**
   * The storage provider for rclone, e.g. `"AWS"` or `"Minio"`. Default null (`"Other"`). Changing it
   * restarts a running pipeline.
   */
  provider?: pulumi.Input<string | null>;
  /**
   * The access key. Default null: rclone falls back to credentials from the environment, or the pod's service
   * account (IRSA). Pass it as a secret. Changing it restarts a running pipeline.
   */
  access_key?: pulumi.Input<string | null>;
  /**
   * The secret key paired with `access_key`. Default null (environment credentials). Pass it as a secret.
   * Changing it restarts a running pipeline.
   */
  secret_key?: pulumi.Input<string | null>;
  /**
   * The checkpoint to start from: `"latest"` or a checkpoint uuid. Default null: the local checkpoint, if
   * any. Changing it restarts a running pipeline.
   */
  start_from_checkpoint?: pulumi.Input<string | null>;
  /**
   * Fail to start when the checkpoint cannot be fetched, instead of starting empty. Default false. Changing
   * it restarts a running pipeline.
   */
  fail_if_no_checkpoint?: pulumi.Input<boolean>;
  /** File transfers run in parallel. Default null (rclone's 20). Changing it restarts a running pipeline. */
  transfers?: pulumi.Input<number | null>;
  /** Checkers run in parallel. Default null (rclone's 20). Changing it restarts a running pipeline. */
  checkers?: pulumi.Input<number | null>;
  /**
   * Compare only file sizes after a copy, not checksums: faster. Default null (checksums are checked).
   * Changing it restarts a running pipeline.
   */
  ignore_checksum?: pulumi.Input<boolean | null>;
  /** Streams of a multi-thread download. Default null (10). Changing it restarts a running pipeline. */
  multi_thread_streams?: pulumi.Input<number | null>;
  /**
   * Files above this size (e.g. `"500M"`, `"1G"`) are downloaded by several threads. Default null (100M).
   * Changing it restarts a running pipeline.
   */
  multi_thread_cutoff?: pulumi.Input<string | null>;
  /**
   * Chunks of one file uploaded at once in a multipart upload. Default null (10). Changing it restarts a
   * running pipeline.
   */
  upload_concurrency?: pulumi.Input<number | null>;
  /**
   * Deprecated in Feldera: declare `desiredStatus: "standby"` instead. Default false. Changing it restarts a
   * running pipeline.
   */
  standby?: pulumi.Input<boolean>;
  /**
   * Seconds between attempts to fetch the latest checkpoint while in standby, when `start_from_checkpoint` is
   * `"latest"`. Default 10. Changing it restarts a running pipeline.
   */
  pull_interval?: pulumi.Input<number>;
  /**
   * Seconds between periodic pushes of checkpoints to the store. Default null: no periodic push. Changing it
   * restarts a running pipeline.
   */
  push_interval?: pulumi.Input<number | null>;
  /**
   * Extra rclone flags; wrong ones can break synchronisation. Default null. Changing it restarts a running
   * pipeline.
   */
  flags?: pulumi.Input<pulumi.Input<string>[] | null>;
  /**
   * Checkpoints always kept in the store: none is deleted below this count. Default 10. Changing it restarts
   * a running pipeline.
   */
  retention_min_count?: pulumi.Input<number>;
  /**
   * Days a checkpoint is kept before it may be deleted. Default 30. Changing it restarts a running pipeline.
   */
  retention_min_age?: pulumi.Input<number>;
  /**
   * A read-only bucket to fetch a checkpoint from when neither local storage nor `bucket` has one; it shares
   * `bucket`'s connection settings and is never written. Default null. Changing it restarts a running
   * pipeline.
   */
  read_bucket?: pulumi.Input<string | null>;
  /**
   * Checkpoint downloads use every CPU and most free memory for speed; false uses `transfers`, `checkers` and
   * rclone's defaults. Default true. Changing it restarts a running pipeline.
   */
  optimize_download_resources?: pulumi.Input<boolean>;
}
