/**
 * The real engine: `pulumi preview --policy-pack examples/policy-pack` over a small program
 * (preview-program/), against a local file backend in a temporary directory, with the CLI that
 * scripts/install-pulumi provides (or one on PATH). A careless prod stack fails on its mandatory
 * violations and prints its advisory ones; a careful one passes. pack-over-grpc.test.ts drives the same
 * pack over the analyzer protocol, policy by policy.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NO_CLI, pulumiCliOrSkip } from "../../tools/pulumi-cli/locate";
import { useTestEmulator } from "../support/emulator";
import { ensurePolicyBuild } from "./support/build";

const ROOT = join(__dirname, "..", "..");
const PACK_DIR = join(ROOT, "examples", "policy-pack");
const cli = pulumiCliOrSkip();

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(cli!.pulumi, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({
        code: error ? Number((error as { code?: number }).code ?? 1) : 0,
        output: `${stdout}${stderr}`,
      });
    });
  });
}

type Violation = [policy: string, level: string, resource: string];

describe.skipIf(!cli)("pulumi preview --policy-pack examples/policy-pack", () => {
  const work = mkdtempSync(join(tmpdir(), "feldera-preview-"));
  mkdirSync(join(work, "state"));
  // The preview checks its connection to Feldera before anything else (a broken one fails it), so the
  // stacks point at an emulator; the SQL is not validated (validateSqlOnPreview: false in the program).
  const feldera = useTestEmulator();
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const env = {
    ...process.env,
    PATH: `${cli?.binDir}:${process.env["PATH"]}`,
    PULUMI_HOME: join(work, "home"),
    PULUMI_BACKEND_URL: `file://${join(work, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: "preview-only",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_DEBUG_COMMANDS: "true",
  };

  async function preview(stack: string, config: Record<string, string>) {
    ensurePolicyBuild();
    const program = join(work, stack);
    cpSync(join(__dirname, "preview-program"), program, { recursive: true });
    symlinkSync(join(ROOT, "node_modules"), join(program, "node_modules"));
    const init = await run(["stack", "init", stack, "--non-interactive"], program, env);
    expect(init.code, init.output).toBe(0);
    for (const [k, v] of Object.entries({ "feldera:host": feldera.emulator.url, ...config })) {
      const set = await run(["config", "set", k, v, "--stack", stack], program, env);
      expect(set.code, set.output).toBe(0);
    }
    const events = join(work, `${stack}.events.jsonl`);
    const result = await run(
      [
        "preview",
        "--non-interactive",
        "--stack",
        stack,
        "--policy-pack",
        PACK_DIR,
        "--policy-pack-config",
        join(PACK_DIR, "policy-config.prod.json"),
        "--event-log",
        events,
      ],
      program,
      env,
    );
    const violations: Violation[] = readFileSync(events, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as { policyEvent?: Record<string, string> })
      .flatMap((e) => (e.policyEvent ? [e.policyEvent] : []))
      .map((p) => [p["policyName"]!, p["enforcementLevel"]!, (p["resourceUrn"] ?? "").split("::").pop()!]);
    return { ...result, violations };
  }

  it("fails a careless prod stack on its mandatory violations and prints the advisory ones", async () => {
    const careless = await preview("prod", {});
    require("node:fs").writeFileSync("/tmp/careless.txt", careless.output);
    expect(careless.code, careless.output).not.toBe(0);
    expect(careless.violations).toEqual(
      expect.arrayContaining([
        ["no-plaintext-credentials", "mandatory", "leaky"],
        ["unique-pipeline-names", "mandatory", "orders"],
        ["unique-pipeline-names", "mandatory", "orders-replay"],
        ["resource-bounds", "mandatory", "leaky"],
        ["program-size-limit", "advisory", "leaky"],
      ]),
    );
    expect(careless.violations.filter(([, , urn]) => urn === "orders")).toEqual([
      ["unique-pipeline-names", "mandatory", "orders"],
    ]);
    // What the user reads: the policy, its level and the resource, and the secret's value nowhere.
    expect(careless.output).toMatch(
      /- \[mandatory\]\s+no-plaintext-credentials\s+\(pulumi-nodejs:dynamic\/feldera:Pipeline: leaky\)/,
    );
    expect(careless.output).toMatch(
      /- \[advisory\]\s+program-size-limit\s+\(pulumi-nodejs:dynamic\/feldera:Pipeline: leaky\)/,
    );
    expect(careless.output).not.toContain("hunter2");
  }, 240_000);

  it("passes a careful prod stack", async () => {
    const careful = await preview("prod-careful", { careful: "true" });
    expect(careful.violations).toEqual([]);
    expect(careful.code, careful.output).toBe(0);
  }, 240_000);
});

if (!cli) it.skip(NO_CLI, () => {});
