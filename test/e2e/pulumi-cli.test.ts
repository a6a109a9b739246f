/**
 * The same scenarios through the real `pulumi` CLI, where one is on PATH: a local file backend in a
 * temporary directory (`pulumi login file://…`, empty passphrase), the quickstart program copied there
 * with the repository's node_modules linked, against the emulator. Where there is no CLI (it cannot be
 * installed on some machines, this one included), the suite reports one skip that says so; the harness
 * scenarios beside this file cover the same ground.
 */
import { execFile } from "node:child_process";
import { accessSync, constants, cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { describe, expect, it } from "vitest";
import { startTestEmulator, uniqueName } from "../support/emulator";
import { writes } from "../support/provider";
import { PROGRAMS, ROOT } from "./support";

function onPath(command: string): string | undefined {
  for (const dir of (process.env["PATH"] ?? "").split(delimiter)) {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {}
  }
  return undefined;
}

const PULUMI = onPath("pulumi");

if (!PULUMI) {
  describe("the quickstart stack through the pulumi CLI", () => {
    it.skip("pulumi CLI not on PATH: it is not installed on this machine (and cannot be); the harness scenarios in test/e2e cover the same ground", () => {});
  });
} else {
  const pulumi = PULUMI;

  async function cliStack() {
    const canary = `fdr-canary-${uniqueName("k")}`;
    const emulator = await startTestEmulator({ apiKeys: [canary] });
    const work = mkdtempSync(join(tmpdir(), "feldera-cli-"));
    const program = join(work, "program");
    cpSync(PROGRAMS.commonjs, program, { recursive: true });
    symlinkSync(join(ROOT, "node_modules"), join(program, "node_modules"));
    const env = {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("FELDERA_"))),
      PULUMI_HOME: join(work, "home"),
      PULUMI_CONFIG_PASSPHRASE: "",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    };
    const output: string[] = [];
    const run = (...args: string[]) =>
      new Promise<{ code: number; stdout: string }>((resolve) => {
        execFile(
          pulumi,
          [...args, "--non-interactive"],
          { cwd: program, env, maxBuffer: 64 << 20 },
          (e, stdout, stderr) => {
            output.push(stdout, stderr);
            resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, stdout });
          },
        );
      });
    const ok = async (...args: string[]) => {
      const r = await run(...args);
      expect(r.code, `pulumi ${args.join(" ")}:\n${output.slice(-2).join("\n")}`).toBe(0);
      return r.stdout;
    };
    const name = uniqueName("orders");
    await ok("login", `file://${join(work, "state")}`);
    await ok("stack", "init", "dev");
    await ok("config", "set", "feldera:host", emulator.url);
    await ok("config", "set", "--secret", "feldera:apiKey", canary);
    await ok("config", "set", "pipelineName", name);
    const cleanup = () => rmSync(work, { recursive: true, force: true });
    return { emulator, ok, name, canary, output, cleanup };
  }

  const summary = async (s: Awaited<ReturnType<typeof cliStack>>) =>
    (JSON.parse(await s.ok("preview", "--json")) as { changeSummary: Record<string, number> }).changeSummary;

  describe("the quickstart stack through the pulumi CLI", () => {
    it("previews, creates, leaves alone, updates once, refreshes and destroys, never showing the API key", async () => {
      const s = await cliStack();
      try {
        expect(await summary(s)).toMatchObject({ create: 2 });
        await s.ok("up", "--yes", "--skip-preview");
        expect(writes(s.emulator.requests).filter((w) => !w.includes("validate_program"))).toEqual([
          "POST /v0/pipelines {name,program_code}",
          `POST /v0/pipelines/${s.name}/start?bootstrap_policy=allow&dismiss_error=false&initial=running`,
        ]);
        expect(await summary(s)).toEqual({ same: 2 });

        await s.ok("config", "set", "sqlFile", "orders-v2.sql");
        expect(await summary(s)).toMatchObject({ update: 1, same: 1 });
        let mark = s.emulator.requests.length;
        await s.ok("up", "--yes", "--skip-preview");
        expect(
          writes(s.emulator.requests.slice(mark)).filter((w) => !w.includes("validate_program")),
        ).toEqual([
          `POST /v0/pipelines/${s.name}/stop?force=true`,
          `PATCH /v0/pipelines/${s.name} {program_code}`,
          `POST /v0/pipelines/${s.name}/start?bootstrap_policy=allow&dismiss_error=false&initial=running`,
        ]);

        mark = s.emulator.requests.length;
        await s.ok("refresh", "--yes");
        expect(writes(s.emulator.requests.slice(mark))).toEqual([]);
        const state = await s.ok("stack", "export");
        expect(state).not.toContain(s.canary);

        await s.ok("destroy", "--yes");
        expect(s.emulator.snapshot(s.name)).toBeUndefined();
        expect(s.output.join("\n")).not.toContain(s.canary);
      } finally {
        s.cleanup();
      }
    }, 300_000);
  });
}
