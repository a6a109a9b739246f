/**
 * Resources as the engine hands them to a policy pack, taken from what an example program registers:
 * `captureRegistrations` (tools/engine-stand-in) runs the repository's root project (examples/multi-env) under
 * Pulumi's runtime for a stack, with that stack's `Pulumi.<stack>.yaml`, and returns each registration
 * (type token, URN, name, the inputs with the serialized `__provider`, the parent, the default
 * `pulumi-nodejs` provider) and each read (the StackReference of prod's promotion check, answered from a
 * backend where staging ran the programs healthily).
 *
 * Hand-built resources remain only for violations no example exhibits (see `carelessPipeline`,
 * `withUnknownProgram`, `duplicateOf`).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { programHash } from "../../../examples/multi-env/promotion";
import { captureRegistrations, StateFile, stackConfigFile } from "../../../tools/engine-stand-in";
import { type ResourceForAnalysis, UNKNOWN } from "../../../tools/engine-stand-in/analyzer";
import { PIPELINE_TOKEN } from "./run-policy";

export const ROOT = join(__dirname, "..", "..", "..");
export const PROJECT = "feldera-pipelines";

export interface RegisteredProgram {
  stack: string;
  /** Everything in the stack at AnalyzeStack: the stack, its reads, the default provider, the pipelines. */
  resources: ResourceForAnalysis[];
  /** The Pipeline resources by resource name (`orders`, `fraud`). */
  pipelines: Map<string, ResourceForAnalysis>;
}

/**
 * A file backend where the staging stack ran the root project's programs healthily: its checkpoint's
 * Stack outputs hold `healthyPrograms`, the hashes prod's promotion check compares (promotion.ts).
 */
export function stagingBackend(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "policy-backend-"));
  const sql = (name: string) =>
    readFileSync(join(ROOT, "examples", "multi-env", "sql", `${name}.sql`), "utf8");
  new StateFile(dir, PROJECT, "staging").write({
    resources: [
      {
        urn: `urn:pulumi:staging::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-staging`,
        custom: false,
        type: "pulumi:pulumi:Stack",
        inputs: {},
        outputs: {
          healthyPrograms: { orders: programHash(sql("orders")), fraud: programHash(sql("fraud")) },
        },
      },
    ],
    pendingOperations: [],
  });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * What the root project registers in a preview of `stack`: `Pulumi.<stack>.yaml`, then `config` on top
 * (`undefined` unsets a key), stack references read from `stateDir`.
 */
export async function registeredProgram(
  stack: string,
  options: { config?: Record<string, string | undefined>; stateDir?: string } = {},
): Promise<RegisteredProgram> {
  const config = Object.fromEntries(
    Object.entries({ ...stackConfigFile(ROOT, stack), ...options.config }).filter(
      (e): e is [string, string] => e[1] !== undefined,
    ),
  );
  const captured = await captureRegistrations(ROOT, {
    stack,
    config,
    ...(options.stateDir ? { stateDir: options.stateDir } : {}),
  });
  const provider = captured.find((r) => r.provider)?.provider;
  const stackUrn = captured.find((r) => r.type === "pulumi:pulumi:Stack")!.urn;
  // The engine registers the default provider before the first resource it serves.
  const resources: ResourceForAnalysis[] = [
    captured[0]!,
    ...(provider ? [{ ...provider, properties: {}, parent: stackUrn }] : []),
    ...captured.slice(1),
  ];
  const pipelines = new Map(captured.filter((r) => r.type === PIPELINE_TOKEN).map((r) => [r.name, r]));
  return { stack, resources, pipelines };
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
 * Hand-built, because no example has these: a url_input connector, a plaintext password, dev tweaks,
 * 128 workers and a paused pipeline, in a Pipeline shaped like `like` (same stack, parent, provider and
 * serialized `__provider`), with `name` left to default to the resource name.
 */
export function carelessPipeline(like: ResourceForAnalysis): ResourceForAnalysis {
  return {
    ...like,
    urn: like.urn.replace(/::[^:]+$/, "::clickstream"),
    name: "clickstream",
    properties: {
      name: "clickstream",
      programCode: CLICKSTREAM_SQL,
      runtimeConfig: { workers: 128, dev_tweaks: { merger: "push" } },
      programConfig: { profile: "dev" },
      desiredStatus: "paused",
      __provider: like.properties["__provider"],
    },
  };
}

/**
 * Hand-built from a registered pipeline: its SQL computed from another resource, so unknown during a
 * preview (no example computes its program from another resource's output).
 */
export function withUnknownProgram(p: ResourceForAnalysis, resourceName: string): ResourceForAnalysis {
  return {
    ...p,
    urn: p.urn.replace(/::[^:]+$/, `::${resourceName}`),
    name: resourceName,
    properties: { ...p.properties, name: resourceName, programCode: UNKNOWN },
  };
}

/** Hand-built from a registered pipeline: a second resource managing the same Feldera pipeline. */
export function duplicateOf(p: ResourceForAnalysis, resourceName: string): ResourceForAnalysis {
  return { ...p, urn: p.urn.replace(/::[^:]+$/, `::${resourceName}`), name: resourceName };
}
