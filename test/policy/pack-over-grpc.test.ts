/**
 * The example policy pack end to end: launched in its own process the way `pulumi preview
 * --policy-pack examples/policy-pack` launches it (test/harness/analyzer.ts says how faithfully), then
 * driven over the analyzer gRPC protocol with the Pipeline resources an example program registers, in
 * a production stack configured by policy-config.prod.json and a development stack configured by
 * policy-config.dev.json. Assertions are on what comes back over the wire: policy names, enforcement
 * levels and messages (which @pulumi/policy prefixes with the policy's description and a newline).
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import devConfig from "../../examples/policy-pack/policy-config.dev.json";
import prodConfig from "../../examples/policy-pack/policy-config.prod.json";
import { policies } from "../../provider/policy";
import {
  type Analysis,
  type PolicyPackConfigFile,
  PolicyPackSession,
  type ResourceForAnalysis,
} from "../harness/analyzer";
import { ensurePolicyBuild } from "./support/build";
import { exampleProgram, type ProgramContext, stackResources } from "./support/registered";

const PACK_DIR = join(__dirname, "..", "..", "examples", "policy-pack");
const PROD: ProgramContext = { project: "feldera-example", stack: "prod" };
const DEV: ProgramContext = { project: "feldera-example", stack: "dev" };

interface Environment {
  ctx: ProgramContext;
  session: PolicyPackSession;
  resources: Map<string, ResourceForAnalysis>;
}

async function open(ctx: ProgramContext, config: PolicyPackConfigFile): Promise<Environment> {
  const session = await PolicyPackSession.start(PACK_DIR, {
    organization: "organization",
    ...ctx,
    dryRun: true,
  });
  await session.configure(config);
  return { ctx, session, resources: new Map(exampleProgram(ctx).map((r) => [r.name, r])) };
}

async function analyze(env: Environment, resourceName: string): Promise<Analysis> {
  return env.session.analyze(env.resources.get(resourceName)!);
}

const levels = (a: Analysis) => a.diagnostics.map((d) => [d.policyName, d.enforcementLevel]);
const description = (name: string) => policies.find((p) => p.name === name)!.description;

describe("the example policy pack, served by @pulumi/policy and called over the analyzer protocol", () => {
  let prod: Environment;
  let dev: Environment;

  beforeAll(async () => {
    ensurePolicyBuild();
    [prod, dev] = await Promise.all([
      open(PROD, prodConfig as PolicyPackConfigFile),
      open(DEV, devConfig as PolicyPackConfigFile),
    ]);
  });

  afterAll(async () => {
    await Promise.all([prod?.session.close(), dev?.session.close()]);
  });

  it("describes every policy of pulumi-feldera/policy with its default enforcement level", async () => {
    const info = await prod.session.info();
    expect(info.name).toBe("feldera-pipelines");
    expect(info.policies.map((p) => [p.name, p.kind, p.enforcementLevel])).toEqual(
      policies.map((p) => [p.name, "validateStack" in p ? "stack" : "resource", p.enforcementLevel]),
    );
    expect(info.policies.every((p) => p.configSchema !== undefined)).toBe(true);
  });

  it("is configured as the engine would: schema defaults, then the environment's file", async () => {
    const config = await prod.session.configure(prodConfig as PolicyPackConfigFile);
    expect(config["resource-bounds"]).toEqual({
      enforcementLevel: "mandatory",
      properties: {
        minWorkers: 1,
        maxWorkers: 32,
        maxHosts: 4,
        maxMemoryMb: 65536,
        maxCpuCores: 32,
        stacks: ["*"],
      },
    });
    expect(config["required-tags"]?.enforcementLevel).toBe("mandatory");
    expect(config["connectors-parseable"]?.enforcementLevel).toBe("advisory");
  });

  it("passes the production-ready pipeline in prod", async () => {
    expect((await analyze(prod, "orders")).diagnostics).toEqual([]);
  });

  it("reports every production shortcut of the careless pipeline in prod, at the prod file's levels", async () => {
    const result = await analyze(prod, "clickstream");
    expect(levels(result)).toEqual([
      ["required-tags", "mandatory"],
      ["fault-tolerance-required", "mandatory"],
      ["optimized-compilation", "mandatory"],
      ["resource-bounds", "mandatory"],
      ["memory-limit-required", "mandatory"],
      ["no-dev-tweaks", "mandatory"],
      ["forbidden-connectors", "mandatory"],
      ["no-plaintext-credentials", "mandatory"],
      ["desired-status-running", "mandatory"],
    ]);
    const byPolicy = new Map(result.diagnostics.map((d) => [d.policyName, d]));
    expect(byPolicy.get("fault-tolerance-required")?.message).toBe(
      `${description("fault-tolerance-required")}\nPipeline 'clickstream' (runtimeConfig.fault_tolerance is not set, so the model is "none") violates fault-tolerance-required: pipelines in stacks matching "prod" must run with at_least_once or exactly_once. Fix: set runtimeConfig.fault_tolerance = { model: "exactly_once" } (fault tolerance checkpoints to storage, which is on by default).`,
    );
    expect(byPolicy.get("no-plaintext-credentials")?.message).toBe(
      `${description("no-plaintext-credentials")}\nPipeline 'clickstream' (programCode line 4: table "clicks" connector #2 sets transport.config."sasl.password" to a plaintext value) violates no-plaintext-credentials: pipelines in every stack must not hold credentials in plaintext (programCode is stored in Pulumi state, in Feldera and in source control). Fix: replace the value with a secret reference, e.g. "\${secret:kubernetes:<secret-name>/<data-key>}".`,
    );
    expect(byPolicy.get("forbidden-connectors")?.message).toContain(
      `Pipeline 'clickstream' (programCode line 3: table "clicks" connector #1 has transport.name = "url_input")`,
    );
    expect(byPolicy.get("resource-bounds")?.message).toContain("must use at most 32 worker threads");
    expect(result.diagnostics.every((d) => d.policyPackName === "feldera-pipelines" && d.urn === "")).toBe(
      true,
    );
  });

  it("reports only what every stack requires when the same pipeline is analyzed in dev", async () => {
    const result = await analyze(dev, "clickstream");
    expect(levels(result)).toEqual([
      ["required-tags", "advisory"],
      ["resource-bounds", "mandatory"],
      ["memory-limit-required", "advisory"],
      ["no-plaintext-credentials", "mandatory"],
    ]);
    expect(result.diagnostics[1]?.message).toContain("must use at most 16 worker threads");
    const skipped = new Map(result.notApplicable.map((n) => [n.policyName, n.reason]));
    expect(skipped.get("fault-tolerance-required")).toMatch(
      /^applies only to stacks matching "prod", .*; stack "dev" matches none of them$/,
    );
    expect(skipped.get("optimized-compilation")).toContain('stack "dev" matches the exclusion "!dev"');
  });

  it("reports nothing it cannot know during preview, and says which field it could not judge", async () => {
    const result = await analyze(prod, "enrichment");
    expect(result.diagnostics).toEqual([]);
    const reason =
      "programCode is not known until the update (it is computed from another resource); it is checked then";
    expect(result.notApplicable).toEqual(
      ["program-size-limit", "forbidden-connectors", "no-plaintext-credentials", "connectors-parseable"].map(
        (policyName) => ({
          policyName,
          reason,
        }),
      ),
    );
  });

  it("reports two resources managing one Feldera pipeline when the whole stack is analyzed", async () => {
    const all = stackResources(PROD, [...prod.resources.values()]);
    const result = await prod.session.analyzeStack(all);
    expect(result.diagnostics.map((d) => [d.policyName, d.enforcementLevel, d.urn])).toEqual([
      ["unique-pipeline-names", "mandatory", prod.resources.get("orders")!.urn],
      ["unique-pipeline-names", "mandatory", prod.resources.get("orders-replay")!.urn],
    ]);
    expect(result.diagnostics[1]?.message).toBe(
      `${description("unique-pipeline-names")}\nPipeline 'orders' (name = "orders") violates unique-pipeline-names: the Pipeline resource 'orders' in this stack also manages the Feldera pipeline "orders", so they would overwrite each other. Fix: give resource 'orders-replay' a distinct name input.`,
    );
  });
});
