/**
 * bench/results.json: the environment the figures were taken in, every section's figures, and the
 * targets as `{ name, value, limit, met }` (plus unit, comparison and basis). Git-ignored: a result
 * belongs to a machine and a moment, not to the repository.
 */
import { writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { SectionResult } from "./section";
import type { Target } from "./targets";

export interface Environment {
  node: string;
  platform: string;
  arch: string;
  cpus: number;
  cpuModel: string;
  totalMemoryBytes: number;
  /** 1, 5 and 15 minute load averages when the run began: other work on the machine skews timings. */
  loadAverage: number[];
  date: string;
}

export function environment(): Environment {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: os.platform(),
    arch: os.arch(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    totalMemoryBytes: os.totalmem(),
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    date: new Date().toISOString(),
  };
}

export interface Results {
  mode: "quick" | "full";
  seed: number;
  environment: Environment;
  /** Load averages when the run ended. */
  loadAverageAtEnd: number[];
  durationMs: number;
  sections: Record<string, { title: string; durationMs: number; data: unknown } | { error: string }>;
  targets: Target[];
}

/** The repository's bench/results.json, from dist/bench/ where the compiled bench runs. */
export const RESULTS_PATH = path.resolve(__dirname, "..", "..", "bench", "results.json");

export function buildResults(
  mode: Results["mode"],
  seed: number,
  env: Environment,
  durationMs: number,
  sections: SectionResult[],
  failures: Record<string, string>,
  targets: Target[],
): Results {
  const out: Results["sections"] = {};
  for (const s of sections) out[s.key] = { title: s.title, durationMs: s.durationMs, data: s.data };
  for (const [key, error] of Object.entries(failures)) out[key] = { error };
  const loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
  return { mode, seed, environment: env, loadAverageAtEnd, durationMs, sections: out, targets };
}

export function writeResults(results: Results, file = RESULTS_PATH): void {
  // NaN is not JSON: an unmeasured figure is written as null.
  const json = JSON.stringify(
    results,
    (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v),
    2,
  );
  writeFileSync(file, `${json}\n`);
}
