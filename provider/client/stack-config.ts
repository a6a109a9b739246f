/**
 * A stack's configuration as `pulumi-feldera doctor` reads it, so that it checks the settings the provider
 * will get (the engine hands the provider the stack's config, secrets decrypted, docs/feldera/clients.md#environment names).
 *
 * With a `pulumi` CLI on PATH, `pulumi config --json --show-secrets --stack NAME` in the project directory
 * answers, with secrets decrypted and the values of any ESC environment the stack imports. Without one,
 * or when it fails (no backend login), the plain values of `Pulumi.<stack>.yaml` are read; its secrets
 * (`secure:`) cannot be, and are reported as such. Values are kept in memory only and never printed.
 */
import { execFileSync } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { FelderaConfigError } from "./errors";
import { readConfigBlock, readTopLevelScalar } from "./stack-yaml";

export interface StackConfig {
  stack: string;
  /** Where the values came from, for messages: `Pulumi.dev.yaml` or `pulumi config --stack dev`. */
  origin: string;
  get(key: string): string | undefined;
  /** `feldera:*` keys that are set but could not be read (secrets without the CLI). */
  unreadable: string[];
  /** Why the CLI was not used, when one was found but failed. */
  notes: string[];
}

export interface StackConfigIo {
  cwd: string;
  env: Record<string, string | undefined>;
}

const CLI_TIMEOUT_MS = 60_000;

export function readStackConfig(stack: string, io: StackConfigIo): StackConfig {
  const projectDir = findProjectDir(io.cwd);
  const notes: string[] = [];
  const cli = findOnPath("pulumi", io.env);
  if (cli) {
    try {
      return {
        stack,
        origin: `pulumi config --stack ${stack}`,
        ...fromCli(cli, stack, projectDir, io.env),
        notes,
      };
    } catch (e) {
      notes.push(
        `\`pulumi config --stack ${stack}\` failed (${firstLine(e)}): read Pulumi.${stack}.yaml instead`,
      );
    }
  }
  const file = join(stackConfigDir(projectDir), `Pulumi.${stack}.yaml`);
  if (!existsSync(file)) {
    throw new FelderaConfigError(
      `No configuration for stack '${stack}': ${file} does not exist${cli ? "" : " and no pulumi CLI is on PATH"}. ` +
        `Run doctor in the project directory (where Pulumi.yaml is), or check the stack name`,
      { setting: "stack", source: "--stack" },
    );
  }
  const block = readConfigBlock(readFileSync(file, "utf8"));
  const unreadable = [...block.entries()]
    .filter(([k, v]) => k.startsWith("feldera:") && v.kind !== "plain")
    .map(([k, v]) => (v.kind === "secure" ? `${k} (a secret)` : `${k} (not a single value)`));
  return {
    stack,
    origin: `Pulumi.${stack}.yaml`,
    get: (key) => {
      const v = block.get(key);
      return v?.kind === "plain" ? v.value : undefined;
    },
    unreadable,
    notes,
  };
}

function fromCli(
  cli: string,
  stack: string,
  cwd: string,
  env: Record<string, string | undefined>,
): Pick<StackConfig, "get" | "unreadable"> {
  const out = execFileSync(cli, ["config", "--json", "--show-secrets", "--stack", stack], {
    cwd,
    env: env as NodeJS.ProcessEnv,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: CLI_TIMEOUT_MS,
  });
  const parsed = JSON.parse(out) as Record<string, { value?: unknown } | undefined>;
  const values = new Map<string, string>();
  const unreadable: string[] = [];
  for (const [key, entry] of Object.entries(parsed)) {
    if (typeof entry?.value === "string") values.set(key, entry.value);
    else if (key.startsWith("feldera:")) unreadable.push(`${key} (not a single value)`);
  }
  return { get: (key) => values.get(key), unreadable };
}

/** The nearest directory at or above `cwd` with a Pulumi.yaml, as the CLI finds its project; else `cwd`. */
function findProjectDir(cwd: string): string {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "Pulumi.yaml")) || existsSync(join(dir, "Pulumi.yml"))) return dir;
    if (dirname(dir) === dir) return resolve(cwd);
  }
}

/** Pulumi.yaml may move the stack files elsewhere (`stackConfigDir`). */
function stackConfigDir(projectDir: string): string {
  for (const name of ["Pulumi.yaml", "Pulumi.yml"]) {
    const file = join(projectDir, name);
    if (!existsSync(file)) continue;
    const dir = readTopLevelScalar(readFileSync(file, "utf8"), "stackConfigDir");
    return dir ? resolve(projectDir, dir) : projectDir;
  }
  return projectDir;
}

function findOnPath(command: string, env: Record<string, string | undefined>): string | undefined {
  const exts = process.platform === "win32" ? [".exe", ".cmd", ""] : [""];
  for (const dir of (env["PATH"] ?? "").split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = join(dir, command + ext);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {}
    }
  }
  return undefined;
}

function firstLine(e: unknown): string {
  const stderr = (e as { stderr?: unknown }).stderr;
  const text =
    typeof stderr === "string" && stderr.trim() ? stderr : e instanceof Error ? e.message : String(e);
  return text.trim().split("\n")[0]!.slice(0, 200);
}
