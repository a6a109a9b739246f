/**
 * The runs of section 2. Each run draws its stage delays, then the provider and the fixed-interval poller
 * each create-and-start a pipeline of their own at the same moment on one emulator with those delays, and
 * destroy it; every wait of both is measured (waits.ts).
 *
 * Two ways of drawing delays, each with its own emulator and its own provider process (so the provider
 * learns only from its own scenario), run side by side:
 *  - independent: every stage of every run uniform over its whole range, independently: pipelines that
 *    have nothing in common (the example ranges);
 *  - similar: each stage's duration drawn once from its range, then every run within ±10% of it: the
 *    pipelines of one stack, which share a shape, a server and a build cache.
 */
import { type Emulator, type StageDelays, startEmulator } from "../provider/emulator";
import { destroy, timed, upCreate } from "./engine-ops";
import { waitsOf } from "./op-analysis";
import { pipelineProps, smallProgram } from "./pipelines";
import { ProviderProcess } from "./provider-host";
import { type Random, seededRandom, uniformMs } from "./seeded";
import { formatMs } from "./table";
import { recordTransitions, type TransitionRecorder } from "./transitions";
import type { WaitKind, WaitMeasurement } from "./waits";

/** Emulated ms (timeScale 1: wall-clock ms). */
export const STAGE_RANGES = {
  compileSqlMs: [500, 1500],
  compileRustMs: [1000, 4000],
  provisionMs: [500, 2000],
  initializeMs: [200, 1000],
  stopMs: [300, 1000],
  clearMs: [200, 600],
} as const satisfies Partial<Record<keyof StageDelays, readonly [number, number]>>;

export type Delays = Record<keyof typeof STAGE_RANGES, number>;
export type Scenario = "independent" | "similar";
export const SIMILAR_JITTER = 0.1;
export const TIME_SCALE = 1;

export type Client = "provider" | "sdk";

export interface RunSample {
  run: number;
  delays: Delays;
  waits: Record<Client, WaitMeasurement[]>;
  errors: string[];
}

function drawAll(random: Random): Delays {
  return Object.fromEntries(
    Object.entries(STAGE_RANGES).map(([k, range]) => [k, uniformMs(random, range)]),
  ) as Delays;
}

/** A function drawing each run's delays for `scenario`, reproducibly from `seed`. */
export function delayDrawer(scenario: Scenario, seed: number): () => Delays {
  const random = seededRandom(seed);
  if (scenario === "independent") return () => drawAll(random);
  const base = drawAll(random);
  return () =>
    Object.fromEntries(
      Object.entries(base).map(([k, ms]) => [
        k,
        uniformMs(random, [ms * (1 - SIMILAR_JITTER), ms * (1 + SIMILAR_JITTER)]),
      ]),
    ) as Delays;
}

const SHOWN: WaitKind[] = ["compile", "deploy"];

interface Rig {
  emulator: Emulator;
  recorder: TransitionRecorder;
  provider: ProviderProcess;
  sdk: ProviderProcess;
}

export async function runScenario(
  scenario: Scenario,
  runs: number,
  seed: number,
  log: (line: string) => void,
): Promise<RunSample[]> {
  const emulator = await startEmulator({ timeScale: TIME_SCALE });
  const recorder = recordTransitions(emulator);
  const [provider, sdk] = await Promise.all([
    ProviderProcess.spawn(emulator.url),
    ProviderProcess.spawn(emulator.url),
  ]);
  const rig: Rig = { emulator, recorder, provider, sdk };
  const draw = delayDrawer(scenario, seed);
  const samples: RunSample[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const delays = draw();
      emulator.setDelays(delays);
      const sample = await runOnce(rig, `${scenario.slice(0, 3)}-${run}`, run, delays);
      samples.push(sample);
      const shown = (c: Client) =>
        sample.waits[c].filter((w) => SHOWN.includes(w.kind)).map((w) => formatMs(w.overheadMs));
      log(
        `  waits (${scenario}) run ${run + 1}/${runs}: provider ${shown("provider").join(", ")}; SDK poller ${shown("sdk").join(", ")}`,
      );
    }
  } finally {
    await Promise.all([provider.close(), sdk.close()]);
    recorder.stop();
    await emulator.close();
  }
  return samples;
}

async function runOnce(rig: Rig, tag: string, run: number, delays: Delays): Promise<RunSample> {
  const { emulator, recorder, provider, sdk } = rig;
  const names = { provider: `wo-${tag}-provider`, sdk: `wo-${tag}-sdk` };
  const program = smallProgram(tag.replace(/-/g, "_"));
  const mark = () => emulator.requests.length;
  const [pc, sc] = await Promise.all([
    timed(names.provider, mark, () => upCreate(provider, pipelineProps(names.provider, program))),
    timed(names.sdk, mark, async () => ({
      returnedAt: (await sdk.sdkCreateAndStart(names.sdk, program)).finishedAt,
    })),
  ]);
  const [pd, sd] = await Promise.all([
    pc.result ? timed(names.provider, mark, () => destroy(provider, pc.result!.state)) : undefined,
    timed(names.sdk, mark, async () => ({ returnedAt: (await sdk.sdkDestroy(names.sdk)).finishedAt })),
  ]);
  const sample: RunSample = { run, delays, waits: { provider: [], sdk: [] }, errors: [] };
  const ops = { provider: [pc, pd], sdk: [sc, sd] };
  for (const client of ["provider", "sdk"] as const) {
    for (const op of ops[client]) {
      if (!op) continue;
      if (op.error) sample.errors.push(`${client} ${op.name}: ${op.error}`);
      sample.waits[client].push(...waitsOf(emulator.requests, recorder, op));
    }
  }
  emulator.clearRequests();
  recorder.clear();
  return sample;
}
