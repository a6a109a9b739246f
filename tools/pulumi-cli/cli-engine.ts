/**
 * One stack of a program under the real `pulumi` CLI, with the engine stand-in's interface
 * (tools/engine-stand-in `Engine`), so the same scenario runs under both and what each records can be
 * compared: `preview`, `up`, `refresh`, `destroy` return the steps, diagnostics and stack outputs; `config`
 * is `pulumi config set` before each command; `readState()` is `pulumi stack export --show-secrets`.
 *
 * Each engine works on its own copy of the program (the CLI writes Pulumi.<stack>.yaml beside it), with the
 * repository's node_modules linked, against a file backend in `stateDir` (`PULUMI_BACKEND_URL=file://…`),
 * an empty passphrase, no update check and no plugin downloads. Steps and diagnostics come from the engine's
 * event log (`--event-log`, a debug flag the Automation API uses too), read while the command runs, so a test
 * can act on an event (`crash()` the CLI when a pipeline starts compiling).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import type { ConfigValue, EngineEvent, EngineOptions, Result } from "../engine-stand-in/engine";
import { diffKeys, type StepOp, type StepResult } from "../engine-stand-in/preview";
import { projectName, stackConfigFile } from "../engine-stand-in/program";
import type { Snapshot } from "../engine-stand-in/state";
import { mapValue, type Props, SECRET_SIG, SIG, secret } from "../engine-stand-in/values";
import { type EventLog, parseEvent, readNewLines } from "./events";
import { type PulumiCli, REPOSITORY } from "./locate";
import { descendants } from "./processes";

export interface CliEngineOptions extends EngineOptions {
  cli: PulumiCli;
  /** Type-check the program as `pulumi up` does by default (slower); otherwise ts-node transpiles only. */
  typecheck?: boolean;
}

/** What a copy of the program leaves out: built and installed files (node_modules is linked instead). */
const NOT_COPIED = new Set(["node_modules", "dist", ".git", ".pulumi-bin", "coverage", ".pulumi-state"]);

export class CliEngine {
  readonly project: string;
  readonly stack: string;
  readonly config: Record<string, ConfigValue>;
  /** Lines the plugins (the provider host) printed, as the CLI reported them. */
  readonly hostOutput: string[] = [];
  /** Everything every command printed and logged, for leak checks. */
  readonly grpcResponses: string[] = [];
  readonly state: { path: string };
  /** The program as the CLI runs it: a copy of `options.programDir`. */
  readonly programDir: string;
  private applied: Record<string, ConfigValue>;
  private readonly work: string;
  private ready: Promise<void> | undefined;
  private running: ChildProcess | undefined;
  private killed = false;

  constructor(readonly options: CliEngineOptions) {
    this.project = projectName(options.programDir);
    this.stack = options.stack ?? "dev";
    this.work = mkdtempSync(join(tmpdir(), "feldera-cli-"));
    // A program of the repository is copied; a scratch copy a test made (and edits) is used where it is.
    const inRepository = !relative(REPOSITORY, options.programDir).startsWith("..");
    this.programDir = inRepository ? join(this.work, basename(options.programDir)) : options.programDir;
    if (inRepository) {
      cpSync(options.programDir, this.programDir, {
        recursive: true,
        filter: (src) => !NOT_COPIED.has(basename(src)) || src === options.programDir,
      });
      symlinkSync(join(REPOSITORY, "node_modules"), join(this.programDir, "node_modules"), "dir");
    }
    this.applied = stackConfigFile(this.programDir, this.stack);
    this.config = { ...this.applied, ...options.config };
    this.state = { path: join(options.stateDir, ".pulumi", "stacks", this.project, `${this.stack}.json`) };
  }

  preview(): Promise<Result> {
    return this.operate("preview", ["preview"]);
  }

  up(): Promise<Result> {
    return this.operate("update", ["up", "--yes", "--skip-preview"]);
  }

  refresh(options: { clearPendingCreates?: boolean } = {}): Promise<Result> {
    const clear = options.clearPendingCreates ? ["--clear-pending-creates"] : [];
    return this.operate("refresh", ["refresh", "--yes", "--skip-preview", ...clear]);
  }

  destroy(): Promise<Result> {
    return this.operate("destroy", ["destroy", "--yes", "--skip-preview"]);
  }

  /** `pulumi stack export --show-secrets`, secrets in the stand-in's form (`secret(value)`). */
  readState(): Snapshot {
    let text: string;
    try {
      text = this.cliSync(["stack", "export", "--show-secrets"]);
    } catch {
      return { resources: [], pendingOperations: [] };
    }
    const deployment = (JSON.parse(text) as { deployment?: Props }).deployment ?? {};
    const plain = mapValue(deployment, (v) => {
      const o = v as Props;
      return o?.[SIG] === SECRET_SIG && typeof o["plaintext"] === "string"
        ? secret(JSON.parse(o["plaintext"] as string))
        : v;
    }) as Props;
    return {
      resources: (plain["resources"] as Snapshot["resources"]) ?? [],
      pendingOperations: (plain["pending_operations"] as Snapshot["pendingOperations"]) ?? [],
    };
  }

  /** `pulumi cancel --yes`: a CLI killed mid-operation leaves the stack locked until this. */
  async cancel(): Promise<void> {
    await this.prepare();
    await this.command(["cancel", "--yes"]);
  }

  /** `pulumi stack export --show-secrets`, edited, `pulumi stack import`: a checkpoint written elsewhere. */
  editState(edit: (resources: Props[]) => void): void {
    const exported = JSON.parse(this.cliSync(["stack", "export", "--show-secrets"])) as { deployment: Props };
    edit(exported.deployment["resources"] as Props[]);
    const file = join(this.work, "import.json");
    writeFileSync(file, JSON.stringify(exported));
    this.cliSync(["stack", "import", "--file", file]);
  }

  /** `kill -9` of the CLI and every process it started (its language host, the program, the provider host). */
  crash(): void {
    const root = this.running?.pid;
    if (!root) return;
    this.killed = true;
    for (const pid of [root, ...descendants(root)]) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {}
    }
  }

  /** Ends a command still running when its test ends (a test that timed out must not leave a CLI behind). */
  dispose(): void {
    this.crash();
  }

  /** `kill -9` of the provider host alone; the CLI carries on and sees its calls fail. */
  killHost(): void {
    const root = this.running?.pid;
    if (!root) return;
    for (const pid of descendants(root, /dynamic-provider/)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {}
    }
  }

  /** The environment of every command: the CLI's directory first on PATH, offline, a local backend. */
  env(): NodeJS.ProcessEnv {
    const base = Object.entries(this.options.env ?? process.env).filter(([k]) => !k.startsWith("TS_NODE_"));
    return {
      ...Object.fromEntries(base),
      PATH: `${this.options.cli.binDir}:${process.env["PATH"] ?? ""}`,
      PULUMI_HOME: join(this.work, "home"),
      PULUMI_BACKEND_URL: `file://${this.options.stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: "",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_DEBUG_COMMANDS: "true",
      ...(this.options.typecheck ? {} : { PULUMI_NODEJS_TRANSPILE_ONLY: "true" }),
    };
  }

  private cliSync(args: string[]): string {
    const out = execFileSync(this.options.cli.pulumi, [...args, "--stack", this.stack, "--non-interactive"], {
      cwd: this.programDir,
      env: this.env(),
      encoding: "utf8",
      maxBuffer: 256 << 20,
      stdio: ["ignore", "pipe", "pipe"],
    });
    // What --show-secrets prints is the test's own view of the state, not something the CLI logged.
    if (!args.includes("--show-secrets")) this.grpcResponses.push(out);
    return out;
  }

  /** The stack exists and its config is what `config` says (`pulumi config set-all` / `rm-all`). */
  private async prepare(): Promise<void> {
    this.ready ??= (async () => {
      mkdirSync(this.options.stateDir, { recursive: true });
      await this.command(["stack", "select", "--create", this.stack], { stack: false });
    })();
    await this.ready;
    const set = Object.entries(this.config).filter(
      ([k, v]) => JSON.stringify(this.applied[k]) !== JSON.stringify(v),
    );
    const removed = Object.keys(this.applied).filter((k) => !(k in this.config));
    if (set.length > 0) {
      const pairs = set.flatMap(([k, v]) =>
        typeof v === "string" ? ["--plaintext", `${k}=${v}`] : ["--secret", `${k}=${v.secret}`],
      );
      await this.command(["config", "set-all", ...pairs]);
    }
    if (removed.length > 0) await this.command(["config", "rm-all", ...removed]);
    this.applied = structuredClone(this.config);
  }

  /** Runs one command to its end; fails only when it could not start. */
  private command(args: string[], opts: { stack?: boolean; eventLog?: string } = {}): Promise<number> {
    const full = [
      ...args,
      ...(opts.stack === false ? [] : ["--stack", this.stack]),
      ...(opts.eventLog ? ["--event-log", opts.eventLog] : []),
      "--non-interactive",
      "--color",
      "never",
    ];
    return new Promise((resolve, reject) => {
      const child = spawn(this.options.cli.pulumi, full, { cwd: this.programDir, env: this.env() });
      this.running = child;
      const printed: string[] = [];
      child.stdout.on("data", (c: Buffer) => printed.push(c.toString()));
      child.stderr.on("data", (c: Buffer) => printed.push(c.toString()));
      child.on("error", reject);
      child.on("close", (code, signal) => {
        this.running = undefined;
        this.grpcResponses.push(printed.join(""));
        this.lastPrinted = printed.join("");
        resolve(code ?? (signal ? 128 : 1));
      });
    });
  }

  /** What the last command printed (the CLI's own rendering: the table, diagnostics, summary). */
  lastPrinted = "";

  private async operate(kind: Result["operation"], command: string[]): Promise<Result> {
    const parallel = this.options.parallel ? ["--parallel", String(this.options.parallel)] : [];
    const args = [...command, ...parallel];
    await this.prepare();
    this.killed = false;
    const logFile = join(this.work, `events-${Date.now()}-${Math.random().toString(36).slice(2)}.jsonl`);
    const steps: StepResult[] = [];
    const diagnostics: string[] = [];
    const errors = new Map<string, string>();
    const starts: string[] = [];
    let stackOutputs: Props = {};
    const log: EventLog = { file: logFile, offset: 0, partial: "" };
    const onEvent = (line: string) => {
      this.grpcResponses.push(line);
      for (const e of parseEvent(line)) {
        if (e.kind === "step-start") {
          // Rows in the order steps began, as the CLI lists them (the stack first), filled in as they end.
          if (!steps.some((st) => st.urn === e.urn)) starts.push(e.urn);
          this.emit({ kind: "step-start", urn: e.urn, op: e.op as StepOp });
        } else if (e.kind === "step-done") {
          const step: StepResult = {
            urn: e.urn,
            type: e.type,
            name: e.urn.split("::").pop() ?? e.urn,
            op: e.op as StepOp,
            // A refresh row shows what was read that differs from what was recorded.
            diff: kind === "refresh" ? diffKeys(e.oldOutputs, e.outputs) : diffKeys(e.oldInputs, e.newInputs),
            status: e.failed ? "failed" : "ok",
            ...(errors.has(e.urn) ? { error: errors.get(e.urn)! } : {}),
          };
          const existing = steps.findIndex((s) => s.urn === step.urn);
          if (existing >= 0) steps[existing] = { ...steps[existing]!, status: step.status };
          else steps.push(step);
          if (e.type === "pulumi:pulumi:Stack" && e.outputs) stackOutputs = e.outputs;
          this.emit({ kind: "step-done", step });
        } else if (e.kind === "output") {
          const stream = e.severity === "info#err" ? "stderr" : "stdout";
          // A plugin's own output (the provider host's progress lines) reaches the CLI without a URN, and the
          // CLI shows it under the stack; what the program logs or prints carries the URN it was logged at.
          const fromProgram = Boolean(e.urn);
          for (const l of e.message.split("\n").filter((x) => x !== "")) {
            if (fromProgram) this.emit({ kind: "program-output", stream, line: l });
            else this.emit({ kind: "host-output", stream, line: l, pid: 0 });
          }
        } else {
          // The engine reports a step's failure as an error diagnostic at the resource's URN.
          if (e.severity === "error" && e.urn && !e.urn.includes("::pulumi:pulumi:Stack::")) {
            errors.set(e.urn, errors.has(e.urn) ? `${errors.get(e.urn)}\n${e.message}` : e.message);
            const at = steps.findIndex((s) => s.urn === e.urn);
            if (at >= 0) steps[at] = { ...steps[at]!, error: errors.get(e.urn)! };
          }
          diagnostics.push(`${e.severity}: ${e.message}`);
          this.emit({ kind: "diagnostic", message: `${e.severity}: ${e.message}` });
        }
      }
    };
    const timer = setInterval(() => readNewLines(log, onEvent), 50);
    let code: number;
    try {
      code = await this.command(args, { eventLog: logFile });
    } finally {
      clearInterval(timer);
      readNewLines(log, onEvent);
    }
    // Errors before the engine starts (a locked stack, a bad flag) are printed, not logged as events.
    if (code !== 0 && !diagnostics.some((d) => d.startsWith("error"))) {
      for (const line of this.lastPrinted.split("\n")) if (line.startsWith("error: ")) diagnostics.push(line);
    }
    const outputs = kind === "preview" || this.killed ? stackOutputs : this.stackOutputs();
    const order = (urn: string) => (starts.includes(urn) ? starts.indexOf(urn) : starts.length);
    const ordered = steps
      .map((st, i) => ({ st, i }))
      .sort((a, b) => order(a.st.urn) - order(b.st.urn) || a.i - b.i);
    return {
      operation: kind,
      ok: code === 0 && !this.killed,
      steps: ordered.map((x) => x.st),
      diagnostics,
      outputs,
    };
  }

  private stackOutputs(): Props {
    const stack = this.readState().resources.find((r) => r.type === "pulumi:pulumi:Stack");
    return stack?.outputs ?? {};
  }

  private emit(e: EngineEvent): void {
    if (e.kind === "host-output") this.hostOutput.push(e.line);
    this.options.onEvent?.(e);
  }

  /** Files of the backend and the stack's config, relative to their roots (for leak checks). */
  files(): { path: string; text: string }[] {
    const read = (root: string) => {
      const out: { path: string; text: string }[] = [];
      const walk = (dir: string) => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          const p = join(dir, entry.name);
          if (entry.isDirectory()) {
            if (entry.name !== "node_modules") walk(p);
          } else if (entry.isFile()) out.push({ path: relative(root, p), text: readFileSync(p, "utf8") });
        }
      };
      walk(root);
      return out;
    };
    const home = join(this.work, "home");
    return [
      ...(existsSync(this.options.stateDir) ? read(this.options.stateDir) : []),
      ...(existsSync(home) ? read(home).filter((f) => !f.path.startsWith("plugins")) : []),
    ];
  }
}
