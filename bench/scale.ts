/**
 * Section 3: scale. N pipelines created, then given a program change (stop, recompile, restart), then
 * destroyed, through ONE provider process with Pulumi-like parallelism (a pool of P operations at once,
 * each starting when a slot frees, as the engine does under `--parallel`).
 *
 * Inherent time of a phase: what the emulator alone needs with that parallelism (scale-phase.ts). Peak
 * RSS: the provider process's own maxRSS; the emulator runs in this process.
 */
import { DEFAULT_DELAYS, startEmulator } from "../provider/emulator";
import { destroy, type OpRecord, type ResourceState, runPool, timed, upCreate, upUpdate } from "./engine-ops";
import { pipelineProps, smallProgram } from "./pipelines";
import { type MemorySample, ProviderProcess, sampleMemory } from "./provider-host";
import { analyzePhase, type Phase, type PhaseResult } from "./scale-phase";
import type { Section } from "./section";
import { ratio, sum } from "./stats";
import { formatBytes, formatMs, type Table } from "./table";
import { atMost, type Target } from "./targets";
import { recordTransitions } from "./transitions";

/** Stages of 60–400 ms: 500 pipelines × three phases in a few minutes, and harsher than any real server. */
const TIME_SCALE = 0.2;
/** The full run also measures 100 pipelines at the emulator's default pace (stages of 0.3–2 s). */
const REALISTIC_TIME_SCALE = 1;
const MEMORY_SAMPLE_MS = 250;

interface ScenarioResult {
  pipelines: number;
  parallel: number;
  timeScale: number;
  phases: PhaseResult[];
  wallMs: number;
  inherentMs: number;
  ratio: number;
  requestsPerSecond: number;
  baselineRssBytes: number;
  peakRssBytes: number;
  maxSampledRssBytes: number;
  warnings: number;
  errors: number;
}

export async function runScaleScenario(
  pipelines: number,
  parallel: number,
  timeScale: number,
  log: (l: string) => void,
): Promise<ScenarioResult> {
  const emulator = await startEmulator({ timeScale });
  const recorder = recordTransitions(emulator);
  const provider = await ProviderProcess.spawn(emulator.url);
  const sampler = sampleMemory(provider, MEMORY_SAMPLE_MS);
  let samples: MemorySample[] = [];
  const mark = () => emulator.requests.length;
  const names = Array.from({ length: pipelines }, (_, i) => `scale-${pipelines}-${parallel}-${i}`);
  const phases: PhaseResult[] = [];
  try {
    let states: (ResourceState | undefined)[] = [];
    const run = async <T extends { returnedAt: number }>(
      phase: Phase,
      op: (i: number) => Promise<T> | undefined,
    ): Promise<OpRecord<T>[]> => {
      const from = mark();
      const cpuBefore = { provider: (await provider.memory()).cpuMs, bench: cpuMs() };
      const records = await runPool(names, parallel, (name, i) =>
        timed(name, mark, () => op(i) ?? Promise.reject(new Error("no state: its create failed"))),
      );
      const cpu = {
        providerMs: (await provider.memory()).cpuMs - cpuBefore.provider,
        benchMs: cpuMs() - cpuBefore.bench,
      };
      const p = analyzePhase(
        { requests: emulator.requests, recorder, parallel, timeScale },
        phase,
        records,
        { from, to: mark() },
        cpu,
      );
      phases.push(p);
      log(
        `  scale ${pipelines}×${parallel}: ${phase} ${formatMs(p.wallMs)} (inherent ${formatMs(p.inherentMs)})`,
      );
      return records;
    };
    const created = await run("create", (i) =>
      upCreate(provider, pipelineProps(names[i]!, smallProgram(`s${i}`))),
    );
    states = created.map((r) => r.result?.state);
    const updated = await run("update", (i) => {
      const s = states[i];
      return s && upUpdate(provider, s, pipelineProps(names[i]!, smallProgram(`s${i}`, 1)));
    });
    states = updated.map((r, i) => r.result?.state ?? states[i]);
    await run("destroy", (i) => {
      const s = states[i];
      return s && destroy(provider, s);
    });
  } finally {
    samples = await sampler.stop();
  }
  const end = await provider.memory();
  await provider.close();
  recorder.stop();
  await emulator.close();

  const wallMs = sum(phases.map((p) => p.wallMs));
  const inherentMs = sum(phases.map((p) => p.inherentMs));
  return {
    pipelines,
    parallel,
    timeScale,
    phases,
    wallMs,
    inherentMs,
    ratio: ratio(wallMs, inherentMs),
    requestsPerSecond: sum(phases.map((p) => p.requests)) / (wallMs / 1000),
    baselineRssBytes: provider.startMemory.rss,
    peakRssBytes: end.maxRss,
    maxSampledRssBytes: Math.max(end.rss, ...samples.map((x) => x.rss)),
    warnings: provider.warnings,
    errors: sum(phases.map((p) => p.errors.length)),
  };
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export const scale: Section = async ({ quick, log }) => {
  const sizes = quick ? [10, 100] : [10, 100, 500];
  const parallels = [10, 50];
  const results: ScenarioResult[] = [];
  for (const n of sizes)
    for (const p of parallels) results.push(await runScaleScenario(n, p, TIME_SCALE, log));
  if (!quick) {
    for (const p of parallels) results.push(await runScaleScenario(100, p, REALISTIC_TIME_SCALE, log));
  }
  return {
    key: "scale",
    title: "Scale",
    tables: tables(results),
    data: { timeScale: TIME_SCALE, delays: DEFAULT_DELAYS, scenarios: results },
    targets: targets(results, Math.max(...sizes)),
  };
};

function tables(results: ScenarioResult[]): Table[] {
  const phases: Table = {
    title:
      "3. Scale: phases (default stage delays × timeScale; one provider process per pipelines/at once/scale)",
    headers: [
      "pipelines",
      "scale",
      "at once",
      "phase",
      "wall",
      "inherent",
      "ratio",
      "configured",
      "op lead-in",
      "op waits",
      "req/s",
      "CPU/op",
      "writes",
      "extra",
      "polls",
      "full GET",
      "errors",
    ],
    rows: results.flatMap((r) =>
      r.phases.map((p) => [
        r.pipelines,
        r.timeScale,
        r.parallel,
        p.phase,
        formatMs(p.wallMs),
        formatMs(p.inherentMs),
        `${p.ratio.toFixed(2)}x`,
        formatMs(p.configuredMs),
        formatMs(p.leadInMsPerOp.p50),
        formatMs(p.waitOverheadMsPerOp.p50),
        `${p.requestsPerSecond.toFixed(0)}/s`,
        `${(p.cpu.providerMs / p.ops).toFixed(1)} ms`,
        p.writes,
        p.extraWrites,
        p.polls,
        p.fullReads,
        p.errors.length,
      ]),
    ),
    notes: [
      `scale = the emulator's timeScale: ${TIME_SCALE} everywhere (stages of 60–400 ms); the full run adds 100 pipelines at ${REALISTIC_TIME_SCALE} (the emulator's default delays, stages of 0.3–2.5 s).`,
      "create = check → create (compile, start); update = check → diff → update with a program change on the running pipeline (stop, PATCH, compile, start); destroy = delete (stop, clear, DELETE).",
      "inherent = makespan of the operations' server times on that many slots in dispatch order; server time = Σ over an operation's waits of (emulator reached target − write that started the wait).",
      "configured = the same makespan from the configured delays alone (Σ stage delays × timeScale along each path); inherent above it = emulator timer lateness under load.",
      "op lead-in = p50 per operation of dispatch → its first write (IPC, check with SQL validation, diff, the locating read); op waits = p50 per operation of Σ wait overheads. An operation's wall time = lead-in + server time + waits.",
      "CPU/op = the provider process's CPU time in the phase ÷ operations (the emulator and engine stand-in run in the bench process, on the same cores).",
      "extra = writes beyond the required ones per operation (create 2, update 3, destroy 3).",
    ],
  };
  const summary: Table = {
    title: "3b. Scale: per provider process (all three phases)",
    headers: [
      "pipelines",
      "scale",
      "at once",
      "wall",
      "inherent",
      "ratio",
      "req/s",
      "RSS at start",
      "peak RSS",
      "errors",
      "warnings",
    ],
    rows: results.map((r) => [
      r.pipelines,
      r.timeScale,
      r.parallel,
      formatMs(r.wallMs),
      formatMs(r.inherentMs),
      `${r.ratio.toFixed(2)}x`,
      `${r.requestsPerSecond.toFixed(0)}/s`,
      formatBytes(r.baselineRssBytes),
      formatBytes(r.peakRssBytes),
      r.errors,
      r.warnings,
    ]),
    notes: [
      "peak RSS = the provider process's maxRSS (process.resourceUsage) after the three phases: node itself, the loaded provider, one client, all in-flight operations.",
      "warnings = provider stderr lines mentioning a warning or an error (progress narration is not counted).",
    ],
  };
  return [phases, summary];
}

function targets(results: ScenarioResult[], largest: number): Target[] {
  const out: Target[] = [];
  for (const r of results.filter((x) => x.pipelines === 100 && x.timeScale === TIME_SCALE)) {
    out.push(
      atMost(
        `wall time / inherent, 100 pipelines, ${r.parallel} at once (timeScale ${r.timeScale})`,
        r.ratio,
        1.2,
        "x",
        `${formatMs(r.wallMs)} / ${formatMs(r.inherentMs)} over create, update and destroy`,
      ),
    );
  }
  const atLargest = results.filter((x) => x.pipelines === largest && x.timeScale === TIME_SCALE);
  out.push(
    atMost(
      `peak RSS of the provider process, ${largest} pipelines`,
      Math.max(...atLargest.map((r) => r.peakRssBytes)) / (1024 * 1024),
      200,
      "MB",
      `max over ${atLargest.map((r) => `${r.parallel} at once`).join(" and ")}`,
    ),
    atMost(
      "scale: errors",
      sum(results.map((r) => r.errors)),
      0,
      "errors",
      "failed operations over every scale run",
    ),
    atMost(
      "writes beyond the minimum (scale)",
      sum(results.flatMap((r) => r.phases.map((p) => p.extraWrites))),
      0,
      "requests",
      "per operation, over every scale run",
    ),
  );
  return out;
}
