/**
 * `npx pulumi-feldera …` as a user runs it: a real node process on the sources (ts-node), its exit code
 * and what it printed. Every command and subcommand answers `--help` on stdout with exit 0.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");

function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", join(ROOT, "provider", "cli.ts"), ...argv],
      { cwd: ROOT, env: { ...process.env, FELDERA_HOST: "" } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("pulumi-feldera CLI", () => {
  it.each([
    [["--help"], /^usage: pulumi-feldera <command>/],
    [["help"], /^usage: pulumi-feldera <command>/],
    [["doctor", "--help"], /^usage: pulumi-feldera doctor/],
    [["doctor", "-h"], /^usage: pulumi-feldera doctor/],
    [["emulator", "--help"], /^usage: pulumi-feldera emulator[\s\S]*--time-scale F/],
    [["emulator", "--port", "0", "-h"], /^usage: pulumi-feldera emulator/],
    [["help", "emulator"], /^usage: pulumi-feldera emulator/],
    [["help", "doctor"], /^usage: pulumi-feldera doctor/],
  ])(
    "answers %j with its usage on stdout and exit 0",
    async (argv, usage) => {
      const r = await cli(argv);
      expect(r).toMatchObject({ code: 0, stderr: "" });
      expect(r.stdout).toMatch(usage);
    },
    30_000,
  );

  it("refuses an unknown command with exit 2 and the usage on stderr", async () => {
    const r = await cli(["deploy"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pulumi-feldera: unknown command 'deploy'\n\nusage:/);
    expect(r.stdout).toBe("");
  }, 30_000);

  it("refuses an emulator option without its value with exit 2, pointing at --help's text", async () => {
    const r = await cli(["emulator", "--port"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pulumi-feldera emulator: --port needs a value\n\nusage:/);
  }, 30_000);
});
