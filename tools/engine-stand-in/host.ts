/**
 * The real dynamic-provider host, started as the CLI starts `pulumi-resource-pulumi-nodejs`
 * (pulumi/pulumi `sdk/nodejs/dist/pulumi-resource-pulumi-nodejs`, `pkg/resource/plugin/provider_plugin.go`
 * `NewProvider`, `plugin.go` `newPlugin`):
 *  - `node <@pulumi/pulumi/cmd/dynamic-provider resolved from the program directory> <engine address>`,
 *    with the program directory as working directory, which is where the host's `require` of the
 *    serialized provider resolves `pulumi-feldera` from;
 *  - environment: PULUMI_NODEJS_PROJECT and PULUMI_PROJECT, and PULUMI_CONFIG holding only config of the
 *    `pulumi-nodejs` namespace (none: `{}`), so no credential reaches the host through its environment;
 *  - the first stdout line is the port; every later line of stdout and stderr is passed through to the
 *    user (the CLI does this for dynamic providers only).
 * Not reproduced: the engine address is a placeholder (the host never dials it).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { ProviderRpc } from "./rpc";

export interface HostLine {
  stream: "stdout" | "stderr";
  line: string;
  pid: number;
}

export class ProviderHost {
  private constructor(
    private readonly child: ChildProcess,
    readonly rpc: ProviderRpc,
    readonly exited: Promise<void>,
  ) {}

  static async start(
    programDir: string,
    project: string,
    onLine: (line: HostLine) => void,
    env: NodeJS.ProcessEnv = {},
  ): Promise<ProviderHost> {
    const script = createRequire(join(programDir, "package.json")).resolve(
      "@pulumi/pulumi/cmd/dynamic-provider",
    );
    const child = spawn(process.execPath, [script, "127.0.0.1:0"], {
      cwd: programDir,
      env: { ...env, PULUMI_NODEJS_PROJECT: project, PULUMI_PROJECT: project, PULUMI_CONFIG: "{}" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const port = new Promise<number>((resolve, reject) => {
      child.once("exit", (code, signal) => reject(new Error(`provider host exited (${signal ?? code})`)));
      let first = true;
      lines(child, "stdout", (line) => {
        if (!first) return onLine({ stream: "stdout", line, pid: child.pid! });
        first = false;
        resolve(Number(line.trim()));
      });
      lines(child, "stderr", (line) => onLine({ stream: "stderr", line, pid: child.pid! }));
    });
    try {
      return new ProviderHost(child, new ProviderRpc(`127.0.0.1:${await port}`), exited);
    } catch (e) {
      child.kill("SIGKILL");
      throw e;
    }
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Kills the host at once, as a crash or `kill -9` would. */
  kill(): void {
    this.child.kill("SIGKILL");
  }

  /** What the engine does when an operation ends: close the connection, stop the plugin. */
  async close(): Promise<void> {
    this.rpc.close();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGTERM");
    await this.exited;
  }
}

function lines(child: ChildProcess, stream: "stdout" | "stderr", onLine: (line: string) => void): void {
  let buffer = "";
  child[stream]!.setEncoding("utf8");
  child[stream]!.on("data", (chunk: string) => {
    buffer += chunk;
    for (let nl = buffer.indexOf("\n"); nl !== -1; nl = buffer.indexOf("\n")) {
      onLine(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
    }
  });
  child[stream]!.on("end", () => {
    if (buffer) onLine(buffer);
  });
}
