/**
 * `npm run bench [-- --quick] [-- --only=a,b] [-- --seed=N] [-- --strict]`: measures the provider against the
 * emulator and prints a table per section and the targets, then writes bench/results.json.
 *
 *   1. requests per operation      requests-per-op.ts
 *   2. wait overhead               wait-overhead.ts   (beside a fixed-interval poller: sdk-poller.ts)
 *   3. scale                       scale.ts
 *   4. a 1 MB program              large-program.ts
 *
 * Not part of `npm test`: it takes minutes and measures time. Everything is local (127.0.0.1) and bounded.
 * Exit code 1 when a section failed to run; with --strict also 2 when a target is not met.
 */
import { largeProgram } from "./large-program";
import { requestsPerOp } from "./requests-per-op";
import { buildResults, environment, RESULTS_PATH, writeResults } from "./results";
import { scale } from "./scale";
import type { BenchOptions, Section, SectionResult } from "./section";
import { formatMs, renderTable } from "./table";
import { atMost, type Target } from "./targets";
import { waitOverhead } from "./wait-overhead";

const SECTIONS: Record<string, Section> = {
  requests: requestsPerOp,
  waits: waitOverhead,
  scale,
  large: largeProgram,
};

interface Args {
  quick: boolean;
  strict: boolean;
  seed: number;
  only: string[];
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { quick: false, strict: false, seed: 7, only: Object.keys(SECTIONS) };
  for (const a of argv) {
    if (a === "--quick") args.quick = true;
    else if (a === "--strict") args.strict = true;
    else if (a.startsWith("--seed=")) args.seed = Number(a.slice("--seed=".length));
    else if (a.startsWith("--only=")) args.only = a.slice("--only=".length).split(",");
    else throw new Error(`unknown argument '${a}' (expected --quick, --strict, --seed=N, --only=a,b)`);
  }
  const unknown = args.only.filter((s) => !(s in SECTIONS));
  if (unknown.length)
    throw new Error(`unknown section(s) ${unknown.join(", ")}: ${Object.keys(SECTIONS).join(", ")}`);
  if (!Number.isInteger(args.seed)) throw new Error("--seed must be an integer");
  return args;
}

function targetsTable(targets: readonly Target[]) {
  return {
    title: "Targets",
    headers: ["target", "value", "limit", "met"],
    rows: targets.map((t) => [
      t.name,
      `${formatValue(t.value, t.unit)}`,
      `${t.comparison} ${formatValue(t.limit, t.unit)}`,
      t.met,
    ]),
    notes: targets.filter((t) => t.basis).map((t) => `${t.name}: ${t.basis}`),
  };
}

function formatValue(v: number, unit: string): string {
  if (!Number.isFinite(v)) return "not measured";
  if (unit === "ms") return formatMs(v);
  if (unit === "x") return `${v.toFixed(2)}x`;
  if (unit === "MB") return `${v.toFixed(1)} MB`;
  return `${Number.isInteger(v) ? v : v.toFixed(2)} ${unit}`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const options: BenchOptions = { quick: args.quick, seed: args.seed, log };
  const env = environment();
  const started = Date.now();
  log(
    `pulumi-feldera bench (${args.quick ? "quick" : "full"}), node ${env.node}, ${env.cpus} CPUs, seed ${args.seed}`,
  );

  const done: SectionResult[] = [];
  const failures: Record<string, string> = {};
  for (const key of args.only) {
    log(`section ${key} …`);
    const t0 = Date.now();
    try {
      const result = await SECTIONS[key]!(options);
      const section = { ...result, durationMs: Date.now() - t0 };
      done.push(section);
      for (const table of section.tables) process.stdout.write(`\n${renderTable(table)}\n`);
      log(`section ${key} done in ${formatMs(section.durationMs)}`);
    } catch (e) {
      failures[key] = e instanceof Error ? (e.stack ?? e.message) : String(e);
      log(`section ${key} FAILED: ${failures[key]}`);
    }
  }

  const targets = done.flatMap((s) => s.targets);
  for (const key of Object.keys(failures)) {
    targets.push(atMost(`section '${key}' ran`, Number.NaN, 0, "", "the section failed; see results.json"));
  }
  const durationMs = Date.now() - started;
  process.stdout.write(`\n${renderTable(targetsTable(targets))}\n`);
  process.stdout.write(`\nTotal time ${formatMs(durationMs)}. Results written to ${RESULTS_PATH}\n`);
  writeResults(
    buildResults(args.quick ? "quick" : "full", args.seed, env, durationMs, done, failures, targets),
  );
  if (Object.keys(failures).length) process.exitCode = 1;
  else if (args.strict && !targets.every((t) => t.met)) process.exitCode = 2;
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
