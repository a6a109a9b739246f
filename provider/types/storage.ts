/**
 * `runtimeConfig.storage`: where a pipeline keeps its state and checkpoints, in Feldera's own field
 * names (Feldera's `StorageOptions`, `StorageBackendConfig`, `FileBackendConfig`, `SyncConfig`).
 *
 * Every field accepts a `pulumi.Input`, so a bucket URL can come from the resource that made the bucket
 * and a key from `config.requireSecret(…)`. A secret anywhere in `runtimeConfig` keeps the declared
 * `runtimeConfig` output secret; `effectiveRuntimeConfig` never shows these settings (only the URL).
 *
 * Every field here belongs to `runtimeConfig`: changing one restarts a running pipeline (stop, update,
 * start; the program is not recompiled). The shape agrees with the provider's validation schema by a
 * compile-time check in the repository's tests.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { SyncConfig } from "./sync";

/** How Feldera compresses what it writes to storage (`StorageCompression`). */
export type StorageCompression = "default" | "none" | "snappy";

/** Feldera's `StorageOptions`. */
export interface StorageOptions {
  /**
   * Where the storage lives. Default `{ name: "default" }`: the platform's storage for the pipeline. Changing
   * it restarts a running pipeline.
   */
  backend?: pulumi.Input<StorageBackend>;
  /**
   * The minimum estimated size, in bytes, of a batch in a persistent index before it is written to storage;
   * for fine-tuning only. Default null (Feldera's default, 10 MiB). Changing it restarts a running pipeline.
   */
  min_storage_bytes?: pulumi.Input<number | null>;
  /**
   * The minimum estimated size, in bytes, of a batch passed through a single step before it is written to
   * storage; for debugging only. Default null (such batches are not written). Changing it restarts a running
   * pipeline.
   */
  min_step_storage_bytes?: pulumi.Input<number | null>;
  /**
   * The compression of data written to storage. Default `"default"` (Feldera's choice). Changing it restarts
   * a running pipeline.
   */
  compression?: pulumi.Input<StorageCompression>;
  /**
   * The size of the in-memory storage cache in MiB, spread over all foreground and background threads.
   * Default null: each thread's cache is limited to 256 MiB. Changing it restarts a running pipeline.
   */
  cache_mib?: pulumi.Input<number | null>;
}

/** Feldera's `StorageBackendConfig`: one of three backends, chosen by `name`. */
export type StorageBackend = DefaultStorageBackend | FileStorageBackend | ObjectStorageBackend;

/** The platform's default storage for the pipeline. */
export interface DefaultStorageBackend {
  /** Selects the default backend. Changing it restarts a running pipeline. */
  name: pulumi.Input<"default">;
}

/** Local files, optionally synchronised with an object store (which `desiredStatus: "standby"` needs). */
export interface FileStorageBackend {
  /** Selects the file backend. Changing it restarts a running pipeline. */
  name: pulumi.Input<"file">;
  /** The file backend's settings (`FileBackendConfig`). Changing it restarts a running pipeline. */
  config: pulumi.Input<FileBackendConfig>;
}

/** An object store (S3, Google Cloud Storage, Azure Blob Storage) used directly as storage. */
export interface ObjectStorageBackend {
  /** Selects the object-store backend. Changing it restarts a running pipeline. */
  name: pulumi.Input<"object">;
  /** The object store's URL and settings (`ObjectStorageConfig`). Changing it restarts a running pipeline. */
  config: pulumi.Input<ObjectStorageConfig>;
}

/** Feldera's `FileBackendConfig`. */
export interface FileBackendConfig {
  /**
   * Whether file I/O runs on background threads; for fine-tuning only. Default null (Feldera decides).
   * Changing it restarts a running pipeline.
   */
  async_threads?: pulumi.Input<boolean | null>;
  /**
   * A sleep, in milliseconds, before each I/O operation, to simulate slow storage: never in production.
   * Changing it restarts a running pipeline.
   */
  ioop_delay?: pulumi.Input<number | null>;
  /**
   * Synchronise checkpoints with an object store (`SyncConfig`). Default null: no synchronisation. Changing
   * it restarts a running pipeline.
   */
  sync?: pulumi.Input<SyncConfig | null>;
}

/**
 * Feldera's `ObjectStorageConfig`: `url` plus provider options as strings, e.g. `access_key_id`,
 * `secret_access_key`, `region`, `endpoint` for S3 (pass credentials as secrets).
 */
export interface ObjectStorageConfig {
  /**
   * The object store's URL: `s3://<bucket>/<path>`, `gs://<bucket>/<path>`, `az://<container>/<path>`,
   * `https://…` and the other schemes Feldera documents. Settings derived from it override the others.
   * Changing it restarts a running pipeline.
   */
  url: pulumi.Input<string>;
  /** A provider option, e.g. `region` or `secret_access_key`. Changing it restarts a running pipeline. */
  [option: string]: pulumi.Input<string>;
}
