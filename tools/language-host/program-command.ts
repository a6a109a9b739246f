/**
 * How Pulumi's Node.js language host turns a `RunRequest` or `RunPluginRequest` into a `node` command line
 * and environment. Read in pulumi/pulumi `sdk/nodejs/cmd/pulumi-language-nodejs/main.go` (`parseOptions`,
 * `constructArguments`, `constructConfig`, `constructConfigSecretKeys`, `RunPlugin`); written here as pure
 * functions so the stand-in starts programs and policy packs exactly as the real host does.
 */
import { createRequire } from "node:module";
import { join } from "node:path";

/** The runtime options of `Pulumi.yaml` (`runtime: { name: nodejs, options: {...} }`) the host reads. */
export interface NodeRuntimeOptions {
  /** Register ts-node for the program (Pulumi's default: true). */
  typescript: boolean;
  /** `PULUMI_NODEJS_TSCONFIG_PATH`: the tsconfig ts-node loads, relative to the program. */
  tsconfig?: string;
  /** Extra arguments for `node` itself, shell-split. */
  nodeargs: string[];
}

export function parseRuntimeOptions(options: Record<string, unknown>): NodeRuntimeOptions {
  const typescript = options["typescript"] ?? true;
  if (typeof typescript !== "boolean") throw new Error("typescript option must be a boolean");
  const tsconfig = options["tsconfig"];
  if (tsconfig !== undefined && typeof tsconfig !== "string")
    throw new Error("tsconfigpath option must be a string");
  const nodeargs = options["nodeargs"] ?? "";
  if (typeof nodeargs !== "string") throw new Error("nodeargs option must be a string");
  return { typescript, ...(tsconfig ? { tsconfig } : {}), nodeargs: splitArgs(nodeargs) };
}

/** Shell-like splitting on whitespace with single and double quotes, as `shlex.Split` does for node args. */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  let current: string | undefined;
  let quote: string | undefined;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else current = (current ?? "") + ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current ??= "";
    } else if (/\s/.test(ch)) {
      if (current !== undefined) out.push(current);
      current = undefined;
    } else current = (current ?? "") + ch;
  }
  if (quote) throw new Error(`unterminated quote in nodeargs: ${text}`);
  if (current !== undefined) out.push(current);
  return out;
}

/** The environment the runtime options add (both for programs and for plugins). */
export function runtimeEnv(options: NodeRuntimeOptions): Record<string, string> {
  return {
    ...(options.typescript ? { PULUMI_NODEJS_TYPESCRIPT: "true" } : {}),
    ...(options.tsconfig ? { PULUMI_NODEJS_TSCONFIG_PATH: options.tsconfig } : {}),
  };
}

/**
 * `PULUMI_CONFIG` as the SDK reads it: the engine sends `<namespace>:<name>` keys and the host rewrites
 * them to the older `<namespace>:config:<name>` form, which every @pulumi/pulumi release understands.
 */
export function programConfigEnv(config: Map<string, string>, secretKeys: string[]): Record<string, string> {
  const rewritten: Record<string, string> = {};
  for (const [key, value] of config) {
    const parts = key.split(":");
    const name = parts.length === 3 && parts[1] === "config" ? parts[2]! : parts.slice(1).join(":");
    if (parts.length < 2 || name === "") throw new Error(`invalid configuration key: ${key}`);
    rewritten[`${parts[0]}:config:${name}`] = value;
  }
  return { PULUMI_CONFIG: JSON.stringify(rewritten), PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys) };
}

export interface ProgramRun {
  monitor: string;
  engine?: string;
  organization?: string;
  project: string;
  rootDirectory?: string;
  stack: string;
  programDirectory: string;
  entryPoint: string;
  dryRun: boolean;
  parallel: number;
  args: string[];
}

/** `node [nodeargs] <cmd/run> --monitor … --engine … … <entry point> [args]`, empty values left out. */
export function programArguments(runPath: string, run: ProgramRun, options: NodeRuntimeOptions): string[] {
  const flag = (name: string, value: string | undefined) => (value ? [`--${name}`, value] : []);
  return [
    ...options.nodeargs,
    runPath,
    ...flag("monitor", run.monitor),
    ...flag("engine", run.engine),
    ...flag("organization", run.organization),
    ...flag("project", run.project),
    ...flag("root-directory", run.rootDirectory),
    ...flag("stack", run.stack),
    ...flag("pwd", run.programDirectory),
    ...(run.dryRun ? ["--dry-run"] : []),
    ...flag("parallel", String(run.parallel)),
    run.entryPoint,
    ...run.args,
  ];
}

/**
 * Resolves `@pulumi/pulumi/<module>` from the program's own node_modules, as the real host does (the
 * program's SDK version runs the program, never one bundled with the host).
 */
export function locateSdkModule(module: string, programDirectory: string): string {
  const request = `@pulumi/pulumi/${module}`;
  try {
    return createRequire(join(programDirectory, "package.json")).resolve(request);
  } catch {
    throw new Error(
      `It looks like the Pulumi SDK has not been installed. Have you run npm install or yarn install? (could not find ${request} from ${programDirectory})`,
    );
  }
}
