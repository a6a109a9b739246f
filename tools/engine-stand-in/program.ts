/**
 * Runs a Pulumi program as the Node.js language host runs it (pulumi/pulumi
 * `sdk/nodejs/cmd/pulumi-language-nodejs/main.go` `execRuntime`, `constructArguments`, `constructConfig`):
 * `node <@pulumi/pulumi/cmd/run> --monitor … --project … --stack … --pwd <dir> [--dry-run] --parallel N .`
 * in the program directory, with PULUMI_CONFIG (keys as `<namespace>:config:<name>`, secrets decrypted),
 * PULUMI_CONFIG_SECRET_KEYS, PULUMI_NODEJS_TYPESCRIPT=true (the default of a `runtime: nodejs` project)
 * and PULUMI_NODEJS_TSCONFIG_PATH from the runtime option `tsconfig` (`parseOptions`). `cmd/run` then
 * does what it does under the CLI: registers ts-node with Pulumi's compiler options merged with the
 * tsconfig's (or its ESM loader for a `"type": "module"` package), loads the entry point, and runs it
 * inside the root Stack resource. ReadResource (a StackReference) travels the same way.
 *
 * The monitor is Pulumi's mock monitor, preloaded by mock-monitor.cjs; each RegisterResource and
 * RegisterResourceOutputs travels to `handlers` in this process, which answers as the engine would.
 * PULUMI_NODEJS_TRANSPILE_ONLY=true (a setting Pulumi reads) skips type checking unless asked for:
 * `npm run typecheck` already checks the examples, and checking again would triple the time of a run.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { readStackReference, STACK_REFERENCE } from "./builtins";
import type { Props } from "./values";

/** The preload, beside this file; a compiled copy of the harness (dist/tools/engine-stand-in) uses the source's. */
const MOCK_MONITOR = [__dirname, join(__dirname, "..", "..", "..", "tools", "engine-stand-in")]
  .map((dir) => join(dir, "mock-monitor.cjs"))
  .find((file) => existsSync(file))!;

/** What the program asked the monitor to register (`RegisterResourceRequest`, inputs in wire form). */
export interface Registration {
  type: string;
  name: string;
  parent: string;
  custom: boolean;
  inputs: Props;
  dependencies: string[];
  additionalSecretOutputs: string[];
  ignoreChanges: string[];
}

/** What the program asked the monitor to read (`ReadResourceRequest`: a StackReference, a `get`). */
export interface Read {
  type: string;
  name: string;
  parent: string;
  id: string;
  inputs: Props;
  dependencies: string[];
}

/** The engine's `RegisterResourceResponse`: outputs in wire form, `failed` for `Result: FAIL`. */
export interface RegisterAnswer {
  urn: string;
  id: string;
  outputs: Props;
  failed?: boolean;
}

export interface ProgramHandlers {
  register(r: Registration): Promise<RegisterAnswer>;
  /** A failed read answers `failed`: the program's ReadResource call fails. */
  read(r: Read): Promise<RegisterAnswer>;
  outputs(urn: string, outputs: Props): void;
  line(stream: "stdout" | "stderr", line: string): void;
}

export interface ProgramRun {
  programDir: string;
  project: string;
  stack: string;
  /** Stack config, fully qualified keys, plain values (the language host gets them decrypted). */
  config: Record<string, string>;
  secretKeys: string[];
  dryRun: boolean;
  parallel: number;
  typeCheck?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** `name:` of Pulumi.yaml: the project, which prefixes the program's own config keys. */
export function projectName(programDir: string): string {
  const yaml = readFileSync(join(programDir, "Pulumi.yaml"), "utf8");
  const name = /^name:\s*(\S+)/m.exec(yaml)?.[1];
  if (!name) throw new Error(`${programDir}/Pulumi.yaml has no name`);
  return name;
}

/**
 * Where the program runs and what it loads, as the CLI tells the language host (`ProgramInfo`): `main:` of
 * Pulumi.yaml names a file or a directory under the project; the program directory is that directory (a
 * file's own directory) and the entry point is relative to it, "." for a directory. The SDK changes into
 * the program directory, so runtime options such as `tsconfig` are relative to it, not to the project
 * (checked against the real CLI: `main: examples/multi-env/index.ts` runs in examples/multi-env).
 */
export function programLocation(projectDir: string): { directory: string; entryPoint: string } {
  const yaml = readFileSync(join(projectDir, "Pulumi.yaml"), "utf8");
  const main = /^main:\s*(\S+)/m.exec(yaml)?.[1];
  if (!main) return { directory: projectDir, entryPoint: "." };
  const target = join(projectDir, main);
  return statSync(target, { throwIfNoEntry: false })?.isDirectory()
    ? { directory: target, entryPoint: "." }
    : { directory: dirname(target), entryPoint: basename(target) };
}

/** The runtime option `tsconfig:` of Pulumi.yaml (`runtime: { options: { tsconfig } }`), if set. */
export function programTsconfig(programDir: string): string | undefined {
  const yaml = readFileSync(join(programDir, "Pulumi.yaml"), "utf8");
  return /^\s+tsconfig:\s*(\S+)/m.exec(yaml)?.[1];
}

/**
 * The `config:` of `Pulumi.<stack>.yaml`, as the CLI reads it before running a stack: flat `key: value`
 * entries (values are strings to Pulumi; quotes are dropped). Nested values and `secure:` entries are not
 * understood here: a stack that needs them passes them explicitly.
 */
export function stackConfigFile(programDir: string, stack: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(join(programDir, `Pulumi.${stack}.yaml`), "utf8");
  } catch {
    return {};
  }
  const config: Record<string, string> = {};
  let inConfig = false;
  for (const line of text.split("\n")) {
    if (/^\S/.test(line)) inConfig = /^config:\s*$/.test(line);
    const entry = inConfig ? /^\s+([\w:.-]+):\s*(.+?)\s*$/.exec(line) : null;
    if (!entry || entry[2]!.startsWith("#")) continue;
    if (entry[2]!.startsWith("secure:"))
      throw new Error(`${stack}: encrypted config (${entry[1]}) is not supported here`);
    config[entry[1]!] = entry[2]!.replace(/^(["'])(.*)\1$/, "$2");
  }
  return config;
}

/** Runs the program to completion; resolves with its exit code (its output went to `handlers.line`). */
export function runProgram(run: ProgramRun, handlers: ProgramHandlers): Promise<number> {
  const runPath = createRequire(join(run.programDir, "package.json")).resolve("@pulumi/pulumi/cmd/run");
  const config = Object.fromEntries(
    Object.entries(run.config).map(([k, v]) => [k.replace(":", ":config:"), v]),
  );
  const args = ["--monitor", "harness", "--project", run.project, "--stack", run.stack];
  const program = programLocation(run.programDir);
  args.push(
    "--pwd",
    program.directory,
    ...(run.dryRun ? ["--dry-run"] : []),
    "--parallel",
    `${run.parallel}`,
  );
  const tsconfig = programTsconfig(run.programDir);
  const child = spawn(process.execPath, ["-r", MOCK_MONITOR, runPath, ...args, program.entryPoint], {
    cwd: program.directory,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    env: {
      ...run.env,
      PULUMI_CONFIG: JSON.stringify(config),
      PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(run.secretKeys),
      PULUMI_NODEJS_TYPESCRIPT: "true",
      ...(tsconfig ? { PULUMI_NODEJS_TSCONFIG_PATH: tsconfig } : {}),
      PULUMI_NODEJS_TRANSPILE_ONLY: run.typeCheck ? "false" : "true",
      HARNESS_PROGRAM_DIR: run.programDir,
      HARNESS_PROJECT: run.project,
      HARNESS_STACK: run.stack,
      HARNESS_DRY_RUN: String(run.dryRun),
    },
  });
  for (const stream of ["stdout", "stderr"] as const) {
    let buffer = "";
    child[stream]!.setEncoding("utf8").on("data", (chunk: string) => {
      const parts = (buffer + chunk).split("\n");
      buffer = parts.pop()!;
      for (const line of parts) handlers.line(stream, line);
    });
    child[stream]!.on("end", () => buffer && handlers.line(stream, buffer));
  }
  child.on("message", (m: { kind: string; seq: number; registration: Registration; read: Read } & Props) => {
    const reply = (answer: object) => child.connected && child.send({ ...answer, seq: m.seq });
    if (m.kind === "outputs") {
      handlers.outputs(m["urn"] as string, m["outputs"] as Props);
      reply({});
      return;
    }
    const answer = m.kind === "read" ? handlers.read(m.read) : handlers.register(m.registration);
    answer.then(reply, (e: Error) => reply({ error: e.message }));
  });
  return new Promise((resolve) => child.once("close", (code) => resolve(code ?? 1)));
}

export interface CapturedResource {
  urn: string;
  type: string;
  name: string;
  parent: string;
  custom: boolean;
  /** The registered inputs in wire form (secrets as secret objects, unknowns as the sentinel). */
  properties: Props;
  /** The default provider, for custom resources (what the engine assigns). */
  provider?: { urn: string; type: string; name: string; properties: Props };
  /** A read (a StackReference): `properties` are then the outputs read, as AnalyzeStack sees them. */
  external?: true;
}

/**
 * Every resource a program registers, with no engine behind it: each registration is answered with its
 * own inputs as outputs, as Pulumi's mocks do. For policy tests and anything else that needs real
 * registrations without a provider. A StackReference is read as the engine reads it, from the stacks of
 * `stateDir` (a file backend; without one, every referenced stack is unknown).
 */
export async function captureRegistrations(
  programDir: string,
  options: {
    stack?: string;
    config?: Record<string, string>;
    secretKeys?: string[];
    dryRun?: boolean;
    stateDir?: string;
  } = {},
): Promise<CapturedResource[]> {
  const project = projectName(programDir);
  const stack = options.stack ?? "dev";
  const captured: CapturedResource[] = [];
  const output: string[] = [];
  const code = await runProgram(
    {
      programDir,
      project,
      stack,
      config: options.config ?? {},
      secretKeys: options.secretKeys ?? [],
      dryRun: options.dryRun ?? true,
      parallel: 1,
      env: process.env,
    },
    {
      async register(r) {
        const urn = makeUrn(stack, project, r, captured);
        const provider = `urn:pulumi:${stack}::${project}::pulumi:providers:pulumi-nodejs::default`;
        captured.push({
          urn,
          type: r.type,
          name: r.name,
          parent: r.parent,
          custom: r.custom,
          properties: r.inputs,
          ...(r.custom
            ? {
                provider: {
                  urn: provider,
                  type: "pulumi:providers:pulumi-nodejs",
                  name: "default",
                  properties: {},
                },
              }
            : {}),
        });
        return { urn, id: options.dryRun === false ? `${r.name}-id` : "", outputs: r.inputs };
      },
      async read(r) {
        const urn = makeUrn(stack, project, r, captured);
        if (r.type !== STACK_REFERENCE) throw new Error(`the harness reads stack references only`);
        if (!options.stateDir) throw new Error(`unknown stack "${r.inputs["name"]}"`);
        const outputs = readStackReference(options.stateDir, project, r.inputs);
        captured.push({
          urn,
          type: r.type,
          name: r.name,
          parent: r.parent,
          custom: true,
          properties: outputs,
          external: true,
        });
        return { urn, id: r.id, outputs };
      },
      outputs() {},
      line: (_stream, line) => output.push(line),
    },
  );
  if (code !== 0)
    throw new Error(`the program in ${programDir} failed (exit ${code}):\n${output.join("\n")}`);
  return captured;
}

/**
 * `resource.NewURN`: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`, the qualified type being
 * the parent's (without the root stack's) `$`-joined with this type.
 */
export function makeUrn(
  stack: string,
  project: string,
  r: { type: string; name: string; parent: string },
  known: { urn: string; type: string }[],
): string {
  const parent = r.parent ? known.find((k) => k.urn === r.parent) : undefined;
  const parentType = parent && parent.type !== "pulumi:pulumi:Stack" ? r.parent.split("::")[2] : undefined;
  return `urn:pulumi:${stack}::${project}::${parentType ? `${parentType}$` : ""}${r.type}::${r.name}`;
}
