/**
 * `npm run demo`: the whole thing, on any machine, in under a minute — no Feldera server, no Pulumi
 * account.
 *
 *  1. starts the embedded Feldera emulator (a real HTTP server, faithful to Feldera's API);
 *  2. deploys the example project (the root Pulumi.yaml: examples/multi-env, stack `dev`) with the real
 *     `pulumi` CLI and a local backend — the one scripts/install-pulumi built, or one on PATH — showing
 *     what Pulumi prints beside a live view of Feldera; where there is no CLI, it says so in one sentence
 *     and runs the same steps through the engine stand-in (tools/engine-stand-in), which drives the same
 *     provider host. It never starts the CLI's multi-minute build itself: it names the command instead;
 *  3. an SQL edit with a typo: the preview fails with its line:column, and nothing is written;
 *  4. the edit fixed: previewed and applied (only that pipeline restarts);
 *  5. prints what Feldera runs and every request it received, destroys the stack, stops the emulator.
 *
 * DEMO_TIME_SCALE scales the emulator's stage durations (default 0.5: compilation ~1.3 s).
 */
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Emulator, startEmulator } from "../provider/emulator";
import { Engine, type Result, renderSteps } from "../tools/engine-stand-in";
import { CliEngine } from "../tools/pulumi-cli/cli-engine";
import { findPulumiCli } from "../tools/pulumi-cli/locate";
import { LiveView } from "./demo/live-view";
import { deployedTable, requestTable } from "./demo/summary";

const ROOT = join(__dirname, "..");
const NEW_VIEW = `
CREATE MATERIALIZED VIEW big_orders AS
SELECT order_id, customer_id, amount FROM orders WHERE amount > 1000;
`;
/** The same view with a column that does not exist: Feldera's compiler (and the emulator) reject it. */
const BROKEN_VIEW = NEW_VIEW.replace("amount > 1000", "amout > 1000");

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
    const ok = await story(project, join(work, "state"), emulator, view);
    if (!ok) return 1;
    out.write(`\n${requestTable(emulator, Date.now() - started).join("\n")}\n`);
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

/** What each step prints: Pulumi's own output under the CLI, the stand-in's rows and counts otherwise. */
function printer(engine: Engine | CliEngine, view: LiveView): (result: Result) => void {
  if (engine instanceof CliEngine) {
    return () => {
      // The progress dots ("@ updating....") are for a terminal that redraws; a log shows the rest.
      const lines = engine.lastPrinted
        .trimEnd()
        .split("\n")
        .filter((l) => !l.startsWith("@ ") && l.trim() !== "");
      for (const line of lines) view.say(`   │ ${line}`);
    };
  }
  return (result) => {
    for (const line of renderSteps(result.steps)) view.say(`   ${line}`);
    for (const d of result.diagnostics) view.say(`   ${d}`);
  };
}

async function story(
  project: string,
  stateDir: string,
  emulator: Emulator,
  view: LiveView,
): Promise<boolean> {
  const cli = findPulumiCli();
  const options = {
    programDir: project,
    stateDir,
    stack: "dev",
    config: { "feldera:host": emulator.url },
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("FELDERA_"))),
    onEvent: (e: Parameters<LiveView["onEngine"]>[0]) => view.onEngine(e),
  };
  const engine = cli ? new CliEngine({ ...options, cli }) : new Engine(options);
  if (cli) {
    view.say(`Pulumi: the real CLI (${cli.pulumi}), with a local file backend; its output is marked │.\n`);
  } else {
    view.say(
      "Pulumi: no pulumi CLI is installed, so the engine stand-in runs these steps (the same provider host; `scripts/install-pulumi` builds the real CLI, about 10 minutes the first time).\n",
    );
  }
  const label = (command: string) => (cli ? command : `${command}   [engine stand-in]`);
  const print = printer(engine, view);
  const step = async (title: string, why: string, run: () => Promise<Result>, expectOk = true) => {
    view.say(`── ${label(title)}   (${why})`);
    view.begin();
    const t = Date.now();
    const result = await run();
    view.end();
    print(result);
    view.say(`   took ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
    return result.ok === expectOk;
  };
  const sql = join(project, "examples", "multi-env", "sql", "orders.sql");
  const original = readFileSync(sql, "utf8");
  const edit = (text: string, note: string) => {
    writeFileSync(sql, original);
    appendFileSync(sql, text);
    view.say(`── edit examples/multi-env/sql/orders.sql: ${note}\n`);
    return true;
  };
  return (
    (await step("pulumi preview --stack dev", "reads only: nothing is written to Feldera", () =>
      engine.preview(),
    )) &&
    (await step("pulumi up --stack dev", "create, compile, start, wait until Running", () => engine.up())) &&
    edit(BROKEN_VIEW, "add the view big_orders, with a typo (amout)") &&
    (await step(
      "pulumi preview --stack dev",
      "the SQL is compiled during the preview: the typo fails it",
      () => engine.preview(),
      false,
    )) &&
    edit(NEW_VIEW, "fix the typo") &&
    (await step("pulumi preview --stack dev", "only orders changes, and only its programCode", () =>
      engine.preview(),
    )) &&
    (await step(
      "pulumi up --stack dev",
      "orders: stop, PATCH program_code, recompile, start; fraud untouched",
      () => engine.up(),
    )) &&
    shown(view, deployedTable(emulator)) &&
    (await step("pulumi destroy --stack dev", "stop, clear storage, delete each pipeline", () =>
      engine.destroy(),
    ))
  );
}

function shown(view: LiveView, lines: string[]): true {
  view.say(`${lines.join("\n")}\n`);
  return true;
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
