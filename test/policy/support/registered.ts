/**
 * Pipeline resources as the engine hands them to a policy pack: what `new feldera.Pipeline(name, args)`
 * registers (type token, URN, the Pulumi resource name, and props = the declared inputs with `name`
 * defaulted to the resource name, plus the serialized `__provider`), parented to the stack and served by
 * the default `pulumi-nodejs` provider.
 *
 * `exampleProgram` is the swap point: it lists, by hand, what an example program registers. When the
 * harness that runs example programs under Pulumi mocks lands, its captured registrations replace this
 * list and the assertions of pack-over-grpc.test.ts stay as they are.
 */
import { type ResourceForAnalysis, UNKNOWN } from "../../harness/analyzer";
import { compliantPipeline } from "./pipelines";
import { PIPELINE_TOKEN } from "./run-policy";

export interface ProgramContext {
  project: string;
  stack: string;
}

/** Shaped like the closure the Pipeline class serializes: it requires the package by name. */
const PROVIDER_SOURCE = `exports.handler = __f0;\n\nfunction __f0() {\n  return (function() {\n    with({ }) {\n      return () => require("pulumi-feldera/dynamic-provider-v1").pipelineProvider;\n    }\n  }).apply(undefined, undefined).apply(this, arguments);\n}\n`;

export function stackUrn(ctx: ProgramContext): string {
  return `urn:pulumi:${ctx.stack}::${ctx.project}::pulumi:pulumi:Stack::${ctx.project}-${ctx.stack}`;
}

function defaultProvider(ctx: ProgramContext) {
  return {
    urn: `urn:pulumi:${ctx.stack}::${ctx.project}::pulumi:providers:pulumi-nodejs::default`,
    type: "pulumi:providers:pulumi-nodejs",
    name: "default",
    properties: {},
  };
}

export function registeredPipeline(
  ctx: ProgramContext,
  resourceName: string,
  args: Record<string, unknown>,
): ResourceForAnalysis {
  return {
    urn: `urn:pulumi:${ctx.stack}::${ctx.project}::${PIPELINE_TOKEN}::${resourceName}`,
    type: PIPELINE_TOKEN,
    name: resourceName,
    properties: { ...args, name: args["name"] ?? resourceName, __provider: PROVIDER_SOURCE },
    parent: stackUrn(ctx),
    provider: defaultProvider(ctx),
  };
}

/** Everything in the stack at AnalyzeStack: the stack itself, the default provider, the pipelines. */
export function stackResources(ctx: ProgramContext, pipelines: ResourceForAnalysis[]): ResourceForAnalysis[] {
  const provider = defaultProvider(ctx);
  return [
    { urn: stackUrn(ctx), type: "pulumi:pulumi:Stack", name: `${ctx.project}-${ctx.stack}`, properties: {} },
    { urn: provider.urn, type: provider.type, name: provider.name, properties: {}, parent: stackUrn(ctx) },
    ...pipelines,
  ];
}

/** A careless pipeline: every shortcut a development stack tolerates and production must not. */
const CLICKSTREAM_SQL = `CREATE TABLE clicks (user_id BIGINT, url VARCHAR)
WITH ('connectors' = '[
  {"transport": {"name": "url_input", "config": {"path": "https://example.com/clicks.json"}}, "format": {"name": "json"}},
  {"transport": {"name": "kafka_input", "config": {"topic": "clicks", "sasl.username": "app", "sasl.password": "hunter2"}}, "format": {"name": "json"}}
]');
CREATE VIEW clicks_per_user AS SELECT user_id, COUNT(*) AS n FROM clicks GROUP BY user_id;
`;

/**
 * What the example program registers:
 *  - `orders`: a production-ready pipeline;
 *  - `clickstream`: development shortcuts (dev profile, url_input, a plaintext password, no fault
 *    tolerance, no memory limit, no tags, 128 workers, dev tweaks, paused);
 *  - `orders-replay`: a second resource that manages the Feldera pipeline "orders" too;
 *  - `enrichment`: its SQL comes from another resource's output, unknown during preview.
 */
export function exampleProgram(ctx: ProgramContext): ResourceForAnalysis[] {
  // `name: undefined`: not declared, so the Feldera name defaults to the resource name.
  return [
    registeredPipeline(ctx, "orders", compliantPipeline({ name: undefined })),
    registeredPipeline(ctx, "clickstream", {
      programCode: CLICKSTREAM_SQL,
      runtimeConfig: { workers: 128, dev_tweaks: { merger: "push" } },
      programConfig: { profile: "dev" },
      desiredStatus: "paused",
    }),
    registeredPipeline(ctx, "orders-replay", compliantPipeline({ name: "orders" })),
    registeredPipeline(ctx, "enrichment", compliantPipeline({ name: undefined, programCode: UNKNOWN })),
  ];
}
