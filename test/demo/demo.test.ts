/**
 * `npm run demo`, the first thing a newcomer runs, run as they would (its own process, the built package)
 * with a small time scale: it deploys the example project with the real `pulumi` CLI where one is
 * installed (the stand-in otherwise, saying so), catches an SQL typo at preview, applies the fixed edit to
 * one pipeline, shows what Feldera runs, and destroys the stack.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pulumiCliOrSkip } from "../../tools/pulumi-cli/locate";

const ROOT = join(__dirname, "..", "..");
const cli = pulumiCliOrSkip();

describe("npm run demo", () => {
  it("deploys the example project, catches a typo at preview, applies the fix to one pipeline only, and destroys", () => {
    const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "scripts/demo.ts"], {
      cwd: ROOT,
      env: { ...process.env, DEMO_TIME_SCALE: "0.05" },
      encoding: "utf8",
      timeout: 600_000,
    });
    const out = run.stdout;
    expect(run.status, `${out}\n${run.stderr}`).toBe(0);
    if (cli) {
      expect(out).toContain("Pulumi: the real CLI");
      // Pulumi's own lines: both pipelines created, then the edit as an update of orders' programCode.
      expect(out).toMatch(/│\s+\+\s+pulumi-nodejs:dynamic\/feldera:Pipeline orders created/);
      expect(out).toMatch(/│\s+\+\s+pulumi-nodejs:dynamic\/feldera:Pipeline fraud created/);
      expect(out).toMatch(
        /│\s+~\s+pulumi-nodejs:dynamic\/feldera:Pipeline orders update \[diff: ~programCode\]/,
      );
      expect(out).toMatch(/│\s+- \d+ deleted/);
    } else {
      expect(out).toContain("no pulumi CLI is installed");
      expect(out).toMatch(/\+ pulumi-nodejs:dynamic\/feldera:Pipeline\s+orders\s+create/);
      expect(out).toMatch(
        /~ pulumi-nodejs:dynamic\/feldera:Pipeline\s+orders\s+update \[diff: ~programCode\]/,
      );
    }
    // The typo fails the preview, naming where it is (line:column in orders.sql).
    expect(out).toMatch(/amout[\s\S]{0,400}?\d+:\d+|\d+:\d+[\s\S]{0,400}?amout/);
    // Feldera's side before the destroy: orders recompiled (program v2), fraud untouched (v1), both running.
    expect(out).toMatch(/orders-dev\s+Running\s+Success v2/);
    expect(out).toMatch(/fraud-dev\s+Running\s+Success v1/);
    // One restart: one stop with force for the update (the destroy's stops are counted too), one PATCH.
    expect(out).toMatch(/\b1 {2}PATCH \/v0\/pipelines\/\{name\}/);
    expect(out).toMatch(/\b2 {2}DELETE \/v0\/pipelines\/\{name\}/);
    expect(out).toContain("The stack is destroyed and the emulator stopped");
  }, 660_000);
});
