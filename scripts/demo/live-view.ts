/**
 * What the demo shows while `pulumi up` runs: Pulumi's side (each resource's operation and whether it is
 * done) beside Feldera's side (each pipeline's program and deployment status, live from the emulator).
 *
 * On a terminal the block is redrawn in place a few times a second; anywhere else (CI, a test, a pipe)
 * each change is one timestamped line, so the output stays a readable log.
 */
import type { EngineEvent } from "../../tools/engine-stand-in";

interface PulumiRow {
  op: string;
  state: "running" | "ok" | "failed";
  diff: string;
}

interface FelderaRow {
  program: string;
  deployment: string;
  storage: string;
  since: number;
}

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export class LiveView {
  private readonly resources = new Map<string, PulumiRow>();
  private readonly pipelines = new Map<string, FelderaRow>();
  private readonly started = Date.now();
  private drawn = 0;
  private frame = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly live = Boolean(out.isTTY),
  ) {}

  /** A line of narration above the live block. */
  say(text: string): void {
    this.clear();
    this.out.write(`${text}\n`);
    this.draw();
  }

  /** Starts the live block for one operation (preview, up). */
  begin(): void {
    this.resources.clear();
    if (this.live) this.timer = setInterval(() => this.redraw(), 120);
  }

  /** Ends the live block; the operation's result table (printed next) takes its place. */
  end(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
  }

  onEngine(e: EngineEvent): void {
    if (e.kind === "step-start" && !e.urn.includes("pulumi:pulumi:Stack")) {
      const name = e.urn.split("::").at(-1) ?? e.urn;
      this.resources.set(name, { op: e.op, state: "running", diff: "" });
      this.log(`${name}: ${e.op}…`);
    } else if (e.kind === "step-done" && e.step.type !== "pulumi:pulumi:Stack") {
      this.resources.set(e.step.name, {
        op: e.step.op,
        state: e.step.status,
        diff: e.step.diff,
      });
      this.log(
        `${e.step.name}: ${e.step.op} ${e.step.status}${e.step.diff ? ` ${e.step.diff}` : ""}${e.step.error ? `: ${e.step.error}` : ""}`,
      );
    } else if (e.kind === "host-output" && e.line.startsWith("feldera:")) {
      this.log(e.line);
    } else if (e.kind === "program-output" && e.stream === "stderr") {
      this.say(`   program: ${e.line}`);
    }
  }

  /** A pipeline changed state in Feldera (the emulator's transition feed). */
  onPipeline(name: string, snapshot: unknown): void {
    const p = snapshot as { program_status?: string; deployment_status?: string; storage_status?: string };
    const before = this.pipelines.get(name);
    const row = {
      program: p.program_status ?? "?",
      deployment: p.deployment_status ?? "?",
      storage: p.storage_status ?? "?",
      since: Date.now(),
    };
    if (
      before &&
      before.program === row.program &&
      before.deployment === row.deployment &&
      before.storage === row.storage
    )
      return;
    this.pipelines.set(name, row);
    this.log(`${name}: program ${row.program}, ${row.deployment}, storage ${row.storage}`);
  }

  private log(text: string): void {
    if (this.live) return;
    const t = ((Date.now() - this.started) / 1000).toFixed(1).padStart(5);
    this.out.write(`  [${t}s] ${text}\n`);
  }

  private redraw(): void {
    if (!this.live) return;
    this.clear();
    this.draw();
  }

  private clear(): void {
    if (!this.live || this.drawn === 0) return;
    this.out.write(`\x1b[${this.drawn}A\x1b[0J`);
    this.drawn = 0;
  }

  private draw(): void {
    if (!this.live || (this.resources.size === 0 && this.pipelines.size === 0)) return;
    const spin = SPINNER[this.frame++ % SPINNER.length];
    const lines: string[] = [];
    lines.push(`  ${"Pulumi resource".padEnd(18)}${"operation".padEnd(11)}state`);
    for (const [name, r] of this.resources) {
      const mark = r.state === "running" ? spin : r.state === "ok" ? "✓" : "✗";
      lines.push(`  ${name.padEnd(18)}${r.op.padEnd(11)}${mark} ${r.diff}`);
    }
    lines.push(
      "",
      `  ${"Feldera pipeline".padEnd(18)}${"program".padEnd(15)}${"deployment".padEnd(15)}storage`,
    );
    for (const [name, p] of this.pipelines) {
      const age = `${((Date.now() - p.since) / 1000).toFixed(1)}s`;
      lines.push(
        `  ${name.padEnd(18)}${p.program.padEnd(15)}${p.deployment.padEnd(15)}${p.storage.padEnd(9)}${age}`,
      );
    }
    this.out.write(`${lines.join("\n")}\n`);
    this.drawn = lines.length;
  }
}
