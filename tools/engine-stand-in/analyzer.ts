/**
 * A stand-in for the Pulumi engine's side of the analyzer protocol: launches a Node.js policy pack in
 * its own process exactly as `pulumi preview --policy-pack <dir>` does, and drives it over gRPC.
 *
 * What the engine does, and what this mirrors (pulumi/pulumi `pkg/resource/plugin/analyzer_plugin.go`
 * `NewPolicyAnalyzer`, `sdk/nodejs/cmd/pulumi-language-nodejs/main.go` `RunPlugin`,
 * `pkg/resource/analyzer/config.go`, `pkg/engine/update.go`):
 *  1. The Node.js language host resolves `@pulumi/pulumi/cmd/run-policy-pack` from the pack directory and
 *     runs `node <run-policy-pack> <engine-address> <pack-dir>` with the pack directory as working
 *     directory. `run-policy-pack` registers ts-node (type-checking, the pack's tsconfig.json) and
 *     requires the directory, so `index.ts` runs as is, with no build step.
 *  2. Before launching, the host takes the engine's ConfigureStack call itself and puts the stack into
 *     the environment: PULUMI_NODEJS_ORGANIZATION, _PROJECT, _STACK, _DRY_RUN and PULUMI_CONFIG.
 *  3. The pack prints its gRPC port on the first line of stdout. The engine calls Handshake (a pack that
 *     does not implement it is fine), then ConfigureStack (stack, project, organization, tags, config).
 *  4. GetAnalyzerInfo, then Configure with the reconciled config: every policy gets its schema's
 *     top-level defaults and its enforcement level, then the pack's initial config, then the
 *     `--policy-pack-config` file ("all" first, then per policy, properties merged shallowly); the result
 *     is validated against each policy's schema, and a pack with an invalid config does not run.
 *  5. Analyze once per resource with its checked inputs, AnalyzeStack once with every resource's
 *     outputs; both marshalled with unknowns kept as the string sentinel, secrets kept as secret
 *     objects, and top-level `__` keys (`__provider`) skipped.
 * Not mirrored: the engine address (@pulumi/policy's server never connects to it, so a placeholder is
 * passed), Remediate, and the language host's proxying of ConfigureStack (it is sent directly).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import Ajv from "ajv";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
const LEVELS: Record<number, EnforcementLevel> = {
  0: "advisory",
  1: "mandatory",
  2: "disabled",
  3: "remediate",
};
const LEVEL_CODES = Object.fromEntries(Object.entries(LEVELS).map(([code, level]) => [level, Number(code)]));

/** A value computed from another resource: not known during preview. */
export const UNKNOWN = Symbol("unknown");
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SECRET = Symbol("secret");
/** A secret value, as `pulumi.secret(v)` registers it. */
export function secret(value: unknown): { [SECRET]: unknown } {
  return { [SECRET]: value };
}

export interface StackContext {
  organization: string;
  project: string;
  stack: string;
  tags?: Record<string, string>;
  config?: Record<string, string>;
  dryRun?: boolean;
}

export interface ResourceForAnalysis {
  urn: string;
  type: string;
  name: string;
  properties: Record<string, unknown>;
  parent?: string;
  dependencies?: string[];
  provider?: { urn: string; type: string; name: string; properties: Record<string, unknown> };
}

export interface PolicyInfo {
  name: string;
  description: string;
  enforcementLevel: EnforcementLevel;
  kind: "resource" | "stack";
  configSchema: { properties: Record<string, Record<string, unknown>>; required: string[] } | undefined;
}

export interface Diagnostic {
  policyName: string;
  policyPackName: string;
  description: string;
  /** The policy's description, a newline, then the reported message (@pulumi/policy joins them). */
  message: string;
  enforcementLevel: EnforcementLevel;
  urn: string;
}

export interface Analysis {
  diagnostics: Diagnostic[];
  notApplicable: { policyName: string; reason: string }[];
}

/** A `--policy-pack-config` file: a level, or `{ enforcementLevel?, ...properties }`, per policy or "all". */
export type PolicyPackConfigFile = Record<string, EnforcementLevel | Record<string, unknown>>;

export type ReconciledConfig = Record<
  string,
  { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }
>;

export class PolicyPackSession {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: AnalyzerClient,
    /** Everything the pack wrote to stderr so far. */
    readonly stderr: () => string,
  ) {}

  /** Launches the pack (steps 1–3) and returns once it has accepted the stack configuration. */
  static async start(packDir: string, stack: StackContext, timeoutMs = 30_000): Promise<PolicyPackSession> {
    const runPolicyPack = createRequire(join(packDir, "package.json")).resolve(
      "@pulumi/pulumi/cmd/run-policy-pack",
    );
    const child = spawn(process.execPath, [runPolicyPack, "127.0.0.1:0", packDir], {
      cwd: packDir,
      env: {
        ...process.env,
        PULUMI_NODEJS_ORGANIZATION: stack.organization,
        PULUMI_NODEJS_PROJECT: stack.project,
        PULUMI_NODEJS_STACK: stack.stack,
        PULUMI_NODEJS_DRY_RUN: String(stack.dryRun ?? true),
        PULUMI_CONFIG: JSON.stringify(stack.config ?? {}),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (d) => {
      stderr += d;
    });
    const port = await readPort(child, () => stderr, timeoutMs).catch((e) => {
      child.kill("SIGKILL");
      throw e;
    });
    const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const session = new PolicyPackSession(child, client, () => stderr);
    try {
      const handshake = new pb.AnalyzerHandshakeRequest().setEngineAddress("127.0.0.1:0");
      await session
        .call("handshake", handshake.setRootDirectory(packDir).setProgramDirectory(packDir))
        .catch((e) => {
          if ((e as grpc.ServiceError).code !== grpc.status.UNIMPLEMENTED) throw e;
        });
      const req = new pb.AnalyzerStackConfigureRequest()
        .setStack(stack.stack)
        .setProject(stack.project)
        .setOrganization(stack.organization)
        .setDryRun(stack.dryRun ?? true);
      for (const [k, v] of Object.entries(stack.tags ?? {})) req.getTagsMap().set(k, v);
      for (const [k, v] of Object.entries(stack.config ?? {})) req.getConfigMap().set(k, v);
      await session.call("configureStack", req);
    } catch (e) {
      await session.close();
      throw e;
    }
    return session;
  }

  async info(): Promise<{
    name: string;
    version: string;
    policies: PolicyInfo[];
    initialConfig: ReconciledConfig;
  }> {
    const info = await this.call<pb.AnalyzerInfo>("getAnalyzerInfo", new Empty());
    const initialConfig: ReconciledConfig = {};
    info.getInitialconfigMap().forEach((c, name) => {
      initialConfig[name] = {
        enforcementLevel: LEVELS[c.getEnforcementlevel()]!,
        properties: toJs(c.getProperties()),
      };
    });
    const policies = info.getPoliciesList().map((p) => {
      const schema = p.getConfigschema();
      return {
        name: p.getName(),
        description: p.getDescription(),
        enforcementLevel: LEVELS[p.getEnforcementlevel()]!,
        kind:
          p.getPolicyType() === pb.PolicyType.POLICY_TYPE_STACK ? ("stack" as const) : ("resource" as const),
        configSchema: schema && {
          properties: toJs(schema.getProperties()) as never,
          required: schema.getRequiredList(),
        },
      };
    });
    return { name: info.getName(), version: info.getVersion(), policies, initialConfig };
  }

  /** Step 4: reconciles `file` with the pack's policies as the engine does, validates it, sends it. */
  async configure(file: PolicyPackConfigFile = {}): Promise<ReconciledConfig> {
    const { policies, initialConfig } = await this.info();
    const config = reconcilePolicyConfig(policies, initialConfig, file);
    const req = new pb.ConfigureAnalyzerRequest();
    for (const [name, c] of Object.entries(config)) {
      const pc = new pb.PolicyConfig().setEnforcementlevel(
        LEVEL_CODES[c.enforcementLevel]! as pb.EnforcementLevel,
      );
      req.getPolicyconfigMap().set(name, pc.setProperties(Struct.fromJavaScript(c.properties as never)));
    }
    await this.call("configure", req);
    return config;
  }

  async analyze(resource: ResourceForAnalysis): Promise<Analysis> {
    const req = new pb.AnalyzeRequest()
      .setUrn(resource.urn)
      .setType(resource.type)
      .setName(resource.name)
      .setProperties(marshal(resource.properties))
      .setOptions(new pb.AnalyzerResourceOptions().setParent(resource.parent ?? ""));
    if (resource.provider) req.setProvider(providerOf(resource.provider));
    return analysisOf(await this.call<pb.AnalyzeResponse>("analyze", req));
  }

  async analyzeStack(resources: ResourceForAnalysis[]): Promise<Analysis> {
    const req = new pb.AnalyzeStackRequest().setResourcesList(
      resources.map((r) => {
        const ar = new pb.AnalyzerResource()
          .setUrn(r.urn)
          .setType(r.type)
          .setName(r.name)
          .setProperties(marshal(r.properties))
          .setOptions(new pb.AnalyzerResourceOptions().setParent(r.parent ?? ""))
          .setParent(r.parent ?? "")
          .setDependenciesList(r.dependencies ?? []);
        return r.provider ? ar.setProvider(providerOf(r.provider)) : ar;
      }),
    );
    return analysisOf(await this.call<pb.AnalyzeResponse>("analyzeStack", req));
  }

  /** Closes the channel and stops the pack, as the engine does when the operation ends. */
  async close(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    await exited;
  }

  private call<T>(method: string, req: unknown): Promise<T> {
    type Unary = (req: unknown, callback: (err: grpc.ServiceError | null, res: T) => void) => void;
    const fn = (this.client as unknown as Record<string, Unary>)[method]!.bind(this.client);
    return new Promise<T>((resolve, reject) => {
      fn(req, (err: grpc.ServiceError | null, res: T) => (err ? reject(err) : resolve(res)));
    });
  }
}

/** The engine's `ReconcilePolicyPackConfig`, throwing where the engine refuses to run the pack. */
export function reconcilePolicyConfig(
  policies: PolicyInfo[],
  initialConfig: ReconciledConfig,
  file: PolicyPackConfigFile,
): ReconciledConfig {
  const result: ReconciledConfig = {};
  for (const p of policies) {
    const defaults = Object.entries(p.configSchema?.properties ?? {}).filter(([, s]) => "default" in s);
    result[p.name] = {
      enforcementLevel: p.enforcementLevel,
      properties: Object.fromEntries(defaults.map(([k, s]) => [k, s["default"]])),
    };
  }
  const apply = (
    given: Record<string, { enforcementLevel?: EnforcementLevel; properties: Record<string, unknown> }>,
  ) => {
    const all = given["all"]?.enforcementLevel;
    if (all) for (const c of Object.values(result)) c.enforcementLevel = all;
    for (const [name, g] of Object.entries(given)) {
      const current = result[name] ?? { enforcementLevel: "advisory", properties: {} };
      result[name] = {
        enforcementLevel: g.enforcementLevel ?? current.enforcementLevel,
        properties: { ...current.properties, ...g.properties },
      };
    }
  };
  apply(initialConfig);
  const { environments: _esc, ...perPolicy } = file; // `environments` names ESC environments, not a policy
  apply(
    Object.fromEntries(
      Object.entries(perPolicy).map(([name, v]) => {
        if (typeof v === "string") return [name, { enforcementLevel: v, properties: {} }];
        const { enforcementLevel, ...properties } = v as { enforcementLevel?: EnforcementLevel };
        return [name, { enforcementLevel, properties }];
      }),
    ),
  );
  const ajv = new Ajv({ allErrors: true, strict: false });
  const errors = policies.flatMap((p) => {
    if (!p.configSchema) return [];
    const schema = {
      type: "object",
      properties: p.configSchema.properties,
      required: p.configSchema.required,
    };
    const validate = ajv.compile(schema);
    if (validate(result[p.name]?.properties ?? {})) return [];
    return (validate.errors ?? []).map((e) => `${p.name}: ${e.instancePath || "(root)"} ${e.message}`);
  });
  if (errors.length > 0) throw new Error(`policy pack configuration is invalid:\n${errors.join("\n")}`);
  return result;
}

/** The engine's `MarshalProperties(KeepUnknowns, KeepSecrets, SkipInternalKeys)`. */
export function marshal(properties: Record<string, unknown>): Struct {
  const top = Object.fromEntries(Object.entries(properties).filter(([k]) => !k.startsWith("__")));
  return Struct.fromJavaScript(toWire(top) as never);
}

function toWire(v: unknown): unknown {
  if (v === UNKNOWN) return UNKNOWN_STRING;
  if (Array.isArray(v)) return v.map(toWire);
  if (typeof v === "object" && v !== null) {
    if (SECRET in v) return { [SIG]: SECRET_SIG, value: toWire((v as { [SECRET]: unknown })[SECRET]) };
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, toWire(x)]),
    );
  }
  return v;
}

function providerOf(p: NonNullable<ResourceForAnalysis["provider"]>): pb.AnalyzerProviderResource {
  return new pb.AnalyzerProviderResource()
    .setUrn(p.urn)
    .setType(p.type)
    .setName(p.name)
    .setProperties(marshal(p.properties));
}

function analysisOf(res: pb.AnalyzeResponse): Analysis {
  return {
    diagnostics: res.getDiagnosticsList().map((d) => ({
      policyName: d.getPolicyname(),
      policyPackName: d.getPolicypackname(),
      description: d.getDescription(),
      message: d.getMessage(),
      enforcementLevel: LEVELS[d.getEnforcementlevel()]!,
      urn: d.getUrn(),
    })),
    notApplicable: res
      .getNotApplicableList()
      .map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() })),
  };
}

function toJs(s: Struct | undefined): Record<string, unknown> {
  return (s?.toJavaScript() ?? {}) as Record<string, unknown>;
}

/** The first line of stdout is the port; exiting or timing out before it fails with the pack's stderr. */
function readPort(child: ChildProcess, stderr: () => string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = "";
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`policy pack ${why}; stderr:\n${stderr()}`));
    };
    const timer = setTimeout(() => fail(`printed no port within ${timeoutMs} ms`), timeoutMs);
    child.once("exit", (code, signal) => fail(`exited (${signal ?? code}) before printing its port`));
    child.stdout!.on("data", (d) => {
      out += d;
      const nl = out.indexOf("\n");
      if (nl === -1) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      const port = Number(out.slice(0, nl).trim());
      if (Number.isInteger(port) && port > 0) resolve(port);
      else reject(new Error(`policy pack printed ${JSON.stringify(out.slice(0, nl))} instead of a port`));
    });
  });
}
