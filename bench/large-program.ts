/**
 * Section 4: a 1 MB SQL program (≈5,000 tables and 5,000 views) created and started, changed (one view
 * more: stop, PATCH, recompile, restart) and destroyed. Waits must poll only the status shape: from the
 * request log, no `selector=all` GET (nor a GET without selector, which is the same) between the write
 * that starts a wait and the wait's end. The provider process's RSS is sampled throughout; "flat" means
 * it does not grow while waiting (a wait holds one status object at a time, never the program).
 */
import { startEmulator } from "../provider/emulator";
import { destroy, type OpRecord, timed, upCreate, upUpdate } from "./engine-ops";
import { requestsOf, waitsOf } from "./op-analysis";
import { largeProgram as generate, pipelineProps } from "./pipelines";
import { type MemorySample, ProviderProcess, sampleMemory } from "./provider-host";
import { kindOf, type RequestKind } from "./request-kinds";
import type { Section } from "./section";
import { sum } from "./stats";
import { formatBytes, formatMs, type Table } from "./table";
import { atMost } from "./targets";
import { recordTransitions } from "./transitions";
import type { WaitMeasurement } from "./waits";

const PROGRAM_BYTES = 1024 * 1024;
const TIME_SCALE = 1;
const SAMPLE_MS = 100;
/** RSS may rise this much during a wait and still count as flat: GC noise, not the program (1 MB). */
const FLAT_LIMIT_MB = 8;

interface OpFigures {
  op: string;
  wallMs: number;
  waits: WaitMeasurement[];
  bytesUp: Partial<Record<RequestKind, number>>;
  bytesDown: Partial<Record<RequestKind, number>>;
  error?: string;
}

export const largeProgram: Section = async ({ log }) => {
  const program = generate(PROGRAM_BYTES);
  const emulator = await startEmulator({ timeScale: TIME_SCALE, recordResponseBodies: true });
  const recorder = recordTransitions(emulator);
  const provider = await ProviderProcess.spawn(emulator.url);
  const sampler = sampleMemory(provider, SAMPLE_MS);
  let samples: MemorySample[] = [];
  const mark = () => emulator.requests.length;
  const name = "large-program";
  const figures: OpFigures[] = [];
  const measure = <T extends { returnedAt: number }>(op: string, record: OpRecord<T>) => {
    const requests = requestsOf(emulator.requests, record);
    const bytesUp: OpFigures["bytesUp"] = {};
    const bytesDown: OpFigures["bytesDown"] = {};
    for (const r of emulator.requests.slice(record.fromIndex, record.toIndex)) {
      const k = kindOf(r);
      bytesUp[k] = (bytesUp[k] ?? 0) + (r.body === undefined ? 0 : JSON.stringify(r.body).length);
      bytesDown[k] =
        (bytesDown[k] ?? 0) + (r.responseBody === undefined ? 0 : JSON.stringify(r.responseBody).length);
    }
    figures.push({
      op,
      wallMs: record.returnedAt - record.dispatchedAt,
      waits: waitsOf(emulator.requests, recorder, record),
      bytesUp,
      bytesDown,
      error: record.error ?? (requests.length === 0 ? "no requests recorded" : undefined),
    });
    log(`  1 MB program: ${op} ${formatMs(record.returnedAt - record.dispatchedAt)}`);
  };
  let endMemory: { rss: number; maxRss: number };
  try {
    const props = pipelineProps(name, program);
    const created = await timed(name, mark, () => upCreate(provider, props));
    measure("create and start", created);
    if (!created.result) throw new Error(`create failed: ${created.error}`);
    const changed = `${program}CREATE VIEW one_more AS SELECT id FROM t0;\n`;
    const updated = await timed(name, mark, () =>
      upUpdate(provider, created.result!.state, pipelineProps(name, changed)),
    );
    measure("program change (running)", updated);
    const state = updated.result?.state ?? created.result.state;
    measure("destroy", await timed(name, mark, () => destroy(provider, state)));
  } finally {
    samples = await sampler.stop();
    endMemory = await provider.memory().catch(() => ({ rss: Number.NaN, maxRss: Number.NaN }));
    await provider.close();
    recorder.stop();
    await emulator.close();
  }
  return report(program.length, figures, samples, provider.startMemory.rss, endMemory);
};

/**
 * RSS growth while a wait polls: the highest sample in the wait minus the first sample taken after its
 * first status poll. Measured from there, not from the write, so that handling the write and its response
 * (each carrying the whole program) is not counted as the wait's; what remains is the polling's trend.
 */
function growthDuring(wait: WaitMeasurement, samples: readonly MemorySample[]): number {
  const from = Number.isFinite(wait.firstPollAt) ? wait.firstPollAt : wait.triggerAt;
  const inside = samples.filter((s) => s.at > from && s.at <= wait.endAt);
  if (inside.length === 0) return 0;
  return Math.max(...inside.map((s) => s.rss)) - inside[0]!.rss;
}

function report(
  programBytes: number,
  figures: OpFigures[],
  samples: MemorySample[],
  startRss: number,
  end: { rss: number; maxRss: number },
) {
  const rows = figures.flatMap((f) =>
    f.waits.map((w) => [
      f.op,
      w.kind,
      formatMs(w.serverMs),
      formatMs(w.overheadMs),
      w.polls,
      w.fullReads,
      formatBytes(growthDuring(w, samples)),
    ]),
  );
  const waits = figures.flatMap((f) => f.waits);
  const fullDuringWaits = sum(waits.map((w) => w.fullReads));
  const maxGrowth = Math.max(0, ...waits.map((w) => growthDuring(w, samples)));
  const rss = samples.map((s) => s.rss);
  const errors = figures.flatMap((f) => (f.error ? [`${f.op}: ${f.error}`] : []));
  const table: Table = {
    title: `4. A ${formatBytes(programBytes)} program (timeScale ${TIME_SCALE}, default delays): every wait`,
    headers: ["operation", "wait", "server", "overhead", "status polls", "full GETs", "RSS growth"],
    rows,
    notes: [
      `full GETs = GET selector=all or without selector between the wait's write and its end (must be 0).`,
      `RSS growth = highest RSS sampled (every ${SAMPLE_MS} ms) in the wait − the first sample after its first status poll (the write and its response, each carrying the program, come before).`,
      `Provider RSS: ${formatBytes(startRss)} at start, sampled ${formatBytes(Math.min(...rss))}–${formatBytes(Math.max(...rss))} (${rss.length} samples), ${formatBytes(end.rss)} at end, peak ${formatBytes(end.maxRss)}.`,
      ...figures.map(
        (f) =>
          `${f.op}: ${formatMs(f.wallMs)}; bytes sent ${describeBytes(f.bytesUp)}; received ${describeBytes(f.bytesDown)}.`,
      ),
      ...(errors.length ? [`ERRORS: ${errors.join("; ")}`] : []),
    ],
  };
  return {
    key: "largeProgram",
    title: "1 MB program",
    tables: [table],
    data: {
      programBytes,
      timeScale: TIME_SCALE,
      operations: figures,
      memory: { startRss, endRss: end.rss, peakRss: end.maxRss, samples },
      errors,
    },
    targets: [
      atMost(
        "1 MB program: full GETs while waiting",
        fullDuringWaits,
        0,
        "requests",
        `${waits.length} waits`,
      ),
      atMost(
        "1 MB program: RSS growth while waiting",
        maxGrowth / (1024 * 1024),
        FLAT_LIMIT_MB,
        "MB",
        "largest rise of the provider's RSS within one wait",
      ),
      atMost("1 MB program: errors", errors.length, 0, "errors"),
    ],
  };
}

function describeBytes(bytes: Partial<Record<RequestKind, number>>): string {
  const parts = Object.entries(bytes)
    .filter(([, b]) => (b ?? 0) > 0)
    .map(([k, b]) => `${k} ${formatBytes(b ?? 0)}`);
  return parts.length ? parts.join(", ") : "none";
}
