/**
 * `ControllerStatus`, the body of `GET /stats`, rendered from a process's counters (stats.ts) field for
 * field as `ControllerStatus::to_api_type` builds it (controller/stats.rs):
 *  - the emulated circuit keeps up with its input: nothing stays buffered, every received record is
 *    processed and completed, and each output connector transmits one record per program input record;
 *  - times (`uptime_msecs`, `start_time`) are wall-clock, to agree with the pipeline's `*_since`
 *    timestamps; work (records, steps, CPU) follows emulated time;
 *  - per-endpoint error lists only with `include_connector_errors=true`, as the pipeline sends them;
 *  - suspend/checkpoint errors as `can_suspend` reports them: OSS and "no storage" are permanent,
 *    bootstrapping is temporary.
 */

import type { PipelineState } from "./pipeline-state";
import type { PipelineStore } from "./pipeline-store";
import type { InputEndpoint, ProcessStats } from "./process-stats";
import { emulatedMs, isEndOfInput, recordsOf } from "./stats";

/** One circuit step per this many emulated ms of running. */
const STEP_MS = 100;
const BASE_RSS_BYTES = 96 * 1024 * 1024;
const OUTPUT_BYTES_PER_RECORD = 100;

const BOOTSTRAP_PHASES: Record<string, string> = {
  ConcurrentBootstrapping: "ConcurrentBootstrapping",
  Synchronizing: "Synchronizing",
};

export function controllerStatus(
  store: PipelineStore,
  p: PipelineState,
  stats: ProcessStats,
  includeConnectorErrors: boolean,
): Record<string, unknown> {
  const nowMs = stats.settledAt;
  const inputs = stats.inputs.map((input) => ({ input, records: recordsOf(store, input) }));
  const totalRecords = sum(inputs.map((i) => i.records));
  const totalBytes = sum(inputs.map((i) => i.records * i.input.bytesPerRecord));
  const programRecords = sum(inputs.filter((i) => !i.input.clock).map((i) => i.records));
  const runningMs = emulatedMs(store, stats.runningMs);
  const steps = Math.floor(runningMs / STEP_MS);
  const permanent = permanentSuspendErrors(store, p);
  return {
    global_metrics: globalMetrics(store, p, stats, { nowMs, totalRecords, totalBytes, runningMs, steps }),
    suspend_error: suspendError(p, permanent),
    checkpoint_activity: { status: "idle" },
    permanent_checkpoint_errors: permanent.length > 0 ? permanent : null,
    inputs: inputs.map(({ input, records }) =>
      inputStatus(store, input, records, nowMs, includeConnectorErrors),
    ),
    outputs: stats.outputs.map((output) => ({
      endpoint_name: output.name,
      config: { stream: output.stream },
      metrics: {
        transmitted_records: programRecords,
        transmitted_bytes: programRecords * OUTPUT_BYTES_PER_RECORD,
        queued_records: 0,
        queued_batches: 0,
        buffered_records: 0,
        buffered_batches: 0,
        num_encode_errors: 0,
        num_transport_errors: 0,
        total_processed_input_records: totalRecords,
        total_processed_steps: steps,
        memory: 0,
        batch_records_written: null,
      },
      fatal_error: null,
      encode_errors: includeConnectorErrors ? [] : null,
      transport_errors: includeConnectorErrors ? [] : null,
      health: null,
    })),
  };
}

interface Totals {
  nowMs: number;
  totalRecords: number;
  totalBytes: number;
  runningMs: number;
  steps: number;
}

function globalMetrics(store: PipelineStore, p: PipelineState, stats: ProcessStats, t: Totals) {
  const status = p.runtimeStatus ?? "Unavailable";
  const bootstrapping = ["Bootstrapping", "ConcurrentBootstrapping", "Synchronizing"].includes(status);
  const paused = status === "Paused" || (status !== "Running" && p.runtimeDesired === "Paused");
  const startTime = Math.floor(stats.startedAtMs / 1000);
  const uptimeMs = Math.max(0, t.nowMs - stats.startedAtMs);
  const storageBytes = p.runtimeConfig.storage === null ? 0 : 4096 + t.totalBytes;
  const workers = p.runtimeConfig.workers;
  return {
    state: paused ? "Paused" : "Running",
    bootstrap_in_progress: bootstrapping,
    transaction_status: "NoTransaction",
    transaction_msecs: null,
    transaction_records: null,
    transaction_id: 0,
    commit_progress: null,
    concurrent_bootstrap_phase: BOOTSTRAP_PHASES[status] ?? "Inactive",
    concurrent_bootstrap_progress: null,
    transaction_initiators: { transaction_id: null, initiated_by_api: null, initiated_by_connectors: {} },
    start_time: startTime,
    incarnation_uuid: stats.incarnationUuid,
    initial_start_time: startTime,
    storage_bytes: storageBytes,
    storage_mb_secs: Math.floor((storageBytes / 1e6) * (uptimeMs / 1000)),
    uptime_msecs: uptimeMs,
    rss_bytes: BASE_RSS_BYTES + Math.min(t.totalBytes, 1024 * 1024 * 1024),
    memory_pressure: "low",
    memory_pressure_epoch: 0,
    cpu_msecs: Math.floor(t.runningMs / 20) * workers,
    runtime_elapsed_msecs: Math.floor(t.runningMs / 10) * workers,
    buffered_input_records: 0,
    buffered_input_bytes: 0,
    total_input_records: t.totalRecords,
    total_input_bytes: t.totalBytes,
    total_processed_records: t.totalRecords,
    total_processed_bytes: t.totalBytes,
    total_completed_records: t.totalRecords,
    output_stall_msecs: 0,
    total_initiated_steps: t.steps,
    total_completed_steps: t.steps,
    // Every input at end of input (the clock never is) and everything received processed.
    pipeline_complete: stats.inputs.every((input) => isEndOfInput(store, input)),
  };
}

function inputStatus(
  store: PipelineStore,
  input: InputEndpoint,
  records: number,
  nowMs: number,
  includeConnectorErrors: boolean,
) {
  const at = new Date(nowMs).toISOString();
  return {
    endpoint_name: input.name,
    config: { stream: input.stream },
    metrics: {
      total_bytes: records * input.bytesPerRecord,
      total_records: records,
      buffered_records: 0,
      buffered_bytes: 0,
      num_transport_errors: input.numTransportErrors,
      num_parse_errors: 0,
      end_of_input: isEndOfInput(store, input),
      processing_latency_p99_micros: records > 0 ? 1500 : null,
    },
    fatal_error: input.fatalError,
    parse_errors: includeConnectorErrors ? [] : null,
    transport_errors: includeConnectorErrors ? input.transportErrors.map((e) => ({ ...e })) : null,
    health: input.health && { ...input.health },
    paused: input.pausedByConfig,
    barrier: false,
    completed_frontier:
      records > 0 ? { metadata: {}, ingested_at: at, processed_at: at, completed_at: at } : null,
  };
}

function permanentSuspendErrors(store: PipelineStore, p: PipelineState): string[] {
  const reasons: string[] = [];
  if (store.edition === "open-source") reasons.push("EnterpriseFeature");
  if (p.runtimeConfig.storage === null) reasons.push("StorageRequired");
  return reasons;
}

function suspendError(p: PipelineState, permanent: string[]) {
  if (permanent.length > 0) return { Permanent: permanent };
  const bootstrapping = ["Bootstrapping", "ConcurrentBootstrapping", "Synchronizing"].includes(
    p.runtimeStatus ?? "",
  );
  return bootstrapping ? { Temporary: ["Bootstrapping"] } : null;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
