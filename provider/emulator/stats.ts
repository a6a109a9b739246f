/**
 * The pipeline process's counters behind `GET /stats` (ControllerStatus): one `ProcessStats` per deployment,
 * made when the pipeline becomes Provisioned (the process starts) and dropped when it leaves Provisioned.
 *
 * Endpoints, as the controller registers them (controller.rs, controller/stats.rs):
 *  - one input per connector of each table and one output per connector of each view, named
 *    `<relation>.<connector>` like `program_info.{input,output}_connectors`;
 *  - the `now` clock input, which Feldera adds when the program calls NOW() (the compiler drops the
 *    `now` table otherwise): one record per `clock_resolution_usecs` (default 1 s).
 *
 * An input endpoint receives records while all of these hold:
 *  - the runtime status is Running (or ConcurrentBootstrapping, where inputs keep flowing);
 *  - it is not paused by its config (`paused: true`, or `start_after`, which waits for other connectors);
 *  - the test control `stallInputs` is off (the clock is not a connector and ignores it);
 *  - it has no fatal error and has not reached end of input.
 * It then receives `RECORDS_PER_SECOND` records per *emulated* second (wall time ÷ `timeScale`), up to its
 * limit for finite sources: `empty_input` (none at all), datagen whose every plan entry has a `limit`,
 * `url_input`, and `file_input` without `follow` (`FINITE_SOURCE_RECORDS`: there is no file to measure).
 *
 * Accounting is lazy, so nothing ticks: each endpoint keeps the wall time it spent receiving up to
 * `settledAt`, and `syncStats` settles the time since then under the conditions snapshotted at the last
 * settle. It must therefore run right before any of those conditions changes: the store runs it on every
 * observable change (runtime status), and the controls run it before they flip a flag.
 */
import type { UuidV7Generator } from "./ids";
import type { PipelineState } from "./pipeline-state";
import type { InputEndpoint, ProcessStats } from "./process-stats";
import { isPunct, lex } from "./sql/lexer";

/** Records per emulated second an unthrottled input connector receives. */
export const RECORDS_PER_SECOND = 1000;
/** Where the size of a finite source is unknowable (a file, a URL), it holds this many records. */
export const FINITE_SOURCE_RECORDS = 1000;
const BYTES_PER_RECORD = 100;
const CLOCK_BYTES_PER_RECORD = 24;
/** `timeScale: 0` means "no waiting", not "infinitely many records": count as if it were this. */
const MIN_TIME_SCALE = 0.001;

/** What the counters need of the emulator (a PipelineStore is one): ids for new processes, the time scale. */
export interface StatsContext {
  readonly ids: UuidV7Generator;
  readonly settings: { readonly timeScale: number };
}

/** Runtime statuses in which input connectors receive (bootstrapping pauses them, except concurrently). */
function isRunning(p: PipelineState): boolean {
  return p.runtimeStatus === "Running" || p.runtimeStatus === "ConcurrentBootstrapping";
}

/** Brings `p.stats` up to `nowMs`: starts it with the process, drops it with the process, settles it. */
export function syncStats(store: StatsContext, p: PipelineState, nowMs = Date.now()): void {
  if (p.resourcesStatus !== "Provisioned") {
    p.stats = null;
    return;
  }
  // The process started when the pipeline became Provisioned (the runner's write of that status).
  p.stats ??= startProcess(store, p, Date.parse(p.resourcesStatusSince));
  const s = p.stats;
  const elapsed = Math.max(0, nowMs - s.settledAt);
  if (s.running) {
    s.runningMs += elapsed;
    for (const input of s.inputs) if (receives(input, s.stalled)) input.receivingMs += elapsed;
  }
  s.settledAt = Math.max(s.settledAt, nowMs);
  s.running = isRunning(p);
  s.stalled = p.inputsStalled;
}

function receives(input: InputEndpoint, stalled: boolean): boolean {
  if (stalled && !input.clock) return false;
  return !input.pausedByConfig && !input.endedByControl && input.fatalError === null;
}

function startProcess(store: StatsContext, p: PipelineState, nowMs: number): ProcessStats {
  const info = p.programInfo;
  const inputs = Object.entries(info?.input_connectors ?? {}).map(([name, c]) => inputEndpoint(name, c));
  if (usesNow(p.programCode)) {
    const usecs = p.runtimeConfig.clock_resolution_usecs ?? 1_000_000;
    const rate = 1e6 / Math.max(1, usecs);
    inputs.push({
      ...inputEndpoint("now", { stream: "now" }),
      clock: true,
      rate,
      bytesPerRecord: CLOCK_BYTES_PER_RECORD,
    });
  }
  const outputs = Object.entries(info?.output_connectors ?? {}).map(([name, c]) => ({
    name,
    stream: String(c["stream"]),
  }));
  // The controller lists endpoints by name (byte order, as Rust compares strings).
  const byName = (a: { name: string }, b: { name: string }) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  return {
    startedAtMs: nowMs,
    incarnationUuid: store.ids.next(nowMs),
    inputs: inputs.sort(byName),
    outputs: outputs.sort(byName),
    runningMs: 0,
    settledAt: nowMs,
    running: false,
    stalled: p.inputsStalled,
  };
}

function inputEndpoint(name: string, config: Record<string, unknown>): InputEndpoint {
  return {
    name,
    stream: String(config["stream"]),
    clock: false,
    rate: RECORDS_PER_SECOND,
    bytesPerRecord: BYTES_PER_RECORD,
    limit: finiteLimit(config["transport"]),
    pausedByConfig: config["paused"] === true || (config["start_after"] ?? null) !== null,
    receivingMs: 0,
    endedByControl: false,
    fatalError: null,
    numTransportErrors: 0,
    transportErrors: [],
    health: null,
  };
}

function finiteLimit(transport: unknown): number | null {
  const t = (transport ?? {}) as { name?: unknown; config?: Record<string, unknown> | null };
  const config = t.config ?? {};
  if (t.name === "empty_input") return 0;
  if (t.name === "url_input") return FINITE_SOURCE_RECORDS;
  if (t.name === "file_input") return config["follow"] === true ? null : FINITE_SOURCE_RECORDS;
  if (t.name !== "datagen") return null;
  // datagen's default plan is one unlimited entry; it ends only if every entry is limited.
  const plan = Array.isArray(config["plan"]) ? (config["plan"] as Array<{ limit?: unknown }>) : [];
  const limits = plan.map((entry) => entry?.limit);
  if (limits.length === 0 || !limits.every((l) => typeof l === "number" && l >= 0)) return null;
  return (limits as number[]).reduce((a, b) => a + b, 0);
}

/** Whether the program calls NOW(): the compiler keeps the `now` input only then (ImplementNow). */
function usesNow(programCode: string): boolean {
  const lexed = lex(programCode);
  if (!lexed.ok) return false;
  const { tokens } = lexed;
  return tokens.some(
    (t, i) => t.kind === "word" && t.value.toLowerCase() === "now" && isPunct(tokens[i + 1], "("),
  );
}

/** Emulated ms for wall ms `ms`. */
export function emulatedMs(store: StatsContext, ms: number): number {
  return ms / Math.max(store.settings.timeScale, MIN_TIME_SCALE);
}

export function recordsOf(store: StatsContext, input: InputEndpoint): number {
  const received = Math.floor((emulatedMs(store, input.receivingMs) * input.rate) / 1000);
  return input.limit === null ? received : Math.min(received, input.limit);
}

export function isEndOfInput(store: StatsContext, input: InputEndpoint): boolean {
  return input.endedByControl || (input.limit !== null && recordsOf(store, input) >= input.limit);
}
