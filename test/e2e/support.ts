/**
 * One stack of an example program against a fresh emulator, for the e2e scenarios: the harness engine
 * (tools/engine-stand-in) runs `examples/quickstart` (CommonJS) or `examples/quickstart-esm` (ES module) exactly as
 * a deployment repository would consume pulumi-feldera, through the real dynamic-provider host.
 *
 * The emulator requires a canary API key, and the stack holds it as the secret `feldera:apiKey`; when the
 * test ends, the canary must appear in no checkpoint, no gRPC response and no line the host printed.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, onTestFinished } from "vitest";
import type { EmulatorOptions } from "../../provider/emulator";
import {
  type ConfigValue,
  Engine,
  type EngineEvent,
  type EngineOptions,
  type Result,
} from "../../tools/engine-stand-in";
import { CliEngine } from "../../tools/pulumi-cli/cli-engine";
import { findPulumiCli, NO_CLI } from "../../tools/pulumi-cli/locate";
import { startTestEmulator, type TestEmulator, uniqueName } from "../support/emulator";
import { type Client, client } from "../support/http";
import { writes } from "../support/provider";

export const ROOT = join(__dirname, "..", "..");
export const PROGRAMS = {
  commonjs: join(ROOT, "examples", "quickstart"),
  esm: join(ROOT, "examples", "quickstart-esm"),
} as const;
export type ProgramKind = keyof typeof PROGRAMS;

export const SQL_V1 = readFileSync(join(PROGRAMS.commonjs, "sql", "orders.sql"), "utf8");
export const SQL_V2 = readFileSync(join(PROGRAMS.commonjs, "sql", "orders-v2.sql"), "utf8");

/**
 * Which engine runs a scenario: the stand-in by default; the real `pulumi` CLI where a test file under
 * test/cli sets `PULUMI_FELDERA_TEST_ENGINE=cli` before importing the scenarios (each test file runs in a
 * process of its own, so the setting is that file's).
 */
export type StackEngine = Engine | CliEngine;

export function engineKind(): "stand-in" | "cli" {
  return process.env["PULUMI_FELDERA_TEST_ENGINE"] === "cli" ? "cli" : "stand-in";
}

/**
 * A test's time limit for this file's engine: each real CLI command starts the CLI, a language host, the
 * program and the provider host, seconds the stand-in does not spend.
 */
export function scaled(ms: number): number {
  return engineKind() === "cli" ? ms * 5 : ms;
}

/** A new engine of the kind this test file uses, on `options`. */
export function newEngine(options: EngineOptions): StackEngine {
  if (engineKind() === "stand-in") return new Engine(options);
  const cli = findPulumiCli();
  if (!cli) throw new Error(NO_CLI);
  return new CliEngine({ ...options, cli });
}

export interface TestStack {
  engine: StackEngine;
  emulator: TestEmulator;
  /** Feldera's API with the stack's key: what someone editing pipelines outside Pulumi uses. */
  api: Client;
  /** The Feldera name of the (first) pipeline. */
  name: string;
  events: EngineEvent[];
  canary: string;
  /** `pulumi config set`: a string, or `{ secret }`. */
  set(key: string, value: ConfigValue): void;
  /** The writes the emulator saw from `mark` on (see `mark()`), as "METHOD path {body keys}". */
  writesSince(mark: number): string[];
  mark(): number;
  /** The state's resources of the Pipeline type. */
  pipelines(): ReturnType<Engine["readState"]>["resources"];
}

export interface StackOptions {
  program?: ProgramKind;
  /** Another program than the examples (test/e2e/programs/…). */
  programDir?: string;
  emulator?: EmulatorOptions;
  config?: Record<string, ConfigValue>;
  parallel?: number;
}

export async function testStack(options: StackOptions = {}): Promise<TestStack> {
  const canary = `fdr-canary-${randomBytes(8).toString("hex")}`;
  const emulator = await startTestEmulator({ apiKeys: [canary], ...options.emulator });
  const name = uniqueName("orders");
  const stateDir = mkdtempSync(join(tmpdir(), "feldera-e2e-"));
  const events: EngineEvent[] = [];
  const engine = newEngine({
    programDir: options.programDir ?? PROGRAMS[options.program ?? "commonjs"],
    stateDir,
    config: {
      "feldera:host": emulator.url,
      "feldera:apiKey": { secret: canary },
      pipelineName: name,
      ...options.config,
    },
    ...(options.parallel ? { parallel: options.parallel } : {}),
    // No FELDERA_* variable of the machine may stand in for the stack's config.
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("FELDERA_"))),
    onEvent: (e) => events.push(e),
  });
  onTestFinished(() => {
    if (engine instanceof CliEngine) engine.dispose();
    try {
      expectNoLeak(engine, canary);
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
  return {
    engine,
    emulator,
    api: client(emulator.url, { headers: { authorization: `Bearer ${canary}` } }),
    name,
    events,
    canary,
    set: (key, value) => {
      engine.config[key] = value;
    },
    mark: () => emulator.requests.length,
    writesSince: (mark) =>
      writes(emulator.requests.slice(mark)).filter((w) => !w.startsWith("POST /v0/validate_program")),
    pipelines: () => engine.readState().resources.filter((r) => r.type.endsWith("feldera:Pipeline")),
  };
}

/**
 * The canary API key is in no checkpoint, no gRPC response and no line the provider host printed; under
 * the CLI, in no file of the backend or of PULUMI_HOME and in nothing any command printed or logged.
 */
export function expectNoLeak(engine: StackEngine, canary: string): void {
  if (engine instanceof CliEngine) {
    expect(
      engine
        .files()
        .filter((f) => f.text.includes(canary))
        .map((f) => f.path),
    ).toEqual([]);
  }
  let checkpoint = "";
  try {
    checkpoint = readFileSync(engine.state.path, "utf8");
  } catch {}
  expect(checkpoint.includes(canary), "the checkpoint contains the API key").toBe(false);
  expect(engine.grpcResponses.filter((r) => r.includes(canary))).toEqual([]);
  expect(engine.hostOutput.filter((l) => l.includes(canary))).toEqual([]);
}

/** Fails with the engine's diagnostics, which say why. */
export function expectOk(result: Result): Result {
  expect(
    result.diagnostics.filter((d) => d.startsWith("error")),
    `${result.operation} failed`,
  ).toEqual([]);
  expect(result.ok).toBe(true);
  return result;
}

/**
 * Every error an operation reported, on its steps or as diagnostics: the real CLI reports a failure as an
 * error at the resource (a check failure with no step at all), the stand-in on the step as well.
 */
export function reported(result: Result): string {
  return [...result.steps.map((st) => st.error ?? ""), ...result.diagnostics].join("\n");
}

/** `op name [diff]` of every step that is not `same`, e.g. "update orders [diff: ~programCode]". */
export function changes(result: Result): string[] {
  return result.steps
    .filter((s) => s.op !== "same")
    .map((s) => `${s.op} ${s.name}${s.diff ? ` ${s.diff}` : ""}${s.status === "failed" ? " (failed)" : ""}`);
}
