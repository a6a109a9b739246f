/**
 * The real engine: `pulumi preview --policy-pack examples/policy-pack` over a small program
 * (preview-program/), against a local file backend in a temporary directory. Pulumi is not installed
 * on every machine (and cannot be installed on some); there the test reports one skip with the reason,
 * and pack-over-grpc.test.ts covers the same pack through the analyzer protocol.
 */
import { execFile } from "node:child_process";
import { accessSync, constants, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensurePolicyBuild } from "./support/build";

const ROOT = join(__dirname, "..", "..");
const PACK_DIR = join(ROOT, "examples", "policy-pack");

function onPath(command: string): string | undefined {
  for (const dir of (process.env["PATH"] ?? "").split(delimiter)) {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {}
  }
  return undefined;
}

function run(
  bin: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(bin, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({
        code: error ? Number((error as { code?: number }).code ?? 1) : 0,
        output: `${stdout}${stderr}`,
      });
    });
  });
}

describe("pulumi preview --policy-pack examples/policy-pack", () => {
  const pulumi = onPath("pulumi");

  it("reports the program's violations through the engine, per resource and for the stack", async (ctx) => {
    if (!pulumi) {
      ctx.skip(
        "pulumi is not on PATH (it is not installed on this machine and cannot be); pack-over-grpc.test.ts drives the same pack over the analyzer protocol",
      );
      return;
    }
    ensurePolicyBuild();
    const work = mkdtempSync(join(tmpdir(), "feldera-preview-"));
    try {
      const program = join(work, "program");
      cpSync(join(__dirname, "preview-program"), program, { recursive: true });
      symlinkSync(join(ROOT, "node_modules"), join(program, "node_modules"));
      const env = {
        ...process.env,
        PULUMI_BACKEND_URL: `file://${join(work, "state")}`,
        PULUMI_CONFIG_PASSPHRASE: "preview-only",
        PULUMI_SKIP_UPDATE_CHECK: "true",
      };
      const init = await run(pulumi, ["stack", "init", "prod", "--non-interactive"], program, env);
      expect(init.code, init.output).toBe(0);
      const events = join(work, "events.jsonl");
      const preview = await run(
        pulumi,
        [
          "preview",
          "--non-interactive",
          "--stack",
          "prod",
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
      // Mandatory violations fail the preview.
      expect(preview.code).not.toBe(0);
      const violations = readFileSync(events, "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as { policyEvent?: Record<string, string> })
        .flatMap((e) => (e.policyEvent ? [e.policyEvent] : []))
        .map((p) => [p["policyName"], p["enforcementLevel"], (p["resourceUrn"] ?? "").split("::").pop()]);
      expect(violations).toEqual(
        expect.arrayContaining([
          ["no-plaintext-credentials", "mandatory", "leaky"],
          ["unique-pipeline-names", "mandatory", "orders"],
          ["unique-pipeline-names", "mandatory", "orders-replay"],
        ]),
      );
      expect(violations.filter(([, , urn]) => urn === "orders")).toEqual([
        ["unique-pipeline-names", "mandatory", "orders"],
      ]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 240_000);
});
