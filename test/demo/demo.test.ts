/**
 * `npm run demo`, the first thing a newcomer runs, run as they would (its own process, the built package)
 * with a small time scale: it deploys the example project, applies an SQL edit to one pipeline, and ends
 * with a summary of what Feldera runs.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");

describe("npm run demo", () => {
  it("deploys the example project, applies an edit to one pipeline only, and summarises", () => {
    const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "scripts/demo.ts"], {
      cwd: ROOT,
      env: { ...process.env, DEMO_TIME_SCALE: "0.05" },
      encoding: "utf8",
      timeout: 120_000,
    });
    const out = run.stdout;
    expect(run.status, `${out}\n${run.stderr}`).toBe(0);
    // The first up creates both pipelines and waits until they run.
    expect(out).toMatch(/\+ pulumi-nodejs:dynamic\/feldera:Pipeline\s+orders\s+create/);
    expect(out).toMatch(/\+ pulumi-nodejs:dynamic\/feldera:Pipeline\s+fraud\s+create/);
    // The edit previews as an update of orders' programCode alone; fraud stays the same.
    expect(out).toMatch(/~ pulumi-nodejs:dynamic\/feldera:Pipeline\s+orders\s+update \[diff: ~programCode\]/);
    expect(out).toContain("Resources: 2 unchanged, ~ 1 to update");
    // Feldera's side: orders recompiled (program v2), fraud untouched (v1), both running.
    expect(out).toMatch(/orders-dev\s+Running\s+Success v2/);
    expect(out).toMatch(/fraud-dev\s+Running\s+Success v1/);
    // One restart: one stop, one PATCH.
    expect(out).toMatch(/\b1 {2}POST \/v0\/pipelines\/\{name\}\/stop/);
    expect(out).toMatch(/\b1 {2}PATCH \/v0\/pipelines\/\{name\}/);
    expect(out).toContain("The emulator is stopped");
  }, 150_000);
});
