/**
 * The parent's handle on a provider process (provider-process.ts): spawn it against an emulator, call the
 * provider's methods, ask for its memory, and end it. Its stderr (the provider's progress lines and
 * warnings) is counted and the last lines kept, never printed: a bench prints tables.
 */
import { type ChildProcess, fork } from "node:child_process";
import * as path from "node:path";
import type { ChildReply, ChildRequest, MemoryReport, ProviderMethod, ReadyMessage } from "./protocol";

export interface Returned<T = unknown> {
  value: T;
  /** `Date.now()` in the provider process when the call resolved. */
  finishedAt: number;
}

export class CallError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly finishedAt: number,
  ) {
    super(message);
    this.name = "CallError";
  }
}

type Pending = { resolve: (r: Returned) => void; reject: (e: Error) => void };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const SPAWN_TIMEOUT_MS = 30_000;
const KEPT_STDERR_LINES = 20;

export class ProviderProcess {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Lines the provider wrote to stderr (progress narration and warnings). */
  stderrLines = 0;
  warnings = 0;
  readonly lastStderr: string[] = [];
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly startMemory: MemoryReport,
  ) {
    child.on("message", (m: ChildReply) => this.settle(m));
    child.on("exit", (code) => {
      this.exited = true;
      for (const p of this.pending.values()) p.reject(new Error(`provider process exited (${code})`));
      this.pending.clear();
    });
    let partial = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      const lines = (partial + chunk.toString("utf8")).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        this.stderrLines++;
        if (/warning|error/i.test(line)) this.warnings++;
        this.lastStderr.push(line);
        if (this.lastStderr.length > KEPT_STDERR_LINES) this.lastStderr.shift();
      }
    });
  }

  static async spawn(emulatorUrl: string): Promise<ProviderProcess> {
    const child = fork(path.join(__dirname, "provider-process.js"), [emulatorUrl], {
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      execArgv: [],
    });
    const ready = await new Promise<ReadyMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("provider process did not start")), SPAWN_TIMEOUT_MS);
      child.once("message", (m: ReadyMessage) => {
        clearTimeout(timer);
        resolve(m);
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`provider process exited during start (${code})`));
      });
    });
    return new ProviderProcess(child, ready.memory);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  private settle(m: ChildReply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.ok) p.resolve({ value: m.value, finishedAt: m.finishedAt });
    else p.reject(new CallError(m.error.message, m.error.code, m.finishedAt));
  }

  private request<T>(req: DistributiveOmit<ChildRequest, "id">): Promise<Returned<T>> {
    if (this.exited) return Promise.reject(new Error("provider process has exited"));
    const id = this.nextId++;
    return new Promise<Returned<T>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: Returned) => void, reject });
      this.child.send({ ...req, id } as ChildRequest);
    });
  }

  call<T>(method: ProviderMethod, ...args: unknown[]): Promise<Returned<T>> {
    return this.request<T>({ op: "call", method, args });
  }

  sdkCreateAndStart(name: string, programCode: string): Promise<Returned<void>> {
    return this.request({ op: "sdk-create-start", name, programCode });
  }

  sdkDestroy(name: string): Promise<Returned<void>> {
    return this.request({ op: "sdk-destroy", name });
  }

  async memory(): Promise<MemoryReport> {
    return (await this.request<MemoryReport>({ op: "memory" })).value;
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.disconnect();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }
}

export interface MemorySample {
  /** Bench clock when the sample arrived. */
  at: number;
  rss: number;
  heapUsed: number;
}

/**
 * Samples the provider process's memory every `everyMs` (one IPC round trip each, so a busy provider is
 * sampled late, never skipped) until `stop`, which resolves with the samples.
 */
export function sampleMemory(
  provider: ProviderProcess,
  everyMs: number,
): { stop(): Promise<MemorySample[]> } {
  const samples: MemorySample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const m = await provider.memory();
      samples.push({ at: Date.now(), rss: m.rss, heapUsed: m.heapUsed });
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop.catch(() => undefined);
      return samples;
    },
  };
}
