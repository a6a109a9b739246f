/**
 * An engine stand-in for one stack of a Node.js program whose custom resources are dynamic resources:
 * preview, up, refresh and destroy over a checkpoint file, through the real dynamic-provider host. For
 * tests and the demo; README.md says what of the real engine it reproduces and what it does not. Each
 * operation starts its own host, as each CLI command does; deployment.ts has the step logic.
 */
import { availableParallelism } from "node:os";
import { Deployment } from "./deployment";
import { ProviderHost } from "./host";
import type { StepOp, StepResult } from "./preview";
import { type ProgramRun, projectName, stackConfigFile } from "./program";
import { type Snapshot, StateFile } from "./state";
import { isSecret, type Props, removeSecrets, secret } from "./values";

export type ConfigValue = string | { secret: string };

export type EngineEvent =
  | { kind: "step-start"; urn: string; op: StepOp }
  | { kind: "step-done"; step: StepResult }
  | { kind: "host-output"; stream: "stdout" | "stderr"; line: string; pid: number }
  | { kind: "program-output"; stream: "stdout" | "stderr"; line: string }
  | { kind: "diagnostic"; message: string };

export interface EngineOptions {
  programDir: string;
  /** Where the checkpoint lives (`<dir>/<project>/<stack>.json`), like `pulumi login file://<dir>`. */
  stateDir: string;
  stack?: string;
  /** Stack config; keys without a namespace belong to the project, as in Pulumi.<stack>.yaml. */
  config?: Record<string, ConfigValue>;
  /** Resource operations at once; default `pulumi up`'s: 4 per CPU. */
  parallel?: number;
  /** Environment of the program and the host; default process.env. */
  env?: NodeJS.ProcessEnv;
  onEvent?: (e: EngineEvent) => void;
}

export interface Result {
  operation: "preview" | "update" | "refresh" | "destroy";
  ok: boolean;
  steps: StepResult[];
  diagnostics: string[];
  /** The stack's outputs as the program registered them (wire form). */
  outputs: Props;
}

export class Engine {
  readonly project: string;
  readonly stack: string;
  readonly config: Record<string, ConfigValue>;
  /** Every line every host printed after its port, in order. */
  readonly hostOutput: string[] = [];
  /** Every gRPC response (and error) of every host, as text. */
  readonly grpcResponses: string[] = [];
  readonly state: StateFile;
  private host: ProviderHost | undefined;
  private crashed = false;

  constructor(readonly options: EngineOptions) {
    this.project = projectName(options.programDir);
    this.stack = options.stack ?? "dev";
    // As the CLI does: the stack's config file, then what the caller sets (`pulumi config set`).
    this.config = { ...stackConfigFile(options.programDir, this.stack), ...options.config };
    this.state = new StateFile(options.stateDir, this.project, this.stack);
  }

  preview(): Promise<Result> {
    return this.operate("preview", (d) => d.runProgram());
  }

  up(): Promise<Result> {
    return this.operate("update", (d) => d.runProgram());
  }

  /** `pulumi refresh`; `clearPendingCreates` is its `--clear-pending-creates`. */
  refresh(options: { clearPendingCreates?: boolean } = {}): Promise<Result> {
    return this.operate("refresh", (d) => d.refreshAll(options.clearPendingCreates ?? false));
  }

  destroy(): Promise<Result> {
    return this.operate("destroy", (d) => d.deleteAll(d.base.resources));
  }

  /**
   * `pulumi cancel`: the CLI's file backend locks a stack while an operation runs, and a killed CLI leaves
   * the lock; the stand-in keeps no lock, so there is nothing to cancel.
   */
  async cancel(): Promise<void> {}

  readState(): Snapshot {
    return this.state.read();
  }

  /** The host of the operation under way dies (kill -9); the engine carries on and sees its calls fail. */
  killHost(): void {
    this.host?.kill();
  }

  /** The CLI itself is killed: its host dies with it and the checkpoint stays as last written. */
  crash(): void {
    this.crashed = true;
    this.host?.kill();
  }

  /** Config as the default provider's inputs (`Target.GetPackageConfig`): all keys qualified, secrets kept. */
  qualifiedConfig(): Props {
    return Object.fromEntries(
      Object.entries(this.config).map(([k, v]) => [
        k.includes(":") ? k : `${this.project}:${k}`,
        typeof v === "string" ? v : secret(v.secret),
      ]),
    );
  }

  emit(e: EngineEvent): void {
    if (e.kind === "host-output") this.hostOutput.push(e.line);
    this.options.onEvent?.(e);
  }

  persist(snapshot: Snapshot): void {
    if (!this.crashed) this.state.write(snapshot);
  }

  private async operate(kind: Result["operation"], body: (d: Deployment) => Promise<void>): Promise<Result> {
    this.crashed = false;
    // The CLI starts the host on the first registration; starting it alongside the program is the same.
    const host = ProviderHost.start(
      this.options.programDir,
      this.project,
      (l) => this.emit({ kind: "host-output", ...l }),
      this.env(),
    );
    host.then(
      (h) => (this.host = h),
      () => {},
    );
    const limit = limiter(this.options.parallel ?? availableParallelism() * 4);
    const d = new Deployment(this, this.state.read(), host, kind, limit);
    try {
      await body(d);
    } catch (e) {
      d.error(e);
    } finally {
      const h = await host.catch(() => undefined);
      await h?.close();
      this.grpcResponses.push(...(h?.rpc.responses ?? []));
    }
    if (kind !== "preview") this.persist(d.snapshot());
    return { operation: kind, ok: !d.failed, steps: d.steps, diagnostics: d.diagnostics, outputs: d.outputs };
  }

  /** How the language host runs the program: stack config decrypted, the secret keys named. */
  programRun(dryRun: boolean): ProgramRun {
    const qualified = this.qualifiedConfig();
    return {
      programDir: this.options.programDir,
      project: this.project,
      stack: this.stack,
      config: removeSecrets(qualified) as Record<string, string>,
      secretKeys: Object.keys(qualified).filter((k) => isSecret(qualified[k])),
      dryRun,
      parallel: this.options.parallel ?? 0,
      env: this.env(),
    };
  }

  env(): NodeJS.ProcessEnv {
    // A ts-node of the caller (the demo) must not configure the program's own.
    const env = Object.entries(this.options.env ?? process.env).filter(([k]) => !k.startsWith("TS_NODE_"));
    return Object.fromEntries(env);
  }
}

/** At most `n` calls at once; the rest wait their turn in order. */
function limiter(n: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  return async (fn) => {
    if (active < n) active += 1;
    else await new Promise<void>((resolve) => queue.push(resolve));
    try {
      return await fn();
    } finally {
      const next = queue.shift();
      if (next) next();
      else active -= 1;
    }
  };
}
