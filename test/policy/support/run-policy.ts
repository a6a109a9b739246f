/**
 * Runs one policy the way @pulumi/policy's server would, without a server (as pulumi-policy's own unit tests do: they call
 * `validateResource` with hand-built args and never construct a pack). The stack being analyzed is
 * given as the engine gives it to a pack process, through PULUMI_NODEJS_STACK; `preview: true` wraps
 * the props in @pulumi/policy's own unknown-checking proxy, as the server does for every Analyze call.
 */
import { createRequire } from "node:module";
import type {
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";

/**
 * @pulumi/policy's own proxy (the package root re-exports it). Loaded from its module directly: the root
 * also loads the gRPC server and @pulumi/pulumi, a second or more per test file for nothing.
 */
const { unknownCheckingProxy } = createRequire(__filename)("@pulumi/policy/proxy") as {
  unknownCheckingProxy: typeof import("@pulumi/policy").unknownCheckingProxy;
};

export const PIPELINE_TOKEN = "pulumi-nodejs:dynamic/feldera:Pipeline";

export interface RunOptions {
  /** The stack name the engine would put in PULUMI_NODEJS_STACK; absent: no stack known. */
  stack?: string;
  stackTags?: Record<string, string>;
  /** What `getConfig()` returns: the engine passes the reconciled properties, here only what a test sets. */
  config?: Record<string, unknown>;
  /** Resource name; defaults to props.name or "pipeline". */
  name?: string;
  type?: string;
  /** Read props through @pulumi/policy's unknown-checking proxy, as during a real Analyze. */
  preview?: boolean;
}

export interface Outcome {
  violations: string[];
  /** The reason given to `args.notApplicable`, if the policy called it. */
  notApplicable?: string;
}

class NotApplicable {
  constructor(readonly reason: string) {}
}

const throwNotApplicable = (reason?: string): never => {
  throw new NotApplicable(reason ?? "");
};

export async function runResourcePolicy(
  policy: ResourceValidationPolicy,
  props: Record<string, unknown>,
  opts: RunOptions = {},
): Promise<Outcome> {
  const violations: string[] = [];
  const name = opts.name ?? (typeof props["name"] === "string" ? props["name"] : "pipeline");
  const type = opts.type ?? PIPELINE_TOKEN;
  const args = {
    type,
    props: opts.preview ? unknownCheckingProxy(props) : props,
    urn: `urn:pulumi:${opts.stack ?? "test"}::feldera-test::${type}::${name}`,
    name,
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      additionalSecretOutputs: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    },
    stackTags: new Map(Object.entries(opts.stackTags ?? {})),
    isType: () => false,
    asType: () => undefined,
    getConfig: () => opts.config ?? {},
    notApplicable: throwNotApplicable,
  } as unknown as ResourceValidationArgs;
  const validations = [policy.validateResource ?? []].flat();
  return withStack(opts.stack, async () => {
    try {
      for (const validate of validations) await validate(args, (message) => violations.push(message));
      return { violations };
    } catch (e) {
      if (e instanceof NotApplicable) return { violations, notApplicable: e.reason };
      throw e;
    }
  });
}

export interface StackResource {
  type?: string;
  name: string;
  props: Record<string, unknown>;
}

export async function runStackPolicy(
  policy: StackValidationPolicy,
  resources: StackResource[],
  opts: RunOptions = {},
): Promise<{ violations: { message: string; urn?: string }[] }> {
  const violations: { message: string; urn?: string }[] = [];
  const args = {
    resources: resources.map((r) => ({
      type: r.type ?? PIPELINE_TOKEN,
      name: r.name,
      urn: `urn:pulumi:${opts.stack ?? "test"}::feldera-test::${r.type ?? PIPELINE_TOKEN}::${r.name}`,
      props: opts.preview ? unknownCheckingProxy(r.props) : r.props,
    })),
    stackTags: new Map(Object.entries(opts.stackTags ?? {})),
    getConfig: () => opts.config ?? {},
    notApplicable: throwNotApplicable,
  } as unknown as StackValidationArgs;
  await withStack(opts.stack, () =>
    Promise.resolve(
      policy.validateStack(args, (message, urn) => violations.push({ message, ...(urn ? { urn } : {}) })),
    ),
  );
  return { violations };
}

/** Runs with PULUMI_NODEJS_STACK set as the engine sets it in a pack process (and PULUMI_STACK unset). */
async function withStack<T>(stack: string | undefined, run: () => Promise<T>): Promise<T> {
  const saved = { nodejs: process.env["PULUMI_NODEJS_STACK"], plain: process.env["PULUMI_STACK"] };
  delete process.env["PULUMI_STACK"];
  if (stack === undefined) delete process.env["PULUMI_NODEJS_STACK"];
  else process.env["PULUMI_NODEJS_STACK"] = stack;
  try {
    return await run();
  } finally {
    restore("PULUMI_NODEJS_STACK", saved.nodejs);
    restore("PULUMI_STACK", saved.plain);
  }
}

function restore(key: string, value: string | undefined): void {
  if (value === undefined) delete process.env[key];
  else process.env[key] = value;
}
