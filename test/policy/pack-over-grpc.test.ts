/**
 * The example policy pack end to end: launched in its own process the way `pulumi preview
 * --policy-pack examples/policy-pack` launches it (tools/engine-stand-in/analyzer.ts says how faithfully), then
 * driven over the analyzer gRPC protocol with the Pipeline resources that the repository's root project
 * (examples/multi-env) registers, captured by running it under Pulumi's runtime (support/registered.ts):
 * prod with Pulumi.prod.yaml (its promotion check reading a staging stack), prod configured carelessly,
 * and dev, checked with policy-config.prod.json and policy-config.dev.json. Assertions are on what comes
 * back over the wire: policy names, enforcement levels and messages (which @pulumi/policy prefixes with
 * the policy's description and a newline).
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
} from "../../tools/engine-stand-in/analyzer";
import { ensurePolicyBuild } from "./support/build";
import {
  carelessPipeline,
  duplicateOf,
  PROJECT,
  type RegisteredProgram,
  ROOT,
  registeredProgram,
  stagingBackend,
  withUnknownProgram,
} from "./support/registered";

const PACK_DIR = join(ROOT, "examples", "policy-pack");

function open(stack: string, config: PolicyPackConfigFile): Promise<PolicyPackSession> {
  return PolicyPackSession.start(PACK_DIR, {
    organization: "organization",
    project: PROJECT,
    stack,
    dryRun: true,
  }).then(async (session) => {
    await session.configure(config);
    return session;
  });
}

const levels = (a: Analysis) => a.diagnostics.map((d) => [d.policyName, d.enforcementLevel]);
const description = (name: string) => policies.find((p) => p.name === name)!.description;
const messages = (a: Analysis) => new Map(a.diagnostics.map((d) => [d.policyName, d.message]));
const pipeline = (program: RegisteredProgram, name: string) => program.pipelines.get(name)!;

describe("the example policy pack, served by @pulumi/policy and called over the analyzer protocol", () => {
  /** Sessions: prod with the prod file, dev with the dev file, and dev with the prod file. */
  let prod: PolicyPackSession;
  let dev: PolicyPackSession;
  let devUnderProd: PolicyPackSession;
  /** Registrations: prod as committed, prod configured like dev (a careless prod stack), dev. */
  let prodProgram: RegisteredProgram;
  let carelessProd: RegisteredProgram;
  let devProgram: RegisteredProgram;
  const backend = stagingBackend();

  beforeAll(async () => {
    ensurePolicyBuild();
    [prod, dev, devUnderProd, prodProgram, carelessProd, devProgram] = await Promise.all([
      open("prod", prodConfig as PolicyPackConfigFile),
      open("dev", devConfig as PolicyPackConfigFile),
      open("dev", prodConfig as PolicyPackConfigFile),
      registeredProgram("prod", { stateDir: backend.dir }),
      registeredProgram("prod", {
        stateDir: backend.dir,
        config: {
          "feldera-pipelines:workers": "64",
          "feldera-pipelines:profile": "dev",
          "feldera-pipelines:faultTolerance": "none",
          "feldera-pipelines:memoryMbMax": undefined,
          "feldera-pipelines:costCenter": undefined,
        },
      }),
      registeredProgram("dev"),
    ]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([prod?.close(), dev?.close(), devUnderProd?.close()]);
    backend.remove();
  });

  it("describes every policy of pulumi-feldera/policy with its default enforcement level", async () => {
    const info = await prod.info();
    expect(info.name).toBe("feldera-pipelines");
    expect(info.policies.map((p) => [p.name, p.kind, p.enforcementLevel])).toEqual(
      policies.map((p) => [p.name, "validateStack" in p ? "stack" : "resource", p.enforcementLevel]),
    );
    expect(info.policies.every((p) => p.configSchema !== undefined)).toBe(true);
  });

  it("is configured as the engine would: schema defaults, then the environment's file", async () => {
    const config = await prod.configure(prodConfig as PolicyPackConfigFile);
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

  it("passes the pipelines the prod stack registers, promoted from staging through a StackReference", async () => {
    expect(prodProgram.resources.map((r) => r.type)).toEqual([
      "pulumi:pulumi:Stack",
      "pulumi:providers:pulumi-nodejs",
      "pulumi:pulumi:StackReference",
      "pulumi:pulumi:StackReference",
      "pulumi-nodejs:dynamic/feldera:Pipeline",
      "pulumi-nodejs:dynamic/feldera:Pipeline",
    ]);
    expect(pipeline(prodProgram, "orders").properties).toMatchObject({
      name: "orders-prod",
      tags: ["owner=data-platform", "env=prod", "cost-center=streaming"],
      runtimeConfig: { workers: 8, fault_tolerance: { model: "exactly_once" } },
    });
    for (const name of ["orders", "fraud"])
      expect((await prod.analyze(pipeline(prodProgram, name))).diagnostics).toEqual([]);
    expect((await prod.analyzeStack(prodProgram.resources)).diagnostics).toEqual([]);
  });

  it("reports every production shortcut of a prod stack configured like dev, at the prod file's levels", async () => {
    const result = await prod.analyze(pipeline(carelessProd, "orders"));
    expect(levels(result)).toEqual([
      ["required-tags", "mandatory"],
      ["fault-tolerance-required", "mandatory"],
      ["optimized-compilation", "mandatory"],
      ["resource-bounds", "mandatory"],
      ["memory-limit-required", "mandatory"],
    ]);
    const byPolicy = messages(result);
    expect(byPolicy.get("fault-tolerance-required")).toBe(
      `${description("fault-tolerance-required")}\nPipeline 'orders-prod' (runtimeConfig.fault_tolerance.model = "none") violates fault-tolerance-required: pipelines in stacks matching "prod" must run with at_least_once or exactly_once. Fix: set runtimeConfig.fault_tolerance = { model: "exactly_once" } (fault tolerance checkpoints to storage, which is on by default; it needs Feldera's Enterprise edition, which open-source servers refuse with EnterpriseFeature).`,
    );
    expect(byPolicy.get("required-tags")).toContain(
      `Pipeline 'orders-prod' (tags = ["owner=data-platform","env=prod"]) violates required-tags: pipelines in every stack must carry a tag "cost-center=<value>".`,
    );
    expect(byPolicy.get("optimized-compilation")).toContain(`(programConfig.profile = "dev")`);
    expect(byPolicy.get("resource-bounds")).toContain("must use at most 32 worker threads");
    expect(result.diagnostics.every((d) => d.policyPackName === "feldera-pipelines" && d.urn === "")).toBe(
      true,
    );
  });

  it("reports the connector, credential and status shortcuts no example has, on a hand-built pipeline in prod", async () => {
    const result = await prod.analyze(carelessPipeline(pipeline(prodProgram, "orders")));
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
    const byPolicy = messages(result);
    expect(byPolicy.get("no-plaintext-credentials")).toBe(
      `${description("no-plaintext-credentials")}\nPipeline 'clickstream' (programCode line 4: table "clicks" connector #2 sets transport.config."sasl.password" to a plaintext value) violates no-plaintext-credentials: pipelines in every stack must not hold credentials in plaintext (programCode is stored in Pulumi state, in Feldera and in source control). Fix: replace the value with a secret reference, e.g. "\${secret:kubernetes:<secret-name>/<data-key>}".`,
    );
    expect(byPolicy.get("forbidden-connectors")).toContain(
      `Pipeline 'clickstream' (programCode line 3: table "clicks" connector #1 has transport.name = "url_input")`,
    );
  });

  it("reports only an advisory memory limit for the dev stack with the dev file, and says why the rest do not apply", async () => {
    const result = await dev.analyze(pipeline(devProgram, "orders"));
    expect(pipeline(devProgram, "orders").properties).toMatchObject({
      name: "orders-dev",
      runtimeConfig: { workers: 2, fault_tolerance: { model: "none" } },
      programConfig: { profile: "dev" },
    });
    expect(levels(result)).toEqual([["memory-limit-required", "advisory"]]);
    const skipped = new Map(result.notApplicable.map((n) => [n.policyName, n.reason]));
    expect(skipped.get("fault-tolerance-required")).toMatch(
      /^applies only to stacks matching "prod", .*; stack "dev" matches none of them$/,
    );
    expect(skipped.get("optimized-compilation")).toContain('stack "dev" matches the exclusion "!dev"');
    // The hand-built careless pipeline in dev: what every stack requires, at the dev file's levels.
    const careless = await dev.analyze(carelessPipeline(pipeline(devProgram, "orders")));
    expect(levels(careless)).toEqual([
      ["required-tags", "advisory"],
      ["resource-bounds", "mandatory"],
      ["memory-limit-required", "advisory"],
      ["no-plaintext-credentials", "mandatory"],
    ]);
    expect(careless.diagnostics[1]?.message).toContain("must use at most 16 worker threads");
  });

  it("makes the dev stack's tags and memory limit mandatory under the prod file, its prod-only policies still skipped", async () => {
    for (const name of ["orders", "fraud"]) {
      const result = await devUnderProd.analyze(pipeline(devProgram, name));
      expect(levels(result)).toEqual([
        ["required-tags", "mandatory"],
        ["memory-limit-required", "mandatory"],
      ]);
      expect(messages(result).get("memory-limit-required")).toContain(
        `Pipeline '${name}-dev' (runtimeConfig.max_rss_mb and runtimeConfig.resources.memory_mb_max are both unset) violates memory-limit-required`,
      );
      expect(result.notApplicable.map((n) => n.policyName)).toContain("fault-tolerance-required");
    }
  });

  it("reports nothing it cannot know during preview, and says which field it could not judge", async () => {
    const result = await prod.analyze(withUnknownProgram(pipeline(prodProgram, "orders"), "enrichment"));
    expect(result.diagnostics).toEqual([]);
    const reason =
      "programCode is not known until the update (it is computed from another resource); it is checked then";
    expect(result.notApplicable).toEqual(
      ["program-size-limit", "forbidden-connectors", "no-plaintext-credentials", "connectors-parseable"].map(
        (policyName) => ({ policyName, reason }),
      ),
    );
  });

  it("reports two resources managing one Feldera pipeline when the whole stack is analyzed", async () => {
    const orders = pipeline(prodProgram, "orders");
    const replay = duplicateOf(orders, "orders-replay");
    const result = await prod.analyzeStack([...prodProgram.resources, replay]);
    expect(result.diagnostics.map((d) => [d.policyName, d.enforcementLevel, d.urn])).toEqual([
      ["unique-pipeline-names", "mandatory", orders.urn],
      ["unique-pipeline-names", "mandatory", replay.urn],
    ]);
    expect(result.diagnostics[1]?.message).toBe(
      `${description("unique-pipeline-names")}\nPipeline 'orders-prod' (name = "orders-prod") violates unique-pipeline-names: the Pipeline resource 'orders' in this stack also manages the Feldera pipeline "orders-prod", so they would overwrite each other. Fix: give resource 'orders-replay' a distinct name input.`,
    );
  });
});
