/**
 * Test controls over a pipeline's connectors (`Emulator.stallInputs`, `failInput`, `endInput`): things a
 * real source does on its own (go quiet, break, run dry) that a test needs at a chosen moment. Each one
 * settles the `/stats` counters before it changes what they accrue under (stats.ts).
 */

import type { PipelineState } from "./pipeline-state";
import type { PipelineStore } from "./pipeline-store";
import type { InputEndpoint, ProcessStats } from "./process-stats";
import { syncStats } from "./stats";

/** Program input connectors stop (or resume) receiving; the `now` clock keeps ticking. Any state. */
export function stallInputs(store: PipelineStore, p: PipelineState, stalled: boolean): void {
  syncStats(store, p);
  p.inputsStalled = stalled;
  syncStats(store, p);
}

/**
 * A transport error on input connector `endpoint`. Fatal (the default): the connector records its first
 * fatal error, turns Unhealthy and stops receiving, while the pipeline keeps running, as Feldera does.
 * The error also reaches the pipeline's `connector_stats.num_errors` (a runner details refresh, docs/feldera/pipeline-object.md#counters).
 */
export function failInput(
  store: PipelineStore,
  p: PipelineState,
  endpoint: string,
  message: string,
  fatal: boolean,
): void {
  const input = inputOf(store, p, endpoint, "failInput");
  input.numTransportErrors++;
  input.transportErrors.push({
    timestamp: new Date().toISOString(),
    index: input.numTransportErrors,
    message,
    tag: null,
  });
  if (fatal) {
    input.fatalError ??= message;
    input.health = { status: "Unhealthy", description: message };
  }
  const details = p.runtimeStatusDetails;
  const connectorStats = details?.["connector_stats"] as { num_errors: number } | undefined;
  if (details && connectorStats) {
    details["connector_stats"] = { ...connectorStats, num_errors: connectorStats.num_errors + 1 };
    p.refreshVersion++;
  }
  store.changed(p);
}

/** Input connector `endpoint` (every program connector when omitted) reaches end of input. */
export function endInput(store: PipelineStore, p: PipelineState, endpoint?: string): void {
  if (endpoint !== undefined) {
    inputOf(store, p, endpoint, "endInput").endedByControl = true;
    return;
  }
  for (const input of runningProcess(store, p, "endInput").inputs) {
    if (!input.clock) input.endedByControl = true;
  }
}

/** The endpoint, settled up to now so that what follows changes only the future. */
function inputOf(store: PipelineStore, p: PipelineState, endpoint: string, control: string): InputEndpoint {
  const stats = runningProcess(store, p, control);
  const input = stats.inputs.find((i) => i.name === endpoint);
  if (!input) {
    const known = stats.inputs.map((i) => `'${i.name}'`).join(", ") || "none";
    throw new Error(
      `emulator.${control}: pipeline '${p.name}' has no input connector '${endpoint}' (it has: ${known})`,
    );
  }
  return input;
}

function runningProcess(store: PipelineStore, p: PipelineState, control: string): ProcessStats {
  syncStats(store, p);
  if (!p.stats) {
    throw new Error(
      `emulator.${control}: pipeline '${p.name}' is not deployed (resources ${p.resourcesStatus})`,
    );
  }
  return p.stats;
}
