/**
 * `npm run demo`: the whole thing, on any machine, in about half a minute — no Feldera server, no Pulumi
 * account.
 *
 *  1. starts the embedded Feldera emulator (a real HTTP server, faithful to Feldera's API);
 *  2. deploys the example project (the root Pulumi.yaml: examples/multi-env, stack `dev`) through the real
 *     Pulumi dynamic-provider host — with `pulumi up` and a local backend where the Pulumi CLI is
 *     installed, else through the test harness's engine stand-in, which drives the same host over gRPC;
 *  3. previews an edit of one pipeline's SQL, applies it (only that pipeline restarts);
 *  4. prints what it deployed and every request Feldera received, and stops the emulator.
 *
 * DEMO_TIME_SCALE scales the emulator's stage durations (default 0.5: compilation ~1.3 s).
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Emulator, startEmulator } from "../provider/emulator";
import { Engine, type Result, renderSteps } from "../tools/engine-stand-in";
import { LiveView } from "./demo/live-view";
import { summarize } from "./demo/summary";

const ROOT = join(__dirname, "..");
const NEW_VIEW = `
CREATE MATERIALIZED VIEW big_orders AS
SELECT order_id, customer_id, amount FROM orders WHERE amount > 1000;
`;

async function main(): Promise<number> {
  const timeScale = Number(process.env["DEMO_TIME_SCALE"] ?? "0.5");
  const out = process.stdout;
  const view = new LiveView(out);
  const started = Date.now();
  const emulator = await startEmulator({ timeScale });
  const unsubscribe = emulator.onTransition((name, snapshot) => view.onPipeline(name, snapshot));
  const work = mkdtempSync(join(tmpdir(), "pulumi-feldera-demo-"));
  try {
    out.write(`\npulumi-feldera demo\n\n`);
    view.say(
      `Feldera emulator listening at ${emulator.url} (API v0.337, enterprise edition, time scale ${timeScale}).`,
    );
    const project = copyProject(join(work, "project"));
    const ok = onPath("pulumi")
      ? withPulumiCli(project, join(work, "state"), emulator, view)
      : await withHarness(project, join(work, "state"), emulator, view);
    if (!ok) return 1;
    out.write(`\n${summarize(emulator, Date.now() - started).join("\n")}\n`);
    return 0;
  } finally {
    unsubscribe();
    await emulator.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** The example project in a scratch folder, so the demo can edit its SQL; packages resolve from the repo. */
function copyProject(dir: string): string {
  mkdirSync(join(dir, "examples"), { recursive: true });
  for (const f of ["Pulumi.yaml", "Pulumi.dev.yaml"]) cpSync(join(ROOT, f), join(dir, f));
  cpSync(join(ROOT, "examples", "multi-env"), join(dir, "examples", "multi-env"), { recursive: true });
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: "feldera-demo", private: true })}\n`);
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

async function withHarness(
  project: string,
  stateDir: string,
  emulator: Emulator,
  view: LiveView,
): Promise<boolean> {
  view.say("No `pulumi` CLI on PATH: the harness's engine stand-in drives the real dynamic-provider host.\n");
  const engine = new Engine({
    programDir: project,
    stateDir,
    stack: "dev",
    config: { "feldera:host": emulator.url },
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("FELDERA_"))),
    onEvent: (e) => view.onEngine(e),
  });
  const step = async (title: string, run: () => Promise<Result>) => {
    view.say(`── ${title}`);
    view.begin();
    const t = Date.now();
    const result = await run();
    view.end();
    for (const line of renderSteps(result.steps)) view.say(`   ${line}`);
    for (const d of result.diagnostics) view.say(`   ${d}`);
    view.say(`   (${((Date.now() - t) / 1000).toFixed(1)} s)\n`);
    return result.ok;
  };
  return (
    (await step("pulumi preview --stack dev   (nothing is sent to Feldera but reads)", () =>
      engine.preview(),
    )) &&
    (await step("pulumi up --stack dev   (create, compile, start, wait until Running)", () => engine.up())) &&
    edit(project, view) &&
    (await step("pulumi preview   (only orders changes, and only its programCode)", () =>
      engine.preview(),
    )) &&
    (await step("pulumi up   (orders: stop, PATCH program_code, recompile, start; fraud untouched)", () =>
      engine.up(),
    ))
  );
}

function edit(project: string, view: LiveView): true {
  appendFileSync(join(project, "examples", "multi-env", "sql", "orders.sql"), NEW_VIEW);
  view.say("── edit examples/multi-env/sql/orders.sql: add the view big_orders\n");
  return true;
}

/** The same story through the real CLI, where it is installed (never on the machines this was built on). */
function withPulumiCli(project: string, stateDir: string, emulator: Emulator, view: LiveView): boolean {
  mkdirSync(stateDir, { recursive: true });
  const env = { ...process.env, PULUMI_CONFIG_PASSPHRASE: "", PULUMI_BACKEND_URL: `file://${stateDir}` };
  const run = (...args: string[]) =>
    spawnSync("pulumi", args, { cwd: project, env, stdio: "inherit" }).status === 0;
  view.say("Using the pulumi CLI with a local file backend.\n");
  return (
    run("stack", "init", "dev") &&
    run("config", "set", "feldera:host", emulator.url) &&
    run("preview") &&
    run("up", "--yes", "--skip-preview") &&
    edit(project, view) &&
    run("preview", "--diff") &&
    run("up", "--yes", "--skip-preview")
  );
}

function onPath(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`demo failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
